package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.cpu.Cpu;
import dev.binfarm.emulator.mem.GuestFault;
import dev.binfarm.emulator.sched.GuestThread;

/**
 * Signal dispositions (per process), process-directed pending signals that
 * every thread blocks, interval timers, and delivery to guest handlers through
 * a Linux x86-64 rt_sigframe (so siglongjmp out of a handler and rt_sigreturn
 * back from one both work). The mask, thread-directed pending signals and the
 * sigaltstack live on each {@link GuestThread}. Signals are delivered at
 * syscall return, on faults, and when a thread starts a time slice.
 */
final class SignalState {
    static final long SIG_DFL = 0, SIG_IGN = 1;
    static final long SA_SIGINFO = 4, SA_RESTORER = 0x04000000L, SA_ONSTACK = 0x08000000L, SA_RESTART = 0x10000000L;
    static final long SA_NODEFER = 0x40000000L, SA_RESETHAND = 0x80000000L;
    static final int SS_ONSTACK = 1, SS_DISABLE = 2;
    /** si_code values. */
    static final int SI_USER = 0, SI_KERNEL = 0x80, SI_TIMER = -2, SI_TKILL = -6;
    static final int SEGV_MAPERR = 1, SEGV_ACCERR = 2, ILL_ILLOPN = 2, FPE_INTDIV = 1, TRAP_BRKPT = 1;
    static final long UNBLOCKABLE = bit(Signals.SIGKILL) | bit(Signals.SIGSTOP);

    /** struct k_sigaction per signal: handler, flags, restorer, mask. */
    final long[][] actions = new long[65][4];
    /** Process-directed signals no thread could take yet (every thread blocks them). */
    long pending;
    /** si_code of each process-pending signal, and si_value / si_timerid of timer signals. */
    private final int[] codes = new int[65];
    private final long[] values = new long[65];
    private final int[] timerIds = new int[65];

    static long bit(int sig) { return 1L << (sig - 1); }

    /** ITIMER_REAL / alarm: next expiry on CLOCK_MONOTONIC (Long.MAX_VALUE = disarmed) and period (0 = one shot). */
    long alarmAt = Long.MAX_VALUE, alarmPeriod;

    void checkTimers(Kernel k) {
        if (alarmAt == Long.MAX_VALUE) return;
        long now = k.monotonicNow();
        if (now < alarmAt) return;
        if (alarmPeriod > 0) alarmAt += ((now - alarmAt) / alarmPeriod + 1) * alarmPeriod;
        else alarmAt = Long.MAX_VALUE;
        raise(k, Signals.SIGALRM, SI_KERNEL);
    }

    long timerDeadline() { return alarmAt; }

    /**
     * A process-directed signal (kill, a timer): goes to the current thread
     * unless it blocks it, else to the first thread (by tid) that does not,
     * as Linux's complete_signal picks; pending on the process when all block it.
     */
    void raise(Kernel k, int sig, int code) {
        if (sig == 0) return;
        GuestThread target = null;
        GuestThread cur = k.thread();
        if (cur.alive() && (cur.sigBlocked & bit(sig)) == 0) target = cur;
        else {
            for (GuestThread t : k.sched.threads()) {
                if (t.alive() && (t.sigBlocked & bit(sig)) == 0) { target = t; break; }
            }
        }
        if (target == null) {
            pending |= bit(sig);
            codes[sig] = code;
            return;
        }
        raise(k, target, sig, code);
    }

    void raise(Kernel k, int sig) { raise(k, sig, SI_USER); }

    /** A timer's signal (si_code SI_TIMER with its id and sigval), to {@code t} or (null) the process. */
    void raiseValue(Kernel k, GuestThread t, int sig, int timerId, long value) {
        if (t == null) {
            raise(k, sig, SI_TIMER);
            if ((pending & bit(sig)) != 0) { values[sig] = value; timerIds[sig] = timerId; }
            for (GuestThread g : k.sched.threads()) {
                if ((g.sigPending & bit(sig)) != 0 && g.sigCodes[sig] == SI_TIMER) { g.sigValues[sig] = value; g.sigTimerIds[sig] = timerId; }
            }
            return;
        }
        raise(k, t, sig, SI_TIMER);
        t.sigValues[sig] = value;
        t.sigTimerIds[sig] = timerId;
    }

