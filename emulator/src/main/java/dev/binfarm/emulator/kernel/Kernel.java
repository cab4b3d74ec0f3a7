package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.cpu.Cpu;
import dev.binfarm.emulator.cpu.SyscallHandler;
import dev.binfarm.emulator.mem.GuestFault;
import dev.binfarm.emulator.mem.GuestMemory;
import dev.binfarm.emulator.sched.Blocked;
import dev.binfarm.emulator.sched.GuestThread;
import dev.binfarm.emulator.sched.Resume;
import dev.binfarm.emulator.sched.Scheduler;
import dev.binfarm.emulator.sched.ThreadState;
import dev.binfarm.emulator.sched.Wait;
import dev.binfarm.emulator.vfs.Stdio;
import dev.binfarm.emulator.vfs.Vfs;
import java.io.PrintStream;
import java.util.random.RandomGenerator;

/**
 * The guest process as the syscall shim sees it: memory, descriptors, file
 * system, clock, signal state and how the process ended. Dispatches SYSCALL
 * through {@link SyscallTable}; handlers are small functions in the subsystem
 * classes (Fdio, Fdtab, VfsCalls, Mmap, ProcessCalls, Time, Signals, Info).
 */
final class Kernel implements SyscallHandler {
    /** The guest is the only process: PID 1, like Unikraft's. */
    static final int PID = 1;
    static final int PATH_MAX = 4096;
    /** The syscall whose result is the interrupted context's RAX, not an outcome of its own. */
    private static final int SYS_RT_SIGRETURN = 15;

    final GuestMemory mem;
    /** The CPU of the thread running now (switched by the run loop; handlers run on it). */
    Cpu cpu;
    /** The process's threads, one host thread running them all. */
    final Scheduler sched;
    final Vfs vfs;
    final FdTable fds = new FdTable();
    final GuestClock clock;
    final RandomGenerator random;
    final Stdio.OutputCap outputCap;
    final SignalState signals = new SignalState();
    /** timer_create's timers. */
    final PosixTimers timers = new PosixTimers();
    /** Pipes made so far: their inode numbers, per run so traces repeat. */
    long pipes;
    final SyscallTrace trace = new SyscallTrace();
    final String exePath;

    /** Threads waiting in futex WAIT, oldest first (see {@link Futex}). */
    final java.util.List<Futex.Waiter> futexWaiters = new java.util.ArrayList<>();

    long brkStart, brk;
    /** Top of the mmap area; mmap searches down from here. */
    long mmapTop;
    int umask = 022;
    /** The run's network (sockets, port mapping, AF_UNIX names); closed with the run. */
    dev.binfarm.emulator.net.Net net = new dev.binfarm.emulator.net.Net(null, null);
    /** Set by a send with MSG_NOSIGNAL that failed with EPIPE: no SIGPIPE for this call. */
    boolean noSigpipe;
    String threadName;
    /** prctl attributes and the nice value. */
    final Prctl prctl = new Prctl();

    private GuestExit end;
    private final long[] args = new long[6];
    private byte[] policy = SyscallPolicy.ALL.actions();
    private byte[] scratch = new byte[64 * 1024];
    private PrintStream traceSink;
    private PrintStream unikraftSink;

    public Kernel(Cpu cpu, Vfs vfs, GuestClock clock, RandomGenerator random, Stdio.OutputCap outputCap,
                  String exePath, long brkStart, long mmapTop) {
        this.cpu = cpu;
        this.mem = cpu.mem;
        this.vfs = vfs;
        this.clock = clock;
        this.random = random;
        this.outputCap = outputCap;
        this.exePath = exePath;
        this.brkStart = this.brk = brkStart;
        this.mmapTop = mmapTop;
        String name = exePath.substring(exePath.lastIndexOf('/') + 1);
        this.threadName = name.length() > 15 ? name.substring(0, 15) : name;
        this.sched = new Scheduler(0, this::monotonicNow, t -> (t.sigPending & ~t.sigBlocked) != 0);
        sched.spawn(cpu).name = threadName;
        vfs.mapsSource(() -> MemoryMaps.text(mem));
        vfs.meminfoSource(() -> Info.meminfo(this));
        vfs.fdsSource(fds::paths);
        if (vfs.rootfs().upper() != null) vfs.rootfs().upper().clock(() -> clock.peekRealtime(instructions()));
    }

