package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.cpu.Cpu;
import dev.binfarm.emulator.sched.GuestThread;

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
    private static final long UNBLOCKABLE = SignalState.bit(SIGKILL) | SignalState.bit(SIGSTOP);

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
}
