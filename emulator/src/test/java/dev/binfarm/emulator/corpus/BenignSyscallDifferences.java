package dev.binfarm.emulator.corpus;

import java.util.List;
import java.util.Set;

/**
 * Syscall-sequence differences between strace on the host and the emulator's own trace that are
 * expected and harmless, so the comparison can ignore them. Each entry says why.
 */
public final class BenignSyscallDifferences {
    /**
     * Names dropped from both sequences:
     * <ul>
     *   <li>{@code execve}: the host trace contains the exec that starts the program; the emulator
     *       loads the ELF itself and makes no such call.</li>
     * </ul>
     */
    static final Set<String> IGNORED = Set.of("execve");

    /**
     * Host strace lines dropped before the names are compared: glibc 2.33+'s loader probes
     * {@code glibc-hwcaps/x86-64-v4}, {@code -v3}, {@code -v2} subdirectories of each library
     * directory, but only for the levels the CPU supports. The host CPU is x86-64-v3 or v4; the
     * emulator's CPUID model is the baseline (no SSE4.1/4.2, AVX), so the emulated loader probes
     * none. The failed probes (openat and stat of those paths, ENOENT) are a CPU-model difference,
     * not a kernel one. Calls from the emulator's vDSO are dropped on the other side
     * ({@link SyscallSequenceTest#names}): Linux answers them in user space, strace never sees them.
     */
    public static final java.util.function.Predicate<String> HOST_ONLY_LINE =
            line -> line.contains("/glibc-hwcaps/x86-64-v") && line.contains("= -1 ENOENT");

    /** How many calls from the start are compared: start-up plus the program's own I/O. */
    static final int COMPARED_CALLS = 400;

    private BenignSyscallDifferences() { }

    public static List<String> normalise(List<String> names) {
        return names.stream().filter(n -> !IGNORED.contains(n)).limit(COMPARED_CALLS).toList();
    }
}
