package dev.binfarm.results;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every DAO method, round-tripped. Subclasses decide how the store is reached (embedded
 * file, or through a real H2 TCP server), so both paths run the same contract.
 */
abstract class StoreContractTest {
    Database db;

    /** A freshly migrated, empty store. */
    abstract Database openStore() throws Exception;

    void closeStore() throws Exception {}

    @BeforeEach
    void open() throws Exception {
        db = openStore();
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        closeStore();
    }

    static AppEntry dynamicApp(String name) {
        return new AppEntry(name, name, name, "dynamic", "/usr/bin/" + name, name + "/usr/bin/" + name,
                "/lib64/ld-linux-x86-64.so.2", "a".repeat(64), 12345L, "builtin:" + name, List.of());
    }

    @Test
    void registersListsAndGetsCatalogs() {
        CatalogDao catalogs = db.catalogs();
        Catalog dyn = catalogs.register("dynamic-apps", "https://github.com/unikraft/dynamic-apps", null, true);
        Catalog mine = catalogs.register("mine", "file:///tmp/mine.git", "dev", false);
        assertTrue(dyn.id() != mine.id());
        assertEquals(List.of(dyn, mine), catalogs.list());
        assertEquals(Optional.of(mine), catalogs.get("mine"));
        assertEquals(Optional.of(dyn), catalogs.get(dyn.id()));
        assertEquals(Optional.empty(), catalogs.get("nope"));
        assertNull(mine.currentRevision());
        assertTrue(Math.abs(ChronoUnit.SECONDS.between(mine.created(), Instant.now())) < 60);
    }

    @Test
    void registeringTheSameNameTwiceIsADuplicateAndEnsureReturnsTheExistingOne() {
        CatalogDao catalogs = db.catalogs();
        Catalog first = catalogs.register("c", "file:///a", null, false);
        assertThrows(DuplicateException.class, () -> catalogs.register("c", "file:///b", null, false));
        assertEquals(first, catalogs.ensure("c", "file:///b", null, true));
        Catalog other = catalogs.ensure("d", "file:///d", "main", true);
        assertEquals(Optional.of(other), catalogs.get("d"));
        assertTrue(other.builtin());
    }

    @Test
    void recordsRevisionsAndServesTheCurrentOnesApps() {
        CatalogDao catalogs = db.catalogs();
        Catalog c = catalogs.register("dynamic-apps", "file:///x", null, false);
        assertEquals(Optional.empty(), catalogs.currentRevision(c.id()));
        assertEquals(List.of(), catalogs.currentApps(c.id()));

        AppEntry sqlite = dynamicApp("sqlite3");
        AppEntry bc = new AppEntry("bc", "bc", "bc", "static-pie", "/bc", "bc/bc", null, null, null, null,
                List.of("several programs in one root", "second note"));
        CatalogRevision r1 = catalogs.recordRevision(c.id(), "1111111111111111111111111111111111111111", List.of(sqlite, bc));
        assertEquals(Optional.of(r1), catalogs.currentRevision(c.id()));
        assertEquals(List.of(bc, sqlite), catalogs.currentApps(c.id()).stream().map(App::entry).toList());
        assertEquals(List.of(bc, sqlite), catalogs.apps(r1.id()).stream().map(App::entry).toList());
        App storedSqlite = catalogs.currentApp(c.id(), "sqlite3").orElseThrow();
        assertEquals(sqlite, storedSqlite.entry());
        assertEquals(r1.id(), storedSqlite.revision());
        assertEquals(Optional.of(storedSqlite), catalogs.app(storedSqlite.id()));
        assertEquals(Long.valueOf(r1.id()), catalogs.get("dynamic-apps").orElseThrow().currentRevision());

        CatalogRevision r2 = catalogs.recordRevision(c.id(), "2222222222222222222222222222222222222222", List.of(bc));
        assertEquals(Optional.of(r2), catalogs.currentRevision(c.id()));
        assertEquals(List.of(bc), catalogs.currentApps(c.id()).stream().map(App::entry).toList());
        assertEquals(Optional.empty(), catalogs.currentApp(c.id(), "sqlite3"));
        assertEquals(List.of(r2, r1), catalogs.revisions(c.id()));
        assertEquals(2, catalogs.apps(r1.id()).size(), "old revisions keep their apps");
    }

