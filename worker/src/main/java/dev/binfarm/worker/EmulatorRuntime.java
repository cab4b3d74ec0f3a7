package dev.binfarm.worker;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestControl;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.kernel.SyscallPolicy;
import dev.binfarm.emulator.kernel.SyscallUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded emulator as a runtime: a {@link RunRequest} becomes a {@link Guest}, run on
 * its own thread. The guest enforces its timeout itself; a watchdog also gives up on it
 * {@link #GRACE} later, so a misbehaving guest API can never hold a worker slot past
 * timeout + 2 s (the abandoned thread is a daemon and is interrupted).
 */
public final class EmulatorRuntime implements Runtime {
    /** How long after the timeout the watchdog stops waiting for the guest. */
    static final Duration GRACE = Duration.ofMillis(1500);
    /** The interpreter recurses little, but decoding deep blocks and the kernel's path walk like room. */
    private static final long GUEST_STACK = 64L << 20;

    /** How GuestRunner words an exception thrown inside the emulator. */
    static final String EMULATOR_ERROR = "emulator error at rip ";

    private final String version;
    private final SyscallProfiles profiles;
    private final GuestRun guestRun;

    /** Knows only the built-in unrestricted profile. */
    public EmulatorRuntime(String farmVersion) {
        this(farmVersion, SyscallProfiles.builtin());
    }

    /** Enforces the named profiles: syscalls outside a profile answer ENOSYS and are counted as denied. */
    public EmulatorRuntime(String farmVersion, SyscallProfiles profiles) {
        this(farmVersion, profiles, Guest::run);
    }

    /** For tests: how a built guest is run (e.g. one that hangs or throws). */
    EmulatorRuntime(String farmVersion, GuestRun guestRun) {
        this(farmVersion, SyscallProfiles.builtin(), guestRun);
    }

    EmulatorRuntime(String farmVersion, SyscallProfiles profiles, GuestRun guestRun) {
        this.version = farmVersion;
        this.profiles = profiles;
        this.guestRun = guestRun;
    }

    /** Where a run's copy-on-write layer is saved: beside its rootfs, so the cell's work dir holds both. */
    static Path upperDir(Path rootfs) {
        Path abs = rootfs.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".upper");
    }

    /** Runs a built guest; a seam so tests can stand in for a broken emulator. */
    @FunctionalInterface
    interface GuestRun {
        GuestOutcome run(Guest guest);
    }

    @Override
    public Availability available() { return Availability.yes("built in"); }

    @Override public String kind() { return "emulator"; }
    @Override public String name() { return "emulator"; }
    @Override public String version() { return version; }

    @Override
    public RunOutcome run(RunRequest request) throws InterruptedException {
        return run(request, null);
    }

    /**
     * Every port the guest listens on is published on an ephemeral host
     * loopback port reported to {@code ports}; an interrupt (the server check
     * is done) stops the guest, which closes its sockets before this returns.
     */
    @Override
    public RunOutcome run(RunRequest request, ServerPorts ports) throws InterruptedException {
        long t0 = System.nanoTime();
        SyscallProfiles.Allowed allowed;
        try {
            allowed = profiles.allowed(request.profile()).orElse(null);
        } catch (RuntimeException e) {
            return RunOutcome.failed("cannot read syscall profile '" + request.profile() + "': " + message(e), elapsed(t0));
        }
        if (allowed == null) return RunOutcome.failed("no syscall profile named '" + request.profile() + "'", elapsed(t0));
        Guest guest;
        GuestControl control = new GuestControl();
        if (ports != null) ports.mapped();
        try {
            guest = Guest.builder()
                    .syscallPolicy(allowed.syscalls() == null ? SyscallPolicy.ALL : SyscallPolicy.profile(allowed.syscalls()))
                    .rootfs(request.rootfs())
                    .exe(request.exe())
                    .argv(request.argv())
                    .env(request.env())
                    .stdin(request.stdin())
                    .timeout(request.timeout())
                    .maxMemory(request.maxMemoryBytes())
                    .outputCap(request.outputCap())
                    .seed(request.seed())
                    .cwd(request.cwd())
                    // Guests may write (gzip -k makes input.txt.gz); the rootfs stays as materialised and
                    // the changes land beside it, where the judge looks for produced files.
                    .writableRootfs(upperDir(request.rootfs()))
                    .control(control)
                    .onListen(ports == null ? null : ports::listening)
                    .build();
        } catch (RuntimeException e) {
            return RunOutcome.failed("cannot describe the guest: " + message(e), elapsed(t0));
        }
        CompletableFuture<GuestOutcome> done = new CompletableFuture<>();
        Thread t = new Thread(null, () -> {
            try {
                done.complete(guestRun.run(guest));
            } catch (Throwable e) { // an emulator bug must reach the cell as ERROR, not kill the worker
                done.completeExceptionally(e);
            }
        }, "guest-" + request.argv().getFirst(), GUEST_STACK);
        t.setDaemon(true);
        t.start();
        long waitNanos = request.timeout().plus(GRACE).toNanos();
        try {
            return outcome(done.get(waitNanos, TimeUnit.NANOSECONDS), t0);
        } catch (TimeoutException e) {
            control.stop();
            t.interrupt();
            return RunOutcome.timedOut(null, null, elapsed(t0), 0, List.of());
        } catch (ExecutionException e) {
            return RunOutcome.failed("emulator internal error: " + message(e.getCause()), elapsed(t0));
        } catch (InterruptedException e) {
            control.stop();
            t.interrupt();
            try {
                // The guest leaves at its next slice or host wait and closes its sockets.
                return outcome(done.get(GRACE.toMillis(), TimeUnit.MILLISECONDS), t0);
            } catch (TimeoutException | ExecutionException ignored) {
                throw e;
            } finally {
                Thread.currentThread().interrupt();
            }
        }
    }

    static RunOutcome outcome(GuestOutcome g, long t0) {
        List<SyscallCount> syscalls = new ArrayList<>();
        for (SyscallUsage u : g.syscalls()) syscalls.add(new SyscallCount(u.nr(), u.name(), u.calls(), u.errors(), u.denied()));
        Duration d = g.wallTime() != null ? g.wallTime() : elapsed(t0);
        return switch (g.exit()) {
            case GuestExit.Exited e -> new RunOutcome(e.code(), null, false, null, g.stdout(), g.stderr(), d,
                    g.instructions(), syscalls, null);
            // A Java exception inside the emulator is reported as SIGILL "emulator error at rip ...": that is
            // our bug, not the app crashing, so the cell is an infrastructure ERROR.
            case GuestExit.Signaled s when s.reason() != null && s.reason().startsWith(EMULATOR_ERROR) -> new RunOutcome(
                    null, null, false, "emulator internal error: " + s.reason(), g.stdout(), g.stderr(), d,
                    g.instructions(), syscalls, s.reason());
            case GuestExit.Signaled s -> new RunOutcome(null, s.signal(), false, null, g.stdout(), g.stderr(), d,
                    g.instructions(), syscalls, s.reason());
            case GuestExit.TimedOut t -> RunOutcome.timedOut(g.stdout(), g.stderr(), d, g.instructions(), syscalls);
            case GuestExit.LoadFailed l -> new RunOutcome(null, null, false, l.message(), g.stdout(), g.stderr(), d,
                    g.instructions(), syscalls, null);
        };
    }

    /** SIGSEGV for 11, "signal 99" for numbers without a name. */
    static String signalName(int signal) {
        return signal > 0 && signal < SIGNALS.length ? SIGNALS[signal] : "signal " + signal;
    }

    /** Linux x86-64 numbering (the emulator's own table is internal to its kernel). */
    private static final String[] SIGNALS = {
        "signal 0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    private static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + m;
    }
}
