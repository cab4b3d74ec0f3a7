package dev.binfarm.orchestrator;

import dev.binfarm.catalog.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.catalog.Catalogs;
import dev.binfarm.results.Database;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.Trigger;
import dev.binfarm.worker.Availability;
import dev.binfarm.worker.docker.DockerRuntime;
import dev.binfarm.worker.docker.ProfileResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broken-app rule with the real reference (issue 9, acceptance 3): a farm with the real
 * emulator and real Docker runs a copy of the shared dynamic-apps catalog through the
 * orchestrator, twice. Between the runs the catalog gets a commit that
 * <ul>
 *   <li>deletes a library {@code sed} needs: it fails in Docker and in the emulator alike, so
 *       both cells are BROKEN (the app is broken, the emulator is not to blame);</li>
 *   <li>updates a small app, {@code clock}, to refuse a clock that reads earlier than its
 *       build (as a TLS client refuses a certificate not yet valid): the host's clock is
 *       real, the emulator's is deterministic (2026-01-01), so it fails in the emulator only:
 *       a REGRESSION.</li>
 * </ul>
 */
class RealReferenceTest {
    static final String CLOCK = """
            #include <stdio.h>
            #include <time.h>
            int main(void) {
                time_t now = time(NULL);
                if (now < (time_t)BUILT) { printf("clock reads %ld, before the build at %ld\\n", (long)now, (long)BUILT); return 1; }
                puts("clock ok");
                return 0;
            }
            """;
    static final String SPEC = """
            version: 1
            apps:
              clock:
                argv: [/clock]
                expect:
                  exit: 0
                  stdout: {contains: "clock ok"}
            """;

    @TempDir Path tmp;
    Database db;
    FarmScheduler scheduler;
    Orchestrator orchestrator;
    Catalogs catalogs;

    @BeforeEach
    void setUp() throws Exception {
        Availability docker = DockerRuntime.detect(ProfileResolver.standard()).available();
        Assumptions.assumeTrue(docker.ok(), "docker unavailable: " + docker.why());
        Path home = tmp.resolve("home");
        db = Database.openHome(home);
        Node node = new Node(db, new WorkerCells(home, db, "1.0-test"), "test-node", home, "1.0-test");
        scheduler = FarmScheduler.create(node, new FarmScheduler.Config(2, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        scheduler.start();
        catalogs = new Catalogs(home.resolve("catalogs"), new DbCatalogStore(db.catalogs()));
        orchestrator = new Orchestrator(db, catalogs, node.work(), scheduler, "1.0-test");
    }

    @AfterEach
    void tearDown() {
        if (scheduler != null) scheduler.shutdown(true);
        if (db != null) db.close();
    }

    @Test
    void aFailureDockerSharesIsBrokenAndAnEmulatorOnlyFailureIsARegression() throws Exception {
        // A working clone named like upstream, so the shipped specs apply (sed's expected output).
        Path bare = Fixtures.copyShared("dynamic-apps.git", tmp.resolve("src"));
        Files.createDirectories(bare.resolve("refs/heads")); // packed refs only: git wants the dir to know a repo
        Files.createDirectories(bare.resolve("refs/tags"));
        Path work = tmp.resolve("edit/dynamic-apps");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call()) {
            Files.createDirectories(work.resolve("clock"));
            Files.write(work.resolve("clock/clock"), build("clock-old", 0));
            work.resolve("clock/clock").toFile().setExecutable(true);
            Files.writeString(work.resolve("binfarm.yaml"), SPEC);
            commit(git, "add clock");
            catalogs.add("dynamic-apps", work.toUri().toString(), null);
            Selection sel = new Selection(List.of("dynamic-apps"), List.of("emulator", "docker"), null, "{sed,clock}");

            Orchestrator.Report first = orchestrator.run(Trigger.MANUAL, sel, Orchestrator.Progress.NONE, Duration.ofMinutes(5));
            Map<String, CellRow> a = byCell(first);
            assertEquals(4, a.size(), a.toString());
            for (CellRow c : a.values()) assertEquals(ResultStatus.PASS, c.status(), c.toString());

            Files.delete(work.resolve("sed/lib/x86_64-linux-gnu/libpcre2-8.so.0"));
            Files.write(work.resolve("clock/clock"), build("clock-new", System.currentTimeMillis() / 1000));
            commit(git, "sed loses libpcre2; clock checks the clock");
            Orchestrator.Report second = orchestrator.run(Trigger.MANUAL, sel, Orchestrator.Progress.NONE, Duration.ofMinutes(5));
            Map<String, CellRow> b = byCell(second);
            assertEquals(ResultStatus.FAIL, b.get("sed@docker").status(), b.get("sed@docker").toString());
            assertTrue(b.get("sed@docker").reason().contains("libpcre2-8.so.0"), b.get("sed@docker").reason());
            assertTrue(b.get("sed@emulator").status() != ResultStatus.PASS, b.get("sed@emulator").toString());
            assertEquals(Trend.BROKEN, b.get("sed@docker").trend());
            assertEquals(Trend.BROKEN, b.get("sed@emulator").trend());
            assertEquals(ResultStatus.PASS, b.get("clock@docker").status(), b.get("clock@docker").toString());
            assertNull(b.get("clock@docker").trend());
            assertEquals(ResultStatus.FAIL, b.get("clock@emulator").status(), b.get("clock@emulator").toString());
            assertEquals(Trend.REGRESSION, b.get("clock@emulator").trend());
            assertEquals(1, second.regressions());
        }
    }

    private Map<String, CellRow> byCell(Orchestrator.Report r) {
        return r.cells().stream().collect(Collectors.toMap(c -> c.app() + "@" + c.runtime(), c -> c));
    }

    private byte[] build(String name, long built) throws Exception {
        Path dir = tmp.resolve("build");
        Files.createDirectories(dir);
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, CLOCK);
        Path out = dir.resolve(name);
        Process p;
        try {
            p = new ProcessBuilder("gcc", "-O1", "-static-pie", "-DBUILT=" + built, "-o", out.toString(), c.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("gcc is not installed: " + e.getMessage());
            throw e;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("gcc failed: " + log);
        return Files.readAllBytes(out);
    }

    private static void commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call(); // records deletions
        git.commit().setMessage(message).setAuthor("binfarm test", "test@binfarm.dev")
                .setCommitter("binfarm test", "test@binfarm.dev").call();
    }

}
