package dev.binfarm.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.binfarm.emulator.cpu.diff.X87Cases;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real compiler output: gcc compiles long double C code (compute.c, x87 only)
 * once; the same object is linked into a native driver and into a flat image
 * the emulator runs. For edge-biased inputs both must leave the same bytes.
 * This exercises what gcc actually emits: fldcw around fistp for casts,
 * fucomip/fcomip with setcc, fcmov, fxch chains, fild/fistp of unsigned values.
 */
class X87CompiledCodeTest {
    static final int IO_SIZE = 1984;
    static final long ENTRY = Machine.CODE;

    @Test
    void gccLongDoubleCodeMatchesHost(@TempDir Path tmp) throws Exception {
        for (String f : new String[] {"compute.c", "computemain.c"}) {
            try (InputStream in = getClass().getResourceAsStream("/x87/" + f)) {
                Files.copy(in, tmp.resolve(f));
            }
        }
        run(tmp, "gcc", "-O2", "-mno-sse", "-mfpmath=387", "-fno-math-errno", "-fno-pie", "-fno-stack-protector",
            "-fcf-protection=none", "-c", "-o", "compute.o", "compute.c");
        run(tmp, "gcc", "-O2", "-no-pie", "-o", "native", "computemain.c", "compute.o");
        run(tmp, "gcc", "-nostdlib", "-static", "-no-pie", "-Wl,-Ttext=0x400000", "-Wl,-e,compute", "-Wl,--build-id=none",
            "-o", "img.elf", "compute.o");
        run(tmp, "objcopy", "-O", "binary", "img.elf", "img.bin");
        byte[] image = Files.readAllBytes(tmp.resolve("img.bin"));

        Random rnd = new Random(0x87C);
        X87Cases.Values gen = new X87Cases.Values(rnd);
        List<byte[]> inputs = new ArrayList<>();
        for (int t = 0; t < 600; t++) {
            byte[] io = new byte[IO_SIZE];
            rnd.nextBytes(io); // outputs start as garbage: every store must happen on both sides
            for (int i = 0; i < 16; i++) {
                if (rnd.nextInt(3) == 0) gen.integerish();
                else gen.next();
                X87Cases.put(io, 16 * i, gen.m, 8);
                X87Cases.put(io, 16 * i + 8, gen.se, 2);
                X87Cases.put(io, 16 * i + 10, 0, 6);
            }
            inputs.add(io);
        }

        Process p = new ProcessBuilder(tmp.resolve("native").toString()).start();
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

        int bad = 0;
        long instructions = 0;
        StringBuilder report = new StringBuilder();
        for (int t = 0; t < inputs.size(); t++) {
            Machine m = new Machine(image);
            m.mem.write(Machine.DATA, inputs.get(t));
            m.cpu.r[Cpu.RDI] = Machine.DATA;
            m.cpu.rip = ENTRY;
            m.cpu.push(m.cpu.breakpoint); // compute returns into the breakpoint
            Cpu c = m.run();
            instructions += c.instructions;
            byte[] emu = m.mem.read(Machine.DATA, IO_SIZE);
            byte[] host = HexFormat.of().parseHex(lines[t]);
            if (!java.util.Arrays.equals(host, emu)) {
                if (bad < 5) {
                    report.append("input ").append(t).append(':');
                    for (int i = 0; i < IO_SIZE; i++)
                        if (host[i] != emu[i]) report.append(String.format(" [%d] %02x/%02x", i, host[i], emu[i]));
                    report.append('\n');
                }
                bad++;
            }
        }
        System.out.printf("gcc long double code: %d inputs, %d instructions emulated, %d mismatches%n", inputs.size(),
            instructions, bad);
        assertEquals(0, bad, report.toString());
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
}
