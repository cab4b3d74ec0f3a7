package dev.binfarm.orchestrator;

import dev.binfarm.catalog.Fixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.catalog.Catalogs;
import dev.binfarm.results.Database;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.RunStatus;
import dev.binfarm.results.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run in one process on an H2 file database: planning, retries, FLAKY, lost jobs, regressions. */
class OrchestratorTest {
    @TempDir Path tmp;
    Database db;
    FarmScheduler scheduler;
    Orchestrator orchestrator;
    Catalogs catalogs;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.openHome(tmp.resolve("home"));
        Node node = new Node(db, new FakeWork(null, db), "test-node", tmp.resolve("home"), "1.0-test");
        scheduler = FarmScheduler.create(node, new FarmScheduler.Config(2, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        scheduler.start();
        catalogs = new Catalogs(tmp.resolve("home/catalogs"), new DbCatalogStore(db.catalogs()));
        orchestrator = new Orchestrator(db, catalogs, node.work(), scheduler, "1.0-test");
        repo = tmp.resolve("repo.git");
    }

    @AfterEach
    void tearDown() {
        scheduler.shutdown(true);
        db.close();
        FakeWork.BROKEN.clear();
        FakeWork.EMULATOR_ONLY.clear();
    }

    @Test
    void runRecordsEveryCellWithRetryAndFlaky() throws Exception {
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, List.of("ok1", "ok2", "fail1", "flaky1", "boom1")), "apps");
        catalogs.add("test", repo.toUri().toString(), null);
        List<int[]> progress = new ArrayList<>();

        Orchestrator.Report r = orchestrator.run(Trigger.MANUAL, Selection.all(),
                (run, done, planned) -> progress.add(new int[] {done, planned}), Duration.ofMinutes(1));

