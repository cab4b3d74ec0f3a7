package dev.binfarm.orchestrator;

import dev.binfarm.catalog.Fixtures;

import dev.binfarm.catalog.Catalogs;
import dev.binfarm.results.App;
import dev.binfarm.results.Catalog;
import dev.binfarm.results.CatalogRevision;
import dev.binfarm.results.Database;
import dev.binfarm.results.Profile;
import dev.binfarm.results.Run;
import dev.binfarm.results.RuntimeVersion;
import dev.binfarm.results.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Acceptance 7 (a main, not a timed test): N trivial cells on T threads, end to end through
 * Quartz (schedule, acquire, execute, record, completion poll) against a plain loop of T
 * threads calling the same cell code directly (execute + record, no Quartz), in one
 * database. Prints cells/s of both and the per-cell overhead.
 *
 * <p>{@code java -cp <test classpath> dev.binfarm.orchestrator.SchedulingBenchmark [cells] [threads] [fake|emulator]}
 * "fake" cells do nothing; "emulator" cells run a static-pie hello in the emulator
 * through the worker module's CellExecutor.
 */
public final class SchedulingBenchmark {
    public static void main(String[] args) throws Exception {
        int cells = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        boolean emulator = args.length > 2 && args[2].equals("emulator");
        Path tmp = Files.createTempDirectory("binfarm-bench");
        Path home = tmp.resolve("home");
        Path repo = tmp.resolve("repo.git");
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, Fixtures.names("app", cells)), "bench");
        try (Database db = Database.openHome(home)) {
            CellWork work = emulator ? new WorkerCells(home, db, "bench") : new FakeWork(home, db);
            Node node = new Node(db, work, "bench", home, "bench");
            FarmScheduler scheduler = FarmScheduler.create(node, FarmScheduler.Config.of(threads));
            scheduler.start();
            try {
                Catalogs catalogs = new Catalogs(home.resolve("catalogs"), new DbCatalogStore(db.catalogs()));
                catalogs.add("bench", repo.toUri().toString(), null);
                Orchestrator o = new Orchestrator(db, catalogs, work, scheduler, "bench");
                Selection sel = new Selection(List.of("bench"), null, null, null);
                // Warm-up: JIT, connection pool, Quartz tables, the catalog mirror.
                o.run(Trigger.MANUAL, sel, Orchestrator.Progress.NONE, Duration.ofMinutes(30));

                long t0 = System.nanoTime();
                Orchestrator.Report quartz = o.run(Trigger.MANUAL, sel, Orchestrator.Progress.NONE, Duration.ofMinutes(30));
                double quartzS = (System.nanoTime() - t0) / 1e9;

                long t1 = System.nanoTime();
                List<PlannedCell> plan = plan(db, work, cells);
                ConcurrentLinkedQueue<PlannedCell> queue = new ConcurrentLinkedQueue<>(plan);
                List<Thread> pool = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Thread t = new Thread(() -> {
                        try {
                            for (PlannedCell c; (c = queue.poll()) != null; ) CellJob.run(node, c);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    t.start();
                    pool.add(t);
                }
                for (Thread t : pool) t.join();
                double plainS = (System.nanoTime() - t1) / 1e9;
                int plainRecorded = new RunStore(db).recordedCount(plan.getFirst().run());

                System.out.printf("cells=%d threads=%d work=%s%n", cells, threads, emulator ? "emulator" : "fake");
                double execS = quartz.execution().toNanos() / 1e9;
                System.out.printf("quartz run : %d cells in %.2f s end to end (sync + plan %.2f s, regressions + finish %.2f s)%n",
                        quartz.cells().size(), quartzS, quartz.preparation().toNanos() / 1e9,
                        quartzS - execS - quartz.preparation().toNanos() / 1e9);
                System.out.printf("quartz cells: %d cells scheduled, executed and recorded in %.2f s = %.1f cells/s%n",
                        quartz.cells().size(), execS, quartz.cells().size() / execS);
                System.out.printf("plain loop : %d cells recorded in %.2f s = %.1f cells/s (execute + record)%n",
                        plainRecorded, plainS, plainRecorded / plainS);
                System.out.printf("scheduling overhead: %.2f ms per cell of wall time (%.2f ms of thread time)%n",
                        (execS - plainS) * 1000 / cells, (execS - plainS) * 1000 * threads / cells);
                System.out.printf("end-to-end overhead incl. sync/plan: %.2f ms per cell%n", (quartzS - plainS) * 1000 / cells);
            } finally {
                scheduler.shutdown(true);
            }
        } finally {
            try (var all = Files.walk(tmp)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** The same cells as a run would plan, in a fresh run row, for the plain loop. */
    private static List<PlannedCell> plan(Database db, CellWork work, int cells) {
        Catalog c = db.catalogs().get("bench").orElseThrow();
        CatalogRevision rev = db.catalogs().currentRevision(c.id()).orElseThrow();
        RuntimeVersion rt = db.runs().runtime(work.runtimeKind("emulator"), "emulator", work.runtimeVersion("emulator"));
        Profile p = db.runs().profile("linux").orElseThrow();
        Run run = db.runs().create(Trigger.MANUAL, "bench");
        List<PlannedCell> out = new ArrayList<>();
        for (App a : db.catalogs().apps(rev.id()))
            out.add(new PlannedCell(run.id(), c.id(), c.name(), rev.commit(), a.id(), a.name(), rt.id(), rt.name(), p.id(), p.name()));
        if (out.size() != cells) throw new IllegalStateException("planned " + out.size() + " cells, expected " + cells);
        return out;
    }
}
