package dev.binfarm.emulator.sched;

/** Why a re-executed syscall runs again ({@link GuestThread#resume}). */
public enum Resume {
    /** A first execution: the call was not parked. */
    NONE,
    /** {@link Wait#ready()} became true (for a futex: a WAKE chose this thread). */
    READY,
    /** The deadline passed: the handler returns -ETIMEDOUT, 0, or what the call demands. */
    TIMED_OUT,
    /**
     * A signal must be handled: if the handler would block again the kernel
     * answers -EINTR (restarted after the guest handler when it has SA_RESTART
     * and the call allows it).
     */
    INTERRUPTED
}
