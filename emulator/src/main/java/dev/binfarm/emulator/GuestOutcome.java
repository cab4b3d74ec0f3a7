package dev.binfarm.emulator;

import java.time.Duration;

/**
 * What one guest run produced. stdout/stderr are the captured bytes (bounded by
 * the run's output cap; {@code outputTruncated} says whether the cap cut them),
 * empty when the caller streamed them elsewhere.
 */
public record GuestOutcome(
        GuestExit exit,
        byte[] stdout,
        byte[] stderr,
        boolean outputTruncated,
        long instructions,
        Duration wallTime,
        long peakMemoryBytes) {

    /** Guest million instructions per second over the wall time. */
    public double mips() {
        double seconds = wallTime.toNanos() / 1e9;
        return seconds <= 0 ? 0 : instructions / seconds / 1e6;
    }
}
