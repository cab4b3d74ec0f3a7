package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.cpu.Cpu;
import dev.binfarm.emulator.cpu.Cpuid;
import dev.binfarm.emulator.cpu.Stop;
import dev.binfarm.emulator.elf.ElfFile;
import dev.binfarm.emulator.elf.ElfKind;
import dev.binfarm.emulator.elf.InvalidElfException;
import dev.binfarm.emulator.loader.LoadException;
import dev.binfarm.emulator.loader.Loader;
import dev.binfarm.emulator.loader.ProcessImage;
import dev.binfarm.emulator.mem.GuestFault;
import dev.binfarm.emulator.mem.GuestMemory;
import dev.binfarm.emulator.sched.GuestThread;
import dev.binfarm.emulator.sched.Resume;
import dev.binfarm.emulator.sched.Scheduler;
import dev.binfarm.emulator.vfs.Rootfs;
import dev.binfarm.emulator.vfs.RootfsView;
import dev.binfarm.emulator.vfs.Stdio;
import dev.binfarm.emulator.vfs.Upper;
import dev.binfarm.emulator.vfs.Vfs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Loads a {@link Guest} into a fresh address space and runs it to completion. */
public final class GuestRunner {
    private GuestRunner() { }

    /** Largest program we read into memory. */
    static final long MAX_PROGRAM = 1L << 30;
    /** AT_HWCAP is CPUID leaf 1 EDX on x86-64, so it comes from the same model. */
    static final long HWCAP = Cpuid.LEAF1_EDX & 0xFFFFFFFFL;

    public static GuestOutcome run(Guest guest) {
        return run(guest, null);
    }

    /**
     * Runs {@code program} (ELF bytes already in memory) as if it were the
     * guest's program: for fuzzing and for callers that hold the bytes.
     * argv[0] names it inside the rootfs, as with {@link Guest#exe()}.
     */
    public static GuestOutcome run(Guest guest, byte[] program) {
        long t0 = System.nanoTime();
        ByteArrayOutputStream outBuf = guest.stdoutSink() == null ? new ByteArrayOutputStream() : null;
        ByteArrayOutputStream errBuf = guest.stderrSink() == null ? new ByteArrayOutputStream() : null;
        OutputStream out = outBuf != null ? outBuf : guest.stdoutSink();
        OutputStream err = errBuf != null ? errBuf : guest.stderrSink();
        Run r = new Run(guest, out, err, program);
        GuestExit exit;
        try {
            exit = r.execute(t0);
        } catch (LoadException e) {
            exit = new GuestExit.LoadFailed(e.getMessage());
        } finally {
            if (r.kernel != null) r.kernel.release();
        }
        if (guest.upperDir() != null && r.rootfs != null && r.rootfs.upper() != null) {
            try {
                r.rootfs.upper().exportTo(guest.upperDir());
            } catch (IOException e) {
                if (!(exit instanceof GuestExit.LoadFailed))
                    exit = new GuestExit.LoadFailed("cannot write the copy-on-write layer to " + guest.upperDir() + ": " + e.getMessage());
            }
        }
        return new GuestOutcome(exit,
                outBuf != null ? outBuf.toByteArray() : new byte[0],
                errBuf != null ? errBuf.toByteArray() : new byte[0],
                r.cap.exceeded(),
                r.kernel != null ? r.kernel.instructions() : r.cpu != null ? r.cpu.instructions : 0,
                Duration.ofNanos(System.nanoTime() - t0),
                r.peakMemory,
                r.kind,
                r.kernel != null ? r.kernel.trace() : null,
                r.rootfs != null ? new RootfsView(r.rootfs) : null);
    }

    /** The state of one run, so the outcome can be assembled however it ended. */
    private static final class Run {
        final Guest guest;
        final OutputStream out, err;
        final Stdio.OutputCap cap;
        Cpu cpu;
        Kernel kernel;
        Rootfs rootfs;
        ElfKind kind;
        long peakMemory;
        long bias;
        final byte[] program;

        Run(Guest guest, OutputStream out, OutputStream err, byte[] program) {
            this.guest = guest;
            this.program = program;
            this.out = out;
            this.err = err;
            this.cap = new Stdio.OutputCap(guest.outputCap());
        }

