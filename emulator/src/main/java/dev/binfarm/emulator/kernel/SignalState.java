package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.GuestExit;

/**
 * Signal dispositions, the blocked mask and pending signals. Handlers are
 * recorded but not yet run (no signal frames): a signal that would run one
 * ends the guest with a reason saying so, rather than silently continuing.
 */
final class SignalState {
    static final long SIG_DFL = 0, SIG_IGN = 1;

    /** struct k_sigaction per signal: handler, flags, restorer, mask. */
    final long[][] actions = new long[65][4];
    long blocked;
    long pending;
    /** sigaltstack: ss_sp, ss_flags, ss_size. */
    long altSp, altFlags = 2 /* SS_DISABLE */, altSize;

    static long bit(int sig) { return 1L << (sig - 1); }

    /** A signal sent to the process itself (kill, tgkill, raise). */
    void raise(Kernel k, int sig) {
        if (sig == 0) return;
        if ((blocked & bit(sig)) != 0 && sig != Signals.SIGKILL && sig != Signals.SIGSTOP) {
            pending |= bit(sig);
            return;
        }
        deliver(k, sig);
    }

    /** Delivers signals that were pending and are no longer blocked. */
    void deliverUnblocked(Kernel k) {
        long ready = pending & ~blocked;
        while (ready != 0 && k.end() == null) {
            int sig = Long.numberOfTrailingZeros(ready) + 1;
            pending &= ~bit(sig);
            ready &= ~bit(sig);
            deliver(k, sig);
        }
    }

    private void deliver(Kernel k, int sig) {
        long handler = actions[sig][0];
        if (sig == Signals.SIGKILL) handler = SIG_DFL;
        if (handler == SIG_IGN) return;
        if (handler == SIG_DFL) {
            if (Signals.ignoredByDefault(sig)) return;
            k.terminate(new GuestExit.Signaled(sig, Signals.name(sig) + " raised by the guest itself"));
            return;
        }
        k.terminate(new GuestExit.Signaled(sig, Signals.name(sig) + " has a guest handler at 0x"
                + Long.toHexString(handler) + ", but signal delivery is not implemented yet"));
    }
}
