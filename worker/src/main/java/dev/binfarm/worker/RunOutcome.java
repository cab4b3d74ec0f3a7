package dev.binfarm.worker;

import java.time.Duration;
import java.util.List;

/**
 * What a runtime observed; no verdict. Exactly one way of ending applies: {@code error}
 * (infrastructure: the program could not be started or the runtime failed), {@code timedOut},
 * {@code signal}, or {@code exitCode}.
 *
 * @param exitCode     exit status, or null when it did not exit by itself
 * @param signal       the fatal signal, or null
 * @param timedOut     still running at the timeout; the runtime stopped it
 * @param error        infrastructure error, or null
 * @param stdout       captured standard output, bounded by the request's output cap
 * @param stderr       captured standard error, bounded likewise
 * @param duration     wall time
 * @param instructions guest instructions executed (0 when the runtime cannot count)
 * @param syscalls     syscall usage (empty when the runtime cannot observe it)
 * @param crash        crash report for a fatal signal (fault address, rip), or null
 */
public record RunOutcome(Integer exitCode, Integer signal, boolean timedOut, String error, byte[] stdout, byte[] stderr,
                         Duration duration, long instructions, List<SyscallCount> syscalls, String crash) {
    private static final byte[] NONE = new byte[0];

    public RunOutcome {
        stdout = stdout == null ? NONE : stdout;
        stderr = stderr == null ? NONE : stderr;
        duration = duration == null ? Duration.ZERO : duration;
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    /** An infrastructure failure before or around the program (nothing ran, or nothing trustworthy). */
    public static RunOutcome failed(String error, Duration duration) {
        return new RunOutcome(null, null, false, error, NONE, NONE, duration, 0, List.of(), null);
    }

    /** The wall-clock limit expired; whatever output was seen is kept. */
    public static RunOutcome timedOut(byte[] stdout, byte[] stderr, Duration duration, long instructions,
                                      List<SyscallCount> syscalls) {
        return new RunOutcome(null, null, true, null, stdout, stderr, duration, instructions, syscalls, null);
    }
}