    /** Descriptor 0, 1, 2 and any others the runner installs. */
    public void installFd(int fd, dev.binfarm.emulator.vfs.OpenFile f) { fds.installAt(f, fd, false); }

    /** Applies a syscall profile and stub/fake injections to this run. */
    void policy(SyscallPolicy p) { this.policy = p.actions(); }

    /** strace-like lines to {@code sink} as calls return (null: none). */
    public void traceTo(PrintStream sink) { this.traceSink = sink; }

    /** Lines in the format of Unikraft's strace images to {@code sink} as calls return (null: none). */
    public void unikraftTraceTo(PrintStream sink) { this.unikraftSink = sink; }

    public SyscallTrace trace() { return trace; }

    /** How the process ended, or null while it runs. */
    public GuestExit end() { return end; }

    /** Ends the process (exit_group, a fatal signal, a limit) and stops the CPU after this instruction. */
    void terminate(GuestExit how) {
        if (end == null) end = how;
    }

    /** Files whose pages mappings may still read; held open until the run ends. */
    private final java.util.Set<dev.binfarm.emulator.vfs.OpenFile> mapped =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    void keepMapped(dev.binfarm.emulator.vfs.OpenFile f) {
        if (mapped.add(f)) f.retain();
    }

    /**
     * A fault the CPU reported (SIGSEGV, SIGILL, SIGFPE, SIGTRAP): true when a
     * guest handler will run it, so the run continues; false when the fault
     * must end the process.
     */
    boolean deliverFault(int sig, int code, long addr, long rip) {
        return signals.deliverFault(this, sig, code, addr, rip);
    }

    /** Closes every descriptor and mapped file (host resources) when the run is over. */
    public void release() {
        fds.closeAll();
        for (dev.binfarm.emulator.vfs.OpenFile f : mapped) f.release();
        mapped.clear();
        net.close();
    }

    /** The thread running now. */
    GuestThread thread() { return sched.current(); }

    /** Makes {@code t} the running thread (the run loop, after {@link Scheduler#next}). */
    void switchTo(GuestThread t) { cpu = t.cpu; }

    /** The blocking contract for handlers: {@code throw k.block(wait)}. */
    Blocked block(Wait w) { return new Blocked(w); }

    private boolean yielded;

    /** sched_yield: the run loop passes the CPU to the next runnable thread. */
    void yield() {
        yielded = true;
        cpu.halt();
    }

    /** True once after {@link #yield} (the run loop asks after each slice). */
    boolean yielded() {
        boolean y = yielded;
        yielded = false;
        return y;
    }

    /** Raises the signals of interval timers that are due (the run loop, at every slice). */
    void checkTimers() {
        signals.checkTimers(this);
        timers.check(this);
    }

    /** When the next interval timer fires (CLOCK_MONOTONIC), or Long.MAX_VALUE. */
    long timerDeadline() { return Math.min(signals.timerDeadline(), timers.deadline()); }

    /** CLOCK_MONOTONIC without counting as a guest reading (scheduler deadlines). */
    long monotonicNow() { return clock.peekMonotonic(instructions()); }

    /** A CLOCK_REALTIME instant as a CLOCK_MONOTONIC one (deadlines are monotonic). */
    long realtimeToMonotonic(long t) { return t - clock.realtimeOffset(); }

