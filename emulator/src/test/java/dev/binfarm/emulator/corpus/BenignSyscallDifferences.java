package dev.binfarm.emulator.corpus;

import java.util.List;
import java.util.Set;

/**
 * Syscall-sequence differences between strace on the host and the emulator's own trace that are
 * expected and harmless, so the comparison can ignore them. Each entry says why.
 */
final class BenignSyscallDifferences {
    /**
     * Names dropped from both sequences:
     * <ul>
     *   <li>{@code execve}: the host trace contains the exec that starts the program; the emulator
     *       loads the ELF itself and makes no such call.</li>
     * </ul>
     */
    static final Set<String> IGNORED = Set.of("execve");

    /** How many calls from the start are compared: start-up plus the program's own I/O. */
    static final int COMPARED_CALLS = 400;

    private BenignSyscallDifferences() { }

    static List<String> normalise(List<String> names) {
        return names.stream().filter(n -> !IGNORED.contains(n)).limit(COMPARED_CALLS).toList();
    }
}
