package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A CPU-bound static-PIE C program (sieve, qsort, snprintf/strlen/strstr,
 * recursion, hashing: resources/jit/cpubound.c) compiled at test time, run
 * natively and in the emulator with the compiling tier off and on: same output;
 * guest MIPS of both tiers printed (-Djit.scale=N for a longer run).
 */
class JitProgramTest {
    @Test
    void cpuBoundProgramSameOutputBothTiers(@TempDir Path dir) throws Exception {
        try (InputStream src = getClass().getResourceAsStream("/jit/cpubound.c")) {
            Files.write(dir.resolve("cpubound.c"), src.readAllBytes());
        }
        Path exe = dir.resolve("cpubound");
        Process cc = new ProcessBuilder("gcc", "-O2", "-static-pie", "-o", exe.toString(), dir.resolve("cpubound.c").toString())
                .inheritIO().start();
        assertEquals(0, cc.waitFor(), "gcc");
        String scale = Integer.toString(Integer.getInteger("jit.scale", 2));
        Process nat = new ProcessBuilder(exe.toString(), scale).start();
        String expected = new String(nat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, nat.waitFor());

        String saved = System.getProperty("binfarm.jit");
        try {
            for (String mode : System.getProperty("jit.modes", "off,on").split(",")) {
                System.setProperty("binfarm.jit", mode);
                var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = threads.getCurrentThreadCpuTime();
                GuestOutcome o = Guest.builder().rootfs(dir).argv("/cpubound", scale).timeout(Duration.ofMinutes(5)).build().run();
                long cpuNs = threads.getCurrentThreadCpuTime() - cpu0;
                assertInstanceOf(GuestExit.Exited.class, o.exit(), () -> mode + ": " + o.exit());
                assertEquals(expected, new String(o.stdout(), StandardCharsets.UTF_8), mode);
                // Thread CPU time as well: the cores are shared, wall time alone is noisy.
                System.out.printf("cpubound (tier %s): %d instructions in %d ms = %.1f MIPS (%.1f MIPS of thread CPU time)%n", mode,
                        o.instructions(), o.wallTime().toMillis(), o.mips(), o.instructions() * 1e3 / cpuNs);
            }
        } finally {
            if (saved == null) System.clearProperty("binfarm.jit");
            else System.setProperty("binfarm.jit", saved);
        }
    }
}