    @Test
    void aFailedRevisionLeavesThePreviousOneCurrentAndNothingOfItVisible() {
        CatalogDao catalogs = db.catalogs();
        Catalog c = catalogs.register("cat", "file:///x", null, false);
        CatalogRevision good = catalogs.recordRevision(c.id(), "good", List.of(dynamicApp("ls")));
        AppEntry broken = new AppEntry("weird", "weird", "weird", "shared-library", "/lib/libc.so.6", "weird/lib/libc.so.6",
                null, null, null, null, List.of());
        assertThrows(StoreException.class,
                () -> catalogs.recordRevision(c.id(), "bad", List.of(dynamicApp("gzip"), dynamicApp("sed"), broken)));
        assertEquals(Optional.of(good), catalogs.currentRevision(c.id()));
        assertEquals(List.of(good), catalogs.revisions(c.id()));
        assertEquals(List.of("ls"), catalogs.currentApps(c.id()).stream().map(App::name).toList());
        assertEquals(0, count("SELECT COUNT(*) FROM app WHERE name IN ('gzip', 'sed')"));

        // Two apps of the same name in one revision violate a unique key: rolled back as well.
        assertThrows(DuplicateException.class,
                () -> catalogs.recordRevision(c.id(), "dup", List.of(dynamicApp("x"), dynamicApp("x"))));
        assertEquals(Optional.of(good), catalogs.currentRevision(c.id()));
        assertEquals(0, count("SELECT COUNT(*) FROM catalog_revision WHERE commit_id = 'dup'"));
    }

    @Test
    void registerOrUpdateMovesTheUrlAndKeepsTheRevisions() {
        CatalogDao catalogs = db.catalogs();
        Catalog c = catalogs.registerOrUpdate("moving", "file:///old", null, false);
        Instant synced = Instant.parse("2026-11-23T01:02:03.456789Z");
        CatalogRevision rev = catalogs.recordRevision(c.id(), "abc", synced, List.of(dynamicApp("ls")));
        assertEquals(synced, rev.syncedAt());
        Catalog moved = catalogs.registerOrUpdate("moving", "file:///new", "dev", true);
        assertEquals(new Catalog(c.id(), "moving", "file:///new", "dev", false, c.created(), rev.id()), moved);
        assertEquals(Optional.of(rev), catalogs.currentRevision(c.id()));
        assertEquals(List.of(moved), catalogs.list());
    }

    @Test
    void removesACatalogWithItsRevisions() {
        CatalogDao catalogs = db.catalogs();
        Catalog c = catalogs.register("gone", "file:///x", null, false);
        catalogs.recordRevision(c.id(), "abc", List.of(dynamicApp("ls")));
        assertTrue(catalogs.remove("gone"));
        assertFalse(catalogs.remove("gone"));
        assertEquals(List.of(), catalogs.list());
        assertEquals(0, count("SELECT COUNT(*) FROM app"));
    }

    @Test
    void createsAndFinishesRuns() {
        RunDao runs = db.runs();
        Run run = runs.create(Trigger.NIGHTLY, "0.1.0");
        assertEquals(RunStatus.RUNNING, run.status());
        assertNull(run.finished());
        assertEquals(Optional.of(run), runs.get(run.id()));
        Run manual = runs.create(Trigger.MANUAL, "0.1.0");
        assertEquals(List.of(manual, run), runs.recent(10));
        assertEquals(List.of(manual), runs.recent(1));

        Run done = runs.finish(run.id(), RunStatus.FINISHED);
        assertEquals(RunStatus.FINISHED, done.status());
        assertNotNull(done.finished());
        assertFalse(done.finished().isBefore(done.started()));
        assertEquals(Optional.of(done), runs.get(run.id()));
        assertThrows(StoreException.class, () -> runs.finish(999_999, RunStatus.ABORTED));
        assertThrows(IllegalArgumentException.class, () -> runs.finish(run.id(), RunStatus.RUNNING));
    }

