package dev.binfarm.cli;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code farm bench}: one CPU-bound static-PIE program, compiled here, run natively, under
 * qemu-x86_64 (when installed) and in the bundled emulator in the same invocation. The outputs must
 * match; the table gives wall times, ratios and the emulator's guest MIPS. Not a timed test.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the emulator against native and qemu-x86_64 on a CPU-bound static-PIE program.")
final class BenchCommand implements Runnable {
    static final String SOURCE = "/bench/bench.c";
    private static final Duration NATIVE_TIMEOUT = Duration.ofMinutes(5);

    @ParentCommand
    Farm farm;

    @Spec
    CommandSpec spec;

    @Option(names = "--size", paramLabel = "N", defaultValue = "20",
            description = "Workload size: 0 is a few million instructions, 20 (default) about a second natively.")
    int size;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Runs per runtime; the table shows the fastest (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "Emulator time limit per run (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--no-qemu", description = "Skip qemu-x86_64 even when it is installed.")
    boolean noQemu;

    @Option(names = "--catalogs", paramLabel = "DIR",
            description = "Also run FACTS.md's speed-table workloads (sqlite3 recursive CTE, bc -l pi, gzip of 20 MB) "
                    + "with the static-PIE apps of DIR/static-pie-apps.git (e.g. ../shared/catalogs). Takes minutes.")
    Path catalogs;

    /** One program run the same way by every runtime: an ELF from the host, shown to the guest at argv[0] in rootfs. */
    record Workload(String name, Path rootfs, Path elf, List<String> argv, byte[] stdin) { }

    /** One runtime's best run: wall time, output, and guest instructions when the runtime counts them. */
    record Measurement(String runtime, Duration wall, Duration cpu, byte[] stdout, int status, long instructions, String note) { }

    @Override
    public void run() {
        if (size < 0) throw new UserError("--size must be >= 0");
        if (repeat < 1) throw new UserError("--repeat must be >= 1");
        PrintWriter out = spec.commandLine().getOut();
        Path work = workDir();
        Path binary = compile(work);
        Path rootfs = work.resolve("rootfs");
        copyInto(binary, rootfs.resolve("bench"));
        out.printf("farm bench: size %d, %d run(s) each, binary %s%n", size, repeat, binary);
        out.flush();
        Workload main = new Workload("bench", rootfs, rootfs.resolve("bench"), List.of("/bench", Integer.toString(size)), new byte[0]);
        boolean same = measure(out, main, true);
        if (catalogs != null) {
            for (Workload w : CatalogWorkloads.prepare(catalogs, work)) same &= measure(out, w, false);
        } else {
            Path found = CatalogWorkloads.findShared();
            if (found != null) out.printf("%nFACTS.md speed-table workloads: add --catalogs %s (takes minutes)%n", found);
        }
        if (!same) throw new UserError("bench outputs differ between runtimes (see above)", 1);
        out.flush();
    }

