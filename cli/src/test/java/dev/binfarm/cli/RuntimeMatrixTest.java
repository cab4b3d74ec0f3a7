package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binfarm.worker.Availability;
import dev.binfarm.worker.docker.DockerRuntime;
import dev.binfarm.worker.docker.ProfileResolver;
import dev.binfarm.worker.qemu.QemuLinuxRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, acceptance 6: {@code farm run --runtime emulator --runtime docker --runtime qemu-linux}
 * over both shared catalogs fills the matrix, 3 x 11 cells. Docker and qemu-linux (the real
 * Linux kernel) pass every app, redis7 through its probes. The emulator passes every batch app;
 * redis7 on it is SKIPPED until the emulator has sockets (then it must PASS like the others).
 * A docker or qemu-linux cell that passed on retry (FLAKY) counts as passing; an emulator cell must
 * pass at once. Skipped, visibly, when Docker or QEMU is not available.
 */
class RuntimeMatrixTest {
    static final String[] DYNAMIC = {"bc", "echo", "grep", "gzip", "ls", "redis7", "sed", "sqlite3"};
    static final String[] STATIC = {"bc", "gzip", "sqlite3"};
    static final String[] RUNTIMES = {"emulator", "docker", "qemu-linux"};

    @TempDir Path tmp;

    @Test
    void threeRuntimesFillTheMatrixOverBothSharedCatalogs() throws Exception {
        Availability docker = DockerRuntime.detect(ProfileResolver.standard()).available();
        Assumptions.assumeTrue(docker.ok(), "docker unavailable: " + docker.why());
        Availability qemu = QemuLinuxRuntime.detect().available();
        Assumptions.assumeTrue(qemu.ok(), "qemu-linux unavailable: " + qemu.why());
        Path dyn = CatalogCommandTest.copy(CatalogCommandTest.shared().resolve("dynamic-apps.git"), tmp.resolve("src/dynamic-apps.git"));
        Path spie = CatalogCommandTest.copy(CatalogCommandTest.shared().resolve("static-pie-apps.git"), tmp.resolve("src/static-pie-apps.git"));
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        assertEquals(0, farm.farm("catalog", "add", "dynamic-apps", dyn.toUri().toString()).exit());
        assertEquals(0, farm.farm("catalog", "add", "static-pie-apps", spie.toUri().toString()).exit());

        long t0 = System.nanoTime();
        var run = farm.farm("run", "--catalog", "dynamic-apps", "--catalog", "static-pie-apps",
                "--runtime", "emulator", "--runtime", "docker", "--runtime", "qemu-linux", "--json");
        System.out.printf("3-runtime matrix over both shared catalogs: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(0, run.exit(), run.toString());
        Map<String, String> status = new TreeMap<>();
        for (JsonNode c : new ObjectMapper().readTree(run.out()).get("cells"))
            status.put(c.get("catalog").asText() + "/" + c.get("app").asText() + "@" + c.get("runtime").asText(),
                    c.get("status").asText() + (c.get("status").asText().equals("PASS") ? "" : ": " + c.get("reason").asText()));
        status.forEach((cell, s) -> System.out.println("  " + cell + " " + s));
        // A real VM or daemon may hiccup on a loaded machine (a TCG boot that panics, seen at load 12):
        // passed on retry counts as passing there, never on the deterministic emulator.
        status.replaceAll((cell, s) -> !cell.endsWith("@emulator") && s.startsWith("FLAKY: ") ? "PASS" : s);

        // Emulator redis7: SKIPPED (no sockets yet) or, once the emulator serves sockets, PASS.
        String redis = status.remove("dynamic-apps/redis7@emulator");
        assertTrue(redis != null && (redis.equals("PASS") || redis.startsWith("SKIPPED: ")), "redis7@emulator: " + redis);
        Map<String, String> expected = new TreeMap<>();
        for (String runtime : RUNTIMES) {
            for (String app : DYNAMIC) expected.put("dynamic-apps/" + app + "@" + runtime, "PASS");
            for (String app : STATIC) expected.put("static-pie-apps/" + app + "@" + runtime, "PASS");
        }
        expected.remove("dynamic-apps/redis7@emulator");
        assertEquals(expected, status, run.toString());
    }
}
