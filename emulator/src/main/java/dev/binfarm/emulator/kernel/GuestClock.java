package dev.binfarm.emulator.kernel;

/**
 * The guest's clocks, in one of two modes.
 * <ul>
 * <li>Virtual (the default, and the farm's): time depends only on the run,
 * never on the host. It advances with the instructions executed (one
 * nanosecond each, a 1 GHz machine retiring one instruction per cycle) plus
 * the time the guest slept, which the scheduler skips instead of waiting.
 * Same run, same clock, same output.</li>
 * <li>Real ({@code Guest.Builder.realClock}, {@code farm emu --real-clock}):
 * the host's CLOCK_MONOTONIC and CLOCK_REALTIME, and a sleep takes its time,
 * for a person who wants a guest that behaves like a process on this machine.</li>
 * </ul>
 */
final class GuestClock {
    /** Virtual wall-clock time at boot: 2026-01-01T00:00:00Z. */
    public static final long EPOCH_SECONDS = 1_767_225_600L;
    static final long NANOS = 1_000_000_000L;

    private final boolean real;
    private final long bootMonotonic;
    private final long epochSeconds;
    private long slept;
    /** Each reading moves virtual time on a little, so a guest polling the clock always sees it change. */
    private long reads;

    private GuestClock(boolean real, long bootMonotonic, long epochSeconds) {
        this.real = real;
        this.bootMonotonic = bootMonotonic;
        this.epochSeconds = epochSeconds;
    }

    /** @param bootMonotonic CLOCK_MONOTONIC at boot, in nanoseconds (seeded, like a host's uptime) */
    public GuestClock(long bootMonotonic) {
        this(bootMonotonic, EPOCH_SECONDS);
    }

    /** A virtual clock. @param epochSeconds CLOCK_REALTIME at boot, in seconds since 1970 */
    public GuestClock(long bootMonotonic, long epochSeconds) {
        this(false, bootMonotonic, epochSeconds);
    }

    /** The host's clocks (System.nanoTime is CLOCK_MONOTONIC on Linux). */
    static GuestClock real() {
        return new GuestClock(true, 0, 0);
    }

    /** Whether sleeps must take real time (the scheduler waits instead of jumping the clock). */
    boolean isReal() { return real; }

    /** Nanoseconds since boot after {@code instructions} instructions. */
    public long uptime(long instructions) {
        return real ? System.nanoTime() : instructions + slept + (++reads);
    }

    public long monotonic(long instructions) { return real ? System.nanoTime() : bootMonotonic + uptime(instructions); }

    public long realtime(long instructions) { return real ? hostRealtime() : epochSeconds * NANOS + uptime(instructions); }

    /** Wall-clock time without counting as a reading (file times), so it does not move the guest's clock. */
    long peekRealtime(long instructions) {
        return real ? hostRealtime() : epochSeconds * NANOS + instructions + slept + reads;
    }

    /** CLOCK_MONOTONIC without counting as a reading (scheduler deadlines). */
    long peekMonotonic(long instructions) { return real ? System.nanoTime() : bootMonotonic + instructions + slept + reads; }

    /** CLOCK_REALTIME minus CLOCK_MONOTONIC: constant, as neither clock is ever set. */
    long realtimeOffset() { return real ? hostRealtime() - System.nanoTime() : epochSeconds * NANOS - bootMonotonic; }

    /** CPU time consumed: the instructions alone. */
    public long cpuTime(long instructions) { return instructions; }

    /** Virtual time passes for a sleep; real time passed by itself. */
    public void sleep(long nanos) {
        if (nanos > 0 && !real) slept += nanos;
    }

    private static long hostRealtime() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * NANOS + now.getNano();
    }
}