    @Override
    public void syscall(Cpu c) {
        long[] a = args;
        long nr = c.r[Cpu.RAX];
        a[0] = c.r[Cpu.RDI];
        a[1] = c.r[Cpu.RSI];
        a[2] = c.r[Cpu.RDX];
        a[3] = c.r[Cpu.R10];
        a[4] = c.r[Cpu.R8];
        a[5] = c.r[Cpu.R9];
        Syscall s = SyscallTable.get(nr);
        int action = nr >= 0 && nr < policy.length ? policy[(int) nr] : SyscallPolicy.RUN;
        if (trace.firstCall(nr)) {
            long site = c.rip - 2; // rip is past the 2-byte SYSCALL here
            trace.site(nr, site, CallSites.symbol(this, site));
        }
        long result;
        GuestThread t = sched.current();
        try {
            if (action == SyscallPolicy.RUN) result = s == null ? -Errno.ENOSYS : s.handler().call(this, a);
            else if (action == SyscallPolicy.FAKE) result = 0;
            else {
                if (action == SyscallPolicy.DENY) trace.deny(nr);
                result = -Errno.ENOSYS;
            }
        } catch (Blocked b) {
            if (t.resume != Resume.INTERRUPTED) {
                // Park: the SYSCALL (2 bytes) runs again when the scheduler resumes the thread.
                c.rip -= 2;
                sched.park(t, b.wait);
                c.halt();
                return;
            }
            b.wait.cancel();
            result = -Errno.EINTR;
        } catch (ErrnoException e) {
            result = -e.errno();
        } catch (GuestFault f) {
            if (f.faultCause() == GuestFault.Cause.MEMORY_LIMIT) {
                terminate(new GuestExit.Signaled(Signals.SIGKILL, f.getMessage() + " (in " + nameOf(nr) + ")"));
            }
            result = -Errno.EFAULT;
        } catch (RuntimeException e) {
            // A bug in a handler must end the run with a clear report, not unwind through the CPU.
            terminate(new GuestExit.Signaled(Signals.SIGSYS, "emulator error in " + nameOf(nr) + ": " + e));
            result = -Errno.ENOSYS;
        }
        // To the writing thread, as Linux; MSG_NOSIGNAL sends skip it. Not for rt_sigreturn: its result is the
        // RAX it restores, which is -EPIPE after a SIGPIPE handler (raising again would loop forever).
        if (result == -Errno.EPIPE && nr != SYS_RT_SIGRETURN && !noSigpipe) {
            signals.raise(this, t, Signals.SIGPIPE, SignalState.SI_USER);
        }
        noSigpipe = false;
        if (outputCap.exceeded()) {
            terminate(new GuestExit.Signaled(Signals.SIGXFSZ,
                    "output limit of " + outputCap.limit() + " bytes exceeded; the guest was stopped"));
        }
        boolean restart = t.resume == Resume.INTERRUPTED && result == -Errno.EINTR && t.restartable;
        t.resume = Resume.NONE;
        t.wait = null;
        t.restartable = true;
        c.r[Cpu.RAX] = result;
        trace.record(nr, a, result, c.rip - 2);
        if (traceSink != null) traceLine(s, nr, a, result);
        if (unikraftSink != null) unikraftSink.println(UnikraftStrace.line(mem, nr, a, result));
        // Signals raised by the call (or unblocked by it) are delivered as it returns, as on Linux.
        if (t.state == ThreadState.EXITED) { c.halt(); return; }
        if (end == null && ((signals.pending | t.sigPending) != 0 || t.savedMask != -1)) signals.deliverPending(this, restart ? nr : -1);
        if (end != null) c.halt();
    }

    private static String nameOf(long nr) {
        return SyscallNames.name(nr);
    }

    private void traceLine(Syscall s, long nr, long[] a, long result) {
        traceSink.println(StraceFormat.line(mem, s, nr, a, result));
    }

    // ------------------------------------------------------------------ helpers for handlers

    /** A path argument: EFAULT for a bad pointer, ENAMETOOLONG past PATH_MAX. */
    String path(long addr) {
        if (addr == 0) throw new ErrnoException(Errno.EFAULT);
        String s = mem.readCString(addr, PATH_MAX);
        if (s == null) throw new ErrnoException(Errno.ENAMETOOLONG);
        return s;
    }

    /** A reusable buffer of at least {@code len} bytes (syscalls are not re-entrant). */
    byte[] scratch(int len) {
        if (scratch.length < len) scratch = new byte[Math.max(len, scratch.length * 2)];
        return scratch;
    }

    /** Instructions retired by every thread of the process: the virtual clock runs on them. */
    long instructions() { return sched.instructions(); }
}
