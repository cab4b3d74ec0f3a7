package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `farm serve`: serves the database, runs the nightly trigger (every 2 s here), stops after a while. */
class ServeCommandTest {
    @TempDir Path tmp;

    @Test
    void serveFiresNightlyRunsAndPrintsTheWorkerUrl() throws Exception {
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        byte[] hello = RunTestCatalog.staticPie(tmp.resolve("build"), "hello", RunTestCatalog.HELLO);
        Path repo = tmp.resolve("apps.git");
        RunTestCatalog.commit(repo, RunTestCatalog.apps(hello, List.of("hello")), "one app");
        assertEquals(0, farm.farm("catalog", "add", "local", repo.toUri().toString()).exit());

        var serve = farm.farm("serve", "--db-port", "0", "--nightly", "0/2 * * * * ?", "--catalog", "local",
                "--stop-after", "8");
        assertEquals(0, serve.exit(), serve.toString());
        assertTrue(serve.out().contains("join with: farm worker --db jdbc:h2:tcp://localhost:"), serve.toString());
        assertTrue(serve.out().contains("nightly runs: 0/2 * * * * ?"), serve.toString());

        var runs = farm.farm("runs");
        assertTrue(runs.out().lines().anyMatch(l -> l.matches("\\d+ +nightly .*FINISHED +1/1 +1 .*")), runs.toString());

        var bad = farm.farm("serve", "--nightly", "every night");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("farm: --nightly: not a Quartz cron expression"), bad.toString());
    }
}
