/**
 * Guest threads and their scheduler: {@link dev.binfarm.emulator.sched.GuestThread}
 * (one per clone(CLONE_THREAD), its own Cpu over the shared memory and code
 * cache), the blocking contract ({@link dev.binfarm.emulator.sched.Wait},
 * {@link dev.binfarm.emulator.sched.Blocked}, {@link dev.binfarm.emulator.sched.Resume})
 * and the deterministic single-vCPU {@link dev.binfarm.emulator.sched.Scheduler}.
 *
 * <p>Blocking protocol: a handler that must wait throws {@code new Blocked(wait)}.
 * The kernel rewinds RIP to the SYSCALL instruction (registers unchanged) and
 * parks the thread. The scheduler re-checks {@code wait.ready()} at every
 * switch; when it is ready, its deadline passed or a signal arrived, the thread
 * runs again and re-executes the syscall with {@code thread.resume} = READY,
 * TIMED_OUT or INTERRUPTED and {@code thread.wait} still set (so relative
 * timeouts are not restarted: {@link dev.binfarm.emulator.sched.GuestThread#deadline}).
 * If an INTERRUPTED call would block again the kernel answers -EINTR (and
 * restarts it after the guest's handler when that has SA_RESTART). When every
 * thread is blocked the virtual clock jumps to the earliest deadline, or the
 * process waits in one Selector for host channels; with neither, the run ends
 * as a deadlock naming what each thread waits for.
 */
package dev.binfarm.emulator.sched;
