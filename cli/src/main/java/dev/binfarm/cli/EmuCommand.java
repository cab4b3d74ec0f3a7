package dev.binfarm.cli;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code farm emu}: runs one guest in the bundled emulator, with the command's own stdio. */
@Command(name = "emu", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a Linux x86-64 program in the bundled emulator, confined to a root filesystem.",
                "Exit status: the guest's; 128+N when signal N ended it; 124 on timeout; 2 when it cannot start."},
        footer = {"", "Example: farm emu --rootfs static-pie-apps/bc --stats -- /bc -q"})
final class EmuCommand implements Callable<Integer> {
    @Option(names = "--rootfs", required = true, paramLabel = "DIR", description = "Directory the guest sees as /.")
    Path rootfs;

    @Option(names = "--exe", paramLabel = "HOST_ELF",
            description = "Take the program's bytes from this host file; PROGRAM is then only argv[0].")
    Path exe;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop the guest after this wall-clock time (exit 124).")
    Double timeout;

    @Option(names = "--max-memory", paramLabel = "MB", defaultValue = "1024", description = "Guest memory limit (default: ${DEFAULT-VALUE}).")
    long maxMemoryMb;

    @Option(names = "--output-limit", paramLabel = "MB", defaultValue = "256",
            description = "Stop the guest once stdout+stderr exceed this (default: ${DEFAULT-VALUE}).")
    int outputLimitMb;

    @Option(names = "--env", paramLabel = "K=V", description = "Environment variable for the guest (repeatable; default: none).")
    List<String> env = new ArrayList<>();

    @Option(names = "--stdin", paramLabel = "FILE", description = "Guest stdin from this file (default: this command's stdin).")
    Path stdin;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seeds addresses, AT_RANDOM, getrandom and the clock (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--real-clock", description = "Use the host's clocks: sleeps take real time and the date is today's"
            + " (default: the virtual clock, so a run repeats exactly).")
    boolean realClock;

    @Option(names = "--writable", description = "Let the guest change files: changes stay in memory for the run, the rootfs is never written.")
    boolean writable;

    @Option(names = "--stats", description = "Print instructions, wall time and guest MIPS to stderr at exit.")
    boolean stats;

