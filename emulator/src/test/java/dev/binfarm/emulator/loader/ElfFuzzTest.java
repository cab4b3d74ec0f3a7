package dev.binfarm.emulator.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.kernel.Cc;
import dev.binfarm.emulator.kernel.GuestRunner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 4: mutated and truncated real binaries go through the loader and,
 * when they load, a short bounded run. Each must end as a clean outcome (an
 * exit, a signal, a load failure, a budget stop) within 2 s; no exception may
 * escape the run API.
 */
class ElfFuzzTest {
    static final int CASES = 10_000;
    static final long BUDGET = 20_000;
    static final long CASE_LIMIT_NANOS = 2_000_000_000L;

    @TempDir Path dir;

    @Test
    void mutatedBinariesLoadOrFailCleanly() throws Exception {
        byte[][] seeds = {
            Files.readAllBytes(Cc.bare(dir, "bare", """
                    static long sys(long n, long a, long b, long c) {
                        long r;
                        __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
                        return r;
                    }
                    static char msg[] = "fuzz\\n";
                    void _start(void) { sys(1, 1, (long) msg, 5); sys(231, 0, 0, 0); }""")),
            Files.readAllBytes(Cc.staticPie(dir, "small", "#include <stdio.h>\nint main(){ puts(\"fuzz\"); return 0; }")),
            Files.readAllBytes(Cc.staticExec(dir, "fixed", "int main(){ return 3; }")),
            Files.readAllBytes(dynamic(dir)),
        };
        // The dynamic seed finds its loader and libc here, so mutants of it exercise PT_INTERP loading too.
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("lib64"));
        Files.createDirectories(rootfs.resolve("lib/x86_64-linux-gnu"));
        Files.copy(Path.of("/lib64/ld-linux-x86-64.so.2"), rootfs.resolve("lib64/ld-linux-x86-64.so.2"));
        Files.copy(Path.of("/lib/x86_64-linux-gnu/libc.so.6"), rootfs.resolve("lib/x86_64-linux-gnu/libc.so.6"));
        Random rng = new Random(20261123);
        Map<String, Integer> outcomes = new TreeMap<>();
        long slowest = 0;
        int loaded = 0;
        String firstEmulatorError = null;
        String slowestCase = "";
        long t0 = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            // The small bare program is cheap to run; the glibc ones exercise real headers and start-up code.
            int pick = i % 10;
            byte[] seed = seeds[pick < 5 ? 0 : pick < 8 ? 1 : pick < 9 ? 2 : 3];
            byte[] mutant = mutate(seed, rng);
            Guest g = Guest.builder().rootfs(rootfs).argv("/fuzz").maxMemory(64L << 20)
                    .maxInstructions(BUDGET).timeout(Duration.ofSeconds(2)).outputCap(4096).seed(i).build();
            long start = System.nanoTime();
            GuestOutcome o;
            try {
                o = GuestRunner.run(g, mutant);
            } catch (Throwable t) {
                throw new AssertionError("case " + i + " escaped as " + t, t);
            }
            long took = System.nanoTime() - start;
            if (took > slowest) { slowest = took; slowestCase = "case " + i + " (seed " + (i % 10) + ", " + o.exit() + ", " + o.instructions() + " instructions)"; }
            assertTrue(took < CASE_LIMIT_NANOS, "case " + i + " took " + took / 1_000_000 + " ms");
            String kind = switch (o.exit()) {
                case GuestExit.LoadFailed l -> "load failed";
                case GuestExit.Exited e -> "exited";
                case GuestExit.Signaled s -> s.reason().startsWith("emulator error") ? "emulator error" : "signal " + s.signal();
                case GuestExit.TimedOut t -> "budget";
            };
            if (!(o.exit() instanceof GuestExit.LoadFailed)) loaded++;
            if (kind.equals("emulator error") && firstEmulatorError == null) firstEmulatorError = "case " + i + ": " + o.crash();
            outcomes.merge(kind, 1, Integer::sum);
        }
        System.out.printf("ELF fuzz: %d mutated binaries, %d loaded and ran, outcomes %s, slowest %d ms, total %d ms%n",
                CASES, loaded, outcomes, slowest / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
        System.out.println("slowest: " + slowestCase);
        if (firstEmulatorError != null) System.out.println("first emulator error (a CPU or kernel bug, reported cleanly): " + firstEmulatorError);
        assertEquals(CASES, outcomes.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(outcomes.getOrDefault("load failed", 0) > CASES / 10, "header mutations must be rejected: " + outcomes);
        assertTrue(loaded > CASES / 10, "many mutants still load and run: " + outcomes);
    }

    static Path dynamic(Path dir) throws Exception {
        Path c = dir.resolve("dyn.c");
        Files.writeString(c, "#include <stdio.h>\nint main(){ puts(\"dyn\"); return 0; }");
        Path exe = dir.resolve("dyn");
        Cc.Result r = Cc.exec(dir, java.util.List.of("gcc", "-O1", "-o", exe.toString(), c.toString()), null);
        assertEquals(0, r.status(), r.stderr());
        return exe;
    }

    /** One seeded mutation: truncation, header or program-header field damage, or random byte flips. */
    static byte[] mutate(byte[] seed, Random rng) {
        byte[] b;
        int strategy = rng.nextInt(6);
        switch (strategy) {
            case 0 -> { // truncate, mostly inside the headers
                int len = rng.nextBoolean() ? rng.nextInt(Math.min(seed.length, 4096)) : rng.nextInt(seed.length);
                b = Arrays.copyOf(seed, len);
            }
            case 1 -> { // ELF header bytes
                b = seed.clone();
                int n = 1 + rng.nextInt(4);
                for (int k = 0; k < n; k++) b[rng.nextInt(64)] = (byte) rng.nextInt();
            }
            case 2, 3 -> { // one program header field set to an interesting value
                b = seed.clone();
                ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                long phoff = buf.getLong(32);
                int phnum = buf.getShort(56) & 0xFFFF;
                int ph = (int) phoff + 56 * rng.nextInt(Math.max(1, phnum));
                int[] fields = {0, 4, 8, 16, 24, 32, 40, 48};
                int at = ph + fields[rng.nextInt(fields.length)];
                long[] interesting = {0, 1, -1, 0x1000, 0xFFF, 1L << 32, 1L << 40, 1L << 47, Long.MAX_VALUE, Long.MIN_VALUE,
                        rng.nextLong(), rng.nextInt(1 << 20), buf.getLong(at) + 0x1000, buf.getLong(at) - 0x1000, buf.getLong(at) ^ (1L << rng.nextInt(64))};
                long v = interesting[rng.nextInt(interesting.length)];
                if (at == ph || at == ph + 4) buf.putInt(at, (int) v);
                else buf.putLong(at, v);
            }
            case 4 -> { // entry point or phoff/phnum
                b = seed.clone();
                ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                switch (rng.nextInt(3)) {
                    case 0 -> buf.putLong(24, buf.getLong(24) + rng.nextInt(8192) - 4096);
                    case 1 -> buf.putLong(32, rng.nextBoolean() ? rng.nextInt(b.length) : rng.nextLong());
                    default -> buf.putShort(56, (short) rng.nextInt(1 << 16));
                }
            }
            default -> { // random bytes anywhere (code, data, headers)
                b = seed.clone();
                int n = 1 + rng.nextInt(16);
                for (int k = 0; k < n; k++) b[rng.nextInt(b.length)] = (byte) rng.nextInt();
            }
        }
        return b;
    }
}
