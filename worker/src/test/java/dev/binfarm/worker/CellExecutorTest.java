package dev.binfarm.worker;

import dev.binfarm.catalog.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.Run;
import dev.binfarm.results.SyscallUsage;
import dev.binfarm.results.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cells end to end: real H2 farm home, catalogs synced from copies of the shared catalogs and
 * from a JGit catalog of programs compiled at test time, real emulator runs.
 */
class CellExecutorTest {
    static final String SPECS = """
            version: 1
            apps:
              loop:
                argv: [/loop]
                timeout: 1s
              hello:
                argv: [/hello]
                expect:
                  exit: 0
                  stdout: {contains: ["347"]}
              segv:
                argv: [/segv]
            """;

    @TempDir static Path tmp;
    static Farmyard farm;
    static CellExecutor executor;
    static String staticPie, dynamic, tests;
    static String mirrorsBefore;

    @BeforeAll
    static void farm() throws Exception {
        farm = new Farmyard(tmp.resolve("home"));
        Path src = tmp.resolve("src");
        staticPie = farm.sync("static-pie-apps", Farmyard.copyShared("static-pie-apps.git", src));
        dynamic = farm.sync("dynamic-apps", Farmyard.copyShared("dynamic-apps.git", src));
        Path bin = tmp.resolve("bin");
        Map<String, Fixtures.Entry> files = new LinkedHashMap<>();
        files.put("binfarm.yaml", Fixtures.Entry.file(SPECS));
        files.put("loop/loop", Fixtures.Entry.exe(Fixtures.staticPie(bin, "loop", "int main(void){for(;;);}\n")));
        files.put("hello/hello", Fixtures.Entry.exe(Fixtures.staticPie(bin, "hello",
                "#include <stdio.h>\nint main(void){puts(\"hello\");return 0;}\n")));
        files.put("segv/segv", Fixtures.Entry.exe(Fixtures.staticPie(bin, "segv",
                "int main(void){*(volatile int*)8 = 1;return 0;}\n")));
        Fixtures.commit(tmp.resolve("tests.git"), files, "test catalog");
        tests = farm.sync("tests", tmp.resolve("tests.git"));
        mirrorsBefore = Farmyard.digest(farm.home.resolve("catalogs"));
        executor = new CellExecutor(farm.home, farm.db, Runtimes.standard("test-version"));
    }

    @AfterAll
    static void close() {
        if (farm != null) farm.close();
    }

    static CellOutcome run(String catalog, String commit, String app) {
        return executor.execute(new CellSpec(catalog, commit, app, "emulator", "linux"));
    }

    @Test
    void staticPieAppsPassInTheEmulator() {
        for (String app : List.of("bc", "gzip", "sqlite3")) {
            CellOutcome o = run("static-pie-apps", staticPie, app);
            assertTrue(o.run().instructions() > 0, app);
            assertTrue(o.run().syscalls().stream().anyMatch(s -> s.name().equals("exit_group")), app + " " + o.run().syscalls());
            // gzip writes /test.txt.gz into the run's copy-on-write layer, where the judge finds it.
            assertEquals(ResultStatus.PASS, o.status(), app + ": " + o.reason());
        }
        assertEquals("1267650600228229401496703205376\n", new String(run("static-pie-apps", staticPie, "bc").run().stdout()));
    }

