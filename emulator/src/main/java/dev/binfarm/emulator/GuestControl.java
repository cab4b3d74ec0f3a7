package dev.binfarm.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handle on a running guest from other host threads: ask it to stop (a
 * server run ends by its probe finishing, its timeout or this), and learn
 * which host loopback port reaches each guest port it listens on. One
 * control per run ({@link Guest.Builder#control}).
 */
public final class GuestControl {
    private volatile boolean stop;
    private volatile Runnable wakeup;
    private final Map<Integer, Integer> ports = new LinkedHashMap<>();

    /** Ends the run at the next instruction slice or host wait; the outcome is SIGTERM "stopped by request". */
    public void stop() {
        stop = true;
        Runnable w = wakeup;
        if (w != null) w.run();
    }

    public boolean stopRequested() { return stop; }

    /** Guest port -> host port of every port the guest has listened on so far. */
    public synchronized Map<Integer, Integer> ports() { return Map.copyOf(ports); }

    /**
     * The host port of guest port {@code guestPort} (0: the first port the
     * guest listens on), waiting up to {@code timeout}; -1 when it did not
     * listen in time.
     */
    public synchronized int awaitPort(int guestPort, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Integer p = guestPort == 0 ? ports.values().stream().findFirst().orElse(null) : ports.get(guestPort);
            if (p != null) return p;
            long left = end - System.nanoTime();
            if (left <= 0 || done) return -1;
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private boolean done;

    /** The runner: a guest socket listens. */
    public synchronized void listening(int guestPort, int hostPort) {
        ports.putIfAbsent(guestPort, hostPort);
        notifyAll();
    }

    /** The runner: how to interrupt its host wait (null when the run is over). */
    public void attach(Runnable wakeup) {
        this.wakeup = wakeup;
        if (wakeup == null) synchronized (this) { done = true; notifyAll(); }
        else if (stop) wakeup.run();
    }
}
