package dev.binfarm.cli;

import dev.binfarm.catalog.Fixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 4 through the real farm: static-pie programs built now, run in the emulator.
 * A commit replacing one program by a crashing one makes `farm run` report a regression
 * and exit 1; the revert marks the cell fixed and exits 0. Also `farm runs`, `farm results`.
 */
class RunCommandTest {
    @TempDir Path tmp;

    static final String CRASH = "int main(void){ *(volatile int *)0 = 1; return 0; }\n";

    @Test
    void regressionThenFixedThroughFarmRun() throws Exception {
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        byte[] crash = Fixtures.staticPie(tmp.resolve("build"), "crash", CRASH);
        Path repo = tmp.resolve("apps.git");
        List<String> apps = List.of("hello", "hi");
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, apps), "two greeters");
        var add = farm.farm("catalog", "add", "local", repo.toUri().toString());
        assertEquals(0, add.exit(), add.toString());

        var first = farm.farm("run", "--catalog", "local", "--json");
        assertEquals(0, first.exit(), first.toString());
        JsonNode j1 = json(first);
        assertEquals(Map.of("hello", "PASS", "hi", "PASS"), statuses(j1), first.toString());
        assertTrue(first.err().contains("2/2 cells"), "progress on stderr: " + first.err());

        Map<String, byte[]> broken = new HashMap<>(Fixtures.apps(hello, apps));
        broken.put("hi/hi", crash);
        Fixtures.commitPrograms(repo, broken, "hi crashes now");
        var second = farm.farm("run", "--catalog", "local");
        assertEquals(1, second.exit(), second.toString());
        String hiLine = second.out().lines().filter(l -> l.matches("local +hi .*")).findFirst().orElseThrow(() -> new AssertionError(second.toString()));
        assertTrue(hiLine.contains("CRASH") && hiLine.contains("regression"), second.toString());
        assertTrue(second.out().contains("1 regressions, 0 fixed"), second.toString());

        Fixtures.commitPrograms(repo, Fixtures.apps(hello, apps), "revert");
        var third = farm.farm("run", "--catalog", "local", "--json");
        assertEquals(0, third.exit(), third.toString());
        JsonNode j3 = json(third);
        assertEquals(Map.of("hello", "PASS", "hi", "PASS"), statuses(j3));
        for (JsonNode c : j3.get("cells")) {
            assertFalse(c.get("regression").asBoolean());
            assertEquals(c.get("app").asText().equals("hi"), c.get("fixed").asBoolean(), c.toString());
        }
        assertEquals(1, j3.get("summary").get("fixed").asInt());

        var runs = farm.farm("runs");
        assertEquals(0, runs.exit(), runs.toString());
        assertEquals(4, runs.out().lines().count(), runs.toString()); // header + 3 runs
        long secondRun = json(farm.farm("results", Long.toString(j3.get("run").asLong() - 1), "--json")).get("run").asLong();
        assertEquals(j3.get("run").asLong() - 1, secondRun);
        var results = farm.farm("results", Long.toString(secondRun));
        assertTrue(results.out().contains("regression"), results.toString());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        var unknown = farm.farm("run", "--catalog", "nope");
        assertEquals(2, unknown.exit(), unknown.toString());
        assertEquals("farm: no catalog named 'nope'", unknown.err().strip(), unknown.toString());
        var noRun = farm.farm("results", "42");
        assertEquals(2, noRun.exit(), noRun.toString());
        assertEquals("farm: no run 42", noRun.err().strip());
        var threads = farm.farm("run", "--threads", "0");
        assertEquals(2, threads.exit(), threads.toString());
        var worker = farm.farm("worker", "--db", "jdbc:h2:tcp://localhost:1/nowhere");
        assertEquals(2, worker.exit(), worker.toString());
        assertTrue(worker.err().startsWith("farm: cannot join the cluster at jdbc:h2:tcp://localhost:1/nowhere: "),
                worker.toString());
        assertEquals(1, worker.err().strip().lines().count(), worker.toString());
    }

    static JsonNode json(FarmRunner.Ran r) throws Exception {
        return new ObjectMapper().readTree(r.out());
    }

    static Map<String, String> statuses(JsonNode run) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode c : run.get("cells")) out.put(c.get("app").asText(), c.get("status").asText());
        return out;
    }
}
