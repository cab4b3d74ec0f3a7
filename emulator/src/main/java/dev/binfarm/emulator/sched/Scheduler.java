package dev.binfarm.emulator.sched;

import dev.binfarm.emulator.cpu.Cpu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * All guest threads of the process on one host thread (a single vCPU, like a
 * unikernel). Round robin in tid order; a thread runs for a quantum of
 * instructions whose length the run's seed jitters, so a racy program repeats
 * byte for byte with one seed and interleaves differently with another. The
 * schedule depends only on the seed and guest events, never on the host.
 *
 * <p>The scheduler is out of the hot path: the run loop asks it for the next
 * thread only at slice ends, blocking calls, yields and exits.
 */
public final class Scheduler {
    /** Mean instructions per time slice ({@code -Dbinfarm.quantum=N} to experiment; the schedule depends on it). */
    public static final long QUANTUM = Math.max(1000, Long.getLong("binfarm.quantum", 200_000));

    private final List<GuestThread> threads = new ArrayList<>();
    private SplittableRandom rng;
    private final LongSupplier now;
    private final Predicate<GuestThread> signalled;
    private GuestThread current;
    private int nextTid = 1;
    private int live;
    /** Instructions of every thread but the current one (the clock counts them all). */
    private long otherInstructions;
    private Selector selector;
    private volatile boolean woken;

    /**
     * @param seed      the run's scheduling seed
     * @param now       the guest's CLOCK_MONOTONIC (reading it must not move the clock)
     * @param signalled true when a thread has a signal to handle (interrupts its wait)
     */
    public Scheduler(long seed, LongSupplier now, Predicate<GuestThread> signalled) {
        this.rng = new SplittableRandom(seed);
        this.now = now;
        this.signalled = signalled;
    }

    /** Sets the seed that picks the quantum lengths (the run's seed, before the first thread runs). */
    public void seed(long seed) { rng = new SplittableRandom(seed); }

    /** A new runnable thread on {@code cpu} with the next tid (tids are never reused); the first one becomes current. */
    public GuestThread spawn(Cpu cpu) {
        GuestThread t = new GuestThread(cpu, nextTid++);
        threads.add(t);
        live++;
        if (current == null) current = t;
        else otherInstructions += cpu.instructions;
        return t;
    }

    public GuestThread current() { return current; }

    /** Live threads in tid order (and the current one until the next switch, even if it exited). */
    public List<GuestThread> threads() { return threads; }

    public GuestThread find(long tid) {
        for (GuestThread t : threads) if (t.tid == tid && t.alive()) return t;
        return null;
    }

    public int live() { return live; }

    /** Instructions retired by all threads together. */
    public long instructions() { return otherInstructions + (current != null ? current.cpu.instructions : 0); }

    /** Parks the current thread on {@code w} (the kernel has rewound its RIP to the SYSCALL). */
    public void park(GuestThread t, Wait w) {
        t.wait = w;
        t.state = ThreadState.BLOCKED;
    }

    /** The thread has exited: it never runs again. */
    public void exited(GuestThread t) {
        if (t.state != ThreadState.EXITED) live--;
        t.state = ThreadState.EXITED;
        t.wait = null;
    }

    /** A quantum: QUANTUM/2 .. 3*QUANTUM/2 instructions, chosen by the seed. */
    public long quantum() {
        return live > 1 ? QUANTUM / 2 + rng.nextLong(QUANTUM) : QUANTUM;
    }

