package dev.binfarm.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.binfarm.emulator.cpu.diff.X87Cases;

/**
 * F80 against the host's x87: a C oracle (compiled at test time) runs each
 * case on the real FPU with the same control word; results and exception flags
 * must match bit for bit.
 */
class F80Test {
    @TempDir
    static Path tmp;
    static Path oracle;

    @BeforeAll
    static void buildOracle() throws Exception {
        oracle = X87TestSupport.compile(tmp, "f80oracle");
    }

    // ------------------------------------------------------------------ exact cases derived by hand

    @Test
    void exactArithmetic() {
        F80 f = new F80();
        f.add(0x3FFF, F80.INT_BIT, 0x3FFF, 0xC000_0000_0000_0000L, false); // 1 + 1.5
        assertEquals(0x4000, f.se);
        assertEquals(0xA000_0000_0000_0000L, f.m);
        assertEquals(0, f.flags);
        f.div(0x3FFF, F80.INT_BIT, 0x4000, 0xC000_0000_0000_0000L); // 1/3
        assertEquals(0x3FFD, f.se);
        assertEquals(0xAAAA_AAAA_AAAA_AAABL, f.m);
        assertEquals(F80.PE | F80.C1, f.flags);
        f.flags = 0;
        f.sqrt(0x4000, F80.INT_BIT); // sqrt(2)
        assertEquals(0x3FFF, f.se);
        assertEquals(0xB504_F333_F9DE_6484L, f.m); // 2^63 * sqrt(2) = 0xB504F333F9DE6484.597...
        f.mul(0x3FFF, 0xFFFF_FFFF_FFFF_FFFFL, 0x3FFF, 0xFFFF_FFFF_FFFF_FFFFL);
        assertEquals(0x4000, f.se);
        assertEquals(0xFFFF_FFFF_FFFF_FFFEL, f.m); // (2-2^-63)^2 = 4 - 2^-61 + 2^-126
        f.flags = 0;
        f.div(0x3FFF, F80.INT_BIT, 0, 0);
        assertEquals(0x7FFF, f.se);
        assertEquals(F80.ZE, f.flags);
        f.flags = 0;
        f.add(0x7FFF, F80.INT_BIT, 0x7FFF, F80.INT_BIT, true); // inf - inf
        assertEquals(F80.INDEFINITE_SE, f.se);
        assertEquals(F80.INDEFINITE_M, f.m);
        assertEquals(F80.IE, f.flags);
    }

    @Test
    void conversionsAgreeWithJava() {
        F80 f = new F80();
        Random rnd = new Random(7);
        for (int i = 0; i < 20000; i++) {
            double d = Double.longBitsToDouble(rnd.nextLong());
            if (Double.isNaN(d)) continue;
            f.fromDouble(Double.doubleToRawLongBits(d));
            assertEquals(Double.doubleToRawLongBits(d), f.toDouble(f.se, f.m));
            float x = (float) d;
            f.fromFloat(Float.floatToRawIntBits(x));
            assertEquals(Float.floatToRawIntBits(x), f.toFloat(f.se, f.m));
            // double -> extended -> float rounds like Java's (float) cast (round-to-nearest).
            f.fromDouble(Double.doubleToRawLongBits(d));
            assertEquals(Float.floatToRawIntBits((float) d), f.toFloat(f.se, f.m), () -> "d=" + d);
            long v = rnd.nextLong() >> rnd.nextInt(64);
            f.fromLong(v);
            assertEquals(v, f.toInt(f.se, f.m, 64, false));
            assertEquals((double) v, Double.longBitsToDouble(f.toDouble(f.se, f.m)));
        }
    }

    // ------------------------------------------------------------------ the host as oracle

    private static final String[] BINARY = {"add", "sub", "mul", "div", "com", "ucom", "prem", "prem1", "scale"};
    private static final String[] UNARY = {"sqrt", "rndint", "std", "stf", "ist16", "ist32", "ist64",
        "istt16", "istt32", "istt64"};
    private static final String[] LOADS = {"ldd", "ldf", "ild64"};