    @Test
    void runtimesAndProfilesAreCreatedOnceAndRead() {
        RunDao runs = db.runs();
        RuntimeVersion emu = runs.runtime("emulator", "bundled", "0.1.0");
        assertEquals(emu, runs.runtime("emulator", "bundled", "0.1.0"));
        RuntimeVersion emu2 = runs.runtime("emulator", "bundled", "0.2.0");
        assertNotEquals(emu.id(), emu2.id());
        assertEquals(Optional.of(emu2), runs.runtime(emu2.id()));

        Profile all = runs.profile("all", "builtin", null);
        assertTrue(all.unrestricted());
        Profile uk = runs.profile("unikraft-0.14", "unikraft tree", List.of("write", "read", "exit_group"));
        assertEquals(List.of("exit_group", "read", "write"), uk.syscalls());
        assertEquals(Optional.of(uk), runs.profile("unikraft-0.14"));
        Profile updated = runs.profile("unikraft-0.14", "unikraft tree v2", List.of("read"));
        assertEquals(uk.id(), updated.id());
        assertEquals(List.of("read"), updated.syscalls());
        assertEquals(List.of(), runs.profile("none", null, List.of()).syscalls());
        assertEquals(Optional.empty(), runs.profile("missing"));
    }

    /** A catalog with one revision holding ls and gzip, a runtime and a profile. */
    record Matrix(Catalog catalog, App ls, App gzip, RuntimeVersion runtime, Profile profile) {}

    Matrix matrix() {
        Catalog c = db.catalogs().register("dynamic-apps", "file:///x", null, false);
        CatalogRevision rev = db.catalogs().recordRevision(c.id(), "c0ffee", List.of(dynamicApp("ls"), dynamicApp("gzip")));
        List<App> apps = db.catalogs().apps(rev.id());
        return new Matrix(c, apps.get(1), apps.get(0), db.runs().runtime("emulator", "bundled", "1"),
                db.runs().profile("all", null, null));
    }

    NewResult result(Run run, App app, Matrix m, ResultStatus status, Integer exit, String stdout) {
        Instant t = Instant.now();
        return new NewResult(run.id(), app.id(), m.runtime().id(), m.profile().id(), status, exit, null, 12,
                34_567L, stdout, "", null, "worker-1", t.minusMillis(12), t);
    }

    @Test
    void recordsAResultWithItsSyscallUsage() {
        Matrix m = matrix();
        Run run = db.runs().create(Trigger.CI, "0.1.0");
        List<SyscallUsage> usage = List.of(
                new SyscallUsage(1, "write", 3, Map.of(), false),
                new SyscallUsage(2, "open", 5, Map.of("ENOENT", 4L, "EACCES", 1L), false),
                new SyscallUsage(273, "set_robust_list", 1, Map.of("ENOSYS", 1L), true));
        NewResult in = result(run, m.ls(), m, ResultStatus.PASS, 0, "bin\nusr\n");
        Result r = db.results().record(in, usage);
        assertEquals(new Cell(m.catalog().id(), "ls", m.runtime().id(), m.profile().id()), r.cell());
        assertEquals(ResultStatus.PASS, r.status());
        assertEquals(Integer.valueOf(0), r.exitCode());
        assertNull(r.signal());
        assertEquals(34_567L, r.instructions());
        assertEquals("bin\nusr\n", r.stdout());
        assertEquals("worker-1", r.worker());
        assertEquals(Jdbc.stored(in.started()), r.started());
        assertEquals(Jdbc.stored(in.finished()), r.finished());
        assertEquals(Optional.of(r), db.results().get(r.id()));
        assertEquals(usage, db.results().syscallUsage(r.id()).stream()
                .sorted(java.util.Comparator.comparingInt(SyscallUsage::nr)).toList());
        assertEquals(List.of(r), db.results().ofRun(run.id()));

        // One result per cell and run.
        assertThrows(DuplicateException.class, () -> db.results().record(in, List.of()));
    }

    @Test
    void aFailingResultWriteLeavesNothing() {
        Matrix m = matrix();
        Run run = db.runs().create(Trigger.CI, "0.1.0");
        List<SyscallUsage> twiceTheSameSyscall = List.of(
                new SyscallUsage(1, "write", 3, Map.of(), false), new SyscallUsage(1, "write", 1, Map.of(), false));
        assertThrows(StoreException.class,
                () -> db.results().record(result(run, m.ls(), m, ResultStatus.PASS, 0, "x"), twiceTheSameSyscall));
        assertEquals(List.of(), db.results().ofRun(run.id()));
        assertEquals(0, count("SELECT COUNT(*) FROM syscall_usage"));
    }

