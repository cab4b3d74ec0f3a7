package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.cpu.Cpu;
import dev.binfarm.emulator.mem.GuestFault;
import dev.binfarm.emulator.sched.GuestThread;
import dev.binfarm.emulator.sched.Wait;

/** Thread lifecycle: clone(CLONE_THREAD), exit, gettid, the scheduling calls and sleeping. */
final class Threads {
    private Threads() { }

    static final long CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800;
    static final long CLONE_PIDFD = 0x1000, CLONE_PTRACE = 0x2000, CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000;
    static final long CLONE_THREAD = 0x10000, CLONE_NEWNS = 0x20000, CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000;
    static final long CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_DETACHED = 0x400000;
    static final long CLONE_UNTRACED = 0x800000, CLONE_CHILD_SETTID = 0x1000000, CLONE_IO = 0x80000000L;
    /** What a thread needs; glibc's and musl's pthread_create pass exactly these (plus the optional ones). */
    static final long THREAD_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;
    static final long OPTIONAL = CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID
            | CLONE_CHILD_SETTID | CLONE_DETACHED | CLONE_UNTRACED | CLONE_IO;
    /** Most threads a process may have (a runaway guest must not exhaust the host). */
    static final int MAX_THREADS = 4096;

    /** clone(flags, stack, parent_tid, child_tid, tls): threads only; fork-like clones are ENOSYS (no second process). */
    static long clone(Kernel k, long flags, long stack, long parentTid, long childTid, long tls) {
        long csignal = flags & 0xff;
        long f = flags & ~0xffL;
        if ((f & THREAD_FLAGS) != THREAD_FLAGS) {
            // CLONE_THREAD needs CLONE_SIGHAND needs CLONE_VM, as Linux checks; without CLONE_THREAD it is a new process.
            if ((f & CLONE_THREAD) != 0 && ((f & CLONE_SIGHAND) == 0 || (f & CLONE_VM) == 0)) throw new ErrnoException(Errno.EINVAL);
            throw new ErrnoException(Errno.ENOSYS);
        }
        if ((f & ~(THREAD_FLAGS | OPTIONAL)) != 0 || csignal != 0) throw new ErrnoException(Errno.EINVAL);
        if (k.sched.live() >= MAX_THREADS) throw new ErrnoException(Errno.EAGAIN);
        if ((f & CLONE_SETTLS) != 0 && (tls < 0 || tls >= (1L << 47))) throw new ErrnoException(Errno.EPERM);
        GuestThread parent = k.thread();
        Cpu child = new Cpu(k.cpu); // RIP is past the SYSCALL already: the child returns from clone too
        child.syscalls = k;
        child.r[Cpu.RAX] = 0;
        if (stack != 0) child.r[Cpu.RSP] = stack;
        if ((f & CLONE_SETTLS) != 0) child.fsBase = tls;
        GuestThread t = k.sched.spawn(child);
        t.sigBlocked = parent.sigBlocked;
        t.name = parent.name;
        if ((f & CLONE_CHILD_CLEARTID) != 0) t.clearChildTid = childTid;
        if ((f & CLONE_PARENT_SETTID) != 0) k.mem.write32(parentTid, t.tid);
        if ((f & CLONE_CHILD_SETTID) != 0) k.mem.write32(childTid, t.tid);
        return t.tid;
    }

    /** exit(2): ends the calling thread; the last one ends the process with its own status (as Linux reports it). */
    static long exit(Kernel k, long status) {
        GuestThread t = k.thread();
        t.exitStatus = (int) (status & 0xff);
        if (k.sched.live() == 1) {
            k.terminate(new GuestExit.Exited(t.exitStatus));
            return 0;
        }
        exitThread(k, t);
        return 0;
    }

    /**
     * A thread leaves: robust futexes it holds get FUTEX_OWNER_DIED, then
     * clear_child_tid is zeroed and woken (pthread_join waits on it).
     */
    static void exitThread(Kernel k, GuestThread t) {
        try {
            Futex.robustCleanup(k, t);
        } catch (GuestFault ignored) {
            // A corrupt list is the guest's problem; Linux stops walking it too.
        }
        if (t.clearChildTid != 0) {
            try {
                k.mem.write32(t.clearChildTid, 0);
                Futex.wake(k, t.clearChildTid, 1, Futex.BITSET_ANY);
            } catch (GuestFault ignored) {
                // Linux ignores a bad clear_child_tid address.
            }
        }
        k.sched.exited(t);
        t.cpu.detach();
    }

