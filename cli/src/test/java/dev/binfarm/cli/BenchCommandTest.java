package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestOutcome;
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
                assertTrue(w.get("qemuSameCpu").asDouble() > 0, name);
                assertTrue(w.get("ratios").get("emulator/qemuSameCpu").asDouble() > 0, name);
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

    /**
     * The qemu model {@code farm bench} compares with offers a program what the emulator's CPUID does: CPUID
     * leaves 1, 7 and 0x80000001 read by a static C program, under both. Left out: the hypervisor bit and SVM,
     * which qemu64 always sets, and the system bits of the EDX words (APIC, MTRR, PAE...; compared on the
     * emulator's bits): user-space code does not choose its code paths by them.
     */
    @Test
    void qemuSameCpuReportsTheEmulatorsFeatures(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(BenchCommand.onPath("gcc"), "gcc is not installed");
        Assumptions.assumeTrue(BenchCommand.onPath("qemu-x86_64"), "qemu-x86_64 is not installed");
        Files.writeString(dir.resolve("cpuid.c"), """
                #include <cpuid.h>
                #include <stdio.h>
                int main(void) {
                    unsigned a, b, c, d;
                    __cpuid_count(1, 0, a, b, c, d);
                    printf("1: ecx=%08x edx=%08x\\n", c & 0x7fffffff, d & 0x07888111);
                    __cpuid_count(7, 0, a, b, c, d);
                    printf("7: ebx=%08x ecx=%08x edx=%08x\\n", b, c, d);
                    __cpuid(0x80000001, a, b, c, d);
                    printf("ext: ecx=%08x edx=%08x\\n", c & ~4u, d & 0x20100800);
                    return 0;
                }
                """);
        Path exe = dir.resolve("cpuid");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-static", "-o", exe.toString(), dir.resolve("cpuid.c").toString())
                .inheritIO().start();
        assertEquals(0, gcc.waitFor());
        Process q = new ProcessBuilder("qemu-x86_64", "-cpu", BenchCommand.qemuCpu(), exe.toString())
                .redirectErrorStream(true).start();
        String underQemu = new String(q.getInputStream().readAllBytes());
        assertEquals(0, q.waitFor(), underQemu);
        GuestOutcome o = Guest.builder().rootfs(dir).exe(exe).argv(java.util.List.of("/cpuid")).build().run();
        String underEmulator = new String(o.stdout());
        assertTrue(underEmulator.contains("1: ecx=00c82201"), underEmulator); // SSE3 SSSE3 CX16 SSE4.1 MOVBE POPCNT
        assertEquals(underEmulator, underQemu, "qemu -cpu " + BenchCommand.qemuCpu());
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
