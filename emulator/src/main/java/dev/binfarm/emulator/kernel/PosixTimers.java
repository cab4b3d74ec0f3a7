package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.sched.GuestThread;
import java.util.ArrayList;
import java.util.List;

/**
 * timer_create / timer_settime / timer_gettime / timer_getoverrun /
 * timer_delete on the guest clock. Expiries are checked by the run loop at
 * every slice and count as deadlines when every thread sleeps, so a timer
 * fires at its guest time whether the process computes or waits.
 * Notification: SIGEV_SIGNAL (the process), SIGEV_THREAD_ID (one thread),
 * SIGEV_NONE; glibc builds SIGEV_THREAD on SIGEV_THREAD_ID itself.
 */
final class PosixTimers {
    static final int SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;
    static final int TIMER_ABSTIME = 1;
    static final int MAX_TIMERS = 1024;

    /** One timer: its id, notification, next expiry (CLOCK_MONOTONIC; MAX = disarmed) and period. */
    static final class Timer {
        final int id;
        final int clock, signo, notify, tid;
        final long value;
        long at = Long.MAX_VALUE, period;
        int overrun, lastOverrun;

        Timer(int id, int clock, int signo, int notify, int tid, long value) {
            this.id = id;
            this.clock = clock;
            this.signo = signo;
            this.notify = notify;
            this.tid = tid;
            this.value = value;
        }
    }

    private final List<Timer> timers = new ArrayList<>();
    private int nextId;

    long deadline() {
        long d = Long.MAX_VALUE;
        for (Timer t : timers) d = Math.min(d, t.at);
        return d;
    }

    void check(Kernel k) {
        if (timers.isEmpty()) return;
        long now = k.monotonicNow();
        for (Timer t : timers) {
            if (now < t.at) continue;
            int missed = 0;
            if (t.period > 0) {
                long n = (now - t.at) / t.period;
                missed = (int) Math.min(Integer.MAX_VALUE, n);
                t.at += (n + 1) * t.period;
            } else t.at = Long.MAX_VALUE;
            t.lastOverrun = missed;
            if (t.notify == SIGEV_NONE) continue;
            GuestThread target = t.notify == SIGEV_THREAD_ID ? k.sched.find(t.tid) : null;
            if (t.notify == SIGEV_THREAD_ID && target == null) continue;
            k.signals.raiseValue(k, target, t.signo, t.id, t.value);
        }
    }

    private Timer get(long id) {
        for (Timer t : timers) if (t.id == id) return t;
        throw new ErrnoException(Errno.EINVAL);
    }

    static long create(Kernel k, long clock, long sevp, long idp) {
        switch ((int) clock) {
            case Time.CLOCK_REALTIME, Time.CLOCK_MONOTONIC, Time.CLOCK_PROCESS_CPUTIME_ID, Time.CLOCK_THREAD_CPUTIME_ID,
                 Time.CLOCK_BOOTTIME, 8 /* REALTIME_ALARM */, 9 /* BOOTTIME_ALARM */, 11 /* TAI */ -> { }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
        PosixTimers p = k.timers;
        if (p.timers.size() >= MAX_TIMERS) throw new ErrnoException(Errno.EAGAIN);
        int id = p.nextId;
        int signo = Signals.SIGALRM, notify = SIGEV_SIGNAL, tid = 0;
        long value = id;
        if (sevp != 0) {
            value = k.mem.read64(sevp);
            signo = k.mem.read32(sevp + 8);
            notify = k.mem.read32(sevp + 12);
            tid = k.mem.read32(sevp + 16);
            if (notify != SIGEV_SIGNAL && notify != SIGEV_NONE && notify != SIGEV_THREAD_ID) throw new ErrnoException(Errno.EINVAL);
            if (notify != SIGEV_NONE && (signo < 1 || signo > 64)) throw new ErrnoException(Errno.EINVAL);
            if (notify == SIGEV_THREAD_ID && k.sched.find(tid) == null) throw new ErrnoException(Errno.EINVAL);
        }
        k.mem.write32(idp, id);
        p.nextId++;
        p.timers.add(new Timer(id, (int) clock, signo, notify, tid, value));
        return 0;
    }

    private static long timespec(Kernel k, long at) {
        long sec = k.mem.read64(at), nsec = k.mem.read64(at + 8);
        if (sec < 0 || nsec < 0 || nsec >= GuestClock.NANOS) throw new ErrnoException(Errno.EINVAL);
        return sec > Long.MAX_VALUE / GuestClock.NANOS - 1 ? Long.MAX_VALUE / 2 : sec * GuestClock.NANOS + nsec;
    }

    private static void writeRemaining(Kernel k, Timer t, long at) {
        long left = t.at == Long.MAX_VALUE ? 0 : Math.max(1, t.at - k.monotonicNow());
        k.mem.write64(at, t.period / GuestClock.NANOS);
        k.mem.write64(at + 8, t.period % GuestClock.NANOS);
        k.mem.write64(at + 16, left / GuestClock.NANOS);
        k.mem.write64(at + 24, left % GuestClock.NANOS);
    }

    static long settime(Kernel k, long id, long flags, long newp, long oldp) {
        Timer t = k.timers.get(id);
        long interval = timespec(k, newp), value = timespec(k, newp + 16);
        if (oldp != 0) writeRemaining(k, t, oldp);
        t.period = interval;
        if (value == 0) t.at = Long.MAX_VALUE;
        else if ((flags & TIMER_ABSTIME) == 0) t.at = k.monotonicNow() + value;
        else t.at = switch (t.clock) {
            case Time.CLOCK_REALTIME, 8, 11 -> k.realtimeToMonotonic(value);
            case Time.CLOCK_PROCESS_CPUTIME_ID, Time.CLOCK_THREAD_CPUTIME_ID -> k.monotonicNow() + (value - k.clock.cpuTime(k.instructions()));
            default -> value;
        };
        return 0;
    }

    static long gettime(Kernel k, long id, long curr) {
        writeRemaining(k, k.timers.get(id), curr);
        return 0;
    }

    static long getoverrun(Kernel k, long id) {
        return k.timers.get(id).lastOverrun;
    }

    static long delete(Kernel k, long id) {
        k.timers.timers.remove(k.timers.get(id));
        return 0;
    }
}
