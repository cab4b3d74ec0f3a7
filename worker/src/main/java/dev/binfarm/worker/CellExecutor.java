package dev.binfarm.worker;

import dev.binfarm.catalog.App;
import dev.binfarm.catalog.CatalogException;
import dev.binfarm.catalog.Catalogs;
import dev.binfarm.catalog.spec.Spec;
import dev.binfarm.results.Database;
import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Executes one cell: materialise the app at the cell's commit into a fresh work dir
 * under {@code <home>/work/}, run it on the cell's runtime, judge it against its spec,
 * clean the work dir. Never throws for guest, spec, catalog or runtime problems: those
 * become ERROR (or SKIPPED) with the message as reason. Safe to use from many threads.
 */
public final class CellExecutor {
    /** Output kept per stream: far more than the store keeps, small enough for many parallel cells. */
    static final int OUTPUT_CAP = 1 << 20;
    static final long MAX_MEMORY = 1L << 30;
    /** Fixed so a cell run twice on the emulator behaves the same. */
    static final long SEED = 1;

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path home;
    private final Database db;
    private final Runtimes runtimes;
    private final boolean keepFailedWorkDirs;
    /** Apps found per catalog, URL (the shipped specs depend on it) and commit. */
    private final Map<String, List<App>> discovered = new ConcurrentHashMap<>();
    private static final int DISCOVERED_COMMITS = 32;

    /**
     * @param home the farm home: catalog mirrors in {@code catalogs/}, work dirs in {@code work/}
     */
    public CellExecutor(Path home, Database db, Runtimes runtimes) {
        this(home, db, runtimes, false);
    }

    /** @param keepFailedWorkDirs leave the work dir of a cell that did not pass, for a human to look at */
    public CellExecutor(Path home, Database db, Runtimes runtimes, boolean keepFailedWorkDirs) {
        this.home = home.toAbsolutePath();
        this.db = db;
        this.runtimes = runtimes;
        this.keepFailedWorkDirs = keepFailedWorkDirs;
    }

    public Runtimes runtimes() { return runtimes; }

    /** Where work dirs are made. */
    public Path workRoot() { return home.resolve("work"); }

