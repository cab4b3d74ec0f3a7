package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.sched.GuestThread;
import dev.binfarm.emulator.sched.Resume;
import dev.binfarm.emulator.sched.Wait;
import java.util.ArrayList;
import java.util.List;

/**
 * futex(2) for threads of one process: waiters queue per address in FIFO
 * order (private and shared futexes are the same thing with one address
 * space). A WAIT parks the thread; a WAKE marks waiters woken (their
 * {@link Waiter#ready()}), and the re-executed WAIT consumes that token and
 * returns 0 instead of waiting again.
 */
final class Futex {
    private Futex() { }

    static final int WAIT = 0, WAKE = 1, FD = 2, REQUEUE = 3, CMP_REQUEUE = 4, WAKE_OP = 5, LOCK_PI = 6, UNLOCK_PI = 7;
    static final int TRYLOCK_PI = 8, WAIT_BITSET = 9, WAKE_BITSET = 10;
    static final int CLOCK_REALTIME = 256, CMD_MASK = 0x7f;
    static final int BITSET_ANY = -1;
    static final int WAITERS = 0x80000000, OWNER_DIED = 0x40000000, TID_MASK = 0x3fffffff;
    /** Robust list entries walked at most (Linux's ROBUST_LIST_LIMIT). */
    static final int ROBUST_LIMIT = 2048;

    /** A thread waiting on a futex word. */
    static final class Waiter implements Wait {
        final GuestThread thread;
        final List<Waiter> queue;
        long uaddr;
        final int bitset;
        final long deadline;
        boolean woken;

        Waiter(GuestThread thread, List<Waiter> queue, long uaddr, int bitset, long deadline) {
            this.thread = thread;
            this.queue = queue;
            this.uaddr = uaddr;
            this.bitset = bitset;
            this.deadline = deadline;
        }

        @Override public boolean ready() { return woken; }
        @Override public long deadlineNanos() { return deadline; }
        @Override public void cancel() { queue.remove(this); }
        @Override public String describe() { return "futex 0x" + Long.toHexString(uaddr); }
    }

    static long futex(Kernel k, long uaddr, long op, long val, long timeout, long uaddr2, long val3) {
        int cmd = (int) (op & CMD_MASK);
        boolean realtime = (op & CLOCK_REALTIME) != 0;
        if (realtime && cmd != WAIT_BITSET && cmd != WAIT && cmd != LOCK_PI) throw new ErrnoException(Errno.ENOSYS);
        switch (cmd) {
            case WAIT -> { return wait(k, uaddr, (int) val, timeout, false, realtime, BITSET_ANY); }
            case WAIT_BITSET -> {
                if ((int) val3 == 0) throw new ErrnoException(Errno.EINVAL);
                return wait(k, uaddr, (int) val, timeout, true, realtime, (int) val3);
            }
            case WAKE -> { checkAligned(k, uaddr); return wake(k, uaddr, count(val), BITSET_ANY); }
            case WAKE_BITSET -> {
                if ((int) val3 == 0) throw new ErrnoException(Errno.EINVAL);
                checkAligned(k, uaddr);
                return wake(k, uaddr, count(val), (int) val3);
            }
            case REQUEUE, CMP_REQUEUE -> {
                checkAligned(k, uaddr);
                checkAligned(k, uaddr2);
                if (cmd == CMP_REQUEUE && k.mem.read32(uaddr) != (int) val3) throw new ErrnoException(Errno.EAGAIN);
                return requeue(k, uaddr, count(val), uaddr2, count(timeout));
            }
            case WAKE_OP -> { return wakeOp(k, uaddr, count(val), uaddr2, count(timeout), (int) val3); }
            default -> throw new ErrnoException(Errno.ENOSYS);
        }
    }

    private static int count(long v) {
        int n = (int) v;
        if (n < 0) throw new ErrnoException(Errno.EINVAL);
        return n;
    }

    private static void checkAligned(Kernel k, long uaddr) {
        if ((uaddr & 3) != 0) throw new ErrnoException(Errno.EINVAL);
    }

    private static long wait(Kernel k, long uaddr, int val, long timeout, boolean absolute, boolean realtime, int bitset) {
        GuestThread t = k.thread();
        if (t.resumed() && t.wait instanceof Waiter w) {
            if (w.woken) return 0; // the WAKE's token: never wait again for it
            if (t.resume == Resume.TIMED_OUT) throw new ErrnoException(Errno.ETIMEDOUT);
            if (t.resume == Resume.INTERRUPTED) {
                t.restartable = timeout == 0;
                throw new ErrnoException(Errno.EINTR);
            }
        }
        checkAligned(k, uaddr);
        long deadline = Long.MAX_VALUE;
        if (timeout != 0) {
            long sec = k.mem.read64(timeout), nsec = k.mem.read64(timeout + 8);
            if (sec < 0 || nsec < 0 || nsec >= GuestClock.NANOS) throw new ErrnoException(Errno.EINVAL);
            long ns = sec > Long.MAX_VALUE / GuestClock.NANOS - 1 ? Long.MAX_VALUE / 2 : sec * GuestClock.NANOS + nsec;
            if (absolute) deadline = realtime ? k.realtimeToMonotonic(ns) : ns;
            else deadline = k.monotonicNow() + ns;
        }
        if (k.mem.read32(uaddr) != val) throw new ErrnoException(Errno.EAGAIN);
        if (deadline <= k.monotonicNow()) throw new ErrnoException(Errno.ETIMEDOUT);
        Waiter w = new Waiter(t, k.futexWaiters, uaddr, bitset, deadline);
        k.futexWaiters.add(w);
        throw k.block(w);
    }