    @Test
    void boundsStoredOutput() {
        Matrix m = matrix();
        Run run = db.runs().create(Trigger.MANUAL, "0.1.0");
        String huge = "y\n".repeat(100_000);
        Result r = db.results().record(result(run, m.ls(), m, ResultStatus.PASS, 0, huge), List.of());
        String out = r.stdout();
        assertTrue(out.length() <= ResultDao.MAX_OUTPUT_CHARS && out.length() > ResultDao.MAX_OUTPUT_CHARS - 100,
                "length " + out.length());
        var m2 = java.util.regex.Pattern.compile("\\n\\[binfarm: (\\d+) more characters not stored]\\n$").matcher(out);
        assertTrue(m2.find(), out.substring(out.length() - 80));
        int kept = m2.start();
        assertEquals(huge.substring(0, kept), out.substring(0, kept));
        assertEquals(huge.length(), kept + Integer.parseInt(m2.group(1)), "the marker counts exactly what was cut");
        assertEquals("short", ResultDao.bounded("short"));
        assertNull(ResultDao.bounded(null));
    }

    @Test
    void latestHistoryAndPreviousFollowTheCellAcrossRunsAndRevisions() {
        Matrix m = matrix();
        ResultDao results = db.results();
        Run r1 = db.runs().create(Trigger.NIGHTLY, "0.1.0");
        Result ls1 = results.record(result(r1, m.ls(), m, ResultStatus.PASS, 0, "1"), List.of());
        Result gz1 = results.record(result(r1, m.gzip(), m, ResultStatus.FAIL, 1, "1"), List.of());
        db.runs().finish(r1.id(), RunStatus.FINISHED);

        // A new sync: new app rows, same cells.
        CatalogRevision rev2 = db.catalogs().recordRevision(m.catalog().id(), "beef",
                List.of(dynamicApp("ls"), dynamicApp("gzip")));
        App ls2app = db.catalogs().currentApp(m.catalog().id(), "ls").orElseThrow();
        assertEquals(rev2.id(), ls2app.revision());
        Run r2 = db.runs().create(Trigger.NIGHTLY, "0.1.1");
        Result ls2 = results.record(result(r2, ls2app, m, ResultStatus.CRASH, null, "2"), List.of());

        assertEquals(List.of(gz1, ls2), results.latestPerCell());
        assertEquals(List.of(ls2, ls1), results.history(ls2.cell(), 10));
        assertEquals(List.of(ls2), results.history(ls2.cell(), 1));
        assertEquals(Optional.of(ls1), results.previous(ls2));
        assertEquals(Optional.empty(), results.previous(ls1));
        assertEquals(Optional.empty(), results.previous(gz1));

        // Another profile is another cell.
        Profile strict = db.runs().profile("strict", null, List.of("read"));
        Result other = results.record(new NewResult(r2.id(), ls2app.id(), m.runtime().id(), strict.id(),
                ResultStatus.SKIPPED, null, null, 0, null, null, null, null, null, Instant.now(), Instant.now()), List.of());
        assertEquals(List.of(other), results.history(other.cell(), 10));
        assertEquals(3, results.latestPerCell().size());
    }

    @Test
    void recordsExplorations() {
        Matrix m = matrix();
        ResultDao results = db.results();
        results.recordExploration(new Exploration(m.ls().id(), "default", "ioctl", true, null));
        results.recordExploration(new Exploration(m.ls().id(), "default", "getdents64", false, false));
        results.recordExploration(new Exploration(m.ls().id(), "default", "ioctl", true, true));
        assertEquals(List.of(new Exploration(m.ls().id(), "default", "getdents64", false, false),
                        new Exploration(m.ls().id(), "default", "ioctl", true, true)),
                results.explorations(m.ls().id()));
        assertEquals(List.of(), results.explorations(m.gzip().id()));
    }

    long count(String sql) {
        try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
