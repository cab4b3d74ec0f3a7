package dev.binfarm.emulator.sched;

import dev.binfarm.emulator.cpu.Cpu;

/**
 * One guest thread: its own {@link Cpu} (registers, RIP, FS/GS bases, XMM,
 * MXCSR, x87; memory and decoded-code cache shared with the other threads),
 * its tid, and the per-thread kernel state Linux keeps in task_struct:
 * clear_child_tid, the robust-list head, the signal mask, thread-directed
 * pending signals and the sigaltstack. Descriptors, the file system and the
 * signal dispositions belong to the process (the kernel).
 */
public final class GuestThread {
    public final Cpu cpu;
    /** 1 for the main thread (the PID), then 2, 3, ... in creation order. */
    public final int tid;
    public ThreadState state = ThreadState.RUNNABLE;

    /** set_tid_address / CLONE_CHILD_CLEARTID: zeroed and futex-woken at exit (0 = none). */
    public long clearChildTid;
    /** set_robust_list head (0 = none) and its length. */
    public long robustList, robustLen;

    /** The signal mask. */
    public long sigBlocked;
    /** Thread-directed pending signals (tgkill, faults, process signals routed to this thread). */
    public long sigPending;
    /** si_code of each thread-pending signal. */
    public final int[] sigCodes = new int[65];
    /** si_value (timers) and si_timerid of each thread-pending signal. */
    public final long[] sigValues = new long[65];
    public final int[] sigTimerIds = new int[65];
    /** sigaltstack: ss_sp, ss_flags (SS_DISABLE = 2), ss_size. */
    public long altSp, altFlags = 2, altSize;
    /** rt_sigsuspend's saved mask, restored after the handler it let in (-1 = none). */
    public long savedMask = -1;

    /** What the thread is parked on, and kept while the re-executed call runs (null otherwise). */
    public Wait wait;
    /** Why the current syscall is being re-executed. */
    public Resume resume = Resume.NONE;
    /** A blocked call interrupted by a signal may be restarted (SA_RESTART); handlers clear it for calls Linux never restarts. */
    public boolean restartable = true;
    /** prctl(PR_SET_NAME) / comm. */
    public String name;
    /** exit status given to exit(2) (the process status when this is the last thread). */
    public int exitStatus;

    public GuestThread(Cpu cpu, int tid) {
        this.cpu = cpu;
        this.tid = tid;
    }

    /** True while the current syscall is a re-execution after parking. */
    public boolean resumed() { return resume != Resume.NONE; }

    /**
     * The deadline of the wait this call parked on when it is being
     * re-executed, else {@code fresh}: relative timeouts are computed once,
     * not again at each re-execution.
     */
    public long deadline(long fresh) {
        return resume != Resume.NONE && wait != null ? wait.deadlineNanos() : fresh;
    }

    public boolean alive() { return state != ThreadState.EXITED; }

    @Override public String toString() { return "thread " + tid + " (" + state + ")"; }
}