        GuestExit execute(long t0) throws LoadException {
            SplittableRandom seeds = new SplittableRandom(guest.seed());
            SplittableRandom layoutRng = seeds.split(), guestRng = seeds.split();
            try {
                rootfs = new Rootfs(guest.rootfs(), guest.writableRootfs() ? new Upper(guest.maxMemory()) : null);
            } catch (IOException e) {
                throw new LoadException("rootfs " + guest.rootfs() + " is not a directory");
            }
            String program = guest.argv().get(0);
            String exePath;
            byte[] bytes;
            if (this.program != null || guest.exe() != null) {
                exePath = program.startsWith("/") ? program : "/" + program;
                bytes = this.program != null ? this.program : readHost(guest.exe());
            } else {
                Rootfs.Lookup l;
                try {
                    l = rootfs.resolve(guest.cwd(), program, true);
                } catch (ErrnoException e) {
                    throw new LoadException(program + ": " + (e.errno() == Errno.ENOENT ? "no such file in the rootfs"
                            : "cannot be resolved in the rootfs (" + Errno.name(e.errno()) + ")"));
                }
                if (!l.exists()) throw new LoadException(program + ": no such file in the rootfs");
                if (!Files.isRegularFile(l.host())) throw new LoadException(program + ": not a regular file");
                exePath = l.path();
                bytes = readHost(l.host());
            }
            ElfFile elf;
            try {
                elf = ElfFile.parse(bytes);
            } catch (InvalidElfException e) {
                throw new LoadException(program + ": " + e.getMessage());
            }
            kind = elf.kind();

            GuestMemory mem = new GuestMemory(guest.maxMemory());
            List<String> env = new ArrayList<>();
            for (Map.Entry<String, String> e : guest.env().entrySet()) env.add(e.getKey() + "=" + e.getValue());
            Loader.Interpreter interp = elf.interpreter() != null ? interpreter(rootfs, program, elf.interpreter()) : null;
            ProcessImage image = Loader.load(mem, elf, bytes,
                    new Loader.Spec(guest.argv(), env, program, HWCAP), layoutRng, interp);
            bias = image.bias();

            cpu = new Cpu(mem);
            Vfs vfs = new Vfs(rootfs, exePath, bytes, guestRng.split(), CpuInfo.text());
            try {
                vfs.chdir("/", guest.cwd());
            } catch (ErrnoException e) {
                throw new LoadException("working directory " + guest.cwd() + ": " + Errno.name(e.errno()));
            }
            // The seed is drawn in both modes so a real-clock run keeps every other seeded value.
            long bootMonotonic = (3600 + guestRng.nextLong(86_400)) * GuestClock.NANOS;
            GuestClock clock = guest.realClock() ? GuestClock.real() : new GuestClock(bootMonotonic,
                    guest.clockStart() != null ? guest.clockStart().getEpochSecond() : GuestClock.EPOCH_SECONDS);
            kernel = new Kernel(cpu, vfs, clock, guestRng.split(), cap, exePath, image.brkStart(), image.mmapTop());
            dev.binfarm.emulator.GuestControl control = guest.control();
            var onListen = guest.onListen();
            kernel.net = new dev.binfarm.emulator.net.Net(guest.published(), (g, h) -> {
                if (control != null) control.listening(g, h);
                if (onListen != null) onListen.listening(g, h);
            });
            // A host stream may block: a pump thread feeds it so only the reading guest thread waits.
            kernel.installFd(0, guest.stdinStream() != null ? new HostStdin(guest.stdinStream(), kernel.sched) : Stdio.stdin(stdin()));
            kernel.installFd(1, Stdio.stdout(out, cap));
            kernel.installFd(2, Stdio.stderr(err, cap));
            if (guest.traceSink() != null) kernel.traceTo(guest.traceSink());
            kernel.trace().vdso(image.vdso(), image.vdsoSize());
            if (guest.unikraftTraceSink() != null) kernel.unikraftTraceTo(guest.unikraftTraceSink());
            kernel.policy(guest.syscallPolicy());
            kernel.sched.seed(seeds.split().nextLong());
            cpu.syscalls = kernel;
            cpu.rip = image.entry();
            cpu.r[Cpu.RSP] = image.sp();
            if (guest.atMain() != null) {
                long main = MainAddress.find(elf, bytes);
                if (main < 0) throw new LoadException(program + ": cannot find main (its _start is not glibc's)");
                cpu.breakpoint = main + (elf.type() == ElfFile.ET_DYN ? bias : 0);
            }
            return loop(t0);
        }

        /** The dynamic loader, looked up inside the rootfs like any path the guest names. */
        private static Loader.Interpreter interpreter(Rootfs rootfs, String program, String path) throws LoadException {
            Rootfs.Lookup l;
            try {
                l = rootfs.resolve("/", path, true);
            } catch (ErrnoException e) {
                l = null;
            }
            if (l == null || !Files.isRegularFile(l.host()))
                throw new LoadException(program + ": its interpreter " + path + " is not in the rootfs");
            byte[] bytes = readHost(l.host());
            try {
                return new Loader.Interpreter(l.path(), ElfFile.parse(bytes), bytes);
            } catch (InvalidElfException e) {
                throw new LoadException(program + ": interpreter " + path + ": " + e.getMessage());
            }
        }

