package dev.binfarm.emulator;

import dev.binfarm.emulator.elf.ElfKind;
import dev.binfarm.emulator.kernel.SyscallTrace;
import dev.binfarm.emulator.kernel.SyscallUsage;
import java.time.Duration;
import java.util.List;

/**
 * What one guest run produced. stdout/stderr are the captured bytes (bounded by
 * the run's output cap; {@code outputTruncated} says whether the cap cut them),
 * empty when the caller streamed them elsewhere.
 *
 * @param kind  what was loaded (STATIC is a non-PIE ET_EXEC); null when loading failed early
 * @param trace every syscall with its arguments and result; null when nothing ran
 */
public record GuestOutcome(
        GuestExit exit,
        byte[] stdout,
        byte[] stderr,
        boolean outputTruncated,
        long instructions,
        Duration wallTime,
        long peakMemoryBytes,
        ElfKind kind,
        SyscallTrace trace) {

    /** Guest million instructions per second over the wall time. */
    public double mips() {
        double seconds = wallTime.toNanos() / 1e9;
        return seconds <= 0 ? 0 : instructions / seconds / 1e6;
    }

    /** Per-syscall coverage rows (number, name, calls, errno histogram). */
    public List<SyscallUsage> syscalls() {
        return trace == null ? List.of() : trace.usage();
    }

    /** The crash text for a run a signal ended (fault address, rip, access), else null. */
    public String crash() {
        return exit instanceof GuestExit.Signaled s ? s.reason() : null;
    }
}