        assertEquals(RunStatus.FINISHED, r.run().status());
        Map<String, CellRow> byApp = r.cells().stream().collect(Collectors.toMap(CellRow::app, c -> c));
        assertEquals(5, byApp.size(), r.cells().toString());
        assertEquals(ResultStatus.PASS, byApp.get("ok1").status());
        assertEquals(1, byApp.get("ok1").attempts());
        assertEquals(ResultStatus.FAIL, byApp.get("fail1").status());
        assertEquals(2, byApp.get("fail1").attempts());
        assertEquals("stdout does not contain 'hello'", byApp.get("fail1").reason());
        assertEquals(ResultStatus.FLAKY, byApp.get("flaky1").status());
        assertTrue(byApp.get("flaky1").reason().startsWith("passed on retry; first attempt FAIL"), byApp.get("flaky1").reason());
        assertEquals(ResultStatus.ERROR, byApp.get("boom1").status());
        assertTrue(byApp.get("boom1").reason().contains("injected failure in boom1"), byApp.get("boom1").reason());
        assertEquals("test-node", byApp.get("ok2").worker());
        assertEquals("emulator", byApp.get("ok2").runtime());
        assertEquals("linux", byApp.get("ok2").profile());
        assertEquals(5, progress.getLast()[0]);
        assertEquals(5, progress.getLast()[1]);
        assertEquals(5, new RunStore(db).planned(r.run().id()).orElseThrow());
        assertEquals(0, r.regressions(), "a first run has nothing to regress from");
        // Quartz keeps no job of a finished run.
        assertEquals(0, scheduler.pendingCells(r.run().id()));
    }

    /**
     * {@code cancel()} from another thread aborts a run whose thread is never interrupted: a node's shutdown
     * relied on the interrupt alone, which H2 swallows in a row-lock wait (NightlyJob).
     */
    @Test
    void cancelAbortsTheRunWithoutAnInterrupt() throws Exception {
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, Fixtures.names("hang", 4)), "apps");
        catalogs.add("test", repo.toUri().toString(), null);
        RunStore store = new RunStore(db);
        Thread canceller = new Thread(() -> {
            try {
                while (db.runs().recent(1).isEmpty() || store.planned(db.runs().recent(1).getFirst().id()).isEmpty())
                    Thread.sleep(20);
                orchestrator.cancel();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();
        InterruptedException e = assertThrows(InterruptedException.class, () -> orchestrator.run(Trigger.MANUAL,
                new Selection(List.of("test"), null, null, null), Orchestrator.Progress.NONE, Duration.ofMinutes(5)));
        canceller.join();
        assertTrue(e.getMessage().endsWith("cancelled"), e.getMessage());
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(RunStatus.ABORTED, db.runs().recent(1).getFirst().status());
        assertTrue(store.recordedCount(db.runs().recent(1).getFirst().id()) < 4, "the run was cut short");
    }

    @Test
    void aCellWhoseJobEndsWithoutResultIsRecordedAsLost() throws Exception {
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, List.of("ok1", "lost1")), "apps");
        catalogs.add("test", repo.toUri().toString(), null);
        Orchestrator.Report r = orchestrator.run(Trigger.MANUAL, new Selection(List.of("test"), null, null, null),
                Orchestrator.Progress.NONE, Duration.ofMinutes(1));
        assertEquals(RunStatus.FINISHED, r.run().status());
        Map<String, CellRow> byApp = r.cells().stream().collect(Collectors.toMap(CellRow::app, c -> c));
        assertEquals(ResultStatus.PASS, byApp.get("ok1").status());
        assertEquals(ResultStatus.ERROR, byApp.get("lost1").status());
        assertEquals("the cell's job ended without recording a result", byApp.get("lost1").reason());
        assertEquals("orchestrator", byApp.get("lost1").worker());
        assertTrue(r.notes().getFirst().startsWith("1 cell(s) lost their job"), r.notes().toString());
    }

    @Test
    void appsGlobAndUnknownNamesAreChecked() throws Exception {
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, List.of("ok1", "ok2", "other")), "apps");
        catalogs.add("test", repo.toUri().toString(), null);
        Orchestrator.Report r = orchestrator.run(Trigger.MANUAL, new Selection(List.of("test"), null, null, "ok*"),
                Orchestrator.Progress.NONE, Duration.ofMinutes(1));
        assertEquals(List.of("ok1", "ok2"), r.cells().stream().map(CellRow::app).toList());

        var unknownCatalog = org.junit.jupiter.api.Assertions.assertThrows(OrchestratorException.class, () ->
                orchestrator.run(Trigger.MANUAL, new Selection(List.of("nope"), null, null, null),
                        Orchestrator.Progress.NONE, Duration.ofMinutes(1)));
        assertEquals("no catalog named 'nope'", unknownCatalog.getMessage());
        var unknownRuntime = org.junit.jupiter.api.Assertions.assertThrows(OrchestratorException.class, () ->
                orchestrator.run(Trigger.MANUAL, new Selection(List.of(), List.of("qemu"), null, null),
                        Orchestrator.Progress.NONE, Duration.ofMinutes(1)));
        assertTrue(unknownRuntime.getMessage().startsWith("unknown runtime 'qemu'"), unknownRuntime.getMessage());
    }

    @Test
    void brokenProgramIsRegressionAndRevertIsFixed() throws Exception {
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        byte[] broken = Fixtures.staticPie(tmp.resolve("build"), "broken", "int main(void){return 3;}\n");
        FakeWork.BROKEN.add(sha256(broken));
        List<String> apps = List.of("a", "b");
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, apps), "good");
        catalogs.add("test", repo.toUri().toString(), null);
        Orchestrator.Report first = orchestrator.run(Trigger.MANUAL, Selection.all(), Orchestrator.Progress.NONE, Duration.ofMinutes(1));
        assertEquals(0, first.regressions());

        // Same inputs again: nothing changes, nothing is marked.
        Orchestrator.Report same = orchestrator.run(Trigger.MANUAL, Selection.all(), Orchestrator.Progress.NONE, Duration.ofMinutes(1));
        assertTrue(same.cells().stream().allMatch(c -> c.trend() == null), same.cells().toString());

        var files = Fixtures.apps(hello, apps);
        files.put("b/b", broken);
        Fixtures.commitPrograms(repo, files, "break b");
        Orchestrator.Report second = orchestrator.run(Trigger.MANUAL, Selection.all(), Orchestrator.Progress.NONE, Duration.ofMinutes(1));
        Map<String, CellRow> s = second.cells().stream().collect(Collectors.toMap(CellRow::app, c -> c));
        assertEquals(ResultStatus.FAIL, s.get("b").status());
        assertEquals(Trend.REGRESSION, s.get("b").trend());
        assertNull(s.get("a").trend());
        assertEquals(1, second.regressions());

        Fixtures.commitPrograms(repo, Fixtures.apps(hello, apps), "revert");
        Orchestrator.Report third = orchestrator.run(Trigger.MANUAL, Selection.all(), Orchestrator.Progress.NONE, Duration.ofMinutes(1));
        Map<String, CellRow> t = third.cells().stream().collect(Collectors.toMap(CellRow::app, c -> c));
        assertEquals(ResultStatus.PASS, t.get("b").status());
        assertEquals(Trend.FIXED, t.get("b").trend());
        assertEquals(0, third.regressions());
    }

    @Test
    void aFailureTheNativeReferenceSharesIsABrokenAppNotARegression() throws Exception {
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        byte[] broken = Fixtures.staticPie(tmp.resolve("build"), "broken", "int main(void){return 3;}\n");
        byte[] incompatible = Fixtures.staticPie(tmp.resolve("build"), "incompatible", "int main(void){return 4;}\n");
        FakeWork.BROKEN.add(sha256(broken));
        FakeWork.EMULATOR_ONLY.add(sha256(incompatible));
        List<String> apps = List.of("a", "b", "c");
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, apps), "good");
        catalogs.add("test", repo.toUri().toString(), null);
        Selection both = new Selection(List.of("test"), List.of("emulator", "native"), null, null);
        assertEquals(0, orchestrator.run(Trigger.MANUAL, both, Orchestrator.Progress.NONE, Duration.ofMinutes(1)).regressions());

        var files = Fixtures.apps(hello, apps);
        files.put("b/b", broken);        // fails natively too: the app is broken
        files.put("c/c", incompatible);  // fails on the emulator only: a compatibility regression
        Fixtures.commitPrograms(repo, files, "break b and c");
        Orchestrator.Report r = orchestrator.run(Trigger.MANUAL, both, Orchestrator.Progress.NONE, Duration.ofMinutes(1));
        Map<String, CellRow> cells = r.cells().stream().collect(Collectors.toMap(c -> c.app() + "@" + c.runtime(), c -> c));
        assertEquals(Trend.BROKEN, cells.get("b@emulator").trend());
        assertEquals(Trend.BROKEN, cells.get("b@native").trend());
        assertEquals(Trend.REGRESSION, cells.get("c@emulator").trend());
        assertNull(cells.get("c@native").trend());
        assertNull(cells.get("a@emulator").trend());
        assertEquals(1, r.regressions());
    }

    static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }
}