    record Case(String op, int cw, int ase, long am, int bse, long bm) {
        String line() {
            return String.format("%s %x %x %x %x %x", op, cw, ase, am, bse, bm);
        }
    }

    @Test
    void matchesHostFpu() throws Exception {
        Random rnd = new Random(0x87);
        X87Cases.Values gen = new X87Cases.Values(rnd);
        List<Case> cases = new ArrayList<>();
        for (int pcSel = 0; pcSel < 3; pcSel++) {
            int pc = new int[] {0, 2, 3}[pcSel];
            for (int rc = 0; rc < 4; rc++) {
                int cw = 0x7F | pc << 8 | rc << 10;
                for (String op : BINARY) {
                    int n = op.contains("com") || op.startsWith("prem") || op.equals("scale") ? 300 : 1500;
                    for (int i = 0; i < n; i++) {
                        gen.next();
                        int ase = gen.se;
                        long am = gen.m;
                        if (op.equals("scale")) gen.integerish();
                        else gen.near(ase);
                        cases.add(new Case(op, cw, ase, am, gen.se, gen.m));
                    }
                }
                for (String op : UNARY) {
                    int n = op.equals("sqrt") || op.equals("rndint") ? 1500 : 500;
                    for (int i = 0; i < n; i++) {
                        if (op.startsWith("ist") || op.equals("rndint")) gen.integerish();
                        else gen.next();
                        cases.add(new Case(op, cw, gen.se, gen.m, 0, 0));
                    }
                }
                for (String op : LOADS) {
                    for (int i = 0; i < 300; i++) {
                        long bits = switch (op) {
                            case "ldd" -> gen.doubleBits();
                            case "ldf" -> gen.floatBits() & 0xFFFF_FFFFL;
                            default -> rnd.nextLong() >> rnd.nextInt(64);
                        };
                        cases.add(new Case(op, cw, 0, bits, 0, 0));
                    }
                }
            }
        }
        // Exact squares (sqrt must be exact, no PE) and their neighbours.
        for (int i = 0; i < 600; i++) {
            long k = (rnd.nextLong() >>> (1 + rnd.nextInt(40))) | 1;
            long sq = k <= 0xB504F333L ? k * k : k;
            F80 f = new F80();
            f.fromLong(sq);
            int cw = 0x7F | 3 << 8 | rnd.nextInt(4) << 10;
            cases.add(new Case("sqrt", cw, f.se, f.m + (i % 3) - 1, 0, 0));
        }
        // NaN pairs the random generator rarely makes: equal significands, signs and quiet bits differing.
        long[] nanM = {0xC000_0000_0000_0000L, 0x8000_0000_0000_0001L, 0xC000_0000_0000_0001L, 0xFFFF_FFFF_FFFF_FFFFL};
        for (String op : new String[] {"add", "sub", "mul", "div", "prem", "scale"})
            for (long a : nanM)
                for (long b : nanM)
                    for (int signs = 0; signs < 4; signs++)
                        cases.add(new Case(op, 0x37F, 0x7FFF | (signs & 1) << 15, a, 0x7FFF | (signs & 2) << 14, b));
        List<String> host = runOracle(cases);
        assertEquals(cases.size(), host.size());

        Map<String, int[]> stats = new TreeMap<>();
        List<String> shown = new ArrayList<>();
        F80 f = new F80();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String mine = emulate(f, c);
            String theirs = normalise(c.op, host.get(i));
            int[] s = stats.computeIfAbsent(c.op, k -> new int[2]);
            s[0]++;
            if (!mine.equals(theirs)) {
                s[1]++;
                if (shown.size() < 40) shown.add(c.line() + "  host=" + theirs + "  f80=" + mine);
            }
        }
        int total = 0, bad = 0;
        StringBuilder sb = new StringBuilder("F80 vs host x87:\n");
        for (var e : stats.entrySet()) {
            sb.append(String.format("  %-7s %6d cases %5d mismatches%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
            total += e.getValue()[0];
            bad += e.getValue()[1];
        }
        sb.append(String.format("  total   %6d cases %5d mismatches%n", total, bad));
        shown.forEach(s -> sb.append("  ").append(s).append('\n'));
        System.out.print(sb);
        assertTrue(total > 50_000, "too few cases");
        assertEquals(0, bad, sb.toString());
    }

    /** Keeps the status bits F80 models: exception flags, C1 and (for compares) C0, C2, C3. */
    private static String normalise(String op, String line) {
        String[] p = line.trim().split(" ");
        int sw = Integer.parseInt(p[p.length - 1], 16);
        int mask = op.contains("com") || op.startsWith("prem") ? 0x473F : 0x23F;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length - 1; i++) sb.append(Long.toUnsignedString(Long.parseUnsignedLong(p[i], 16))).append(" ");
        return sb.append(String.format("sw=%04x", sw & mask)).toString();
    }

