package dev.binfarm.emulator;

import dev.binfarm.emulator.cpu.Cpu;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The emulator's run API: describe one guest, run it, get a {@link GuestOutcome}.
 *
 * <pre>{@code
 * GuestOutcome out = Guest.builder()
 *     .rootfs(Path.of("/tmp/bc"))
 *     .argv(List.of("/bc"))
 *     .stdin("2^100\n".getBytes())
 *     .timeout(Duration.ofSeconds(10))
 *     .build()
 *     .run();
 * }</pre>
 */
public final class Guest {
    public static final long DEFAULT_MAX_MEMORY = 1L << 30;
    public static final int DEFAULT_OUTPUT_CAP = 4 << 20;

    private final Path rootfs;
    private final Path exe;
    private final List<String> argv;
    private final Map<String, String> env;
    private final byte[] stdin;
    private final Path stdinFile;
    private final InputStream stdinStream;
    private final Duration timeout;
    private final long maxMemory;
    private final int outputCap;
    private final long seed;
    private final OutputStream stdoutSink;
    private final OutputStream stderrSink;
    private final PrintStream traceSink;
    private final PrintStream unikraftTraceSink;
    private final long maxInstructions;
    private final dev.binfarm.emulator.kernel.SyscallPolicy syscallPolicy;
    private final boolean writableRootfs;
    private final Path upperDir;
    private final String cwd;
    private final java.time.Instant clockStart;
    private final Map<Integer, Integer> published;
    private final dev.binfarm.emulator.net.Net.ListenListener onListen;
    private final GuestControl control;
    private final Runnable atMain;
    private final boolean realClock;

