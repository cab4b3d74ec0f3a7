package dev.binfarm.emulator.kernel;

/**
 * Guest time that depends only on the run, never on the host: it advances with
 * the instructions executed (one nanosecond each, a 1 GHz machine retiring one
 * instruction per cycle) plus the time the guest slept. Same run, same clock.
 */
final class VirtualClock {
    /** Wall-clock time at boot: 2026-01-01T00:00:00Z. */
    public static final long EPOCH_SECONDS = 1_767_225_600L;
    static final long NANOS = 1_000_000_000L;

    private final long bootMonotonic;
    private long slept;
    /** Each reading moves time on a little, so a guest polling the clock always sees it change. */
    private long reads;

    /** @param bootMonotonic CLOCK_MONOTONIC at boot, in nanoseconds (seeded, like a host's uptime) */
    public VirtualClock(long bootMonotonic) {
        this(bootMonotonic, EPOCH_SECONDS);
    }

    /** @param epochSeconds CLOCK_REALTIME at boot, in seconds since 1970 */
    public VirtualClock(long bootMonotonic, long epochSeconds) {
        this.bootMonotonic = bootMonotonic;
        this.epochSeconds = epochSeconds;
    }

    private final long epochSeconds;

    /** Nanoseconds since boot after {@code instructions} instructions. */
    public long uptime(long instructions) {
        return instructions + slept + (++reads);
    }

    public long monotonic(long instructions) { return bootMonotonic + uptime(instructions); }

    public long realtime(long instructions) { return epochSeconds * NANOS + uptime(instructions); }

    /** Wall-clock time without counting as a reading (file times), so it does not move the guest's clock. */
    long peekRealtime(long instructions) { return epochSeconds * NANOS + instructions + slept + reads; }

    /** CLOCK_MONOTONIC without counting as a reading (scheduler deadlines). */
    long peekMonotonic(long instructions) { return bootMonotonic + instructions + slept + reads; }

    /** CLOCK_REALTIME minus CLOCK_MONOTONIC: constant, as neither clock is ever set. */
    long realtimeOffset() { return epochSeconds * NANOS - bootMonotonic; }

    /** CPU time consumed: the instructions alone. */
    public long cpuTime(long instructions) { return instructions; }

    public void sleep(long nanos) {
        if (nanos > 0) slept += nanos;
    }
}
