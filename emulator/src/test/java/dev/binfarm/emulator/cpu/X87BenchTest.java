package dev.binfarm.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An x87-bound loop (sum of 1/k^2 and a square root, in extended precision)
 * run natively and in the emulator: the 80-bit results must be identical;
 * the emulator's speed is printed, never asserted.
 */
class X87BenchTest {
    @Test
    void extendedPrecisionLoopMatchesHostAndReportsSpeed(@TempDir Path tmp) throws Exception {
        byte[] code = Asm.assemble("""
                fninit
                fldz
                fld1
                mov ecx, 2000000
                1:
                fld st(0)
                fmul st(0), st(0)
                fld1
                fdiv st(0), st(1)
                faddp st(3), st(0)
                fstp st(0)
                fld1
                faddp st(1), st(0)
                dec ecx
                jnz 1b
                fstp st(0)
                fld st(0)
                fsqrt
                fstp tbyte ptr [rdi + 16]
                fstp tbyte ptr [rdi]
                """);
        Path runner = X87TestSupport.compile(tmp, "x87run");
        Process p = new ProcessBuilder(runner.toString()).start();
        try (var w = p.getOutputStream()) {
            w.write((HexFormat.of().formatHex(new byte[32]) + " " + HexFormat.of().formatHex(code) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, p.waitFor());
        byte[] host = HexFormat.of().parseHex(line.split(" ")[0]);

        Machine m = new Machine(code);
        m.cpu.r[Cpu.RDI] = Machine.DATA;
        long t0 = System.nanoTime();
        Cpu c = m.run();
        long ns = System.nanoTime() - t0;
        byte[] emu = m.mem.read(Machine.DATA, 32);
        assertEquals(HexFormat.of().formatHex(host), HexFormat.of().formatHex(emu));
        System.out.printf("x87 bench: %d instructions in %d ms = %.1f MIPS (sum 1/k^2 = %s)%n", c.instructions, ns / 1_000_000,
            c.instructions * 1e3 / ns, HexFormat.of().formatHex(emu, 0, 10));
    }
}
