package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** farm demo: offline, imports host programs into a sample catalog, syncs it, lists it; twice is fine. */
class DemoCommandTest {
    @TempDir Path tmp;

    @Test
    void demoImportsSyncsAndListsHostPrograms() throws Exception {
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        var r = farm.farm("demo");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("catalog demo synced at "), r.toString());
        // Then the matrix of a full run on the emulator, whatever the cells' statuses.
        assertTrue(r.out().contains("running catalog demo on the emulator"), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("run 1 finished: [1-9]\\d* cells, .*")), r.toString());
        JsonNode apps = CatalogCommandTest.json(farm.farm("catalog", "apps", "demo", "--json"));
        List<String> names = CatalogCommandTest.names(apps);
        assertTrue(names.contains("ls") && names.contains("gzip"), names.toString()); // coreutils and gzip are always there
        for (JsonNode a : apps) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(a.get("name").asText() + " ")), "table lists " + a);
            assertTrue(a.get("spec").asText().startsWith("binfarm.yaml:"), a.toString());
            Path elf = tmp.resolve("home/demo/catalog").resolve(a.get("path").asText());
            assertTrue(Files.isExecutable(elf), elf.toString());
        }
        var again = farm.farm("demo");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("catalog demo synced at "), again.toString());
        assertEquals(names, CatalogCommandTest.names(CatalogCommandTest.json(farm.farm("catalog", "apps", "demo", "--json"))));
    }
}
