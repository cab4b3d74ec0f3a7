package dev.binfarm.orchestrator;

import dev.binfarm.catalog.Fixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.results.CatalogRevision;
import dev.binfarm.results.Database;
import dev.binfarm.results.Result;
import dev.binfarm.results.Run;
import dev.binfarm.results.RunStatus;
import dev.binfarm.results.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 3: a cron trigger every 3 s starts runs; a commit pushed between two runs is synced as a new revision. */
class NightlyTest {
    @TempDir Path tmp;

    @Test
    void cronStartsRunsThatSyncNewCommits() throws Exception {
        Path home = tmp.resolve("home");
        Path repo = tmp.resolve("repo.git");
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        String c1 = Fixtures.commitPrograms(repo, Fixtures.apps(hello, List.of("one")), "first");
        try (Database db = Database.openHome(home)) {
            Node node = new Node(db, new FakeWork(null, db), "nightly-node", home, "1.0-test");
            FarmScheduler scheduler = FarmScheduler.create(node, FarmScheduler.Config.of(3));
            try {
                new dev.binfarm.catalog.Catalogs(home.resolve("catalogs"), new DbCatalogStore(db.catalogs()))
                        .add("test", repo.toUri().toString(), null);
                scheduler.scheduleNightly("0/3 * * * * ?",
                        new NightlyJob.Settings(new Selection(List.of("test"), null, null, null), Duration.ofMinutes(1)));
                scheduler.start();

                Run first = awaitNightly(db, 0);
                assertEquals(List.of(c1), commitsOf(db, first));

                String c2 = Fixtures.commitPrograms(repo, Fixtures.apps(hello, List.of("one", "two")), "second");
                Run second = awaitNightlyWith(db, first.id(), c2);
                assertEquals(Trigger.NIGHTLY, second.trigger());
                assertEquals(List.of(c2, c2), commitsOf(db, second));
                long catalog = db.catalogs().get("test").orElseThrow().id();
                List<CatalogRevision> revs = db.catalogs().revisions(catalog);
                assertTrue(revs.stream().anyMatch(r -> r.commit().equals(c1)));
                assertEquals(c2, revs.getFirst().commit(), "the newest revision is the pushed commit");
                assertNotEquals(first.id(), second.id());
            } finally {
                scheduler.unscheduleNightly();
                scheduler.shutdown(true);
            }
        }
    }

    @Test
    void shutdownAbortsARunningNightlyRunInsteadOfWaitingForever() throws Exception {
        Path home = tmp.resolve("home");
        Path repo = tmp.resolve("repo.git");
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, Fixtures.names("slow", 6)), "slow apps");
        try (Database db = Database.openHome(home)) {
            System.setProperty("binfarm.test.sleepMs", "2000");
            FakeWork slow = new FakeWork(null, db);
            System.clearProperty("binfarm.test.sleepMs");
            FarmScheduler scheduler = FarmScheduler.create(new Node(db, slow, "n", home, "1.0-test"), FarmScheduler.Config.of(2));
            new dev.binfarm.catalog.Catalogs(home.resolve("catalogs"), new DbCatalogStore(db.catalogs()))
                    .add("test", repo.toUri().toString(), null);
            scheduler.scheduleNightly("0/1 * * * * ?",
                    new NightlyJob.Settings(new Selection(List.of("test"), null, null, null), Duration.ofMinutes(5)));
            scheduler.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (db.runs().recent(1).isEmpty() || new RunStore(db).planned(db.runs().recent(1).getFirst().id()).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no nightly run started");
                Thread.sleep(50);
            }
            long t0 = System.nanoTime();
            scheduler.shutdown(true);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            assertTrue(seconds < 10, "shutdown took " + seconds + " s");
            Run run = db.runs().recent(1).getFirst();
            assertEquals(RunStatus.ABORTED, run.status());
            assertTrue(new RunStore(db).recordedCount(run.id()) < 6, "the run was cut short");
        }
    }

    /** The first finished nightly run after {@code afterRun}. */
    private static Run awaitNightly(Database db, long afterRun) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<Run> r = db.runs().recent(50).stream()
                    .filter(x -> x.id() > afterRun && x.trigger() == Trigger.NIGHTLY && x.status() == RunStatus.FINISHED)
                    .reduce((a, b) -> a.id() < b.id() ? a : b);
            if (r.isPresent()) return r.get();
            Thread.sleep(100);
        }
        throw new AssertionError("no nightly run finished within 30 s");
    }

    /** A finished nightly run after {@code afterRun} whose cells are at {@code commit}. */
    private static Run awaitNightlyWith(Database db, long afterRun, String commit) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long after = afterRun;
        while (System.nanoTime() < deadline) {
            Run r = awaitNightly(db, after);
            if (commitsOf(db, r).contains(commit)) return r;
            after = r.id();
        }
        throw new AssertionError("no nightly run picked up " + commit);
    }

    private static List<String> commitsOf(Database db, Run run) {
        RunStore store = new RunStore(db);
        return db.results().ofRun(run.id()).stream().map(Result::app).map(store::commitOf).toList();
    }
}