        private InputStream stdin() throws LoadException {
            if (guest.stdinStream() != null) return guest.stdinStream();
            if (guest.stdin() != null) return new ByteArrayInputStream(guest.stdin());
            if (guest.stdinFile() != null) {
                try {
                    return Files.newInputStream(guest.stdinFile());
                } catch (IOException e) {
                    throw new LoadException("cannot read stdin file " + guest.stdinFile() + ": " + e.getMessage());
                }
            }
            return InputStream.nullInputStream();
        }

        private GuestExit loop(long t0) {
            Duration timeout = guest.timeout();
            long deadline = timeout == null || timeout.isZero() || timeout.isNegative()
                    ? Long.MAX_VALUE : t0 + timeout.toNanos();
            long maxInsns = guest.maxInstructions() > 0 ? guest.maxInstructions() : Long.MAX_VALUE;
            Scheduler sched = kernel.sched;
            boolean rotate = false;
            dev.binfarm.emulator.GuestControl control = guest.control();
            if (control != null) control.attach(sched::wakeup);
            try {
                while (true) {
                    if (control != null && control.stopRequested()) return new GuestExit.Signaled(15, "stopped by request");
                    kernel.checkTimers();
                    GuestThread t = sched.next(rotate);
                    if (t == null) {
                        // Timers may keep firing at signals nobody takes: the wall clock still bounds the run.
                        if (System.nanoTime() > deadline) return new GuestExit.TimedOut(timeout.toMillis());
                        GuestExit idle = idle(deadline, timeout);
                        if (idle != null) return idle;
                        rotate = false;
                        continue;
                    }
                    cpu = t.cpu;
                    kernel.switchTo(t);
                    // Asynchronous signals reach a thread as it starts a slice (not while it re-executes a parked call).
                    if (t.resume == Resume.NONE && kernel.signals.deliverable(t) != 0) kernel.signals.deliverPending(kernel, -1);
                    if (kernel.end() != null) return kernel.end();
                    Stop stop;
                    try {
                        stop = cpu.run(Math.min(sched.quantum(), Math.max(1, maxInsns - sched.instructions())));
                    } catch (GuestFault f) {
                        // A fault outside an instruction (the kernel touching memory) ends the run like one inside.
                        return fault(f, cpu.rip);
                    } catch (RuntimeException | StackOverflowError e) {
                        return new GuestExit.Signaled(Signals.SIGILL, "emulator error at rip " + hex(cpu.rip) + ": " + e);
                    }
                    peakMemory = Math.max(peakMemory, cpu.mem.residentBytes());
                    GuestExit end = kernel.end() != null ? kernel.end() : stopped(stop);
                    if (end != null) return end;
                    if (kernel.end() != null) return kernel.end();
                    rotate = stop == Stop.BUDGET || kernel.yielded();
                    if (System.nanoTime() > deadline) return new GuestExit.TimedOut(timeout.toMillis());
                    if (sched.instructions() >= maxInsns) return new GuestExit.TimedOut((System.nanoTime() - t0) / 1_000_000);
                }
            } catch (RuntimeException e) {
                // A scheduler or kernel bug between slices: end the run with a report, as for one inside an instruction.
                return new GuestExit.Signaled(Signals.SIGSYS, "emulator error in the scheduler: " + e);
            } finally {
                if (control != null) control.attach(null);
                sched.close();
            }
        }

