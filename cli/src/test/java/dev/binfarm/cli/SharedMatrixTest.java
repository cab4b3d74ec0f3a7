package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `farm run` over both shared catalogs on the emulator (issue 8, acceptance 6): every app
 * whose shipped spec passes natively (ShippedSpecsNativeTest checks that under chroot)
 * passes in the emulator, redis7 (a server: its probes reach the port the emulator publishes) included.
 */
class SharedMatrixTest {
    @TempDir Path tmp;

    @Test
    void bothSharedCatalogsPassOnTheEmulator() throws Exception {
        Path dyn = CatalogCommandTest.copy(CatalogCommandTest.shared().resolve("dynamic-apps.git"), tmp.resolve("src/dynamic-apps.git"));
        Path spie = CatalogCommandTest.copy(CatalogCommandTest.shared().resolve("static-pie-apps.git"), tmp.resolve("src/static-pie-apps.git"));
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        assertEquals(0, farm.farm("catalog", "add", "dynamic-apps", dyn.toUri().toString()).exit());
        assertEquals(0, farm.farm("catalog", "add", "static-pie-apps", spie.toUri().toString()).exit());

        var run = farm.farm("run", "--catalog", "dynamic-apps", "--catalog", "static-pie-apps", "--json");
        assertEquals(0, run.exit(), run.toString());
        Map<String, String> status = new TreeMap<>();
        for (JsonNode c : new ObjectMapper().readTree(run.out()).get("cells"))
            status.put(c.get("catalog").asText() + "/" + c.get("app").asText() + "@" + c.get("runtime").asText(),
                    c.get("status").asText() + (c.get("status").asText().equals("PASS") ? "" : ": " + c.get("reason").asText()));
        Map<String, String> expected = new TreeMap<>();
        for (String app : new String[] {"bc", "echo", "grep", "gzip", "ls", "redis7", "sed", "sqlite3"})
            expected.put("dynamic-apps/" + app + "@emulator", "PASS");
        for (String app : new String[] {"bc", "gzip", "sqlite3"}) expected.put("static-pie-apps/" + app + "@emulator", "PASS");
        assertEquals(expected, status, run.toString());
    }
}