    @Option(names = "--trace", description = "Print each system call to stderr as it returns (strace style).")
    boolean trace;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Syscall profile: only its syscalls run, the rest answer ENOSYS and are flagged"
                    + " (linux: all; others from 'farm syscalls profiles', or a file with one name per line).")
    String profile;

    @Option(names = "--stub", paramLabel = "SYSCALL", description = "Answer this syscall with ENOSYS without running it (repeatable).")
    List<String> stub = new ArrayList<>();

    @Option(names = "--fake", paramLabel = "SYSCALL", description = "Answer this syscall with 0 without running it (repeatable).")
    List<String> fake = new ArrayList<>();

    @Option(names = "--coverage", paramLabel = "FILE", description = "Write the run's syscall coverage as JSON to FILE.")
    Path coverage;

    @Option(names = "--strace", paramLabel = "FILE", description = "Write each system call to FILE in the line format of Unikraft's strace images.")
    Path strace;

    @Option(names = "--publish", paramLabel = "GUEST_PORT:HOST_PORT",
            description = "Reach the guest's GUEST_PORT at 127.0.0.1:HOST_PORT (repeatable). Other ports the guest listens on get an ephemeral host port, named on stderr.")
    List<String> publish = new ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PROGRAM [ARGS...]", description = "The program's path inside the rootfs, and its arguments.")
    List<String> argv;

    @Override
    public Integer call() {
        if (!Files.isDirectory(rootfs)) throw new UserError("rootfs " + rootfs + " is not a directory");
        if (exe != null && !Files.isRegularFile(exe)) throw new UserError("--exe " + exe + " is not a file");
        if (stdin != null && !Files.isRegularFile(stdin)) throw new UserError("--stdin " + stdin + " is not a file");
        if (maxMemoryMb <= 0) throw new UserError("--max-memory must be positive");
        if (outputLimitMb <= 0 || outputLimitMb > 2047) throw new UserError("--output-limit must be between 1 and 2047 MB");
        if (timeout != null && !(timeout > 0)) throw new UserError("--timeout must be positive");
        Guest.Builder b = Guest.builder()
                .rootfs(rootfs)
                .exe(exe)
                .argv(argv)
                .timeout(timeout == null ? null : Duration.ofNanos((long) (timeout * 1e9)))
                .maxMemory(maxMemoryMb << 20)
                .outputCap(outputLimitMb << 20)
                .seed(seed)
                .realClock(realClock)
                .writableRootfs(writable)
                // Raw descriptors, not System.out: a PrintStream swallows EPIPE, and a guest
                // writing into a closed pipe must get SIGPIPE as it would natively.
                .stdout(new FileOutputStream(FileDescriptor.out))
                .stderr(new FileOutputStream(FileDescriptor.err));
        for (String kv : env) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new UserError("--env expects K=V, got '" + kv + "'");
            b.env(kv.substring(0, eq), kv.substring(eq + 1));
        }
        for (String p : publish) {
            String[] gh = p.split(":");
            int guestPort, hostPort;
            try {
                if (gh.length != 2) throw new NumberFormatException();
                guestPort = Integer.parseInt(gh[0]);
                hostPort = Integer.parseInt(gh[1]);
            } catch (NumberFormatException e) {
                throw new UserError("--publish expects GUEST_PORT:HOST_PORT, got '" + p + "'");
            }
            if (guestPort < 1 || guestPort > 65535 || hostPort < 1 || hostPort > 65535)
                throw new UserError("--publish ports must be between 1 and 65535: '" + p + "'");
            b.publish(guestPort, hostPort);
        }
        b.onListen((guestPort, hostPort) -> {
            System.err.println("farm emu: guest port " + guestPort + " listens on 127.0.0.1:" + hostPort);
            System.err.flush();
        });
        if (stdin != null) b.stdin(stdin);
        else b.stdin(System.in);
        if (trace) b.trace(System.err);
        dev.binfarm.emulator.kernel.SyscallPolicy policy = profile != null ? Profiles.policy(spec, profile)
                : dev.binfarm.emulator.kernel.SyscallPolicy.ALL;
        for (String n : stub) if (dev.binfarm.emulator.kernel.SyscallNames.number(n) < 0) throw new UserError("--stub " + n + ": no such x86-64 syscall");
        for (String n : fake) if (dev.binfarm.emulator.kernel.SyscallNames.number(n) < 0) throw new UserError("--fake " + n + ": no such x86-64 syscall");
        b.syscallPolicy(policy.stub(stub.toArray(String[]::new)).fake(fake.toArray(String[]::new)));
        java.io.PrintStream straceOut = null;
        if (strace != null) {
            try {
                straceOut = new java.io.PrintStream(new java.io.BufferedOutputStream(Files.newOutputStream(strace)), false,
                        java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new UserError("cannot write --strace " + strace + ": " + e.getMessage());
            }
            b.unikraftTrace(straceOut);
        }
        GuestOutcome o;
        try {
            o = b.build().run();
        } finally {
            if (straceOut != null) straceOut.close();
        }
        if (coverage != null) {
            try {
                Files.writeString(coverage, dev.binfarm.emulator.kernel.Coverage.json(o));
            } catch (java.io.IOException e) {
                throw new UserError("cannot write --coverage " + coverage + ": " + e.getMessage());
            }
        }
        System.out.flush();
        GuestExit exit = o.exit();
        switch (exit) {
            case GuestExit.LoadFailed l -> throw new UserError(l.message());
            case GuestExit.Signaled s -> System.err.println("farm: guest killed by signal " + s.signal() + ": " + s.reason());
            case GuestExit.TimedOut t -> System.err.println("farm: guest timed out after " + seconds(t.millis()) + " s");
            case GuestExit.Exited e -> { }
        }
        if (stats) {
            System.err.printf(Locale.ROOT, "farm: %d instructions, %.3f s, %.1f guest MIPS, %s, %d syscalls, peak memory %d KiB%n",
                    o.instructions(), o.wallTime().toNanos() / 1e9, o.mips(),
                    o.kind() == null ? "?" : o.kind().label() + (o.kind().label().equals("static") ? " (non-PIE)" : ""),
                    o.trace() == null ? 0 : o.trace().total(), o.peakMemoryBytes() >> 10);
        }
        System.err.flush();
        return exit.status();
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
