package dev.binfarm.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.cpu.diff.X87Cases;
import dev.binfarm.emulator.mem.GuestMemory;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * musl's long double libm, linked statically into a flat image, against the
 * same code running natively. Functions computed with plain x87 arithmetic
 * must match bit for bit; those built on f2xm1/fyl2x (expl, logl and what
 * uses them) within a few ulps, since the transcendental instructions are
 * not correctly rounded on either side.
 */
class X87MuslLibmTest {
    static final int N_OUT = 160, N_IOUT = 32;
    static final int OUT = 256, IOUT = OUT + 16 * N_OUT, IO_SIZE = IOUT + 4 * N_IOUT;
    static final String[] NAMES = {"powl", "cbrtl", "sinl", "cosl", "tanl", "expl", "logl", "atan2l", "fmodl", "remquol",
        "hypotl", "erfl", "lgammal", "sqrtl", "rintl", "floorl+ceill", "asinhl", "atanl", "log1pl", "expm1l"};
    /** Outputs that involve no transcendental instruction (musl computes them in C or with exact x87 ops). */
    static final java.util.Set<String> EXACT = java.util.Set.of("cbrtl", "sinl", "cosl", "tanl", "fmodl", "remquol",
        "sqrtl", "rintl", "floorl+ceill", "hypotl", "powl", "erfl");
    /** Ulps allowed for the approximate ones; lgammal amplifies its logl/sinl inputs' last-bit differences near its zeros. */
    static final long TOLERANCE = 4, LGAMMA_TOLERANCE = 64;

