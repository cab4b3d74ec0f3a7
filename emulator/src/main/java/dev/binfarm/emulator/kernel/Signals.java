package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.cpu.Cpu;
import dev.binfarm.emulator.sched.GuestThread;
import dev.binfarm.emulator.sched.Wait;

/** Signal syscalls: rt_sigaction, rt_sigprocmask, sigaltstack, kill, tkill, tgkill. */
final class Signals {
    private Signals() { }

    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7;
    public static final int SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13;
    public static final int SIGALRM = 14, SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20;
    public static final int SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGWINCH = 28, SIGSYS = 31;

    private static final String[] NAMES = {
        "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    public static String name(int sig) {
        return sig > 0 && sig < NAMES.length ? NAMES[sig] : "SIGRT" + sig;
    }

    /** Default action "ignore" (and stop/continue, which mean nothing for a lone process). */
    static boolean ignoredByDefault(int sig) {
        return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT
                || sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
    }

    static final int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    private static final long UNBLOCKABLE = SignalState.UNBLOCKABLE;

    static long rtSigaction(Kernel k, long sig, long act, long oldact, long setsize) {
        if (setsize != 8) throw new ErrnoException(Errno.EINVAL);
        if (sig < 1 || sig > 64) throw new ErrnoException(Errno.EINVAL);
        long[] cur = k.signals.actions[(int) sig];
        long[] next = null;
        if (act != 0) {
            if (sig == SIGKILL || sig == SIGSTOP) throw new ErrnoException(Errno.EINVAL);
            next = new long[] {k.mem.read64(act), k.mem.read64(act + 8), k.mem.read64(act + 16), k.mem.read64(act + 24)};
        }
        if (oldact != 0) {
            for (int i = 0; i < 4; i++) k.mem.write64(oldact + 8L * i, cur[i]);
        }
        if (next != null) System.arraycopy(next, 0, cur, 0, 4);
        return 0;
    }

    static long rtSigprocmask(Kernel k, long how, long set, long oldset, long setsize) {
        if (setsize != 8) throw new ErrnoException(Errno.EINVAL);
        GuestThread s = k.thread();
        long old = s.sigBlocked;
        if (set != 0) {
            long v = k.mem.read64(set);
            switch ((int) how) {
                case SIG_BLOCK -> s.sigBlocked |= v;
                case SIG_UNBLOCK -> s.sigBlocked &= ~v;
                case SIG_SETMASK -> s.sigBlocked = v;
                default -> throw new ErrnoException(Errno.EINVAL);
            }
            s.sigBlocked &= ~UNBLOCKABLE;
        }
        if (oldset != 0) k.mem.write64(oldset, old);
        return 0;
    }

    static long sigaltstack(Kernel k, long ss, long oldss) {
        GuestThread s = k.thread();
        boolean on = SignalState.onAltStack(s, k.cpu.r[Cpu.RSP]);
        long sp = s.altSp, flags = on ? SignalState.SS_ONSTACK : s.altFlags, size = s.altSize;
        if (ss != 0) {
            if (on) throw new ErrnoException(Errno.EPERM);
            long nsp = k.mem.read64(ss);
            long nflags = k.mem.read32(ss + 8) & 0xFFFFFFFFL;
            long nsize = k.mem.read64(ss + 16);
            if ((nflags & ~2L & ~(1L << 31)) != 0) throw new ErrnoException(Errno.EINVAL);
            if ((nflags & 2) == 0 && nsize < 2048) throw new ErrnoException(Errno.ENOMEM);
            s.altSp = nsp;
            s.altFlags = nflags;
            s.altSize = nsize;
        }
        if (oldss != 0) {
            k.mem.write64(oldss, sp);
            k.mem.write32(oldss + 8, (int) flags);
            k.mem.write32(oldss + 12, 0);
            k.mem.write64(oldss + 16, size);
        }
        return 0;
    }

    static long rtSigpending(Kernel k, long set, long setsize) {
        if (setsize > 8) throw new ErrnoException(Errno.EINVAL);
        long v = (k.signals.pending | k.thread().sigPending) & k.thread().sigBlocked;
        for (int i = 0; i < setsize; i++) k.mem.write8(set + i, (int) (v >>> (8 * i)));
        return 0;
    }

    static long kill(Kernel k, long pid, long sig) {
        if (sig < 0 || sig > 64) throw new ErrnoException(Errno.EINVAL);
        if (pid != Kernel.PID && pid != 0 && pid != -1 && pid != -Kernel.PID) throw new ErrnoException(Errno.ESRCH);
        k.signals.raise(k, (int) sig, SignalState.SI_USER);
        return 0;
    }

    static long tgkill(Kernel k, long tgid, long tid, long sig) {
        if (tgid != Kernel.PID) throw new ErrnoException(tgid <= 0 ? Errno.EINVAL : Errno.ESRCH);
        return tkill(k, tid, sig);
    }

    static long tkill(Kernel k, long tid, long sig) {
        if (sig < 0 || sig > 64 || tid <= 0) throw new ErrnoException(Errno.EINVAL);
        GuestThread t = k.sched.find(tid);
        if (t == null) throw new ErrnoException(Errno.ESRCH);
        k.signals.raise(k, t, (int) sig, SignalState.SI_TKILL);
        return 0;
    }