    /** A thread-directed signal (tgkill, tkill, raise, a fault, SIGEV_THREAD_ID). */
    void raise(Kernel k, GuestThread t, int sig, int code) {
        if (sig == 0) return;
        boolean isBlocked = (t.sigBlocked & bit(sig)) != 0 && (bit(sig) & UNBLOCKABLE) == 0;
        // Linux drops an ignored signal at once unless it is blocked (the handler may change before unblocking).
        if (!isBlocked && ignored(sig)) return;
        t.sigPending |= bit(sig);
        t.sigCodes[sig] = code;
    }

    private boolean ignored(int sig) {
        long h = actions[sig][0];
        return sig != Signals.SIGKILL && (h == SIG_IGN || (h == SIG_DFL && Signals.ignoredByDefault(sig)));
    }

    /** Signals the thread could take now (pending for it or the process, not blocked). */
    long deliverable(GuestThread t) {
        return (t.sigPending | pending) & ~t.sigBlocked;
    }

    /**
     * Delivers the lowest pending unblocked signal of the current thread, if
     * any: its default action, or a frame for its handler (the CPU then
     * continues in the handler). One handler frame per call; the next pending
     * signal goes out at the next syscall return or slice (rt_sigreturn at the latest).
     *
     * @param restartNr the syscall number to restart when an interrupted call's
     *                  handler has SA_RESTART (RIP is rewound to the SYSCALL); -1 = none
     */
    void deliverPending(Kernel k, long restartNr) {
        GuestThread t = k.thread();
        try {
            while (k.end() == null) {
                long ready = deliverable(t);
                if (ready == 0) return;
                int sig = Long.numberOfTrailingZeros(ready) + 1;
                int code;
                long value;
                if ((t.sigPending & bit(sig)) != 0) {
                    t.sigPending &= ~bit(sig);
                    code = t.sigCodes[sig];
                    value = code == SI_TIMER ? t.sigValues[sig] : 0;
                    timerId = t.sigTimerIds[sig];
                } else {
                    pending &= ~bit(sig);
                    code = codes[sig];
                    value = code == SI_TIMER ? values[sig] : 0;
                    timerId = timerIds[sig];
                }
                long[] act = actions[sig];
                if (restartNr >= 0 && act[0] != SIG_DFL && act[0] != SIG_IGN && (act[1] & SA_RESTART) != 0) {
                    k.cpu.rip -= 2;
                    k.cpu.r[Cpu.RAX] = restartNr;
                }
                if (deliver(k, sig, code, value, k.cpu.rip)) return;
            }
        } finally {
            // rt_sigsuspend's mask lasts until a handler runs (its frame saved the old one) or nothing came.
            if (t.savedMask != -1) {
                t.sigBlocked = t.savedMask;
                t.savedMask = -1;
            }
        }
    }

    /** The si_timerid of the signal being delivered or dequeued (timer signals). */
    private int timerId;

    /**
     * Takes one pending signal of {@code set} for rt_sigtimedwait (thread
     * first, then process) and fills its siginfo into {@code info} (128 bytes); 0 = none.
     */
    int dequeue(GuestThread t, long set, byte[] info) {
        long have = (t.sigPending | pending) & set;
        if (have == 0) return 0;
        int sig = Long.numberOfTrailingZeros(have) + 1;
        int code;
        long value;
        if ((t.sigPending & bit(sig)) != 0) {
            t.sigPending &= ~bit(sig);
            code = t.sigCodes[sig];
            value = t.sigValues[sig];
            timerId = t.sigTimerIds[sig];
        } else {
            pending &= ~bit(sig);
            code = codes[sig];
            value = values[sig];
            timerId = timerIds[sig];
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(info).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, sig).putInt(8, code);
        if (code == SI_USER || code == SI_TKILL) b.putInt(16, Kernel.PID);
        else if (code == SI_TIMER) b.putInt(16, timerId).putLong(24, value);
        return sig;
    }