    /** Executes and judges the cell; an interrupt ends it as ERROR "interrupted" with the interrupt flag kept. */
    public CellOutcome execute(CellSpec cell) {
        long t0 = System.nanoTime();
        try {
            return executeChecked(cell, t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(cell, "interrupted", t0);
        } catch (RuntimeException | Error e) { // a bug of ours or of a runtime: the cell says so, the worker goes on
            return error(cell, "internal error: " + EmulatorRuntime.message(e), t0);
        }
    }

    /** Executes the cell and records it in {@code run} (idempotently: the first record of a cell wins). */
    public Recorded executeAndRecord(long run, CellSpec cell, String worker) {
        CellOutcome outcome = execute(cell);
        return new Recorded(outcome, new ResultRecorder(db, runtimes).record(run, outcome, worker));
    }

    /** A cell's outcome and its stored row. */
    public record Recorded(CellOutcome outcome, Result result) { }

    private CellOutcome executeChecked(CellSpec cell, long t0) throws InterruptedException {
        Runtime runtime = runtimes.get(cell.runtime()).orElse(null);
        if (runtime == null)
            return error(cell, "no runtime named '" + cell.runtime() + "' (known: " + String.join(", ", runtimes.names()) + ")", t0);
        Catalogs catalogs = new Catalogs(home.resolve("catalogs"), new PinnedCatalogStore(db.catalogs(), cell.commit()));
        App app;
        try {
            app = app(catalogs, cell);
        } catch (CatalogException e) {
            return error(cell, e.getMessage(), t0);
        }
        Spec spec = app.spec();
        Path work = workRoot().resolve(workDirName(cell));
        Verdict verdict = null;
        try {
            Path rootfs = work.resolve("rootfs");
            try {
                Files.createDirectories(work);
                catalogs.materialize(cell.catalog(), app, rootfs);
            } catch (CatalogException | IOException e) {
                verdict = Verdict.error("cannot materialise the app: " + e.getMessage());
                return new CellOutcome(cell, verdict.status(), verdict.reason(), RunOutcome.failed(verdict.reason(), elapsed(t0)));
            }
            byte[] stdin;
            try {
                stdin = stdin(spec, rootfs);
            } catch (IOException e) {
                verdict = Verdict.error("cannot read stdin file " + spec.stdin().file() + ": " + e.getMessage());
                return new CellOutcome(cell, verdict.status(), verdict.reason(), RunOutcome.failed(verdict.reason(), elapsed(t0)));
            }
            RunRequest request = new RunRequest(rootfs, null, spec.argv(), spec.env(), spec.cwd(), stdin, spec.timeout(),
                    MAX_MEMORY, OUTPUT_CAP, cell.profile(), SEED,
                    spec.probes().stream().map(dev.binfarm.catalog.spec.Probe::port).distinct().toList());
            if (spec.isServer()) {
                ServerCheck.Result server = ServerCheck.run(runtime, request, spec.probes(), "127.0.0.1");
                verdict = server.verdict();
                return new CellOutcome(cell, verdict.status(), verdict.reason(), server.run());
            }
            RunOutcome run;
            try {
                run = runtime.run(request);
            } catch (RuntimeException e) {
                run = RunOutcome.failed("internal error in runtime " + runtime.name() + ": " + EmulatorRuntime.message(e), elapsed(t0));
            }
            verdict = Judge.judge(spec.expect(), run, rootfs, spec.timeout());
            return new CellOutcome(cell, verdict.status(), verdict.reason(), run);
        } finally {
            if (!(keepFailedWorkDirs && (verdict == null || verdict.status() != ResultStatus.PASS))) deleteTree(work);
        }
    }

    /**
     * The cell's app as discovered at its commit. A commit never changes, so what discovery
     * found there is kept (for the few most recent commits): a run executes many cells of
     * few commits, and discovery reads every program of the catalog.
     */
    private App app(Catalogs catalogs, CellSpec cell) throws CatalogException {
        String key = cell.catalog() + " " + catalogs.catalog(cell.catalog()).url() + " " + cell.commit();
        List<App> apps = discovered.get(key);
        if (apps == null) {
            apps = catalogs.apps(cell.catalog()).apps();
            synchronized (discovered) {
                if (discovered.size() >= DISCOVERED_COMMITS) discovered.clear();
                discovered.put(key, apps);
            }
        }
        for (App a : apps) {
            if (a.name().equals(cell.app())) return a;
        }
        throw new CatalogException("catalog " + cell.catalog() + " has no app '" + cell.app() + "' at "
                + cell.commit() + " (see 'farm catalog apps " + cell.catalog() + "')");
    }

    private static byte[] stdin(Spec spec, Path rootfs) throws IOException {
        if (!spec.stdin().isFile()) return spec.stdin().text().getBytes(StandardCharsets.UTF_8);
        Path file = Judge.inside(rootfs, spec.stdin().file());
        if (file == null) throw new IOException("outside the app's filesystem");
        Path real = file.toRealPath();
        if (!real.startsWith(rootfs.toRealPath())) throw new IOException("links outside the app's filesystem");
        return Files.readAllBytes(real);
    }

    private static String workDirName(CellSpec cell) {
        String app = cell.app().replaceAll("[^A-Za-z0-9._-]", "_");
        return cell.catalog() + "-" + app + "-" + cell.runtime() + "-" + ProcessHandle.current().pid() + "-"
                + SEQUENCE.incrementAndGet();
    }

    private static CellOutcome error(CellSpec cell, String reason, long t0) {
        return new CellOutcome(cell, ResultStatus.ERROR, reason, RunOutcome.failed(reason, elapsed(t0)));
    }

    private static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Removes a work dir without following links out of it; what cannot be removed stays (and is logged nowhere: best effort). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    // The guest may have left a directory without write permission.
                    d.toFile().setWritable(true, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // Left for the next cleanup; a cell's verdict does not depend on it.
        }
    }
}