    /** Waits until the thread has a signal it does not block (a temporary mask for rt_sigsuspend). */
    record SignalWait(Kernel k, GuestThread t, long set, long deadline) implements Wait {
        @Override public boolean ready() {
            return set != 0 ? ((t.sigPending | k.signals.pending) & set) != 0 : k.signals.deliverable(t) != 0;
        }
        @Override public long deadlineNanos() { return deadline; }
        @Override public String describe() { return set != 0 ? "rt_sigtimedwait" : "a signal"; }
    }

    /** rt_sigsuspend: the mask is replaced until a handler runs (its frame saves the caller's mask); always -EINTR. */
    static long rtSigsuspend(Kernel k, long mask, long setsize) {
        if (setsize != 8) throw new ErrnoException(Errno.EINVAL);
        GuestThread t = k.thread();
        t.restartable = false;
        if (t.resumed()) return -Errno.EINTR;
        long m = k.mem.read64(mask) & ~UNBLOCKABLE;
        if (t.savedMask == -1) t.savedMask = t.sigBlocked;
        t.sigBlocked = m;
        if (k.signals.deliverable(t) != 0) return -Errno.EINTR;
        throw k.block(new SignalWait(k, t, 0, Long.MAX_VALUE));
    }

    /** pause: parks until a signal is delivered; always -EINTR. */
    static long pause(Kernel k) {
        GuestThread t = k.thread();
        t.restartable = false;
        if (t.resumed()) return -Errno.EINTR;
        throw k.block(new SignalWait(k, t, 0, Long.MAX_VALUE));
    }

    /** rt_sigtimedwait: takes a pending signal of the set, or waits for one (EAGAIN at the timeout). */
    static long rtSigtimedwait(Kernel k, long setp, long info, long timeout, long setsize) {
        if (setsize != 8) throw new ErrnoException(Errno.EINVAL);
        GuestThread t = k.thread();
        t.restartable = false;
        long set = k.mem.read64(setp) & ~UNBLOCKABLE;
        byte[] si = new byte[128];
        int sig = k.signals.dequeue(t, set, si);
        if (sig != 0) {
            if (info != 0) k.mem.write(info, si);
            return sig;
        }
        if (t.resume == dev.binfarm.emulator.sched.Resume.TIMED_OUT) throw new ErrnoException(Errno.EAGAIN);
        if (t.resume == dev.binfarm.emulator.sched.Resume.INTERRUPTED) throw new ErrnoException(Errno.EINTR);
        long deadline = Long.MAX_VALUE;
        if (timeout != 0) {
            long sec = k.mem.read64(timeout), nsec = k.mem.read64(timeout + 8);
            if (sec < 0 || nsec < 0 || nsec >= GuestClock.NANOS) throw new ErrnoException(Errno.EINVAL);
            deadline = t.deadline(k.monotonicNow() + sec * GuestClock.NANOS + nsec);
            if (sec == 0 && nsec == 0) throw new ErrnoException(Errno.EAGAIN);
        }
        throw k.block(new SignalWait(k, t, set, deadline));
    }

    static final int ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;

    /** alarm: SIGALRM after {@code seconds} on the guest clock; returns the seconds left of the previous one. */
    static long alarm(Kernel k, long seconds) {
        SignalState s = k.signals;
        long now = k.monotonicNow();
        long left = s.alarmAt == Long.MAX_VALUE ? 0 : (s.alarmAt - now + GuestClock.NANOS - 1) / GuestClock.NANOS;
        if (s.alarmAt != Long.MAX_VALUE && left == 0) left = 1;
        long sec = seconds & 0xFFFFFFFFL;
        s.alarmAt = sec == 0 ? Long.MAX_VALUE : now + sec * GuestClock.NANOS;
        s.alarmPeriod = 0;
        return left;
    }

    static long getitimer(Kernel k, long which, long value) {
        if (which != ITIMER_REAL) throw new ErrnoException(which == ITIMER_VIRTUAL || which == ITIMER_PROF ? Errno.EINVAL : Errno.EINVAL);
        writeItimer(k, value);
        return 0;
    }

    private static void writeItimer(Kernel k, long at) {
        SignalState s = k.signals;
        long left = s.alarmAt == Long.MAX_VALUE ? 0 : Math.max(1000, s.alarmAt - k.monotonicNow());
        k.mem.write64(at, s.alarmPeriod / GuestClock.NANOS);
        k.mem.write64(at + 8, s.alarmPeriod % GuestClock.NANOS / 1000);
        k.mem.write64(at + 16, left / GuestClock.NANOS);
        k.mem.write64(at + 24, left % GuestClock.NANOS / 1000);
    }

    /** setitimer(ITIMER_REAL): SIGALRM at it_value, then every it_interval, on the guest clock. */
    static long setitimer(Kernel k, long which, long value, long old) {
        if (which != ITIMER_REAL) throw new ErrnoException(Errno.EINVAL);
        long isec = 0, iusec = 0, vsec = 0, vusec = 0;
        if (value != 0) {
            isec = k.mem.read64(value);
            iusec = k.mem.read64(value + 8);
            vsec = k.mem.read64(value + 16);
            vusec = k.mem.read64(value + 24);
            if (isec < 0 || vsec < 0 || iusec < 0 || iusec >= 1_000_000 || vusec < 0 || vusec >= 1_000_000)
                throw new ErrnoException(Errno.EINVAL);
        }
        if (old != 0) writeItimer(k, old);
        SignalState s = k.signals;
        long v = vsec * GuestClock.NANOS + vusec * 1000;
        s.alarmAt = v == 0 ? Long.MAX_VALUE : k.monotonicNow() + v;
        s.alarmPeriod = isec * GuestClock.NANOS + iusec * 1000;
        return 0;
    }
}
