package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.cpu.Cpu;
import dev.binfarm.emulator.mem.GuestFault;

/**
 * Signal dispositions, the blocked mask, pending signals, and delivery to
 * guest handlers through a Linux x86-64 rt_sigframe (so siglongjmp out of a
 * handler and rt_sigreturn back from one both work). Signals are delivered at
 * syscall return and on faults, the only points where a lone, single-threaded
 * guest can receive one.
 */
final class SignalState {
    static final long SIG_DFL = 0, SIG_IGN = 1;
    static final long SA_SIGINFO = 4, SA_RESTORER = 0x04000000L, SA_ONSTACK = 0x08000000L;
    static final long SA_NODEFER = 0x40000000L, SA_RESETHAND = 0x80000000L;
    static final int SS_ONSTACK = 1, SS_DISABLE = 2;
    /** si_code values. */
    static final int SI_USER = 0, SI_KERNEL = 0x80, SI_TKILL = -6;
    static final int SEGV_MAPERR = 1, SEGV_ACCERR = 2, ILL_ILLOPN = 2, FPE_INTDIV = 1, TRAP_BRKPT = 1;

    /** struct k_sigaction per signal: handler, flags, restorer, mask. */
    final long[][] actions = new long[65][4];
    long blocked;
    long pending;
    /** si_code and si_addr of each pending signal. */
    private final int[] codes = new int[65];
    /** sigaltstack: ss_sp, ss_flags, ss_size. */
    long altSp, altFlags = SS_DISABLE, altSize;

    static long bit(int sig) { return 1L << (sig - 1); }

    /** A signal sent to the process itself (kill, tgkill, raise); delivered when the syscall returns. */
    void raise(Kernel k, int sig, int code) {
        if (sig == 0) return;
        boolean isBlocked = (blocked & bit(sig)) != 0 && sig != Signals.SIGKILL && sig != Signals.SIGSTOP;
        // Linux drops an ignored signal at once unless it is blocked (the handler may change before unblocking).
        if (!isBlocked && ignored(sig)) return;
        pending |= bit(sig);
        codes[sig] = code;
    }

    void raise(Kernel k, int sig) { raise(k, sig, SI_USER); }

    private boolean ignored(int sig) {
        long h = actions[sig][0];
        return sig != Signals.SIGKILL && (h == SIG_IGN || (h == SIG_DFL && Signals.ignoredByDefault(sig)));
    }

    /**
     * Delivers the lowest pending unblocked signal, if any: its default action,
     * or a frame for its handler (the CPU then continues in the handler). One
     * handler frame per call; the next pending signal goes out at the next
     * syscall return (rt_sigreturn at the latest).
     */
    void deliverPending(Kernel k) {
        while (k.end() == null) {
            long ready = pending & ~blocked;
            if (ready == 0) return;
            int sig = Long.numberOfTrailingZeros(ready) + 1;
            pending &= ~bit(sig);
            if (deliver(k, sig, codes[sig], 0, k.cpu.rip)) return;
        }
    }

    /**
     * A synchronous fault (SIGSEGV, SIGILL, SIGFPE, SIGTRAP) at {@code rip}:
     * true when a guest handler will run, false when the default action must
     * end the process (no handler, or the signal is blocked or ignored, which
     * Linux overrides for faults).
     */
    boolean deliverFault(Kernel k, int sig, int code, long addr, long rip) {
        long h = actions[sig][0];
        if ((blocked & bit(sig)) != 0 || h == SIG_DFL || h == SIG_IGN) return false;
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
        long sp = c.r[Cpu.RSP] - 128; // the red zone
        if ((act[1] & SA_ONSTACK) != 0 && (altFlags & SS_DISABLE) == 0 && !onAltStack(c.r[Cpu.RSP])) sp = altSp + altSize;
        long fpstate = (sp - FPSTATE_SIZE) & ~63L;
        long frame = ((fpstate - FRAME_SIZE) & ~15L) - 8;

        byte[] fp = new byte[FPSTATE_SIZE];
        java.nio.ByteBuffer f = java.nio.ByteBuffer.wrap(fp).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        f.putShort(0, (short) 0x37f).putInt(24, c.mxcsr).putInt(28, 0xffff);
        for (int i = 0; i < 16; i++) f.putLong(160 + 16 * i, c.xmm[2 * i]).putLong(168 + 16 * i, c.xmm[2 * i + 1]);

        byte[] fr = new byte[FRAME_SIZE];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(fr).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, act[2]); // pretcode: the handler returns into sa_restorer, which calls rt_sigreturn
        b.putLong(UC_STACK, altSp).putInt(UC_STACK + 8, (int) (onAltStack(c.r[Cpu.RSP]) ? SS_ONSTACK : altFlags))
                .putLong(UC_STACK + 16, altSize);
        for (int i = 0; i < GREGS.length; i++) b.putLong(MCONTEXT + 8 * i, c.r[GREGS[i]]);
        b.putLong(MCONTEXT + 128, rip).putLong(MCONTEXT + 136, c.rflags());
        b.putLong(MCONTEXT + 144, 0x33); // cs
        b.putLong(MCONTEXT + 160, trapno(sig)).putLong(MCONTEXT + 168, blocked).putLong(MCONTEXT + 176, addr);
        b.putLong(MCONTEXT + 184, fpstate);
        b.putLong(UC_SIGMASK, blocked);
        b.putInt(SIGINFO, sig).putInt(SIGINFO + 8, code);
        if (code == SI_USER || code == SI_TKILL) b.putInt(SIGINFO + 16, Kernel.PID).putInt(SIGINFO + 20, 0);
        else b.putLong(SIGINFO + 16, addr);

        k.mem.write(fpstate, fp);
        k.mem.write(frame, fr);
        blocked |= act[3] | ((act[1] & SA_NODEFER) == 0 ? bit(sig) : 0);
        blocked &= ~(bit(Signals.SIGKILL) | bit(Signals.SIGSTOP));
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

    boolean onAltStack(long sp) {
        return (altFlags & SS_DISABLE) == 0 && sp > altSp && sp - altSp <= altSize;
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
        blocked = mask & ~(bit(Signals.SIGKILL) | bit(Signals.SIGSTOP));
        return c.r[Cpu.RAX];
    }
}
