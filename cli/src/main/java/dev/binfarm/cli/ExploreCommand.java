package dev.binfarm.cli;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.kernel.SyscallNames;
import dev.binfarm.emulator.kernel.SyscallPolicy;
import dev.binfarm.emulator.kernel.SyscallUsage;
import dev.binfarm.results.Exploration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code farm explore}: Loupe's method on the emulator. Runs the workload once to
 * learn which syscalls it makes, then reruns it once per used syscall with that
 * call stubbed (-ENOSYS) and once faked (returns 0 without running), in
 * parallel, and records whether the workload still passes. Writes Loupe's
 * layout {@code <out>/<app>/<workload>/<run-id>/data/dyn.csv}.
 */
@Command(name = "explore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learn which syscalls a workload needs: stub (-ENOSYS) or fake (0) each used syscall in turn",
                "and rerun; writes <out>/<app>/<workload>/<run-id>/data/dyn.csv in the Loupe database layout."},
        footer = {"", "Example: farm explore --rootfs dynamic-apps/sqlite3 --expect-stdout-contains 347 --workload select \\",
                "           -- /usr/bin/sqlite3 /chinook.db 'select count(*) from Album;'"})
final class ExploreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rootfs", required = true, paramLabel = "DIR", description = "Directory the guest sees as /.")
    Path rootfs;

    @Option(names = "--exe", paramLabel = "HOST_ELF", description = "Take the program's bytes from this host file.")
    Path exe;

    @Option(names = "--stdin", paramLabel = "FILE", description = "Guest stdin from this file (default: empty).")
    Path stdin;

    @Option(names = "--expect-stdout-contains", paramLabel = "TEXT", description = "The workload passes only if stdout contains TEXT (repeatable).")
    List<String> expectStdout = new ArrayList<>();

    @Option(names = "--expect-exit", paramLabel = "N", defaultValue = "0", description = "Expected exit status (default: ${DEFAULT-VALUE}).")
    int expectExit;

    @Option(names = "--workload", paramLabel = "NAME", defaultValue = "default", description = "Workload name in the output layout (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--app", paramLabel = "NAME", description = "App name in the output layout (default: the program's file name).")
    String app;

    @Option(names = "--catalog", paramLabel = "NAME", description = "Also record the findings in the farm database for app --app of this catalog.")
    String catalog;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "explore", description = "Output root (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "2", description = "Reruns in parallel (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", description = "Per-run wall-clock limit (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of every run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--writable", description = "Give each run a copy-on-write layer over the rootfs.")
    boolean writable;

    @Option(names = "--env", paramLabel = "K=V", description = "Environment variable for the guest (repeatable).")
    List<String> env = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "PROGRAM [ARGS...]", description = "The program's path inside the rootfs, and its arguments.")
    List<String> argv;

    /** One explored syscall: used, and whether the workload passed with it faked / stubbed. */
    record Finding(int nr, String name, boolean used, boolean worksFaked, boolean worksStubbed) {
        boolean worksBoth() { return worksFaked && worksStubbed; }
    }

    private long instructionLimit = 0;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(rootfs)) throw new UserError("rootfs " + rootfs + " is not a directory");
        if (stdin != null && !Files.isRegularFile(stdin)) throw new UserError("--stdin " + stdin + " is not a file");
        if (jobs < 1) throw new UserError("--jobs must be at least 1");
        if (!(timeout > 0)) throw new UserError("--timeout must be positive");
        for (String kv : env) if (kv.indexOf('=') <= 0) throw new UserError("--env expects K=V, got '" + kv + "'");
        String appName = app != null ? app : argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        var o = spec.commandLine().getOut();

        GuestOutcome base = run(SyscallPolicy.ALL);
        String why = failure(base);
        if (why != null) throw new UserError("the workload fails without any injection (" + why + "); nothing to explore");
        // A faked call can turn the program into a loop: cap reruns well above the baseline's work.
        instructionLimit = Math.max(base.instructions() * 20, 200_000_000L);
        List<SyscallUsage> used = base.syscalls();
        o.printf("explore %s/%s: baseline passed, %d instructions, %d distinct syscalls used; %d reruns on %d threads%n",
                appName, workload, base.instructions(), used.size(), used.size() * 2, jobs);
        o.flush();

        Map<Integer, Finding> findings = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            Map<Integer, Future<Boolean>> faked = new TreeMap<>(), stubbed = new TreeMap<>();
            for (SyscallUsage u : used) {
                faked.put(u.nr(), pool.submit(() -> failure(run(SyscallPolicy.ALL.fake(u.name()))) == null));
                stubbed.put(u.nr(), pool.submit(() -> failure(run(SyscallPolicy.ALL.stub(u.name()))) == null));
            }
            for (SyscallUsage u : used) {
                findings.put(u.nr(), new Finding(u.nr(), u.name(), true, faked.get(u.nr()).get(), stubbed.get(u.nr()).get()));
            }
        } finally {
            pool.shutdownNow();
        }

        Path dir = nextRunDir(out.resolve(appName).resolve(workload)).resolve("data");
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("# syscall, used, works faked, works stubbed, works both\n");
        for (int nr : SyscallNames.numbers()) {
            Finding f = findings.get(nr);
            if (f == null) csv.append(nr).append(",N,N,N,N\n");
            else csv.append(nr).append(',').append(yn(true)).append(',').append(yn(f.worksFaked())).append(',')
                    .append(yn(f.worksStubbed())).append(',').append(yn(f.worksBoth())).append('\n');
        }
        Files.writeString(dir.resolve("dyn.csv"), csv.toString());

        long required = findings.values().stream().filter(f -> !f.worksFaked() && !f.worksStubbed()).count();
        long stubbable = findings.values().stream().filter(Finding::worksStubbed).count();
        long fakeable = findings.values().stream().filter(Finding::worksFaked).count();
        long both = findings.values().stream().filter(Finding::worksBoth).count();
        StringBuilder summary = new StringBuilder();
        summary.append(String.format(Locale.ROOT, "used %d, required %d, stubbable %d, fakeable %d, both %d%n",
                findings.size(), required, stubbable, fakeable, both));
        for (Finding f : findings.values()) {
            summary.append(String.format(Locale.ROOT, "  %-20s %s%n", f.name(),
                    !f.worksFaked() && !f.worksStubbed() ? "required"
                            : f.worksBoth() ? "stubbable and fakeable" : f.worksStubbed() ? "stubbable" : "fakeable"));
        }
        Files.writeString(dir.resolve("summary.txt"), summary.toString());
        o.print(summary);
        o.printf("wrote %s%n", dir.resolve("dyn.csv"));
        if (catalog != null) record(appName, findings.values());
        o.flush();
        return 0;
    }

    private void record(String appName, java.util.Collection<Finding> findings) {
        try (FarmHome home = FarmHome.of(spec)) {
            var db = home.database();
            var cat = db.catalogs().get(catalog).orElseThrow(() -> new UserError("unknown catalog '" + catalog + "'"));
            var a = db.catalogs().currentApp(cat.id(), appName)
                    .orElseThrow(() -> new UserError("catalog " + catalog + " has no app '" + appName + "' (sync it first)"));
            for (Finding f : findings) {
                db.results().recordExploration(new Exploration(a.id(), workload, f.name(), f.worksStubbed(), f.worksFaked()));
            }
            spec.commandLine().getOut().printf("recorded %d explore rows for %s/%s in the farm database%n",
                    findings.size(), catalog, appName);
        }
    }

    private static String yn(boolean b) { return b ? "Y" : "N"; }

    /** Loupe numbers its runs; the next free integer under {@code parent}. */
    private static Path nextRunDir(Path parent) throws IOException {
        Files.createDirectories(parent);
        int n = 1;
        while (Files.exists(parent.resolve(Integer.toString(n)))) n++;
        Path dir = parent.resolve(Integer.toString(n));
        Files.createDirectory(dir);
        return dir;
    }

    private GuestOutcome run(SyscallPolicy policy) {
        Guest.Builder b = Guest.builder().rootfs(rootfs).exe(exe).argv(argv)
                .timeout(Duration.ofNanos((long) (timeout * 1e9))).seed(seed).writableRootfs(writable)
                .syscallPolicy(policy);
        if (instructionLimit > 0) b.maxInstructions(instructionLimit);
        for (String kv : env) b.env(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        if (stdin != null) b.stdin(stdin);
        else b.stdin(new byte[0]);
        return b.build().run();
    }

    /** Why the run fails the workload's expectations, or null when it passes. */
    private String failure(GuestOutcome o) {
        if (o.exit().status() != expectExit) return "exit status " + o.exit().status() + ", expected " + expectExit + " (" + o.exit() + ")";
        String stdout = new String(o.stdout(), StandardCharsets.UTF_8);
        for (String want : expectStdout) if (!stdout.contains(want)) return "stdout does not contain '" + want + "'";
        return null;
    }
}
