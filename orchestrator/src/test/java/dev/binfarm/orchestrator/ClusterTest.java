package dev.binfarm.orchestrator;

import dev.binfarm.catalog.Fixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.catalog.Catalogs;
import dev.binfarm.results.Database;
import dev.binfarm.results.DatabaseServer;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.RunStatus;
import dev.binfarm.results.Trigger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1: an orchestrator (this JVM, scheduling only) and two worker JVMs on one H2
 * TCP database run 40 cells; one worker is SIGKILLed mid-run with cells in flight; Quartz
 * recovers them on the other and every cell is recorded exactly once.
 */
class ClusterTest {
    static final int CELLS = 40;

    @TempDir Path tmp;

    @Test
    void twoWorkersOneKilledEveryCellRecordedOnceOnH2() throws Exception {
        try (Database db = Database.openHome(tmp.resolve("home")); DatabaseServer server = db.serve(0)) {
            cluster(db, server.url());
        }
    }

    /** Acceptance 2: the same on a real PostgreSQL started for the test. */
    @Test
    void twoWorkersOneKilledEveryCellRecordedOnceOnPostgres() throws Exception {
        try (TestPostgres pg = TestPostgres.start();
             Database db = Database.open(pg.url(), Database.USER, Database.PASSWORD)) {
            cluster(db, pg.url());
        }
    }

    private void cluster(Database db, String workerUrl) throws Exception {
        Path home = tmp.resolve("home");
        Path repo = tmp.resolve("repo.git");
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, Fixtures.names("app", CELLS)), "40 apps");
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try (WorkerProcess w1 = new WorkerProcess("w1", workerUrl, tmp.resolve("w1"), 2, 300);
             WorkerProcess w2 = new WorkerProcess("w2", workerUrl, tmp.resolve("w2"), 2, 300)) {
            String w1Instance = w1.awaitReady();
            w2.awaitReady();
            // The orchestrator's own node stays in standby: it schedules, the workers execute.
            Node node = new Node(db, new FakeWork(null, db), "orchestrator", home, "1.0-test");
            FarmScheduler scheduler = FarmScheduler.create(node, FarmScheduler.Config.of(1));
            try {
                Catalogs catalogs = new Catalogs(home.resolve("catalogs"), new DbCatalogStore(db.catalogs()));
                catalogs.add("test", repo.toUri().toString(), null);
                Orchestrator o = new Orchestrator(db, catalogs, node.work(), scheduler, "1.0-test");
                Future<Orchestrator.Report> running = bg.submit(() ->
                        o.run(Trigger.MANUAL, new Selection(List.of("test"), null, null, null), Orchestrator.Progress.NONE,
                                Duration.ofMinutes(3)));

                // Kill w1 once it has recorded some cells and has others in flight.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!(count(db, "SELECT COUNT(*) FROM result WHERE worker = 'w1'") >= 4
                        && count(db, "SELECT COUNT(*) FROM qrtz_fired_triggers WHERE instance_name = '" + w1Instance
                        + "' AND state = 'EXECUTING'") > 0)) {
                    assertTrue(System.nanoTime() < deadline, () -> "w1 never got going\n" + state(db, w1, w2));
                    assertFalse(running.isDone(), () -> "the run ended before w1 could be killed\n" + state(db, w1, w2));
                    Thread.sleep(20);
                }
                w1.kill();
                int recordedAtKill = count(db, "SELECT COUNT(*) FROM result");
                assertTrue(recordedAtKill < CELLS, "cells left for recovery");

                Orchestrator.Report report = running.get(4, TimeUnit.MINUTES);
                assertEquals(RunStatus.FINISHED, report.run().status(), () -> report.notes() + "\n" + state(db, w1, w2));
                long run = report.run().id();
                assertEquals(CELLS, count(db, "SELECT COUNT(*) FROM result WHERE run = " + run));
                assertEquals(CELLS, count(db, "SELECT COUNT(DISTINCT app) FROM result WHERE run = " + run));
                Map<String, Integer> byWorker = byWorker(db, run);
                assertTrue(byWorker.getOrDefault("w1", 0) > 0 && byWorker.getOrDefault("w2", 0) > 0, byWorker.toString());
                assertEquals(CELLS, byWorker.values().stream().mapToInt(Integer::intValue).sum());
                assertEquals(CELLS, report.count(ResultStatus.PASS), report.cells().toString());
                assertEquals(List.of(), report.notes(), "no cell was lost");
                // A job recovered from w1 may still be finishing on w2: it must find its cell
                // recorded and leave the count alone; then Quartz forgets every cell job.
                long quiet = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (count(db, "SELECT COUNT(*) FROM qrtz_job_details WHERE job_group = 'cells'") > 0) {
                    assertTrue(System.nanoTime() < quiet, () -> "cell jobs left in Quartz\n" + state(db, w1, w2));
                    Thread.sleep(100);
                }
                assertEquals(CELLS, count(db, "SELECT COUNT(*) FROM result WHERE run = " + run));
            } finally {
                scheduler.shutdown(false);
            }
        } finally {
            bg.shutdownNow();
        }
    }

    /** What a failure message shows: the Quartz tables and both workers' output, Quartz's log included. */
    private static String state(Database db, WorkerProcess w1, WorkerProcess w2) {
        String tables;
        try {
            tables = tables(db);
        } catch (Exception e) {
            tables = "(no tables: " + e + ")\n";
        }
        return tables + "w1:\n" + w1.output + "\nw2:\n" + w2.output;
    }

    private static String tables(Database db) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String sql : List.of("SELECT worker || ':' || COUNT(*) FROM result GROUP BY worker",
                "SELECT instance_name || ':' || state FROM qrtz_fired_triggers",
                "SELECT trigger_group || '/' || trigger_name || ':' || trigger_state FROM qrtz_triggers",
                "SELECT job_name FROM qrtz_job_details WHERE job_group = 'cells'",
                "SELECT instance_name || ':' || last_checkin_time FROM qrtz_scheduler_state")) {
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                 ResultSet rs = ps.executeQuery()) {
                sb.append(sql).append(" ->");
                while (rs.next()) sb.append(' ').append(rs.getString(1));
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    static int count(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static Map<String, Integer> byWorker(Database db, long run) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT worker, COUNT(*) FROM result WHERE run = ? GROUP BY worker")) {
            ps.setLong(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }
}
