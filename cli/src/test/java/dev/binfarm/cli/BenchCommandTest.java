package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code farm bench --short --json} as CI runs it (issue 12, acceptance 1): exits 0, the JSON parses,
 * every workload has native, qemu and emulator (cold and warm) figures and the emulator's output matched (else exit 1),
 * start-to-main and idle-guest memory are there.
 */
class BenchCommandTest {
    @Test
    void shortModeJson(@TempDir Path home) throws Exception {
        Assumptions.assumeTrue(BenchCommand.onPath("gcc"), "gcc is not installed");
        Assumptions.assumeTrue(CatalogWorkloads.findShared() != null, "the shared dynamic-apps catalog is not here");
        Assumptions.assumeTrue(BenchCommand.isRoot(), "the native reference needs chroot (root)");
        CommandLine cl = Farm.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        long t0 = System.nanoTime();
        int status = cl.execute("--home", home.toString(), "bench", "--short", "--json");
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        System.out.println(err);
        assertEquals(0, status, () -> "stdout:\n" + out + "\nstderr:\n" + err);
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        JsonNode workloads = doc.get("workloads");
        boolean qemu = BenchCommand.onPath("qemu-x86_64");
        int expected = 4 + (Files.isExecutable(Path.of("/usr/bin/go")) ? 1 : 0);
        assertEquals(expected, workloads.size(), out::toString);
        for (JsonNode w : workloads) {
            String name = w.get("name").asText();
            assertTrue(w.get("native").asDouble() > 0, name);
            assertTrue(w.get("emulator").asDouble() > 0, name);
            assertTrue(w.get("ratios").get("emulator/native").asDouble() > 0, name);
            assertTrue(w.get("emulatorWarm").asDouble() > 0, name);
            assertTrue(w.get("ratios").get("emulatorWarm/native").asDouble() > 0, name);
            if (qemu) {
                assertTrue(w.get("qemu").asDouble() > 0, name);
                assertTrue(w.get("ratios").get("emulator/qemu").asDouble() > 0, name);
            }
            assertTrue(w.get("emulatorInstructions").asLong() > 0, name);
            // A cold run translates its regions and HotSpot compiles them while it runs.
            assertTrue(w.get("emulatorCompileSeconds").asDouble() > 0, name);
            assertTrue(w.get("emulatorWarmCompileSeconds").asDouble() >= 0, name);
        }
        assertTrue(doc.get("startToMain").get("warmMedianMs").asDouble() > 0, out::toString);
        assertTrue(doc.get("startToMain").get("instructions").asLong() > 100_000, out::toString);
        assertTrue(doc.get("idleGuestMemory").get("heapBytes").asLong() > 0, out::toString);
        assertTrue(doc.get("machine").get("cores").asInt() > 0, out::toString);
        assertTrue(Files.isDirectory(home.resolve("bench")), "the workloads are built under the farm home");
        System.out.println("farm bench --short took " + seconds + " s");
    }

    @Test
    void rejectsANegativeSize(@TempDir Path home) {
        CommandLine cl = Farm.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("--home", home.toString(), "bench", "--size", "-2"));
        assertTrue(err.toString().contains("--size must be >= 0"), err::toString);
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.0, BenchCommand.median(new double[] {3, 1, 2}));
        assertEquals(2.5, BenchCommand.median(new double[] {4, 1, 3, 2}));
    }
}