    private Guest(Builder b) {
        this.rootfs = Objects.requireNonNull(b.rootfs, "rootfs");
        if (b.argv.isEmpty()) throw new IllegalArgumentException("argv must name the program");
        this.exe = b.exe;
        this.argv = List.copyOf(b.argv);
        this.env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.env)); // Map.copyOf would lose the order
        this.stdin = b.stdin;
        this.stdinFile = b.stdinFile;
        this.stdinStream = b.stdinStream;
        this.timeout = b.timeout;
        this.maxMemory = b.maxMemory;
        this.outputCap = b.outputCap;
        this.seed = b.seed;
        this.stdoutSink = b.stdoutSink;
        this.stderrSink = b.stderrSink;
        this.traceSink = b.traceSink;
        this.unikraftTraceSink = b.unikraftTraceSink;
        this.maxInstructions = b.maxInstructions;
        this.syscallPolicy = b.syscallPolicy;
        this.writableRootfs = b.writableRootfs;
        this.upperDir = b.upperDir;
        if (!b.cwd.startsWith("/")) throw new IllegalArgumentException("cwd must be an absolute guest path: " + b.cwd);
        this.cwd = b.cwd;
        this.clockStart = b.clockStart;
        this.published = Map.copyOf(b.published);
        this.onListen = b.onListen;
        this.control = b.control;
        this.atMain = b.atMain;
        this.realClock = b.realClock;
    }

    public static Builder builder() { return new Builder(); }

    /** Runs the guest to completion (exit, fatal signal, or timeout) on the calling thread. */
    public GuestOutcome run() {
        return dev.binfarm.emulator.kernel.GuestRunner.run(this);
    }

    /** The host directory shown to the guest as "/". */
    public Path rootfs() { return rootfs; }
    /** The ELF to load from the host instead of argv[0] inside the rootfs (Unikraft's initrd style); may be null. */
    public Path exe() { return exe; }
    /** argv; argv[0] is the program's path inside the rootfs unless {@link #exe()} is set. */
    public List<String> argv() { return argv; }
    /** The environment, in insertion order. */
    public Map<String, String> env() { return env; }
    /** Bytes for stdin, or null. */
    public byte[] stdin() { return stdin; }
    /** A host file for stdin, or null. */
    public Path stdinFile() { return stdinFile; }
    /** A stream for stdin (e.g. the command's own), or null. */
    public InputStream stdinStream() { return stdinStream; }
    /** Wall-clock limit; null or zero means none. */
    public Duration timeout() { return timeout; }
    public long maxMemory() { return maxMemory; }
    public int outputCap() { return outputCap; }

    /**
     * Forgets the translated code guests of this JVM share (a guest running a program an earlier guest
     * ran reuses its compiled regions): benchmarks measure a guest that starts without any.
     */
    public static void forgetSharedTranslations() {
        Cpu.clearSharedTranslations();
    }

    /** Seeds the load base, AT_RANDOM, getrandom and the virtual clock: same seed, same run. */
    public long seed() { return seed; }
    /** Where stdout goes as it is written (null = captured in the outcome). */
    public OutputStream stdoutSink() { return stdoutSink; }
    public OutputStream stderrSink() { return stderrSink; }
    /** Where strace-like lines go as syscalls return (null = none; the outcome always has the trace). */
    public PrintStream traceSink() { return traceSink; }

    /** Where lines in Unikraft's strace-image format go as syscalls return (null = none). */
    public PrintStream unikraftTraceSink() { return unikraftTraceSink; }
    /** Stop after about this many instructions, reported as a timeout (0 = no limit). */
    public long maxInstructions() { return maxInstructions; }
    /** The syscall profile and stub/fake injections (default: every implemented syscall runs). */
    public dev.binfarm.emulator.kernel.SyscallPolicy syscallPolicy() { return syscallPolicy; }
    /**
     * True: the guest may create, change and delete files; the changes live in
     * a per-run copy-on-write layer in memory (bounded by {@link #maxMemory()})
     * and vanish with the run, the rootfs on the host is never written. False
     * (the default): writes fail with EROFS.
     */
    public boolean writableRootfs() { return writableRootfs; }
    /**
     * A host directory the copy-on-write layer is written to when the run ends
     * (AUFS layout: {@code .wh.name} marks a deletion), or null. The rootfs is
     * still never written; {@link GuestOutcome#files()} reads the merged view.
     */
    public Path upperDir() { return upperDir; }
    /** The guest's working directory at start (an absolute guest path). */
    public String cwd() { return cwd; }
    /**
     * The guest's wall-clock time at start (null: 2026-01-01T00:00:00Z). File
     * times are the host's, so a caller comparing with a host run sets this
     * after them (e.g. {@code ls -l} shows a year instead of a time for files
     * "in the future"). The clock still advances only with the run.
     */
    public java.time.Instant clockStart() { return clockStart; }

    /** Guest port -> fixed host loopback port (farm emu --publish); other ports get an ephemeral host port. */
    public Map<Integer, Integer> published() { return published; }

    /** Told (on the run's thread) whenever a guest socket starts listening; may be null. */
    public dev.binfarm.emulator.net.Net.ListenListener onListen() { return onListen; }

    /** Stop requests and listening ports from other threads; may be null. */
    public GuestControl control() { return control; }

    /**
     * Called on the guest's thread when the program is about to run the first
     * instruction of its main (found from glibc's _start); the run then ends as
     * Signaled(SIGTRAP, "stopped at main ..."). Null: run normally. For
     * start-up timing and for measuring the host memory of an idle guest.
     */
    public Runnable atMain() { return atMain; }

    /**
     * The host's clocks instead of the virtual clock: sleeps take real time and
     * CLOCK_REALTIME is today's. Runs then depend on the host's timing; the farm
     * keeps the virtual clock so a cell repeats exactly.
     */
    public boolean realClock() { return realClock; }

    public static final class Builder {
        private Path rootfs;
        private Path exe;
        private final List<String> argv = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private byte[] stdin;
        private Path stdinFile;
        private InputStream stdinStream;
        private Duration timeout = Duration.ofSeconds(60);
        private long maxMemory = DEFAULT_MAX_MEMORY;
        private int outputCap = DEFAULT_OUTPUT_CAP;
        private long seed = 1;
        private OutputStream stdoutSink;
        private OutputStream stderrSink;
        private PrintStream traceSink;
        private PrintStream unikraftTraceSink;
        private long maxInstructions;
        private dev.binfarm.emulator.kernel.SyscallPolicy syscallPolicy = dev.binfarm.emulator.kernel.SyscallPolicy.ALL;
        private boolean writableRootfs;
        private Path upperDir;
        private String cwd = "/";
        private java.time.Instant clockStart;
        private final Map<Integer, Integer> published = new LinkedHashMap<>();
        private dev.binfarm.emulator.net.Net.ListenListener onListen;
        private GuestControl control;
        private Runnable atMain;
        private boolean realClock;

        public Builder rootfs(Path dir) { this.rootfs = dir; return this; }
        public Builder exe(Path hostElf) { this.exe = hostElf; return this; }
        public Builder argv(List<String> args) { argv.clear(); argv.addAll(args); return this; }
        public Builder argv(String... args) { return argv(List.of(args)); }
        public Builder env(String key, String value) { env.put(key, value); return this; }
        public Builder env(Map<String, String> vars) { env.putAll(vars); return this; }
        public Builder stdin(byte[] bytes) { this.stdin = bytes; this.stdinFile = null; this.stdinStream = null; return this; }
        public Builder stdin(Path file) { this.stdinFile = file; this.stdin = null; this.stdinStream = null; return this; }
        public Builder stdin(InputStream in) { this.stdinStream = in; this.stdin = null; this.stdinFile = null; return this; }
        public Builder timeout(Duration t) { this.timeout = t; return this; }
        public Builder maxMemory(long bytes) { this.maxMemory = bytes; return this; }
        public Builder outputCap(int bytes) { this.outputCap = bytes; return this; }
        public Builder seed(long s) { this.seed = s; return this; }
        public Builder stdout(OutputStream sink) { this.stdoutSink = sink; return this; }
        public Builder stderr(OutputStream sink) { this.stderrSink = sink; return this; }
        public Builder trace(PrintStream sink) { this.traceSink = sink; return this; }
        /** Each syscall as Unikraft's strace images print it, to {@code sink}. */
        public Builder unikraftTrace(PrintStream sink) { this.unikraftTraceSink = sink; return this; }
        public Builder maxInstructions(long n) { this.maxInstructions = n; return this; }
        /** See {@link Guest#atMain()}. */
        public Builder atMain(Runnable hook) { this.atMain = hook; return this; }
        /** See {@link Guest#realClock()}. */
        public Builder realClock(boolean on) { this.realClock = on; return this; }
        public Builder writableRootfs(boolean on) { this.writableRootfs = on; if (!on) upperDir = null; return this; }
        /** Writable, and the layer is saved to {@code upperDir} on the host when the run ends. */
        public Builder writableRootfs(Path upperDir) { this.writableRootfs = true; this.upperDir = Objects.requireNonNull(upperDir); return this; }
        public Builder clockStart(java.time.Instant at) { this.clockStart = at; return this; }
        public Builder cwd(String guestDir) { this.cwd = Objects.requireNonNull(guestDir); return this; }
        public Builder syscallPolicy(dev.binfarm.emulator.kernel.SyscallPolicy p) { this.syscallPolicy = Objects.requireNonNull(p); return this; }

        /** A guest listening on {@code guestPort} (any address) is reached at 127.0.0.1:{@code hostPort}. */
        public Builder publish(int guestPort, int hostPort) { published.put(guestPort, hostPort); return this; }
        public Builder onListen(dev.binfarm.emulator.net.Net.ListenListener l) { this.onListen = l; return this; }
        public Builder control(GuestControl c) { this.control = c; return this; }

        public Guest build() { return new Guest(this); }
    }
}
