package dev.binfarm.emulator.kernel;

import java.util.Collection;
import java.util.Set;

/**
 * Which syscalls a run may make, and which to stub or fake: a profile (the
 * allowed set, e.g. what Unikraft provides) answers everything else with
 * ENOSYS, as a seccomp profile would; explore campaigns stub a call (ENOSYS)
 * or fake it (success, 0, without doing anything) to learn whether an app
 * needs it. Names are Linux syscall names as in {@link SyscallTable}.
 */
public record SyscallPolicy(Set<String> allowed, Set<String> stubbed, Set<String> faked) {
    /** Everything the shim implements runs. */
    public static final SyscallPolicy ALL = new SyscallPolicy(null, Set.of(), Set.of());

    public SyscallPolicy {
        allowed = allowed == null ? null : Set.copyOf(allowed);
        stubbed = Set.copyOf(stubbed);
        faked = Set.copyOf(faked);
    }

    /** Only {@code names} may run; the rest answer ENOSYS and count as denied. */
    public static SyscallPolicy profile(Collection<String> names) {
        return new SyscallPolicy(Set.copyOf(names), Set.of(), Set.of());
    }

    /** The allowed set, or null when everything the shim implements may run. */
    public boolean restricted() { return allowed != null; }

    public SyscallPolicy stub(String... names) {
        return new SyscallPolicy(allowed, union(stubbed, names), faked);
    }

    public SyscallPolicy fake(String... names) {
        return new SyscallPolicy(allowed, stubbed, union(faked, names));
    }

    private static Set<String> union(Set<String> a, String... b) {
        java.util.Set<String> s = new java.util.HashSet<>(a);
        s.addAll(java.util.List.of(b));
        return s;
    }

    static final byte RUN = 0, DENY = 1, STUB = 2, FAKE = 3;

    /** What to do per syscall number, for the dispatcher (no lookups per call). */
    byte[] actions() {
        byte[] out = new byte[SyscallTrace.MAX_NR];
        // Every number Linux defines, not only the table's rows: a profile flags a call to an
        // unimplemented syscall too, and explore may fake one the shim lacks.
        // Numbers Linux does not define stay ENOSYS without counting as the profile's doing.
        for (int nr : SyscallNames.numbers()) {
            String name = SyscallNames.name(nr);
            if (allowed != null && !allowed.contains(name)) out[nr] = DENY;
            if (stubbed.contains(name)) out[nr] = STUB;
            if (faked.contains(name)) out[nr] = FAKE;
        }
        return out;
    }
}