    /**
     * Wakes blocked threads whose wait is ready, timed out or interrupted, then
     * picks the next thread in round-robin order after the current one
     * ({@code rotate}: false keeps the current thread when it can run). Null
     * when no thread can run now.
     */
    public GuestThread next(boolean rotate) {
        long t0 = Long.MIN_VALUE;
        for (GuestThread t : threads) {
            if (t.state != ThreadState.BLOCKED) continue;
            Wait w = t.wait;
            if (w.ready()) wake(t, Resume.READY);
            else {
                if (t0 == Long.MIN_VALUE) t0 = now.getAsLong();
                if (t0 >= w.deadlineNanos()) { w.cancel(); wake(t, Resume.TIMED_OUT); }
                else if (signalled.test(t)) { w.cancel(); wake(t, Resume.INTERRUPTED); }
            }
        }
        int n = threads.size();
        int at = current == null ? 0 : threads.indexOf(current);
        int from = rotate ? 1 : 0;
        if (current != null && current.state == ThreadState.EXITED && at >= 0) {
            // Only the running thread can exit: forget it here, so the list holds live threads only.
            threads.remove(at);
            n--;
            from = 0;
            if (n == 0) return null;
            at %= n;
        } else if (at < 0) {
            // The current thread exited and was forgotten at an earlier call that found nobody runnable.
            at = 0;
            from = 0;
        }
        for (int i = from; i <= n; i++) {
            GuestThread t = threads.get((at + i) % n);
            if (t.state == ThreadState.RUNNABLE) {
                switchTo(t);
                return t;
            }
        }
        return null;
    }

    private static void wake(GuestThread t, Resume why) {
        t.state = ThreadState.RUNNABLE;
        t.resume = why;
    }

    private void switchTo(GuestThread t) {
        if (t == current) return;
        otherInstructions += current.cpu.instructions - t.cpu.instructions;
        current = t;
    }

    /** The earliest deadline of any blocked thread, or Long.MAX_VALUE. */
    public long earliestDeadline() {
        long d = Long.MAX_VALUE;
        for (GuestThread t : threads) if (t.state == ThreadState.BLOCKED) d = Math.min(d, t.wait.deadlineNanos());
        return d;
    }

    /** True when some blocked thread waits for the host (a channel or an external source). */
    public boolean waitsForHost() {
        for (GuestThread t : threads) if (t.state == ThreadState.BLOCKED && t.wait.external()) return true;
        return false;
    }

    /**
     * Every thread is blocked and some wait for the host: waits in one
     * {@link Selector#select(long)} for a channel to become ready, an external
     * {@link #wakeup()}, or {@code maxMillis} (0 = no limit).
     */
    public void waitForHost(long maxMillis) {
        try {
            if (selector == null) selector = Selector.open();
            boolean closed = false;
            for (GuestThread t : threads) {
                if (t.state != ThreadState.BLOCKED) continue;
                try {
                    t.wait.register(selector);
                } catch (ClosedChannelException e) {
                    return; // ready() will see it closed
                }
                SelectableChannel ch = t.wait.channel();
                if (ch == null) continue;
                try {
                    var key = ch.keyFor(selector);
                    if (key != null && key.isValid()) key.interestOps(key.interestOps() | t.wait.ops());
                    else ch.register(selector, t.wait.ops());
                } catch (ClosedChannelException e) {
                    closed = true; // its ready() sees it closed: do not wait
                }
            }
            if (!woken && !closed) selector.select(maxMillis);
            woken = false;
            // Deregister at once, so a channel closed or switched to blocking mode by its owner is not held.
            for (var key : selector.keys()) key.cancel();
            selector.selectNow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Called from any host thread (a stdin pump) when an external wait may be ready. */
    public void wakeup() {
        woken = true;
        Selector s = selector;
        if (s != null) s.wakeup();
    }

    /** What each blocked thread waits for, for a deadlock report. */
    public String describeBlocked() {
        StringBuilder sb = new StringBuilder();
        for (GuestThread t : threads) {
            if (t.state != ThreadState.BLOCKED) continue;
            if (sb.length() > 0) sb.append(", ");
            sb.append("thread ").append(t.tid).append(" on ").append(t.wait.describe());
        }
        return sb.toString();
    }

    /** Closes the selector (end of the run). */
    public void close() {
        try {
            if (selector != null) selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