    /** Wakes up to {@code n} waiters on {@code uaddr} whose bitset meets {@code bitset}, oldest first. */
    static int wake(Kernel k, long uaddr, int n, int bitset) {
        List<Waiter> q = k.futexWaiters;
        int woken = 0;
        for (int i = 0; i < q.size() && woken < n; ) {
            Waiter w = q.get(i);
            if (w.uaddr == uaddr && (w.bitset & bitset) != 0) {
                q.remove(i);
                w.woken = true;
                woken++;
            } else i++;
        }
        return woken;
    }

    private static int requeue(Kernel k, long uaddr, int nWake, long uaddr2, int nMove) {
        int done = wake(k, uaddr, nWake, BITSET_ANY);
        int moved = 0;
        for (Waiter w : k.futexWaiters) {
            if (moved >= nMove) break;
            if (w.uaddr == uaddr) {
                w.uaddr = uaddr2;
                moved++;
            }
        }
        return done + moved;
    }

    static final int OP_SET = 0, OP_ADD = 1, OP_OR = 2, OP_ANDN = 3, OP_XOR = 4, OP_ARG_SHIFT = 8;
    static final int CMP_EQ = 0, CMP_NE = 1, CMP_LT = 2, CMP_LE = 3, CMP_GT = 4, CMP_GE = 5;

    /** FUTEX_WAKE_OP: *uaddr2 = *uaddr2 OP oparg; wake on uaddr; if (old CMP cmparg) also wake on uaddr2. */
    private static long wakeOp(Kernel k, long uaddr, int n, long uaddr2, int n2, int encoded) {
        checkAligned(k, uaddr2);
        int op = (encoded >>> 28) & 0xf, cmp = (encoded >>> 24) & 0xf;
        int oparg = (encoded << 8) >> 20, cmparg = (encoded << 20) >> 20;
        if ((op & OP_ARG_SHIFT) != 0) {
            if (oparg < 0 || oparg > 31) throw new ErrnoException(Errno.EINVAL);
            oparg = 1 << oparg;
        }
        int old = k.mem.read32(uaddr2);
        int nv = switch (op & 7) {
            case OP_SET -> oparg;
            case OP_ADD -> old + oparg;
            case OP_OR -> old | oparg;
            case OP_ANDN -> old & ~oparg;
            case OP_XOR -> old ^ oparg;
            default -> throw new ErrnoException(Errno.ENOSYS);
        };
        boolean hit = switch (cmp) {
            case CMP_EQ -> old == cmparg;
            case CMP_NE -> old != cmparg;
            case CMP_LT -> old < cmparg;
            case CMP_LE -> old <= cmparg;
            case CMP_GT -> old > cmparg;
            case CMP_GE -> old >= cmparg;
            default -> throw new ErrnoException(Errno.ENOSYS);
        };
        k.mem.write32(uaddr2, nv);
        int woken = wake(k, uaddr, n, BITSET_ANY);
        if (hit) woken += wake(k, uaddr2, n2, BITSET_ANY);
        return woken;
    }

    /**
     * At thread exit, every robust mutex the thread still owns (its robust
     * list and list_op_pending) gets FUTEX_OWNER_DIED and one waiter woken,
     * so the next locker sees EOWNERDEAD.
     */
    static void robustCleanup(Kernel k, GuestThread t) {
        long head = t.robustList;
        if (head == 0) return;
        long offset = k.mem.read64(head + 8);
        long pending = k.mem.read64(head + 16) & ~1L;
        long entry = k.mem.read64(head) & ~1L;
        for (int i = 0; entry != head && entry != 0 && i < ROBUST_LIMIT; i++) {
            long next = k.mem.read64(entry) & ~1L;
            if (entry != pending) ownerDied(k, t, entry + offset);
            entry = next;
        }
        if (pending != 0) ownerDied(k, t, pending + offset);
    }

    private static void ownerDied(Kernel k, GuestThread t, long uaddr) {
        if ((uaddr & 3) != 0) return;
        int v = k.mem.read32(uaddr);
        if ((v & TID_MASK) != t.tid) return;
        k.mem.write32(uaddr, (v & WAITERS) | OWNER_DIED);
        if ((v & WAITERS) != 0) wake(k, uaddr, 1, BITSET_ANY);
    }
}
