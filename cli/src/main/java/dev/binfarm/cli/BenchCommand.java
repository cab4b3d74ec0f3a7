package dev.binfarm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.cpu.Cpuid;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code farm bench}: every workload run natively (chroot into its rootfs when root), under qemu-x86_64
 * (when installed, {@code -L rootfs}) and in the bundled emulator, in one invocation, several times each;
 * min and median per runtime and the emulator's ratios. Workloads: FACTS.md's speed table with the
 * dynamic-apps catalog (sqlite3, bc, gzip), a project-written C program and a Go program (both compiled
 * here). Also the emulator's start-to-main time for dynamic sqlite3 in a warm JVM and the host heap an
 * idle guest (stopped at main) retains. The emulator's output must equal the native one.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the emulator against native and qemu-x86_64: FACTS.md's sqlite3/bc/gzip workloads "
                + "(dynamic-apps catalog), a C and a Go program; start-to-main and host memory per idle guest.",
                "Full mode takes several minutes; --short (small sizes, 1 run each) is what CI runs."})
final class BenchCommand implements Runnable {
    static final String SOURCE = "/bench/bench.c";
    /** The emulator running a program the JVM has run before (shared translations). */
    static final String WARM = "emu-warm";
    /** qemu with the emulator's CPU model ({@link #qemuCpu}): the same guest code as in the emulator. */
    static final String QEMU_SAME_CPU = "qemu-samecpu";
    static final String GO_SOURCE = "/bench/gobench.go";
    private static final Duration NATIVE_TIMEOUT = Duration.ofMinutes(5);
    /**
     * The environment every runtime gives the workload, so outputs can be compared byte for byte; in this
     * order every time (Map.of's order changes with every JVM, and with it Go's instruction count).
     */
    static final Map<String, String> ENV = inOrder("PATH", "/usr/bin:/bin", "HOME", "/", "LANG", "C", "TERM", "dumb");

    private static Map<String, String> inOrder(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
        return Collections.unmodifiableMap(m);
    }

    @ParentCommand
    Farm farm;

    @Spec
    CommandSpec spec;

    @Option(names = "--short", description = "Small sizes and one run per runtime (about a minute; what CI runs).")
    boolean small;

    @Option(names = "--json", description = "Print the figures as JSON on stdout (progress goes to stderr).")
    boolean json;

