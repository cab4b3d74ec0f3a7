package dev.binfarm.worker;

import dev.binfarm.results.Database;
import dev.binfarm.results.Profile;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Syscall profiles by name, for runtimes that enforce them: the allowed syscall names, or
 * null for everything. {@value RunRequest#DEFAULT_PROFILE} (everything) is always known;
 * others come from the farm database's profile table.
 */
public final class SyscallProfiles {
    /** The allowed set of a known profile; {@code syscalls} null means every syscall. */
    public record Allowed(List<String> syscalls) { }

    private static final Allowed EVERYTHING = new Allowed(null);

    private final Function<String, Optional<Profile>> lookup;

    private SyscallProfiles(Function<String, Optional<Profile>> lookup) {
        this.lookup = lookup;
    }

    /** Only the built-in unrestricted profile. */
    public static SyscallProfiles builtin() {
        return new SyscallProfiles(name -> Optional.empty());
    }

    /** The built-in profile and every profile recorded in the database (read at each run: a profile may be updated). */
    public static SyscallProfiles from(Database db) {
        return new SyscallProfiles(name -> db.runs().profile(name));
    }

    /** Empty when no profile of that name exists. */
    public Optional<Allowed> allowed(String name) {
        Optional<Profile> p = lookup.apply(name);
        if (p.isPresent()) return Optional.of(new Allowed(p.get().syscalls()));
        return RunRequest.DEFAULT_PROFILE.equals(name) ? Optional.of(EVERYTHING) : Optional.empty();
    }
}