        /**
         * No thread can run: jump the virtual clock to the earliest deadline
         * (a sleep, a timed wait, a timer) or, on the real clock, wait for it;
         * wait for the host when a thread waits on a channel or stdin. Null to
         * go on, else how the run ends.
         */
        private GuestExit idle(long deadline, Duration timeout) {
            Scheduler sched = kernel.sched;
            long due = Math.min(sched.earliestDeadline(), kernel.timerDeadline());
            long now = kernel.monotonicNow();
            if (sched.waitsForHost()) {
                long wallLeft = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (wallLeft <= 0) return new GuestExit.TimedOut(timeout.toMillis());
                long wait = Math.min(wallLeft, due == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, due - now));
                long ms = wait == Long.MAX_VALUE ? 0 : Math.max(1, wait / 1_000_000);
                long w0 = System.nanoTime();
                sched.waitForHost(ms);
                if (guest.control() != null && guest.control().stopRequested()) return new GuestExit.Signaled(15, "stopped by request");
                // Waiting for the host takes guest time too (never past the deadline that ended it).
                long slept = System.nanoTime() - w0;
                kernel.clock.sleep(due == Long.MAX_VALUE ? slept : Math.min(slept, due - now));
                return null;
            }
            if (due != Long.MAX_VALUE) {
                if (kernel.clock.isReal()) {
                    // Real time: wait for the deadline (never past the run's own), a stop request ends it early.
                    long wallLeft = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                    if (wallLeft <= 0) return new GuestExit.TimedOut(timeout.toMillis());
                    java.util.concurrent.locks.LockSupport.parkNanos(Math.min(Math.min(wallLeft, due - now), 100_000_000L));
                    if (guest.control() != null && guest.control().stopRequested()) return new GuestExit.Signaled(15, "stopped by request");
                } else {
                    kernel.clock.sleep(Math.max(1, due - now));
                }
                return null;
            }
            return new GuestExit.Signaled(Signals.SIGKILL, "deadlock: every thread is blocked and nothing can wake them ("
                    + sched.describeBlocked() + ")");
        }

        /**
         * What a non-budget stop means: null to go on (a guest handler now runs
         * for the fault), or how the process ended.
         */
        private GuestExit stopped(Stop stop) {
            switch (stop) {
                case BUDGET, HALT -> { return null; }
                case FAULT -> {
                    GuestFault f = cpu.fault;
                    if (f != null && f.faultCause() != GuestFault.Cause.MEMORY_LIMIT && kernel.deliverFault(Signals.SIGSEGV,
                            f.faultCause() == GuestFault.Cause.UNMAPPED ? SignalState.SEGV_MAPERR : SignalState.SEGV_ACCERR,
                            f.address(), cpu.faultRip)) return null;
                    return kernel.end() != null ? kernel.end() : fault(f, cpu.faultRip);
                }
                case ILLEGAL -> {
                    if (kernel.deliverFault(Signals.SIGILL, SignalState.ILL_ILLOPN, cpu.faultRip, cpu.faultRip)) return null;
                    // The CPU's text already names the bytes and the address; add where that is in the program.
                    return new GuestExit.Signaled(Signals.SIGILL, cpu.illegal != null
                            ? cpu.illegal + " (" + offset(cpu.faultRip) + ")"
                            : "illegal instruction at " + where(cpu.faultRip));
                }
                case DIVIDE -> {
                    if (kernel.deliverFault(Signals.SIGFPE, SignalState.FPE_INTDIV, cpu.faultRip, cpu.faultRip)) return null;
                    return new GuestExit.Signaled(Signals.SIGFPE, "divide error at " + where(cpu.faultRip));
                }
                case TRAP -> {
                    if (kernel.deliverFault(Signals.SIGTRAP, SignalState.SI_KERNEL, 0, cpu.rip)) return null;
                    return new GuestExit.Signaled(Signals.SIGTRAP, "trap at " + where(cpu.rip));
                }
                case BREAKPOINT -> {
                    if (guest.atMain() == null || cpu.rip != cpu.breakpoint)
                        return new GuestExit.Signaled(Signals.SIGTRAP, "trap at " + where(cpu.rip));
                    guest.atMain().run();
                    return new GuestExit.Signaled(Signals.SIGTRAP, "stopped at main, " + where(cpu.rip));
                }
                default -> { return new GuestExit.Signaled(Signals.SIGTRAP, "trap at " + where(cpu.rip)); }
            }
        }

        private GuestExit fault(GuestFault f, long rip) {
            if (f == null) return new GuestExit.Signaled(Signals.SIGSEGV, "segmentation fault at " + where(rip));
            if (f.faultCause() == GuestFault.Cause.MEMORY_LIMIT) {
                return new GuestExit.Signaled(Signals.SIGKILL, f.getMessage() + " (limit " + (guest.maxMemory() >> 20)
                        + " MiB) at " + where(rip));
            }
            return new GuestExit.Signaled(Signals.SIGSEGV, "segmentation fault: " + f.getMessage() + " at " + where(rip));
        }

        /** "rip 0x5555...(program+0x1234)" so a crash can be found in the binary. */
        private String where(long rip) {
            return "rip " + hex(rip) + " (" + offset(rip) + ")";
        }

        private String offset(long rip) {
            return guest.argv().get(0) + "+" + hex(rip - bias);
        }

        private static String hex(long v) { return "0x" + Long.toHexString(v); }

        private static byte[] readHost(Path file) throws LoadException {
            try {
                if (Files.size(file) > MAX_PROGRAM) throw new LoadException(file + ": larger than 1 GiB");
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new LoadException("cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}