    static long gettid(Kernel k) { return k.thread().tid; }

    static long schedYield(Kernel k) {
        k.yield();
        return 0;
    }

    /** sched_setaffinity: one CPU exists; a mask without CPU 0 is EINVAL. */
    static long schedSetaffinity(Kernel k, long pid, long len, long mask) {
        checkPid(k, pid);
        if (len < 1) throw new ErrnoException(Errno.EINVAL);
        if ((k.mem.read8(mask) & 1) == 0) throw new ErrnoException(Errno.EINVAL);
        return 0;
    }

    static void checkPid(Kernel k, long pid) {
        if (pid != 0 && k.sched.find(pid) == null) throw new ErrnoException(Errno.ESRCH);
    }

    static final int SCHED_OTHER = 0, SCHED_FIFO = 1, SCHED_RR = 2, SCHED_BATCH = 3, SCHED_IDLE = 5;

    static long schedGetscheduler(Kernel k, long pid) {
        checkPid(k, pid);
        return SCHED_OTHER;
    }

    static long schedGetparam(Kernel k, long pid, long param) {
        checkPid(k, pid);
        if (param == 0) throw new ErrnoException(Errno.EINVAL);
        k.mem.write32(param, 0);
        return 0;
    }

    /** Only SCHED_OTHER/BATCH/IDLE with priority 0 (no real-time classes: EPERM as for an unprivileged user). */
    static long schedSetscheduler(Kernel k, long pid, long policy, long param) {
        checkPid(k, pid);
        if (param == 0) throw new ErrnoException(Errno.EINVAL);
        int prio = k.mem.read32(param);
        int p = (int) (policy & ~0x40000000L);
        if (p == SCHED_FIFO || p == SCHED_RR) throw new ErrnoException(prio < 1 || prio > 99 ? Errno.EINVAL : Errno.EPERM);
        if (p != SCHED_OTHER && p != SCHED_BATCH && p != SCHED_IDLE) throw new ErrnoException(Errno.EINVAL);
        if (prio != 0) throw new ErrnoException(Errno.EINVAL);
        return 0;
    }

    static long schedSetparam(Kernel k, long pid, long param) {
        checkPid(k, pid);
        if (param == 0) throw new ErrnoException(Errno.EINVAL);
        if (k.mem.read32(param) != 0) throw new ErrnoException(Errno.EINVAL);
        return 0;
    }

    static long schedPriority(long policy, boolean max) {
        return switch ((int) policy) {
            case SCHED_FIFO, SCHED_RR -> max ? 99 : 1;
            case SCHED_OTHER, SCHED_BATCH, SCHED_IDLE -> 0;
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }

    /** A parked sleep: never ready, ends at its deadline. */
    record Sleep(long deadline) implements Wait {
        @Override public boolean ready() { return false; }
        @Override public long deadlineNanos() { return deadline; }
        @Override public String describe() { return "a sleep"; }
    }

    /**
     * nanosleep / clock_nanosleep: parks the thread until the deadline on the
     * guest clock (the clock jumps there when every thread sleeps). A signal
     * ends it early with EINTR and the remaining time in {@code rem}
     * (relative sleeps only), never restarted.
     */
    static long sleep(Kernel k, long deadline, long rem) {
        GuestThread t = k.thread();
        t.restartable = false;
        long due = t.deadline(deadline);
        switch (t.resume) {
            case TIMED_OUT -> { return 0; }
            case INTERRUPTED -> {
                if (rem != 0) {
                    long left = Math.max(0, due - k.monotonicNow());
                    k.mem.write64(rem, left / GuestClock.NANOS);
                    k.mem.write64(rem + 8, left % GuestClock.NANOS);
                }
                return -Errno.EINTR;
            }
            default -> { }
        }
        if (due <= k.monotonicNow()) return 0;
        throw k.block(new Sleep(due));
    }
}