    /**
     * A synchronous fault (SIGSEGV, SIGILL, SIGFPE, SIGTRAP) at {@code rip}:
     * true when a guest handler will run, false when the default action must
     * end the process (no handler, or the signal is blocked or ignored, which
     * Linux overrides for faults).
     */
    boolean deliverFault(Kernel k, int sig, int code, long addr, long rip) {
        long h = actions[sig][0];
        if ((k.thread().sigBlocked & bit(sig)) != 0 || h == SIG_DFL || h == SIG_IGN) return false;
        return deliver(k, sig, code, addr, rip);
    }

    /** @return true when a handler frame was set up */
    private boolean deliver(Kernel k, int sig, int code, long addr, long rip) {
        long[] act = actions[sig];
        long handler = sig == Signals.SIGKILL ? SIG_DFL : act[0];
        if (handler == SIG_IGN) return false;
        if (handler == SIG_DFL) {
            if (!Signals.ignoredByDefault(sig)) k.terminate(new GuestExit.Signaled(sig, Signals.name(sig) + " raised by the guest itself"));
            return false;
        }
        if ((act[1] & SA_RESTORER) == 0) {
            // x86-64 Linux cannot return from a handler without sa_restorer: it forces SIGSEGV.
            k.terminate(new GuestExit.Signaled(Signals.SIGSEGV, Signals.name(sig) + " handler without SA_RESTORER"));
            return false;
        }
        try {
            setupFrame(k, sig, code, addr, rip, act);
        } catch (GuestFault f) {
            k.terminate(new GuestExit.Signaled(Signals.SIGSEGV, "cannot push the " + Signals.name(sig)
                    + " frame: " + f.getMessage()));
            return false;
        }
        if ((act[1] & SA_RESETHAND) != 0) {
            act[0] = SIG_DFL;
            act[1] &= ~SA_SIGINFO;
        }
        return true;
    }

    // Layout of struct rt_sigframe (arch/x86/include/asm/sigframe.h) relative to the frame.
    static final int UC = 8, UC_STACK = UC + 16, MCONTEXT = UC + 40, UC_SIGMASK = UC + 296, SIGINFO = UC + 304;
    static final int FRAME_SIZE = SIGINFO + 128, FPSTATE_SIZE = 512;
    /** struct sigcontext register order: r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp. */
    static final int[] GREGS = {Cpu.R8, Cpu.R9, Cpu.R10, Cpu.R11, Cpu.R12, Cpu.R13, Cpu.R14, Cpu.R15,
        Cpu.RDI, Cpu.RSI, Cpu.RBP, Cpu.RBX, Cpu.RDX, Cpu.RAX, Cpu.RCX, Cpu.RSP};

    private void setupFrame(Kernel k, int sig, int code, long addr, long rip, long[] act) {
        Cpu c = k.cpu;
        GuestThread t = k.thread();
        long sp = c.r[Cpu.RSP] - 128; // the red zone
        if ((act[1] & SA_ONSTACK) != 0 && (t.altFlags & SS_DISABLE) == 0 && !onAltStack(t, c.r[Cpu.RSP])) sp = t.altSp + t.altSize;
        long fpstate = (sp - FPSTATE_SIZE) & ~63L;
        long frame = ((fpstate - FRAME_SIZE) & ~15L) - 8;
        // The mask the handler's return restores: rt_sigsuspend's caller mask, else the current one.
        long oldMask = t.savedMask != -1 ? t.savedMask : t.sigBlocked;

        byte[] fp = new byte[FPSTATE_SIZE];
        java.nio.ByteBuffer f = java.nio.ByteBuffer.wrap(fp).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        f.putShort(0, (short) 0x37f).putInt(24, c.mxcsr).putInt(28, 0xffff);
        for (int i = 0; i < 16; i++) f.putLong(160 + 16 * i, c.xmm[2 * i]).putLong(168 + 16 * i, c.xmm[2 * i + 1]);

        byte[] fr = new byte[FRAME_SIZE];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(fr).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, act[2]); // pretcode: the handler returns into sa_restorer, which calls rt_sigreturn
        b.putLong(UC_STACK, t.altSp).putInt(UC_STACK + 8, (int) (onAltStack(t, c.r[Cpu.RSP]) ? SS_ONSTACK : t.altFlags))
                .putLong(UC_STACK + 16, t.altSize);
        for (int i = 0; i < GREGS.length; i++) b.putLong(MCONTEXT + 8 * i, c.r[GREGS[i]]);
        b.putLong(MCONTEXT + 128, rip).putLong(MCONTEXT + 136, c.rflags());
        b.putLong(MCONTEXT + 144, 0x33); // cs
        b.putLong(MCONTEXT + 160, trapno(sig)).putLong(MCONTEXT + 168, oldMask).putLong(MCONTEXT + 176, addr);
        b.putLong(MCONTEXT + 184, fpstate);
        b.putLong(UC_SIGMASK, oldMask);
        b.putInt(SIGINFO, sig).putInt(SIGINFO + 8, code);
        if (code == SI_USER || code == SI_TKILL) b.putInt(SIGINFO + 16, Kernel.PID).putInt(SIGINFO + 20, 0);
        else if (code == SI_TIMER) b.putInt(SIGINFO + 16, timerId).putLong(SIGINFO + 24, addr); // si_timerid, si_value
        else b.putLong(SIGINFO + 16, addr);