    @Test
    void muslLongDoubleLibmMatchesHost(@TempDir Path tmp) throws Exception {
        Path musl = Path.of("/usr/lib/x86_64-linux-musl/libc.a");
        Assumptions.assumeTrue(Files.exists(musl), "musl-tools not installed");
        for (String f : new String[] {"libm.c", "computemain.c"}) {
            try (InputStream in = getClass().getResourceAsStream("/x87/" + f)) {
                Files.copy(in, tmp.resolve(f));
            }
        }
        String gccInclude = capture(tmp, "gcc", "-print-file-name=include").trim();
        String libgcc = capture(tmp, "gcc", "-print-libgcc-file-name").trim();
        run(tmp, "gcc", "-O2", "-fno-pie", "-fno-stack-protector", "-fcf-protection=none", "-nostdinc",
            "-isystem", "/usr/include/x86_64-linux-musl", "-isystem", gccInclude, "-c", "-o", "libm.o", "libm.c");
        run(tmp, "musl-gcc", "-static", "-O2", "-o", "native", "computemain.c", "libm.o");
        run(tmp, "gcc", "-nostdlib", "-static", "-no-pie", "-Wl,-Ttext=0x400000", "-Wl,-e,compute", "-Wl,--build-id=none",
            "-o", "img.elf", "libm.o", musl.toString(), libgcc);
        run(tmp, "objcopy", "-O", "binary", "-R", ".comment", "img.elf", "img.bin");
        byte[] image = Files.readAllBytes(tmp.resolve("img.bin"));
        assertTrue(image.length < 0xF000, "image fits the test machine's code area");

        Random rnd = new Random(0x87D);
        List<byte[]> inputs = new ArrayList<>();
        for (int t = 0; t < 150; t++) {
            byte[] io = new byte[IO_SIZE];
            rnd.nextBytes(io);
            for (int i = 0; i < 16; i++) {
                // Mostly ordinary magnitudes (where libm does real work), some edges.
                double v = switch (rnd.nextInt(6)) {
                    case 0 -> rnd.nextGaussian() * 1e3;
                    case 1 -> Math.scalb(rnd.nextDouble() + 0.5, rnd.nextInt(200) - 100);
                    case 2 -> rnd.nextInt(41) - 20 + (rnd.nextBoolean() ? 0.5 : 0);
                    default -> rnd.nextGaussian() * 4;
                };
                X87Cases.Values gen = new X87Cases.Values(rnd);
                F80 f = new F80();
                f.fromDouble(Double.doubleToRawLongBits(v));
                long m = f.m == 0 ? 0 : f.m | (rnd.nextLong() & 0x7FF);
                int se = f.se;
                if (rnd.nextInt(20) == 0) {
                    gen.next();
                    m = gen.m;
                    se = gen.se;
                }
                X87Cases.put(io, 16 * i, m, 8);
                X87Cases.put(io, 16 * i + 8, se, 2);
                X87Cases.put(io, 16 * i + 10, 0, 6);
            }
            inputs.add(io);
        }
        String[] lines = runNative(tmp.resolve("native"), inputs);

        long[] worst = new long[NAMES.length];
        int[] inexact = new int[NAMES.length];
        int compared = 0, failures = 0;
        StringBuilder report = new StringBuilder();
        for (int t = 0; t < inputs.size(); t++) {
            Machine mach = new Machine(image);
            mach.mem.protect(Machine.CODE, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC);
            mach.mem.write(Machine.DATA, inputs.get(t));
            mach.cpu.r[Cpu.RDI] = Machine.DATA;
            mach.cpu.fsBase = Machine.DATA + 0x8000; // musl's objects read a stack-protector canary at fs:0x28
            mach.cpu.rip = Machine.CODE;
            mach.cpu.push(mach.cpu.breakpoint);
            Stop s = mach.cpu.run(50_000_000);
            if (s == Stop.ILLEGAL && mach.cpu.illegal != null && !mach.cpu.illegal.contains(" d8") && !isX87(mach.cpu.illegal)) {
                Assumptions.abort("needs an instruction outside the x87 unit: " + mach.cpu.illegal);
            }
            assertEquals(Stop.BREAKPOINT, s, () -> mach.cpu.illegal + " " + mach.cpu.fault);
            byte[] emu = mach.mem.read(Machine.DATA, IO_SIZE);
            byte[] host = HexFormat.of().parseHex(lines[t]);
            for (int k = 0; k < N_OUT; k++) {
                String fn = NAMES[k % NAMES.length];
                long d = X87DiffTest.ulps(host, emu, OUT + 16 * k);
                compared++;
                int idx = k % NAMES.length;
                worst[idx] = Math.max(worst[idx], d);
                if (d != 0) inexact[idx]++;
                if (d > (EXACT.contains(fn) ? 0 : fn.equals("lgammal") ? LGAMMA_TOLERANCE : TOLERANCE)) {
                    if (failures < 20) report.append(String.format("%s(input %d): host %s emulator %s (%d ulps)%n", fn, t,
                        HexFormat.of().formatHex(host, OUT + 16 * k, OUT + 16 * k + 10),
                        HexFormat.of().formatHex(emu, OUT + 16 * k, OUT + 16 * k + 10), d));
                    failures++;
                }
            }
            for (int k = 0; k < IO_SIZE - IOUT; k++) {
                if (host[IOUT + k] != emu[IOUT + k]) {
                    if (failures < 20) report.append("integer output ").append(k / 4).append(" of input ").append(t).append('\n');
                    failures++;
                    break;
                }
            }
        }
        StringBuilder sb = new StringBuilder("musl long double libm vs host (" + inputs.size() + " inputs, " + compared + " results):\n");
        for (int k = 0; k < NAMES.length; k++)
            sb.append(String.format("  %-13s %s worst %d ulps, %d inexact%n", NAMES[k], EXACT.contains(NAMES[k]) ? "exact " : "approx", worst[k], inexact[k]));
        System.out.print(sb);
        System.out.print(report);
        assertEquals(0, failures, sb + report.toString());
    }

    /** Whether an "unimplemented instruction" message names an x87 opcode (D8..DF): that would be our bug, not a skip. */
    private static boolean isX87(String msg) {
        String m = msg.toLowerCase();
        for (String op : new String[] {"d8", "d9", "da", "db", "dc", "dd", "de", "df"})
            if (m.contains("instruction " + op) || m.matches(".*instruction (?:[0-9a-f]{2} )*" + op + ".*")) return true;
        return false;
    }

    private static String[] runNative(Path exe, List<byte[]> inputs) throws Exception {
        Process p = new ProcessBuilder(exe.toString()).start();
        Thread writer = new Thread(() -> {
            try (var w = p.getOutputStream()) {
                for (byte[] io : inputs) w.write((HexFormat.of().formatHex(io) + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split("\n");
        writer.join();
        assertEquals(0, p.waitFor());
        assertEquals(inputs.size(), lines.length);
        return lines;
    }

    private static String capture(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        return out;
    }

    private static void run(Path dir, String... cmd) throws Exception {
        capture(dir, cmd);
    }
}
