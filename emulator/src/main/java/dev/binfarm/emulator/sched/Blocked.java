package dev.binfarm.emulator.sched;

/**
 * Thrown by a syscall handler that must wait: the kernel parks the current
 * thread on {@link #wait} and re-executes the syscall when the scheduler
 * resumes it. Carries no stack trace (it is control flow, not an error).
 */
public final class Blocked extends RuntimeException {
    public final transient Wait wait;

    public Blocked(Wait wait) {
        super(null, null, false, false);
        this.wait = wait;
    }
}
