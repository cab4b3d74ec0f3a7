package dev.binfarm.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.binfarm.emulator.cpu.diff.X87Cases;
import dev.binfarm.emulator.cpu.diff.X87Cases.Code;
import static dev.binfarm.emulator.cpu.diff.X87Cases.*;

/**
 * Differential test of the whole x87 path (decoder, X87, F80): random
 * instruction sequences run natively on the host FPU (x87run.c executes the
 * bytes from an executable buffer) and in the emulator through {@link Machine};
 * the data area, the FNSAVE image, AX and the status flags must agree.
 */
class X87DiffTest {
    @TempDir
    static Path tmp;
    static Path runner;

    @BeforeAll
    static void build() throws Exception {
        runner = X87TestSupport.compile(tmp, "x87run");
    }

    record Case(byte[] data, String code, List<String> text, Code source) {
        Case(byte[] data, Code c) {
            this(data, c.hex.toString(), c.text, c);
        }

        /** The same case cut after its first {@code n} body instructions. */
        Case prefix(int n) {
            Code c = source;
            int end = n < c.starts.size() ? c.starts.get(n) : c.bodyEnd;
            String code = c.hex.substring(0, end) + c.hex.substring(c.bodyEnd);
            return new Case(data, code, c.text.subList(0, n), c);
        }
    }