        k.mem.write(fpstate, fp);
        k.mem.write(frame, fr);
        t.savedMask = -1;
        t.sigBlocked = oldMask | act[3] | ((act[1] & SA_NODEFER) == 0 ? bit(sig) : 0);
        t.sigBlocked &= ~UNBLOCKABLE;
        c.r[Cpu.RDI] = sig;
        c.r[Cpu.RSI] = frame + SIGINFO;
        c.r[Cpu.RDX] = frame + UC;
        c.r[Cpu.RAX] = 0;
        c.r[Cpu.RSP] = frame;
        c.setRflags(c.rflags() & ~(Cpu.DF | Cpu.TF));
        c.rip = act[0];
    }

    private static int trapno(int sig) {
        return switch (sig) {
            case Signals.SIGSEGV -> 14;
            case Signals.SIGFPE -> 0;
            case Signals.SIGILL -> 6;
            case Signals.SIGTRAP -> 3;
            default -> 0;
        };
    }

    static boolean onAltStack(GuestThread t, long sp) {
        return (t.altFlags & SS_DISABLE) == 0 && sp > t.altSp && sp - t.altSp <= t.altSize;
    }

    /** rt_sigreturn: the registers, flags, mask and SSE state saved in (and perhaps edited through) the frame. */
    long sigreturn(Kernel k) {
        try {
            return restore(k);
        } catch (GuestFault f) {
            // Linux answers a bad frame with SIGSEGV.
            k.terminate(new GuestExit.Signaled(Signals.SIGSEGV, "rt_sigreturn with a bad frame: " + f.getMessage()));
            return -Errno.EFAULT;
        }
    }

    private long restore(Kernel k) {
        Cpu c = k.cpu;
        long frame = c.r[Cpu.RSP] - 8;
        long[] regs = new long[GREGS.length];
        for (int i = 0; i < GREGS.length; i++) regs[i] = k.mem.read64(frame + MCONTEXT + 8 * i);
        long rip = k.mem.read64(frame + MCONTEXT + 128);
        long flags = k.mem.read64(frame + MCONTEXT + 136);
        long fpstate = k.mem.read64(frame + MCONTEXT + 184);
        long mask = k.mem.read64(frame + UC_SIGMASK);
        long[] xmm = null;
        int mxcsr = c.mxcsr;
        if (fpstate != 0) {
            xmm = new long[32];
            mxcsr = k.mem.read32(fpstate + 24);
            for (int i = 0; i < 32; i++) xmm[i] = k.mem.read64(fpstate + 160 + 8L * i);
        }
        for (int i = 0; i < GREGS.length; i++) c.r[GREGS[i]] = regs[i];
        c.rip = rip;
        c.setRflags((c.rflags() & ~0x40DD5L) | (flags & 0x40DD5L)); // the user-changeable flags, as Linux restores them
        if (xmm != null) {
            System.arraycopy(xmm, 0, c.xmm, 0, 32);
            c.mxcsr = mxcsr & 0xffff;
        }
        k.thread().sigBlocked = mask & ~UNBLOCKABLE;
        return c.r[Cpu.RAX];
    }
}