    private static String emulate(F80 f, Case c) {
        f.flags = 0;
        int cw = c.cw;
        f.pc = switch (cw >> 8 & 3) { case 0 -> 24; case 2 -> 53; default -> 64; };
        f.rc = cw >> 10 & 3;
        String out;
        switch (c.op) {
            case "add" -> { f.add(c.ase, c.am, c.bse, c.bm, false); out = ext(f); }
            case "sub" -> { f.add(c.ase, c.am, c.bse, c.bm, true); out = ext(f); }
            case "mul" -> { f.mul(c.ase, c.am, c.bse, c.bm); out = ext(f); }
            case "div" -> { f.div(c.ase, c.am, c.bse, c.bm); out = ext(f); }
            case "sqrt" -> { f.sqrt(c.ase, c.am); out = ext(f); }
            case "rndint" -> { f.roundInt(c.ase, c.am); out = ext(f); }
            case "std" -> out = Long.toUnsignedString(f.toDouble(c.ase, c.am));
            case "stf" -> out = Long.toUnsignedString(f.toFloat(c.ase, c.am) & 0xFFFF_FFFFL);
            case "ist16", "istt16" -> out = Long.toString(f.toInt(c.ase, c.am, 16, c.op.startsWith("istt")) & 0xFFFF);
            case "ist32", "istt32" -> out = Long.toString(f.toInt(c.ase, c.am, 32, c.op.startsWith("istt")) & 0xFFFF_FFFFL);
            case "ist64", "istt64" -> out = Long.toUnsignedString(f.toInt(c.ase, c.am, 64, c.op.startsWith("istt")));
            case "ldd" -> { f.fromDouble(c.am); out = ext(f); }
            case "ldf" -> { f.fromFloat((int) c.am); out = ext(f); }
            case "ild64" -> { f.fromLong(c.am); out = ext(f); }
            case "prem", "prem1" -> {
                f.remainder(c.ase, c.am, c.bse, c.bm, c.op.equals("prem1"));
                return ext(f) + " " + String.format("sw=%04x", (f.flags & 0x3F) | Math.max(f.cc, 0));
            }
            case "scale" -> { f.scale(c.ase, c.am, c.bse, c.bm); out = ext(f); }
            case "com", "ucom" -> {
                int r = f.compare(c.ase, c.am, c.bse, c.bm, c.op.equals("com"));
                int cc = switch (r) { case F80.LESS -> 0x100; case F80.EQUAL -> 0x4000; case F80.GREATER -> 0; default -> 0x4500; };
                return String.format("sw=%04x", (f.flags & 0x3F) | cc);
            }
            default -> throw new IllegalArgumentException(c.op);
        }
        return out + " " + String.format("sw=%04x", f.flags & 0x23F);
    }

    private static String ext(F80 f) {
        return f.se + " " + Long.toUnsignedString(f.m);
    }

    private static List<String> runOracle(List<Case> cases) throws Exception {
        Process p = new ProcessBuilder(oracle.toString()).redirectErrorStream(false).start();
        Thread writer = new Thread(() -> {
            try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII)) {
                for (Case c : cases) w.write(c.line() + "\n");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String l; (l = r.readLine()) != null; ) out.add(l);
        }
        writer.join();
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes()));
        return out;
    }
}