    @Option(names = "--size", paramLabel = "N", defaultValue = "-1",
            description = "Size of the C workload: 0 is a few million instructions, 20 (full default) about a second natively.")
    int size;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "0",
            description = "Runs per runtime and workload (default: 3, or 1 with --short).")
    int repeat;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "Emulator time limit per run (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--no-qemu", description = "Skip qemu-x86_64 even when it is installed.")
    boolean noQemu;

    @Option(names = "--catalogs", paramLabel = "DIR",
            description = "Directory holding dynamic-apps.git (default: ../shared/catalogs when found).")
    Path catalogs;

    @Option(names = "--only", paramLabel = "WORD", split = ",",
            description = "Run only the workloads whose name contains one of these words (c, go, sqlite3, bc, gzip).")
    List<String> only;

    /** One program run the same way by every runtime: an ELF from the host, shown to the guest at argv[0] in rootfs. */
    record Workload(String name, Path rootfs, Path elf, List<String> argv, byte[] stdin) { }

    /**
     * One run: wall time, output, and for the emulator the guest thread's CPU, guest instructions and HotSpot's
     * compile time during the run (all compiler threads: what a cold run waits for, see the README).
     */
    record Measurement(String runtime, Duration wall, Duration cpu, Duration compile, byte[] stdout, int status,
                       long instructions, String note) { }

    /** Every run of one runtime on one workload. */
    record Series(String runtime, List<Measurement> runs) {
        double min() { return runs.stream().mapToDouble(m -> seconds(m.wall())).min().orElse(Double.NaN); }
        double median() { return BenchCommand.median(runs.stream().mapToDouble(m -> seconds(m.wall())).toArray()); }
        Measurement last() { return runs.get(runs.size() - 1); }
    }

    private PrintWriter out;
    private PrintWriter progress;

    @Override
    public void run() {
        if (size < -1) throw new UserError("--size must be >= 0");
        if (repeat < 0) throw new UserError("--repeat must be >= 1");
        int reps = repeat > 0 ? repeat : small ? 1 : 3;
        int cSize = size >= 0 ? size : small ? 0 : 20;
        out = spec.commandLine().getOut();
        progress = json ? spec.commandLine().getErr() : out;
        Path work = workDir();
        List<String> skipped = new ArrayList<>();
        List<Workload> workloads = new ArrayList<>();

        Path cat = catalogs != null ? catalogs : CatalogWorkloads.findShared();
        Path apps = null;
        if (cat == null) skipped.add("sqlite3, bc, gzip: no dynamic-apps.git found (give --catalogs DIR)");
        else {
            apps = CatalogWorkloads.apps(cat, work);
            workloads.addAll(CatalogWorkloads.prepare(cat, work, small));
        }
        Path binary = compileC(work);
        Path cRoot = work.resolve("rootfs");
        copyInto(binary, cRoot.resolve("bench"));
        workloads.add(new Workload("C: sieve, sha256, qsort, bignum (size " + cSize + ")", cRoot, cRoot.resolve("bench"),
                List.of("/bench", Integer.toString(cSize)), new byte[0]));
        Path go = compileGo(work, skipped);
        if (go != null) {
            Path goRoot = work.resolve("go-rootfs");
            copyInto(go, goRoot.resolve("gobench"));
            int n = small ? 3000 : 200_000;
            workloads.add(new Workload("Go: sha256 chain into a map, sorted (" + n + ")", goRoot, goRoot.resolve("gobench"),
                    List.of("/gobench", Integer.toString(n)), new byte[0]));
        }
        if (only != null) workloads.removeIf(w -> only.stream().noneMatch(o -> matches(w, o)));

        progress.printf("farm bench: %s mode, %d run(s) per runtime, %d workload(s), load average %s%n",
                small ? "short" : "full", reps, workloads.size(), loadAverage());
        for (String s : skipped) progress.println("skipped: " + s);
        progress.flush();

        boolean qemuOn = !noQemu && onPath("qemu-x86_64");
        if (!qemuOn) skipped.add("qemu-x86_64: " + (noQemu ? "--no-qemu" : "not installed"));
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean same = true;
        for (Workload w : workloads) {
            List<Series> results = measure(w, reps, qemuOn);
            same &= report(w, results);
            rows.add(row(w, results));
        }

        Map<String, Object> startup = null, memory = null;
        if (apps != null && (only == null || only.stream().anyMatch(o -> o.contains("main") || o.contains("sqlite")))) {
            Path sqlite = apps.resolve("sqlite3");
            startup = startToMain(sqlite, small ? 4 : 8);
            memory = idleMemory(sqlite, small ? 2 : 4);
            progress.printf("%n== start to main, dynamic sqlite3, warm JVM: median %.1f ms over %d warm runs (first run %.1f ms, min %.1f ms; target < 150 ms)%n",
                    startup.get("warmMedianMs"), startup.get("warmRuns"), startup.get("firstMs"), startup.get("warmMinMs"));
            progress.printf("== host memory per idle guest (dynamic sqlite3 stopped at main): %.1f MiB heap retained (median of %d), guest resident %.1f MiB%n",
                    (Long) memory.get("heapBytes") / 1048576.0, memory.get("samples"), (Long) memory.get("guestResidentBytes") / 1048576.0);
            progress.flush();
        }

        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("mode", small ? "short" : "full");
            doc.put("repetitions", reps);
            doc.put("workloads", rows);
            if (startup != null) doc.put("startToMain", startup);
            if (memory != null) doc.put("idleGuestMemory", memory);
            doc.put("skipped", skipped);
            doc.put("machine", machine());
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        out.flush();
        if (!same) throw new UserError("bench outputs differ between runtimes (see above)", 1);
    }

    private static boolean matches(Workload w, String word) {
        String name = w.name().toLowerCase(java.util.Locale.ROOT);
        String o = word.toLowerCase(java.util.Locale.ROOT);
        return o.equals("c") ? name.startsWith("c:") : o.equals("go") ? name.startsWith("go:") : name.contains(o);
    }

    private List<Series> measure(Workload w, int reps, boolean qemuOn) {
        progress.printf("%n== %s: %s%n", w.name(), String.join(" ", w.argv()));
        progress.flush();
        List<Series> results = new ArrayList<>();
        results.add(repeat(reps, () -> host("native", nativeCommand(w), w.stdin())));
        if (qemuOn) {
            results.add(repeat(reps, () -> host("qemu", qemuCommand(w, List.of()), w.stdin())));
            results.add(repeat(reps, () -> host(QEMU_SAME_CPU, qemuCommand(w, List.of("-cpu", qemuCpu())), w.stdin())));
        }
        // Cold: every run starts without shared translations, like a fresh worker JVM (the figure the ratios use).
        // Warm: the same program again in the same JVM, as a worker runs it for each profile and night: its
        // regions come from the translations the cold runs left (SharedTranslations in the emulator).
        results.add(repeat(reps, () -> emulator(w, true)));
        results.add(repeat(reps, () -> emulator(w, false)));
        return results;
    }

    private static List<String> qemuCommand(Workload w, List<String> options) {
        List<String> cmd = new ArrayList<>(List.of("qemu-x86_64"));
        cmd.addAll(options);
        cmd.addAll(List.of("-L", w.rootfs().toString(), w.elf().toString()));
        cmd.addAll(w.argv().subList(1, w.argv().size()));
        return cmd;
    }

    /**
     * qemu's CPU model with the features the emulator's CPUID reports (qemu64 has SSE3 and CMPXCHG16B). Under
     * qemu's default model (max: AVX2, BMI2 and more) glibc's string functions and Go's sha256 take other code
     * paths than under the emulator, so only this model runs the same guest instructions in both.
     */
    static String qemuCpu() {
        StringBuilder cpu = new StringBuilder("qemu64");
        int ecx = Cpuid.LEAF1_ECX;
        if ((ecx & Cpuid.ECX_SSSE3) != 0) cpu.append(",+ssse3");
        if ((ecx & Cpuid.ECX_SSE41) != 0) cpu.append(",+sse4.1");
        if ((ecx & Cpuid.ECX_SSE42) != 0) cpu.append(",+sse4.2");
        if ((ecx & Cpuid.ECX_MOVBE) != 0) cpu.append(",+movbe");
        if ((ecx & Cpuid.ECX_POPCNT) != 0) cpu.append(",+popcnt");
        if ((Cpuid.EXT_ECX & Cpuid.EXT_ECX_ABM) != 0) cpu.append(",+abm");
        return cpu.toString();
    }

    /**
     * Prints one workload's table. The emulator must match the native output; a qemu difference is only
     * noted (FACTS.md: qemu-x86_64 lets guests see host files, which can change what a program does).
     */
    private boolean report(Workload w, List<Series> results) {
        Series nat = results.get(0);
        Series qemu = results.stream().filter(s -> s.runtime().equals("qemu")).findFirst().orElse(null);
        printTable(progress, results, nat, qemu);
        Measurement ref = nat.last();
        boolean same = true;
        for (Series s : results) {
            for (Measurement m : s.runs()) {
                if (m.status() == ref.status() && Arrays.equals(m.stdout(), ref.stdout())) continue;
                boolean fatal = !m.runtime().startsWith("qemu");
                same &= !fatal;
                progress.printf("%s: %s (status %d%s) printed %d bytes: %s%n", fatal ? "OUTPUT MISMATCH" : "note, differs from native",
                        m.runtime(), m.status(), m.note().isEmpty() ? "" : ", " + m.note(), m.stdout().length, summary(m.stdout()));
                break;
            }
        }
        progress.printf("native output (status %d): %s%n", ref.status(), summary(ref.stdout()));
        progress.flush();
        return same;
    }

    private static Map<String, Object> row(Workload w, List<Series> results) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", w.name());
        Map<String, Object> mins = new LinkedHashMap<>();
        Double nat = null, qemu = null, qemuSame = null, emu = null, warm = null;
        Series cold = null, warmRuns = null;
        for (Series s : results) {
            String key = s.runtime();
            switch (s.runtime()) {
                case "native" -> nat = s.median();
                case "qemu" -> qemu = s.median();
                case QEMU_SAME_CPU -> { qemuSame = s.median(); key = "qemuSameCpu"; }
                case WARM -> { warm = s.median(); warmRuns = s; key = "emulatorWarm"; }
                default -> { emu = s.median(); cold = s; }
            }
            row.put(key, round(s.median()));
            mins.put(s.runtime(), round(s.min()));
        }
        if (!row.containsKey("qemu")) row.put("qemu", null);
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("emulator/qemu", qemu == null ? null : round(emu / qemu));
        ratios.put("emulator/native", round(emu / nat));
        ratios.put("qemu/native", qemu == null ? null : round(qemu / nat));
        ratios.put("emulatorWarm/qemu", qemu == null || warm == null ? null : round(warm / qemu));
        ratios.put("emulatorWarm/native", warm == null ? null : round(warm / nat));
        ratios.put("emulator/qemuSameCpu", qemuSame == null ? null : round(emu / qemuSame));
        ratios.put("emulatorWarm/qemuSameCpu", qemuSame == null || warm == null ? null : round(warm / qemuSame));
        row.put("ratios", ratios);
        row.put("min", mins);
        Measurement e = cold.last();
        row.put("emulatorInstructions", e.instructions());
        row.put("emulatorMips", round(e.instructions() / seconds(e.wall()) / 1e6));
        // HotSpot compile time during the emulator's runs: why a cold run is slower than a warm one.
        row.put("emulatorCompileSeconds", compileSeconds(cold));
        if (warmRuns != null) row.put("emulatorWarmCompileSeconds", compileSeconds(warmRuns));
        row.put("argv", w.argv());
        return row;
    }

    /** chroot into the workload's rootfs when we are root (the faithful reference), else run the ELF directly. */
    private static List<String> nativeCommand(Workload w) {
        List<String> cmd = new ArrayList<>();
        if (isRoot() && Files.isExecutable(Path.of("/usr/sbin/chroot"))) {
            cmd.addAll(List.of("/usr/sbin/chroot", w.rootfs().toString()));
            cmd.addAll(w.argv());
        } else {
            cmd.add(w.elf().toString());
            cmd.addAll(w.argv().subList(1, w.argv().size()));
        }
        return cmd;
    }

    /** Short, readable form of an output: the text when small, else its size and SHA-256 prefix. */
    static String summary(byte[] b) {
        String t = text(b).strip();
        if (b.length <= 200 && t.chars().allMatch(c -> c >= 32 || c == '\n' || c == '\t')) return t.replace('\n', ' ');
        try {
            return b.length + " bytes, sha256 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Run { Measurement once(); }

    private Series repeat(int reps, Run run) {
        List<Measurement> runs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            Measurement m = run.once();
            runs.add(m);
            progress.printf("  %-12s run %d: %.3f s%s%n", m.runtime(), i + 1, seconds(m.wall()), m.note().isEmpty() ? "" : " (" + m.note() + ")");
            progress.flush();
        }
        return new Series(runs.get(0).runtime(), runs);
    }

    private static Measurement host(String runtime, List<String> cmd, byte[] stdin) {
        try {
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().putAll(ENV);
            Process p = pb.start();
            Thread feeder = Thread.ofVirtual().start(() -> {
                try (var in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException ignored) {
                    // the program stopped reading: its business
                }
            });
            byte[] stdout = p.getInputStream().readAllBytes();
            feeder.join();
            if (!p.waitFor(NATIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new UserError(runtime + " run timed out after " + NATIVE_TIMEOUT.toSeconds() + " s", 1);
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - t0);
            return new Measurement(runtime, wall, null, null, stdout, p.exitValue(), -1, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Guest.Builder guest(Workload w) {
        return Guest.builder().rootfs(w.rootfs()).exe(w.elf()).argv(w.argv()).env(ENV).stdin(w.stdin())
                .outputCap(256 << 20).timeout(Duration.ofSeconds(timeoutSeconds));
    }

    private Measurement emulator(Workload w, boolean cold) {
        if (cold) Guest.forgetSharedTranslations();
        // The guest runs on this thread: its CPU time stays meaningful when other work shares the cores.
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long jit0 = compileMillis();
        long t0 = System.nanoTime();
        GuestOutcome o;
        try {
            o = guest(w).build().run();
        } catch (UnsupportedOperationException e) {
            throw new UserError("the emulator cannot run guests yet: " + e.getMessage(), 1);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        Duration cpu = Duration.ofNanos(threads.getCurrentThreadCpuTime() - cpu0);
        long jit1 = compileMillis();
        Duration compile = jit0 < 0 || jit1 < 0 ? null : Duration.ofMillis(jit1 - jit0);
        String note = switch (o.exit()) {
            case GuestExit.Exited e -> "";
            case GuestExit.Signaled s -> "signal " + s.signal() + ": " + s.reason();
            case GuestExit.TimedOut t -> "timed out";
            case GuestExit.LoadFailed l -> "load failed: " + l.message();
        };
        return new Measurement(cold ? "emulator" : WARM, wall, cpu, compile, o.stdout(), o.exit().status(), o.instructions(), note);
    }

    /** The median compile time of a series' runs, or null where the JVM does not tell. */
    private static Double compileSeconds(Series s) {
        double[] jit = s.runs().stream().filter(m -> m.compile() != null).mapToDouble(m -> seconds(m.compile())).toArray();
        return jit.length == 0 ? null : round(median(jit));
    }

    /** HotSpot's compile time so far, summed over its compiler threads (ms), or -1 where the JVM does not tell. */
    private static long compileMillis() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /**
     * Time from the start of {@code Guest.run} to the first instruction of main, for dynamic sqlite3
     * (loader, libc and libsqlite3 relocation, constructors). The first runs warm the JVM (HotSpot, and
     * the translations guests share); the median of the rest is the figure.
     */
    private Map<String, Object> startToMain(Path sqliteRoot, int runs) {
        Workload w = new Workload("sqlite3 start", sqliteRoot, sqliteRoot.resolve("usr/bin/sqlite3"),
                List.of("/usr/bin/sqlite3", ":memory:", "select 1;"), new byte[0]);
        double[] ms = new double[runs];
        long insns = 0;
        Guest.forgetSharedTranslations(); // the first run starts from none; the later ones share its translations
        for (int i = 0; i < runs; i++) {
            long[] at = new long[1];
            long t0 = System.nanoTime();
            GuestOutcome o = guest(w).atMain(() -> at[0] = System.nanoTime()).build().run();
            if (at[0] == 0) throw new UserError("start to main: sqlite3 never reached main: " + o.exit(), 1);
            ms[i] = (at[0] - t0) / 1e6;
            insns = o.instructions();
        }
        int warm = Math.max(1, runs / 2);
        double[] tail = Arrays.copyOfRange(ms, runs - warm, runs);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("program", "dynamic-apps sqlite3 (dynamic glibc)");
        m.put("warmMedianMs", round(median(tail)));
        m.put("warmMinMs", round(Arrays.stream(tail).min().orElse(Double.NaN)));
        m.put("firstMs", round(ms[0]));
        m.put("warmRuns", warm);
        m.put("instructions", insns);
        m.put("targetMs", 150);
        return m;
    }

    /**
     * Host heap a guest stopped at main keeps alive: used heap after a full GC while the guest is
     * parked in its main hook, minus the same figure before the run.
     */
    private Map<String, Object> idleMemory(Path sqliteRoot, int samples) {
        Workload w = new Workload("sqlite3 idle", sqliteRoot, sqliteRoot.resolve("usr/bin/sqlite3"),
                List.of("/usr/bin/sqlite3", ":memory:", "select 1;"), new byte[0]);
        java.lang.management.MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        double[] heap = new double[samples];
        long resident = 0;
        for (int i = 0; i < samples; i++) {
            long before = usedAfterGc(mx);
            long[] at = new long[1];
            GuestOutcome o = guest(w).atMain(() -> at[0] = usedAfterGc(mx)).build().run();
            heap[i] = at[0] - before;
            resident = o.peakMemoryBytes();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("program", "dynamic-apps sqlite3 stopped at main");
        m.put("heapBytes", (long) median(heap));
        m.put("samples", samples);
        m.put("guestResidentBytes", resident);
        return m;
    }

    private static long usedAfterGc(java.lang.management.MemoryMXBean mx) {
        System.gc();
        System.gc();
        return mx.getHeapMemoryUsage().getUsed();
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        String model = "unknown";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) { model = line.substring(line.indexOf(':') + 1).strip(); break; }
            }
        } catch (IOException e) {
            // not Linux: leave it unknown
        }
        m.put("cpu", model);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("loadAverage", loadAverage());
        m.put("jdk", Runtime.version().toString());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("date", Instant.now().toString());
        return m;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    static void printTable(PrintWriter out, List<Series> rows, Series nat, Series qemu) {
        out.printf("%-12s %9s %9s %9s %9s %15s %9s %9s %9s%n", "runtime", "min s", "median s", "x native", "x qemu", "guest insns",
                "MIPS", "cpu s", "jit s");
        for (Series s : rows) {
            double med = s.median();
            Measurement m = s.last();
            String xNative = String.format("%.2f", med / nat.median());
            String xQemu = qemu == null ? "-" : String.format("%.2f", med / qemu.median());
            String insns = m.instructions() >= 0 ? String.format("%,d", m.instructions()) : "-";
            String mips = m.instructions() >= 0 ? String.format("%.1f", m.instructions() / seconds(m.wall()) / 1e6) : "-";
            String cpu = m.cpu() == null ? "-" : String.format("%.3f", seconds(m.cpu()));
            String jit = m.compile() == null ? "-" : String.format("%.3f", seconds(m.compile()));
            out.printf("%-12s %9.3f %9.3f %9s %9s %15s %9s %9s %9s%n", s.runtime(), s.min(), med, xNative, xQemu, insns, mips, cpu, jit);
        }
        out.flush();
    }

    /** Compiles bench.c (shipped in the jar) once per source version into the work dir. */
    private static Path compileC(Path work) {
        byte[] source = resource(SOURCE);
        if (!onPath("gcc")) throw new UserError("farm bench needs gcc to build its workload (apt-get install gcc)");
        Path binary = work.resolve("bench-" + key(source));
        if (Files.isExecutable(binary)) return binary;
        Path src = work.resolve("bench.c");
        write(src, source);
        build(work, List.of("gcc", "-O2", "-static-pie", "-o", binary.toString(), src.toString()), Map.of(), "the C workload");
        return binary;
    }

    /** Builds gobench.go with the system Go (CGO_ENABLED=0: a static ELF), or null with a skip note. */
    private static Path compileGo(Path work, List<String> skipped) {
        Path goTool = Files.isExecutable(Path.of("/usr/bin/go")) ? Path.of("/usr/bin/go") : null;
        if (goTool == null) {
            skipped.add("Go workload: /usr/bin/go is not installed (apt-get install golang-go)");
            return null;
        }
        byte[] source = resource(GO_SOURCE);
        Path binary = work.resolve("gobench-" + key(source));
        if (Files.isExecutable(binary)) return binary;
        Path dir = work.resolve("gobench-src");
        write(dir.resolve("main.go"), source);
        write(dir.resolve("go.mod"), "module gobench\n\ngo 1.19\n".getBytes(StandardCharsets.US_ASCII));
        Map<String, String> env = Map.of("CGO_ENABLED", "0", "GOCACHE", work.resolve("gocache").toString(),
                "GOPATH", work.resolve("gopath").toString(), "HOME", work.toString(), "GOFLAGS", "-mod=mod", "GOTOOLCHAIN", "local");
        build(dir, List.of(goTool.toString(), "build", "-o", binary.toString(), "."), env, "the Go workload");
        return binary;
    }

    private static void build(Path dir, List<String> cmd, Map<String, String> env, String what) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new UserError("compiling " + what + " failed:\n" + log, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = BenchCommand.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the farm jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(byte[] source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path workDir() {
        try {
            return Files.createDirectories(farm.home().resolve("bench"));
        } catch (IOException e) {
            throw new UserError("cannot create the bench directory under " + farm.home() + ": " + e.getMessage());
        }
    }

    static void copyInto(Path file, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            target.toFile().setExecutable(true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double round(double v) { return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v; }

    private static double seconds(Duration d) { return d.toNanos() / 1e9; }

    private static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }
}