    @Test
    void cellsRunConcurrentlyOnOneExecutor() throws Exception {
        List<CellSpec> cells = List.of(
                new CellSpec("static-pie-apps", staticPie, "bc", "emulator", "linux"),
                new CellSpec("tests", tests, "hello", "emulator", "linux"),
                new CellSpec("static-pie-apps", staticPie, "bc", "emulator", "linux"),
                new CellSpec("tests", tests, "segv", "emulator", "linux"));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            List<java.util.concurrent.Future<CellOutcome>> futures = cells.stream().map(c -> pool.submit(() -> executor.execute(c))).toList();
            List<ResultStatus> statuses = new java.util.ArrayList<>();
            for (var f : futures) statuses.add(f.get().status());
            assertEquals(List.of(ResultStatus.PASS, ResultStatus.FAIL, ResultStatus.PASS, ResultStatus.CRASH), statuses);
        }
    }

    /**
     * Acceptance 5, emulator half: 30 cells (passing, failing, crashing and timing out; gzip
     * writing through the copy-on-write layer) leave no work dir, no layer and no guest thread
     * behind. The work dir is the emulator's only temp dir (it creates nothing in java.io.tmpdir;
     * not checked there, where other runtimes' tests on a shared machine come and go).
     */
    @Test
    void thirtyRunsLeaveNothingBehind() throws Exception {
        java.util.Map<ResultStatus, Integer> seen = new java.util.EnumMap<>(ResultStatus.class);
        for (int i = 0; i < 30; i++) {
            CellOutcome o = switch (i % 10) {
                case 0, 3, 6 -> run("static-pie-apps", staticPie, "gzip");
                case 9 -> i == 9 ? run("tests", tests, "loop") : run("tests", tests, "segv");
                case 1, 4, 7 -> run("tests", tests, "hello");
                default -> run("static-pie-apps", staticPie, "bc");
            };
            seen.merge(o.status(), 1, Integer::sum);
        }
        assertEquals(java.util.Map.of(ResultStatus.PASS, 18, ResultStatus.FAIL, 9, ResultStatus.TIMEOUT, 1, ResultStatus.CRASH, 2), seen);
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(executor.workRoot())) {
            assertEquals(List.of(), s.toList(), "work dirs (rootfs and copy-on-write layer) left behind");
        }
        // The timed-out guest's thread was interrupted; give it a moment to unwind.
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> guests;
        do {
            guests = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("guest-")).toList();
            if (!guests.isEmpty()) Thread.sleep(100);
        } while (!guests.isEmpty() && System.nanoTime() < deadline);
        assertEquals(List.of(), guests, "guest threads still running");
    }

    @Test
    void dynamicGzipWritesItsOutputThroughTheCopyOnWriteLayer() {
        CellOutcome o = run("dynamic-apps", dynamic, "gzip");
        assertEquals(ResultStatus.PASS, o.status(), o.reason());
    }

    @Test
    void aDynamicAppEndsWithAClearStatusNotACrashOfTheWorker() {
        CellOutcome o = run("dynamic-apps", dynamic, "echo");
        assertTrue(o.status() == ResultStatus.PASS
                        || o.status() == ResultStatus.ERROR && o.reason().contains("dynamically linked programs are not supported yet"),
                o.status() + ": " + o.reason());
    }

    @Test
    void aServerSpecRunsItsProbesAgainstThePortTheEmulatorReports() {
        long t0 = System.nanoTime();
        CellOutcome o = run("dynamic-apps", dynamic, "redis7");
        assertEquals(ResultStatus.PASS, o.status(), o.reason());
        // Stopped on purpose once the probes passed, not left running until its timeout.
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 60_000, "stopped after the probes");
    }

    @Test
    void aFailingExpectationIsFailWithTheFirstFailingCheckAsReason() {
        CellOutcome o = run("tests", tests, "hello");
        assertEquals(ResultStatus.FAIL, o.status(), o.reason());
        assertEquals("stdout does not contain '347'", o.reason());
        assertEquals("hello\n", new String(o.run().stdout()));
    }

    @Test
    void aGuestThatNeverEndsIsTimeoutWithinTimeoutPlusTwoSeconds() {
        long t0 = System.nanoTime();
        CellOutcome o = run("tests", tests, "loop");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ResultStatus.TIMEOUT, o.status(), o.reason());
        assertEquals("still running after 1 s", o.reason());
        assertTrue(ms >= 1000 && ms < 3000, ms + " ms");
    }

    @Test
    void aFatalSignalIsCrashNamingTheSignal() {
        CellOutcome o = run("tests", tests, "segv");
        assertEquals(ResultStatus.CRASH, o.status(), o.reason());
        assertEquals(11, o.run().signal());
        assertTrue(o.reason().startsWith("killed by SIGSEGV"), o.reason());
    }

    @Test
    void problemsBeforeTheRunAreErrorsWithTheirMessage() {
        CellOutcome noApp = run("tests", tests, "nothere");
        assertEquals(ResultStatus.ERROR, noApp.status());
        assertTrue(noApp.reason().contains("has no app 'nothere'"), noApp.reason());
        CellOutcome noRuntime = executor.execute(new CellSpec("tests", tests, "hello", "docker", "linux"));
        assertEquals(ResultStatus.ERROR, noRuntime.status());
        assertEquals("no runtime named 'docker' (known: emulator)", noRuntime.reason());
        CellOutcome noCommit = run("tests", "0123456789012345678901234567890123456789", "hello");
        assertEquals(ResultStatus.ERROR, noCommit.status(), noCommit.reason());
        CellOutcome profile = executor.execute(new CellSpec("tests", tests, "hello", "emulator", "unikraft"));
        assertEquals(ResultStatus.ERROR, profile.status());
        assertEquals("no syscall profile named 'unikraft'", profile.reason());
    }

    @Test
    void aSyscallProfileFromTheDatabaseIsEnforcedAndItsDenialsStored() {
        CellSpec linux = new CellSpec("static-pie-apps", staticPie, "bc", "emulator", "linux");
        CellOutcome full = executor.execute(linux);
        assertEquals(ResultStatus.PASS, full.status(), full.reason());
        List<String> allButWrite = full.run().syscalls().stream().map(SyscallCount::name).filter(n -> !n.equals("write")).toList();
        farm.db.runs().profile("no-write", "test", allButWrite);
        CellExecutor profiled = new CellExecutor(farm.home, farm.db, Runtimes.standard("test-version", farm.db));
        Run run = farm.db.runs().create(Trigger.MANUAL, "test");
        CellSpec cell = new CellSpec("static-pie-apps", staticPie, "bc", "emulator", "no-write");
        CellExecutor.Recorded r = profiled.executeAndRecord(run.id(), cell, "w");
        assertEquals(ResultStatus.FAIL, r.outcome().status());
        assertTrue(r.outcome().reason().startsWith("stdout is not equal to"), r.outcome().reason());
        SyscallCount write = r.outcome().run().syscalls().stream().filter(s -> s.name().equals("write")).findFirst().orElseThrow();
        assertTrue(write.denied() > 0 && write.errnos().containsKey("ENOSYS"), write.toString());
        List<SyscallUsage> stored = farm.db.results().syscallUsage(r.result().id());
        assertTrue(stored.stream().anyMatch(u -> u.name().equals("write") && u.deniedByProfile()), stored.toString());
        assertTrue(stored.stream().noneMatch(u -> u.name().equals("read") && u.deniedByProfile()), stored.toString());
        // the same DB-aware runtimes still run "linux" with everything allowed
        assertEquals(ResultStatus.PASS, profiled.execute(linux).status());
    }

    @Test
    void anInternalErrorIsErrorWithTheMessageStored() {
        Runtime broken = new Runtime() {
            @Override public String kind() { return "emulator"; }
            @Override public String name() { return "broken"; }
            @Override public String version() { return "1"; }
            @Override public RunOutcome run(RunRequest request) { throw new IllegalStateException("injected fault in the runtime"); }
        };
        Runtimes runtimes = Runtimes.standard("test-version").with(broken);
        CellExecutor ex = new CellExecutor(farm.home, farm.db, runtimes);
        Run run = farm.db.runs().create(Trigger.MANUAL, "test");
        CellExecutor.Recorded r = ex.executeAndRecord(run.id(), new CellSpec("tests", tests, "hello", "broken", "linux"), "w1");
        assertEquals(ResultStatus.ERROR, r.outcome().status());
        assertTrue(r.outcome().reason().contains("injected fault in the runtime"), r.outcome().reason());
        Result stored = farm.db.results().get(r.result().id()).orElseThrow();
        assertEquals(ResultStatus.ERROR, stored.status());
        assertTrue(stored.crash().contains("injected fault in the runtime"), stored.crash());
        assertEquals("w1", stored.worker());
    }

    @Test
    void recordingTheSameCellTwiceInARunLeavesOneRow() {
        Run run = farm.db.runs().create(Trigger.MANUAL, "test");
        CellSpec cell = new CellSpec("static-pie-apps", staticPie, "bc", "emulator", "linux");
        CellExecutor.Recorded first = executor.executeAndRecord(run.id(), cell, "w1");
        CellExecutor.Recorded again = executor.executeAndRecord(run.id(), cell, "w2");
        List<Result> rows = farm.db.results().ofRun(run.id());
        assertEquals(1, rows.size());
        assertEquals(first.result().id(), again.result().id());
        assertEquals("w1", rows.getFirst().worker());
        assertEquals(ResultStatus.PASS, rows.getFirst().status());
        List<SyscallUsage> usage = farm.db.results().syscallUsage(rows.getFirst().id());
        assertTrue(usage.stream().anyMatch(u -> u.name().equals("exit_group") && u.calls() == 1), usage.toString());
        // replace() supersedes instead, still one row
        Result replaced = new ResultRecorder(farm.db, executor.runtimes()).replace(run.id(), again.outcome(), "w3");
        rows = farm.db.results().ofRun(run.id());
        assertEquals(1, rows.size());
        assertEquals("w3", rows.getFirst().worker());
        assertEquals(replaced.id(), rows.getFirst().id());
    }

    @Test
    void aCellRunsTheAppAsItWasAtTheCellsCommitEvenAfterTheCatalogMoved() throws Exception {
        Path repo = tmp.resolve("moving.git");
        byte[] hello = Files.readAllBytes(tmp.resolve("bin/hello"));
        Fixtures.commit(repo, Map.of("hello/hello", Fixtures.Entry.exe(hello),
                "binfarm.yaml", Fixtures.Entry.file("version: 1\napps:\n  hello:\n    expect: {stdout: {equals: \"hello\\n\"}}\n")), "test catalog");
        String before = farm.sync("moving", repo);
        Fixtures.commit(repo, Map.of("hello/hello", Fixtures.Entry.exe(hello),
                "binfarm.yaml", Fixtures.Entry.file("version: 1\napps:\n  hello:\n    expect: {stdout: {equals: \"bye\\n\"}}\n")), "test catalog");
        String after = farm.catalogs.sync("moving").commit();
        assertEquals(ResultStatus.PASS, run("moving", before, "hello").status());
        CellOutcome now = run("moving", after, "hello");
        assertEquals(ResultStatus.FAIL, now.status());
        assertEquals("stdout is not equal to 'bye\\n'", now.reason());
    }

    @Test
    void workDirsAreRemovedAndMirrorsUntouched() throws Exception {
        run("static-pie-apps", staticPie, "gzip");
        run("tests", tests, "hello");
        run("tests", tests, "segv");
        try (Stream<Path> s = Files.exists(executor.workRoot()) ? Files.list(executor.workRoot()) : Stream.empty()) {
            assertEquals(List.of(), s.toList());
        }
        String now = Farmyard.digest(farm.home.resolve("catalogs"));
        for (String name : List.of("static-pie-apps.git", "dynamic-apps.git", "tests.git")) {
            assertEquals(section(mirrorsBefore, name), section(now, name), name);
        }
        assertNotNull(mirrorsBefore);
    }

    @Test
    void aFailedCellsWorkDirIsKeptWhenAskedAndAPassingOnesIsNot() throws Exception {
        CellExecutor keeping = new CellExecutor(farm.home, farm.db, Runtimes.standard("t"), true);
        try {
            assertEquals(ResultStatus.PASS, keeping.execute(new CellSpec("static-pie-apps", staticPie, "bc", "emulator", "linux")).status());
            assertEquals(ResultStatus.FAIL, keeping.execute(new CellSpec("tests", tests, "hello", "emulator", "linux")).status());
            List<Path> kept;
            try (Stream<Path> s = Files.list(keeping.workRoot())) {
                kept = s.toList();
            }
            assertEquals(1, kept.size(), kept.toString());
            assertTrue(Files.isRegularFile(kept.getFirst().resolve("rootfs/hello")), kept.toString());
        } finally {
            try (Stream<Path> s = Files.list(keeping.workRoot())) {
                s.forEach(CellExecutor::deleteTree);
            }
        }
    }

    /** The digest lines of one mirror. */
    private static String section(String digest, String mirror) {
        StringBuilder sb = new StringBuilder();
        digest.lines().filter(l -> l.startsWith(mirror)).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }
}
