package dev.binfarm.emulator.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.cpu.Cpu;
import dev.binfarm.emulator.mem.GuestMemory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The blocking contract other subsystems (net/) code against: park, wake on ready/deadline/signal, select on host channels. */
class SchedulerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicBoolean signal = new AtomicBoolean();
    private final Scheduler sched = new Scheduler(7, now::get, t -> signal.get() && t.tid == 2);
    private final Cpu main = new Cpu(new GuestMemory(1L << 24));

    private static Wait until(long deadline, AtomicBoolean cancelled) {
        return new Wait() {
            @Override public boolean ready() { return false; }
            @Override public long deadlineNanos() { return deadline; }
            @Override public void cancel() { cancelled.set(true); }
        };
    }

    @Test
    void roundRobinInTidOrderSkippingBlockedThreads() {
        GuestThread t1 = sched.spawn(main), t2 = sched.spawn(new Cpu(main)), t3 = sched.spawn(new Cpu(main));
        assertEquals(1, t1.tid);
        assertEquals(3, t3.tid);
        assertSame(t1, sched.next(false));
        assertSame(t2, sched.next(true));
        sched.park(t3, until(Long.MAX_VALUE, new AtomicBoolean()));
        assertSame(t1, sched.next(true), "t3 is blocked");
        sched.exited(t1);
        assertSame(t2, sched.next(true));
        assertEquals(2, sched.threads().size(), "the exited thread is forgotten");
    }

    @Test
    void deadlineTimesOutAndSignalInterrupts() {
        GuestThread t1 = sched.spawn(main), t2 = sched.spawn(new Cpu(main));
        AtomicBoolean c1 = new AtomicBoolean(), c2 = new AtomicBoolean();
        sched.park(t1, until(5_000, c1));
        sched.park(t2, until(Long.MAX_VALUE, c2));
        assertNull(sched.next(false));
        assertEquals(5_000, sched.earliestDeadline());
        assertTrue(!sched.waitsForHost());
        now.set(5_000);
        assertSame(t1, sched.next(false));
        assertEquals(Resume.TIMED_OUT, t1.resume);
        assertTrue(c1.get(), "a timed-out wait leaves its queues");
        signal.set(true);
        assertSame(t2, sched.next(true));
        assertEquals(Resume.INTERRUPTED, t2.resume);
        assertTrue(c2.get());
    }

    @Test
    void everyThreadBlockedWaitsInOneSelectorForAHostChannel() throws Exception {
        GuestThread t1 = sched.spawn(main);
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        ByteBuffer got = ByteBuffer.allocate(16);
        sched.park(t1, new Wait() {
            @Override public boolean ready() {
                try {
                    return pipe.source().read(got) > 0 || got.position() > 0;
                } catch (IOException e) {
                    return true;
                }
            }
            @Override public SelectableChannel channel() { return pipe.source(); }
            @Override public int ops() { return SelectionKey.OP_READ; }
        });
        assertNull(sched.next(false));
        assertTrue(sched.waitsForHost());
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
                pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long t0 = System.nanoTime();
        sched.waitForHost(20_000);
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "select must return when the channel is readable");
        assertSame(t1, sched.next(false));
        assertEquals(Resume.READY, t1.resume);
        assertEquals(42, got.get(0));
        sched.close();
    }

    @Test
    void quantaDependOnlyOnTheSeed() {
        Scheduler a = new Scheduler(1, now::get, t -> false), b = new Scheduler(1, now::get, t -> false),
                c = new Scheduler(2, now::get, t -> false);
        for (Scheduler s : new Scheduler[] {a, b, c}) {
            s.spawn(main);
            s.spawn(new Cpu(main));
        }
        StringBuilder qa = new StringBuilder(), qb = new StringBuilder(), qc = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            qa.append(a.quantum()).append(',');
            qb.append(b.quantum()).append(',');
            qc.append(c.quantum()).append(',');
        }
        assertEquals(qa.toString(), qb.toString());
        assertNotEquals(qa.toString(), qc.toString());
    }
}