    static List<Case> randomCases(long seed, int n, boolean flagsOps) {
        Random rnd = new Random(seed);
        X87Cases.Values gen = new X87Cases.Values(rnd);
        List<Case> cases = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            byte[] data = randomData(rnd, gen, false);
            Code c = new Code().prologue();
            int loads = 1 + rnd.nextInt(3);
            for (int j = 0; j < loads; j++) c.mem(0xDB, 5, M80 + 16 * rnd.nextInt(8), "fld m80");
            int len = 2 + rnd.nextInt(10);
            for (int j = 0; j < len; j++) randomInsn(rnd, c, flagsOps);
            c.epilogue();
            cases.add(new Case(data, c));
        }
        return cases;
    }

    // ------------------------------------------------------------------ running both sides

    record Result(byte[] data, byte[] save) { }

    static List<Result> runHost(List<Case> cases) throws Exception {
        Process p = new ProcessBuilder(runner.toString()).start();
        Thread writer = new Thread(() -> {
            try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII)) {
                for (Case c : cases) w.write(HexFormat.of().formatHex(c.data) + " " + c.code + "\n");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        List<Result> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String l; (l = r.readLine()) != null; ) {
                String[] parts = l.split(" ");
                out.add(new Result(HexFormat.of().parseHex(parts[0]), HexFormat.of().parseHex(parts[1])));
            }
        }
        writer.join();
        assertEquals(0, p.waitFor(), "host runner failed");
        return out;
    }

    static Result runEmulator(Case c) {
        byte[] code = HexFormat.of().parseHex(c.code);
        Machine mach = new Machine(code);
        long data = Machine.DATA, save = Machine.DATA + 0x1000;
        mach.mem.write(data, c.data);
        mach.cpu.r[Cpu.RDI] = data;
        mach.cpu.r[Cpu.RSI] = save;
        mach.run();
        return new Result(mach.mem.read(data, DATA_SIZE), mach.mem.read(save, SAVE_SIZE));
    }

    /** Removes what the test does not compare: pointer fields, empty registers' stale contents, non-status flags. */
    static void normalise(Result r) {
        byte[] s = r.save;
        for (int i = 12; i < 28; i++) s[i] = 0; // FIP, FOP/FCS, FDP, FDS
        int tags = (s[8] & 0xFF) | (s[9] & 0xFF) << 8;
        int top = ((s[4] & 0xFF) | (s[5] & 0xFF) << 8) >> 11 & 7;
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7;
            if ((tags >> (2 * p) & 3) == 3) for (int b = 0; b < 10; b++) s[28 + 10 * i + b] = 0;
        }
        // RFLAGS: only the status flags.
        s[0x78] &= (byte) 0xD5;
        s[0x79] &= 0x08;
        for (int b = 0x7A; b < 0x80; b++) s[b] = 0;
        // The fnstenv/fnsave images' pointer fields, and fnsave's copies of stale registers.
        for (int i = ENV + 12; i < ENV + 28; i++) r.data[i] = 0;
        for (int i = FNSAVE + 12; i < FNSAVE + 28; i++) r.data[i] = 0;
        int stags = (r.data[FNSAVE + 8] & 0xFF) | (r.data[FNSAVE + 9] & 0xFF) << 8;
        int stop = ((r.data[FNSAVE + 4] & 0xFF) | (r.data[FNSAVE + 5] & 0xFF) << 8) >> 11 & 7;
        for (int i = 0; i < 8; i++)
            if ((stags >> (2 * ((stop + i) & 7)) & 3) == 3) for (int b = 0; b < 10; b++) r.data[FNSAVE + 28 + 10 * i + b] = 0;
    }

    static String diff(Result host, Result emu) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < DATA_SIZE; i++)
            if (host.data[i] != emu.data[i]) sb.append(String.format(" data[%d] %02x/%02x", i, host.data[i], emu.data[i]));
        for (int i = 0; i < SAVE_SIZE; i++)
            if (host.save[i] != emu.save[i]) sb.append(String.format(" save[%d] %02x/%02x", i, host.save[i], emu.save[i]));
        return sb.toString();
    }

    /** The shortest failing prefix of a failing case, with its differences. */
    static String shrink(Case c) throws Exception {
        List<Case> prefixes = new ArrayList<>();
        for (int n = 1; n <= c.text.size(); n++) prefixes.add(c.prefix(n));
        List<Result> host = runHost(prefixes);
        for (int n = 0; n < prefixes.size(); n++) {
            Result h = host.get(n), e = runEmulator(prefixes.get(n));
            normalise(h);
            normalise(e);
            String d = diff(h, e);
            if (!d.isEmpty()) return prefixes.get(n).text + "\n    " + d;
        }
        return c.text + " (no failing prefix)";
    }

    static void compareAll(List<Case> cases, String name) throws Exception {
        List<Result> host = runHost(cases);
        assertEquals(cases.size(), host.size());
        int bad = 0, insns = 0;
        StringBuilder report = new StringBuilder();
        for (int t = 0; t < cases.size(); t++) {
            Case c = cases.get(t);
            insns += c.text.size();
            Result h = host.get(t), e = runEmulator(c);
            normalise(h);
            normalise(e);
            String d = diff(h, e);
            if (!d.isEmpty()) {
                if (bad < 15) report.append("case ").append(t).append(' ').append(shrink(c)).append('\n');
                bad++;
            }
        }
        System.out.printf("%s: %d sequences, %d x87 instructions, %d mismatching sequences%n", name, cases.size(), insns, bad);
        System.out.print(report);
        assertEquals(0, bad, report.toString());
    }

    @Test
    void randomSequencesMatchHost() throws Exception {
        compareAll(randomCases(0x87_0001, 3000, false), "x87 random sequences");
    }

    @Test
    void flagSettingAndConditionalMovesMatchHost() throws Exception {
        compareAll(randomCases(0x87_0002, 1500, true), "x87 fcomi/fcmov sequences");
    }

    @Test
    void fxsaveRoundTripMatchesHost() throws Exception {
        Random rnd = new Random(0x87_0003);
        X87Cases.Values gen = new X87Cases.Values(rnd);
        List<Case> cases = new ArrayList<>();
        for (int t = 0; t < 300; t++) {
            byte[] data = randomData(rnd, gen, false);
            Code c = new Code().prologue();
            int loads = rnd.nextInt(9);
            for (int j = 0; j < loads; j++) c.mem(0xDB, 5, M80 + 16 * rnd.nextInt(8), "fld m80");
            if (rnd.nextBoolean()) c.reg(0xDD, 0xC0 + rnd.nextInt(8), "ffree");
            boolean wide = rnd.nextBoolean();
            // fxsave [rsi+0x400] then fxrstor from it and fstp m80 the top, so both directions are seen.
            if (wide) c.b(0x48);
            c.b(0x0F, 0xAE, 0x86, 0x00, 0x04, 0, 0).text.add(wide ? "fxsave64" : "fxsave");
            c.b(0xDB, 0xE3).text.add("fninit");
            if (wide) c.b(0x48);
            c.b(0x0F, 0xAE, 0x8E, 0x00, 0x04, 0, 0).text.add(wide ? "fxrstor64" : "fxrstor");
            c.mem(0xDB, 7, OUT, "fstp m80");
            if (wide) c.b(0x48);
            c.b(0x0F, 0xAE, 0x86, 0x80, 0, 0, 0).text.add("fxsave again");
            c.epilogue();
            cases.add(new Case(data, c));
        }
        List<Result> host = runHost(cases);
        int bad = 0;
        StringBuilder report = new StringBuilder();
        for (int t = 0; t < cases.size(); t++) {
            Result h = host.get(t), e = runEmulator(cases.get(t));
            for (Result r : new Result[] {h, e}) {
                normalise(r);
                for (int base : new int[] {0x80, 0x400}) {
                    for (int i = 6; i < 24; i++) r.save[base + i] = 0; // FOP, FIP, FDP
                    for (int i = 28; i < 32; i++) r.save[base + i] = 0; // MXCSR_MASK: the host's has AMD's MAE bit
                    int ftw = r.save[base + 4] & 0xFF, top = (r.save[base + 3] & 0xFF) >> 3 & 7;
                    for (int i = 0; i < 8; i++)
                        if ((ftw >> ((top + i) & 7) & 1) == 0) for (int b = 0; b < 16; b++) r.save[base + 32 + 16 * i + b] = 0;
                    // XMM registers (the host's hold C library leftovers) and the reserved/available bytes.
                    for (int i = 160; i < 512; i++) r.save[base + i] = 0;
                }
            }
            String d = diff(h, e);
            if (!d.isEmpty()) {
                if (bad < 10) report.append("case ").append(t).append(' ').append(cases.get(t).text).append("\n   ").append(d).append('\n');
                bad++;
            }
        }
        System.out.printf("fxsave/fxrstor: %d cases, %d mismatches%n", cases.size(), bad);
        System.out.print(report);
        assertEquals(0, bad, report.toString());
    }

    // ------------------------------------------------------------------ transcendentals, with a tolerance

    @Test
    void transcendentalsWithinTolerance() throws Exception {
        Random rnd = new Random(0x87_0004);
        String[] names = {"f2xm1", "fyl2x", "fyl2xp1", "fsin", "fcos", "fptan", "fpatan", "fsincos"};
        int[] modrm = {0xF0, 0xF1, 0xF9, 0xFE, 0xFF, 0xF2, 0xF3, 0xFB};
        List<Case> cases = new ArrayList<>();
        List<Integer> kinds = new ArrayList<>();
        for (int t = 0; t < 4000; t++) {
            int k = t % names.length;
            byte[] data = new byte[DATA_SIZE];
            put(data, CW, 0x37F | rnd.nextInt(4) << 10, 2);
            put(data, FLAGS, 0x202, 8);
            double x = switch (k) {
                case 0 -> rnd.nextDouble() * 2 - 1;
                case 1 -> Math.exp(rnd.nextGaussian() * 20);
                case 2 -> (rnd.nextDouble() * 2 - 1) * 0.29;
                case 3, 4, 5, 7 -> (rnd.nextDouble() * 2 - 1) * switch (rnd.nextInt(3)) {
                    case 0 -> 4;
                    case 1 -> 1000;
                    default -> Math.scalb(1.0, 20 + rnd.nextInt(43)); // large: reduced by the 66-bit pi
                };
                default -> rnd.nextGaussian() * Math.exp(rnd.nextGaussian() * 5);
            };
            if (rnd.nextInt(8) == 0) x = x * Math.pow(2, -rnd.nextInt(60));
            double y = rnd.nextGaussian() * 3;
            // Random low bits so the operands use all 64 significand bits.
            F80 f = new F80();
            f.fromDouble(Double.doubleToRawLongBits(x));
            long xm = f.m == 0 ? 0 : f.m | (rnd.nextLong() & 0x7FF);
            int xse = f.se;
            f.fromDouble(Double.doubleToRawLongBits(y));
            put(data, M80, f.m, 8);
            put(data, M80 + 8, f.se, 2);
            put(data, M80 + 16, xm, 8);
            put(data, M80 + 24, xse, 2);
            Code c = new Code().prologue();
            c.mem(0xDB, 5, M80, "fld y");
            c.mem(0xDB, 5, M80 + 16, "fld x");
            c.reg(0xD9, modrm[k], names[k]);
            c.mem(0xDB, 7, OUT, "fstp m80");
            c.mem(0xDB, 7, OUT + 16, "fstp m80");
            c.epilogue();
            cases.add(new Case(data, c));
            kinds.add(k);
        }
        List<Result> host = runHost(cases);
        long[] worst = new long[names.length];
        int[] count = new int[names.length], exact = new int[names.length];
        int over = 0;
        StringBuilder report = new StringBuilder();
        final long tolerance = 2;
        for (int t = 0; t < cases.size(); t++) {
            int k = kinds.get(t);
            Result h = host.get(t), e = runEmulator(cases.get(t));
            count[k]++;
            int hsw = (h.save[4] & 0xFF) | (h.save[5] & 0xFF) << 8, esw = (e.save[4] & 0xFF) | (e.save[5] & 0xFF) << 8;
            long dist = 0;
            for (int slot = 0; slot < 2; slot++) {
                int off = OUT + 16 * slot;
                dist = Math.max(dist, ulps(h.data, e.data, off));
            }
            if ((hsw & 0x400) != (esw & 0x400)) dist = Long.MAX_VALUE; // C2 (argument out of range) must agree
            worst[k] = Math.max(worst[k], dist);
            if (dist == 0) exact[k]++;
            if (dist > tolerance) {
                over++;
                if (over < 20) report.append(String.format("%s: host %s emu %s (%d ulps)%n", names[k],
                    HexFormat.of().formatHex(h.data, OUT, OUT + 32), HexFormat.of().formatHex(e.data, OUT, OUT + 32), dist));
            }
        }
        StringBuilder sb = new StringBuilder("x87 transcendentals vs host (tolerance " + tolerance + " ulps):\n");
        for (int k = 0; k < names.length; k++)
            sb.append(String.format("  %-8s %5d cases, %5d bit-identical, worst %d ulps%n", names[k], count[k], exact[k], worst[k]));
        System.out.print(sb);
        System.out.print(report);
        assertTrue(over == 0, sb + report.toString());
    }

    @Test
    void transcendentalSpecialOperandsMatchHostExactly() throws Exception {
        // Operands whose results are exact by definition: zeros, infinities, NaNs, unsupported
        // encodings, out-of-range trig arguments, logs of 1 and of negative numbers, empty registers.
        int[] se = {0, 0x8000, 0x7FFF, 0xFFFF, 0x7FFF, 0xFFFF, 0x7FFF, 0x3FFF, 0x4000 + 70, 0xC000 + 70, 0xBFFF, 0x3FFF, 1, 0};
        long[] m = {0, 0, F80.INT_BIT, F80.INT_BIT, 0xC000_0000_0000_1234L, 0xE000_0000_0000_0000L, 0xA000_0000_0000_0001L,
            0x4000_0000_0000_0000L, 0xC90F_DAA2_2168_C234L, F80.INT_BIT, F80.INT_BIT, F80.INT_BIT, F80.INT_BIT, 1};
        int[] modrm = {0xF0, 0xF1, 0xF9, 0xFE, 0xFF, 0xF2, 0xF3, 0xFB, 0xF4, 0xFD};
        Random rnd = new Random(5);
        List<Case> cases = new ArrayList<>();
        for (int op : modrm) {
            for (int x = 0; x < se.length; x++) {
                // fyl2xp1 outside its domain (x <= -1) gives undocumented results on the host.
                if (op == 0xF9 && (se[x] & 0x8000) != 0 && (se[x] & 0x7FFF) >= F80.BIAS) continue;
                for (int y = 0; y < se.length; y++) {
                    byte[] data = new byte[DATA_SIZE];
                    put(data, CW, 0x37F | rnd.nextInt(4) << 10, 2);
                    put(data, FLAGS, 0x202, 8);
                    put(data, M80, m[y], 8);
                    put(data, M80 + 8, se[y], 2);
                    put(data, M80 + 16, m[x], 8);
                    put(data, M80 + 24, se[x], 2);
                    Code c = new Code().prologue();
                    if (y != 0 || rnd.nextInt(4) != 0) c.mem(0xDB, 5, M80, "fld y");
                    c.mem(0xDB, 5, M80 + 16, "fld x");
                    c.reg(0xD9, op, String.format("D9 %02X", op));
                    c.mem(0xDB, 7, OUT, "fstp m80");
                    c.mem(0xDB, 7, OUT + 16, "fstp m80");
                    c.epilogue();
                    cases.add(new Case(data, c));
                }
            }
        }
        // A finite, in-range, non-trivial result may differ in its last bit (and in C1/PE); those are
        // covered with a tolerance above, so only cases whose host results are all special compare here.
        List<Result> host = runHost(cases);
        int compared = 0, bad = 0;
        StringBuilder report = new StringBuilder();
        for (int t = 0; t < cases.size(); t++) {
            Result h = host.get(t);
            if (!special(h.data, OUT) || !special(h.data, OUT + 16)) continue;
            compared++;
            Result e = runEmulator(cases.get(t));
            normalise(h);
            normalise(e);
            String d = diff(h, e);
            if (!d.isEmpty()) {
                if (bad < 40) report.append(cases.get(t).text).append(' ')
                    .append(HexFormat.of().formatHex(cases.get(t).data, M80, M80 + 26)).append("\n   ").append(d).append('\n');
                bad++;
            }
        }
        System.out.printf("transcendental specials: %d cases compared exactly, %d mismatches%n", compared, bad);
        System.out.print(report);
        assertTrue(compared > 300, "too few special cases: " + compared);
        assertEquals(0, bad, report.toString());
    }

    /** Zero, infinity, NaN, or exactly +-1 (f2xm1(-inf), fptan's pushed 1). */
    private static boolean special(byte[] d, int off) {
        long m = 0;
        for (int i = 7; i >= 0; i--) m = m << 8 | (d[off + i] & 0xFF);
        int e = ((d[off + 8] & 0xFF) | (d[off + 9] & 0xFF) << 8) & 0x7FFF;
        return m == 0 || e == 0x7FFF || (e == F80.BIAS && m == F80.INT_BIT);
    }

    /** Distance in units in the last place between the extended values at {@code off} in a and b. */
    static long ulps(byte[] a, byte[] b, int off) {
        BigInteger ka = key(a, off), kb = key(b, off);
        BigInteger d = ka.subtract(kb).abs();
        return d.bitLength() > 62 ? Long.MAX_VALUE : d.longValue();
    }

    private static BigInteger key(byte[] d, int off) {
        long m = 0;
        for (int i = 7; i >= 0; i--) m = m << 8 | (d[off + i] & 0xFF);
        int se = (d[off + 8] & 0xFF) | (d[off + 9] & 0xFF) << 8;
        // Monotonic for normalised values: exponent then significand (the integer bit is redundant).
        BigInteger k = BigInteger.valueOf(se & 0x7FFF).shiftLeft(63).add(BigInteger.valueOf(m & Long.MAX_VALUE));
        if ((se & 0x7FFF) == 0) k = BigInteger.valueOf(m);
        return (se & 0x8000) != 0 ? k.negate() : k;
    }
}