    /**
     * Runs one workload on every runtime and prints its table. The emulator must match the native
     * output; qemu must too for our own program, while for catalog apps a qemu difference is only
     * noted (FACTS.md: qemu-x86_64 lets guests see host files, so sqlite3 crashes under it).
     */
    private boolean measure(PrintWriter out, Workload w, boolean qemuMustMatch) {
        List<Measurement> results = new ArrayList<>();
        Measurement nativeRun = best(() -> host("native", nativeCommand(w), w.stdin()));
        results.add(nativeRun);
        Measurement qemu = null;
        if (!noQemu && onPath("qemu-x86_64")) {
            List<String> cmd = new ArrayList<>(List.of("qemu-x86_64", "-L", w.rootfs().toString(), w.elf().toString()));
            cmd.addAll(w.argv().subList(1, w.argv().size()));
            qemu = best(() -> host("qemu-x86_64", cmd, w.stdin()));
            results.add(qemu);
        }
        results.add(best(() -> emulator(w)));

        out.printf("%n== %s: %s%n", w.name(), String.join(" ", w.argv()));
        printTable(out, results, nativeRun, qemu);
        boolean same = true;
        for (Measurement m : results) {
            if (m.status() == nativeRun.status() && Arrays.equals(m.stdout(), nativeRun.stdout())) continue;
            boolean fatal = m.runtime().equals("emulator") || qemuMustMatch;
            same &= !fatal;
            out.printf("%s: %s (status %d%s) printed %d bytes: %s%n", fatal ? "OUTPUT MISMATCH" : "note, differs from native",
                    m.runtime(), m.status(), m.note().isEmpty() ? "" : ", " + m.note(), m.stdout().length, summary(m.stdout()));
        }
        out.printf("native output: %s%n", summary(nativeRun.stdout()));
        if (same) out.println("outputs match: " + String.join(", ", results.stream()
                .filter(m -> m.status() == nativeRun.status() && Arrays.equals(m.stdout(), nativeRun.stdout()))
                .map(Measurement::runtime).toList()));
        out.flush();
        return same;
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
        if (b.length <= 200 && t.chars().allMatch(c -> c >= 32 || c == '\n' || c == '\t')) return t;
        try {
            return b.length + " bytes, sha256 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Run { Measurement once(); }

    private Measurement best(Run run) {
        Measurement best = null;
        for (int i = 0; i < repeat; i++) {
            Measurement m = run.once();
            if (best == null || m.wall().compareTo(best.wall()) < 0) best = m;
        }
        return best;
    }

    private static Measurement host(String runtime, List<String> cmd, byte[] stdin) {
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
            return new Measurement(runtime, wall, null, stdout, p.exitValue(), -1, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Measurement emulator(Workload w) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        // The guest runs on this thread: its CPU time stays meaningful when other work shares the cores.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        GuestOutcome o;
        try {
            o = Guest.builder().rootfs(w.rootfs()).exe(w.elf()).argv(w.argv()).env("PATH", "/").stdin(w.stdin())
                    .outputCap(256 << 20).timeout(Duration.ofSeconds(timeoutSeconds)).build().run();
        } catch (UnsupportedOperationException e) {
            throw new UserError("the emulator cannot run guests yet: " + e.getMessage(), 1);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        Duration cpu = Duration.ofNanos(threads.getCurrentThreadCpuTime() - cpu0);
        stdout.writeBytes(o.stdout());
        String note = switch (o.exit()) {
            case GuestExit.Exited e -> "";
            case GuestExit.Signaled s -> "signal " + s.signal() + ": " + s.reason();
            case GuestExit.TimedOut t -> "timed out";
            case GuestExit.LoadFailed l -> "load failed: " + l.message();
        };
        return new Measurement("emulator", wall, cpu, stdout.toByteArray(), o.exit().status(), o.instructions(), note);
    }

    static void printTable(PrintWriter out, List<Measurement> rows, Measurement nativeRun, Measurement qemu) {
        out.printf("%-12s %10s %10s %9s %15s %9s %9s %10s%n", "runtime", "wall s", "x native", "x qemu", "guest insns",
                "MIPS", "cpu s", "MIPS(cpu)");
        for (Measurement m : rows) {
            double s = seconds(m.wall());
            String xNative = String.format("%.2f", s / seconds(nativeRun.wall()));
            String xQemu = qemu == null ? "-" : String.format("%.2f", s / seconds(qemu.wall()));
            String insns = m.instructions() >= 0 ? String.format("%,d", m.instructions()) : "-";
            String mips = m.instructions() >= 0 && s > 0 ? String.format("%.1f", m.instructions() / s / 1e6) : "-";
            String cpu = m.cpu() == null ? "-" : String.format("%.3f", seconds(m.cpu()));
            String cpuMips = m.cpu() == null || m.instructions() < 0 || m.cpu().isZero() ? "-"
                    : String.format("%.1f", m.instructions() / seconds(m.cpu()) / 1e6);
            out.printf("%-12s %10.3f %10s %9s %15s %9s %9s %10s%n", m.runtime(), s, xNative, xQemu, insns, mips, cpu, cpuMips);
        }
        out.println("(wall times and ratios suffer when other work shares the cores; cpu s is the emulator thread's CPU time)");
        out.flush();
    }

    /** Compiles bench.c (shipped in the jar) once per source version into the work dir. */
    private static Path compile(Path work) {
        try (InputStream in = BenchCommand.class.getResourceAsStream(SOURCE)) {
            if (in == null) throw new IllegalStateException(SOURCE + " is missing from the farm jar");
            byte[] source = in.readAllBytes();
            if (!onPath("gcc")) throw new UserError("farm bench needs gcc to build its workload (apt-get install gcc)");
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source), 0, 8);
            Path binary = work.resolve("bench-" + key);
            if (Files.isExecutable(binary)) return binary;
            Path src = work.resolve("bench.c");
            Files.write(src, source);
            Process p = new ProcessBuilder("gcc", "-O2", "-static-pie", "-o", binary.toString(), src.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new UserError("compiling the bench program failed:\n" + log, 1);
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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

    private static double seconds(Duration d) { return d.toNanos() / 1e9; }

    private static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }
}
