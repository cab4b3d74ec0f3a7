package dev.binfarm.emulator.cpu.diff;

import dev.binfarm.emulator.cpu.Cpu;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * x87 cases for the differential harness, and the random x87 program
 * generator they share with X87DiffTest. A program loads edge-biased values
 * (written into the data area by the snippet itself), runs a random mix of
 * x87 instructions (every D8..DF group, stack faults included) and ends with
 * FNSAVE into the data area, so registers, tags, status and control words
 * are all compared through memory; AX (fnstsw ax) and the flags (fcomi) are
 * compared as registers.
 */
public final class X87Cases implements CaseGenerator {
    private static final long INT_BIT = 0x8000_0000_0000_0000L;
    private static final int BIAS = 16383;
    private final int n;

    public X87Cases() {
        this(2500);
    }

    X87Cases(int n) {
        this.n = n;
    }

    @Override
    public String name() {
        return "x87";
    }

    /** Where the program's final FNSAVE image goes, and where FXSAVE goes when a case uses it (16-byte aligned). */
    static final int FINAL_SAVE = 0x800, FX_AREA = 0xA00;

    @Override
    public List<DiffCase> cases(Random rnd) {
        Values gen = new Values(rnd);
        List<DiffCase> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            byte[] data = randomData(rnd, gen, false);
            DiffCase.State s = CaseSupport.state(rnd);
            s.r[Cpu.RDI] = DiffRunner.DATA_ADDR;
            Code c = new Code();
            // The snippet writes its operands itself (the harness fills the data area with random bits).
            for (int off = 0; off < OUT; off += 8) {
                long q = 0;
                for (int i = 7; i >= 0; i--) q = q << 8 | (data[off + i] & 0xFF);
                c.b(0x48, 0xB8);
                for (int i = 0; i < 8; i++) c.b((int) (q >>> (8 * i)));
                c.b(0x48, 0x89, 0x87, off, off >> 8, 0, 0);                  // mov [rdi+off], rax
            }
            c.sanitize();
            c.b(0xD9, 0x2F);                                                  // fldcw [rdi]
            c.bodyStart = c.hex.length();
            int loads = 1 + rnd.nextInt(3);
            for (int j = 0; j < loads; j++) c.mem(0xDB, 5, M80 + 16 * rnd.nextInt(8), "fld m80");
            int len = 2 + rnd.nextInt(10);
            for (int j = 0; j < len; j++) randomInsn(rnd, c, true);
            c.bodyEnd = c.hex.length();
            if (rnd.nextInt(4) == 0) {
                // fxsave64, then blank what legitimately differs: FOP/FIP/FDP, MXCSR_MASK (AMD hosts add MAE), reserved bytes.
                c.b(0x48, 0x0F, 0xAE, 0x87, FX_AREA & 0xFF, FX_AREA >> 8, 0, 0);
                c.text.add("fxsave64");
                zeroQword(c, FX_AREA + 8);
                zeroQword(c, FX_AREA + 16);
                c.b(0x66, 0xC7, 0x87, (FX_AREA + 6) & 0xFF, (FX_AREA + 6) >> 8, 0, 0, 0, 0);  // FOP
                c.b(0xC7, 0x87, (FX_AREA + 28) & 0xFF, (FX_AREA + 28) >> 8, 0, 0, 0xFF, 0xFF, 0, 0); // MXCSR_MASK
                for (int off = 416; off < 464; off += 8) zeroQword(c, FX_AREA + off);
            }
            c.b(0xDD, 0xB7, FINAL_SAVE & 0xFF, FINAL_SAVE >> 8, 0, 0);       // fnsave [rdi+0x800]
            zeroQword(c, FINAL_SAVE + 12);                                    // FIP, FOP/FCS
            zeroQword(c, FINAL_SAVE + 20);                                    // FDP, FDS
            byte[] code = HexFormat.of().parseHex(c.hex);
            out.add(DiffCase.ofBytes(code, String.join("; ", c.text), s, 0));
        }
        return out;
    }

    private static void zeroQword(Code c, int off) {
        c.b(0x48, 0xC7, 0x87, off, off >> 8, 0, 0, 0, 0, 0, 0);             // mov qword ptr [rdi+off], 0
    }

    public static final int DATA_SIZE = 640, SAVE_SIZE = 2048;
    // Data area layout (offsets from RDI).
    public static final int CW = 0, CW2 = 2, FLAGS = 8, M80 = 16, M64 = 144, M32 = 208, I32 = 240, I16 = 256, I64 = 264,
        BCD = 296, OUT = 336, ENV = 480, FNSAVE = 512;

    /** Builds one case's code: prologue, body, epilogue (the runner appends RET). */
    public static final class Code {
        public final StringBuilder hex = new StringBuilder();
        public final List<String> text = new ArrayList<>();
        /** Where each instruction of the body starts in {@link #hex}, for shrinking failures. */
        public final List<Integer> starts = new ArrayList<>();
        public int bodyStart = -1, bodyEnd;

        public Code b(int... bytes) {
            for (int x : bytes) hex.append(String.format("%02x", x & 0xFF));
            return this;
        }

        /** Marks the start of the next body instruction. */
        public Code at() {
            starts.add(hex.length());
            return this;
        }

        /** op with a memory operand [rdi + disp32] and ModRM.reg = digit. */
        public Code mem(int op, int digit, int disp, String what) {
            at();
            b(op, 0x80 | digit << 3 | 7);
            b(disp, disp >> 8, disp >> 16, disp >> 24);
            text.add(what);
            return this;
        }

        public Code reg(int op, int modrm, String what) {
            at();
            b(op, modrm);
            text.add(what);
            return this;
        }

        /** Fills every physical register with +1 and frees them, so stale contents are the same everywhere. */
        public Code sanitize() {
            b(0xDB, 0xE3);
            for (int k = 0; k < 8; k++) b(0xD9, 0xE8);
            b(0xDB, 0xE3);
            return this;
        }

        public Code prologue() {
            b(0x31, 0xC0);             // xor eax, eax
            b(0xFF, 0x77, FLAGS);      // push qword [rdi+8]
            b(0x9D);                   // popfq
            // Fill every physical register with +1 and free them again, so stale
            // contents (visible to fxam on an empty register) are the same on both sides.
            b(0xDB, 0xE3);
            for (int k = 0; k < 8; k++) b(0xD9, 0xE8);
            b(0xDB, 0xE3);             // fninit
            b(0xD9, 0x2F);             // fldcw [rdi]
            bodyStart = hex.length();
            return this;
        }

        public Code epilogue() {
            bodyEnd = hex.length();
            b(0xDD, 0x36);                   // fnsave [rsi]
            b(0x48, 0x89, 0x46, 0x70);       // mov [rsi+0x70], rax
            b(0x9C, 0x58);                   // pushfq; pop rax
            b(0x48, 0x89, 0x46, 0x78);       // mov [rsi+0x78], rax
            return this;
        }
    }

    // ------------------------------------------------------------------ random programs

    public static byte[] randomData(Random rnd, Values gen, boolean allowUnmaskedPc) {
        byte[] d = new byte[DATA_SIZE];
        int cw = 0x7F | new int[] {0, 2, 3, 3}[rnd.nextInt(4)] << 8 | rnd.nextInt(4) << 10;
        int cw2 = 0x7F | new int[] {0, 2, 3}[rnd.nextInt(3)] << 8 | rnd.nextInt(4) << 10;
        put(d, CW, cw, 2);
        put(d, CW2, cw2, 2);
        long flags = 0x202 | (rnd.nextLong() & 0x8D5);
        put(d, FLAGS, flags, 8);
        for (int k = 0; k < 8; k++) {
            gen.next();
            put(d, M80 + 16 * k, gen.m, 8);
            put(d, M80 + 16 * k + 8, gen.se, 2);
        }
        for (int k = 0; k < 8; k++) put(d, M64 + 8 * k, gen.doubleBits(), 8);
        for (int k = 0; k < 8; k++) put(d, M32 + 4 * k, gen.floatBits(), 4);
        for (int k = 0; k < 4; k++) put(d, I32 + 4 * k, rnd.nextInt() >> rnd.nextInt(32), 4);
        for (int k = 0; k < 4; k++) put(d, I16 + 2 * k, rnd.nextInt() >> rnd.nextInt(32), 2);
        for (int k = 0; k < 4; k++) put(d, I64 + 8 * k, rnd.nextLong() >> rnd.nextInt(64), 8);
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 9; i++) d[BCD + 10 * k + i] = (byte) (rnd.nextInt(10) << 4 | rnd.nextInt(10));
            d[BCD + 10 * k + 9] = (byte) (rnd.nextBoolean() ? 0x80 : 0);
        }
        return d;
    }

    public static void put(byte[] d, int off, long v, int n) {
        for (int i = 0; i < n; i++) d[off + i] = (byte) (v >>> (8 * i));
    }

    /** Appends one random instruction. */
    public static void randomInsn(Random rnd, Code c, boolean flagsOps) {
        int i = rnd.nextInt(8);
        int out = OUT + 16 * rnd.nextInt(9);
        int k = rnd.nextInt(20);
        switch (k) {
            case 0 -> c.mem(0xDB, 5, M80 + 16 * rnd.nextInt(8), "fld m80");
            case 1 -> c.mem(0xDD, 0, M64 + 8 * rnd.nextInt(8), "fld m64");
            case 2 -> c.mem(0xD9, 0, M32 + 4 * rnd.nextInt(8), "fld m32");
            case 3 -> {
                switch (rnd.nextInt(5)) {
                    case 0 -> c.mem(0xDF, 0, I16 + 2 * rnd.nextInt(4), "fild m16");
                    case 1 -> c.mem(0xDB, 0, I32 + 4 * rnd.nextInt(4), "fild m32");
                    case 2 -> c.mem(0xDF, 5, I64 + 8 * rnd.nextInt(4), "fild m64");
                    case 3 -> c.mem(0xDF, 4, BCD + 10 * rnd.nextInt(3), "fbld");
                    default -> c.reg(0xD9, 0xC0 + i, "fld st" + i);
                }
            }
            case 4 -> c.reg(0xD9, 0xE8 + rnd.nextInt(7), "fld const");
            case 5, 6 -> { // arithmetic with memory
                int d = new int[] {0, 1, 4, 5, 6, 7}[rnd.nextInt(6)];
                switch (rnd.nextInt(4)) {
                    case 0 -> c.mem(0xD8, d, M32 + 4 * rnd.nextInt(8), "arith m32 /" + d);
                    case 1 -> c.mem(0xDC, d, M64 + 8 * rnd.nextInt(8), "arith m64 /" + d);
                    case 2 -> c.mem(0xDA, d, I32 + 4 * rnd.nextInt(4), "fiarith m32 /" + d);
                    default -> c.mem(0xDE, d, I16 + 2 * rnd.nextInt(4), "fiarith m16 /" + d);
                }
            }
            case 7, 8 -> {
                int d = new int[] {0, 1, 4, 5, 6, 7}[rnd.nextInt(6)];
                int op = new int[] {0xD8, 0xDC, 0xDE}[rnd.nextInt(3)];
                c.reg(op, 0xC0 | d << 3 | i, String.format("arith %02X /%d st%d", op, d, i));
            }
            case 9 -> {
                switch (rnd.nextInt(10)) {
                    case 0 -> c.mem(0xD8, 2 + rnd.nextInt(2), M32 + 4 * rnd.nextInt(8), "fcom m32");
                    case 1 -> c.mem(0xDC, 2 + rnd.nextInt(2), M64 + 8 * rnd.nextInt(8), "fcom m64");
                    case 2 -> c.mem(0xDA, 2 + rnd.nextInt(2), I32 + 4 * rnd.nextInt(4), "ficom m32");
                    case 3 -> c.reg(0xD8, 0xD0 + 8 * rnd.nextInt(2) + i, "fcom(p) st" + i);
                    case 4 -> c.reg(0xDD, 0xE0 + 8 * rnd.nextInt(2) + i, "fucom(p) st" + i);
                    case 5 -> c.reg(0xDE, 0xD9, "fcompp");
                    case 6 -> c.reg(0xDA, 0xE9, "fucompp");
                    case 7 -> c.reg(0xD9, 0xE4, "ftst");
                    case 8 -> c.reg(0xD9, 0xE5, "fxam");
                    default -> c.mem(0xDE, 2 + rnd.nextInt(2), I16 + 2 * rnd.nextInt(4), "ficom m16");
                }
            }
            case 10 -> {
                if (flagsOps) {
                    if (rnd.nextBoolean()) c.reg(0xDB + 4 * rnd.nextInt(2), 0xE8 + 8 * rnd.nextInt(2) + i, "f(u)comi(p) st" + i);
                    else c.reg(0xDA + rnd.nextInt(2), 0xC0 + 8 * rnd.nextInt(4) + i, "fcmov st" + i);
                } else {
                    c.reg(0xD9, 0xE5, "fxam");
                }
            }
            case 11, 12 -> {
                int[] unary = {0xE0, 0xE1, 0xFA, 0xFC, 0xFD, 0xF4, 0xF8, 0xF5, 0xC8, 0xF6, 0xF7, 0xD0};
                int u = unary[rnd.nextInt(unary.length)];
                c.reg(0xD9, u == 0xC8 ? 0xC8 + i : u, String.format("D9 %02X", u));
            }
            case 13 -> c.reg(0xDD, 0xC0 + i, "ffree st" + i);
            case 14, 15 -> {
                switch (rnd.nextInt(8)) {
                    case 0 -> c.mem(0xD9, 2 + rnd.nextInt(2), out, "fst(p) m32");
                    case 1 -> c.mem(0xDD, 2 + rnd.nextInt(2), out, "fst(p) m64");
                    case 2 -> c.mem(0xDB, 7, out, "fstp m80");
                    case 3 -> c.mem(0xDB, 1 + rnd.nextInt(3), out, "fist(t)(p) m32");
                    case 4 -> c.mem(0xDF, 1 + rnd.nextInt(3), out, "fist(t)(p) m16");
                    case 5 -> c.mem(rnd.nextBoolean() ? 0xDD : 0xDF, rnd.nextBoolean() ? 1 : 7, out, "fisttp/fistp m64");
                    case 6 -> c.mem(0xDF, 6, out, "fbstp");
                    default -> c.reg(0xDD, 0xD0 + 8 * rnd.nextInt(2) + i, "fst(p) st" + i);
                }
            }
            case 16 -> {
                switch (rnd.nextInt(5)) {
                    case 0 -> c.mem(0xDD, 7, out, "fnstsw m16");
                    case 1 -> c.mem(0xD9, 7, out, "fnstcw");
                    case 2 -> c.reg(0xDF, 0xE0, "fnstsw ax");
                    case 3 -> c.mem(0xD9, 5, CW2, "fldcw");
                    default -> c.reg(0xDB, 0xE2, "fnclex");
                }
            }
            case 17 -> {
                if (rnd.nextInt(3) == 0) {
                    c.mem(0xDD, 6, FNSAVE, "fnsave");
                    if (rnd.nextInt(4) != 0) c.mem(0xDD, 4, FNSAVE, "frstor");
                } else if (rnd.nextBoolean()) {
                    c.mem(0xD9, 6, ENV, "fnstenv");
                } else {
                    c.mem(0xD9, 6, ENV, "fnstenv");
                    c.mem(0xD9, 4, ENV, "fldenv");
                }
            }
            default -> c.reg(0xD9, 0xC9, "fxch st1");
        }
    }

    /** Generates extended values weighted toward edges: specials, denormals, rounding ties, range limits. */
    public static final class Values {
        final Random rnd;
        public int se;
        public long m;

        public Values(Random rnd) { this.rnd = rnd; }

        private static final int[] SPECIAL_SE = {0, 0x8000, 0x7FFF, 0xFFFF, 0x7FFF, 0xFFFF, 0x7FFF, 0x7FFF, 0,
            0x8000, 0, 1, 0x7FFE, 0xFFFE, 0x3FFF, 0xBFFF, 0x7FFF};
        private static final long[] SPECIAL_M = {0, 0, INT_BIT, INT_BIT, 0xC000_0000_0000_0000L,
            0xC000_0000_0000_0001L, 0x8000_0000_0000_0001L, 0xFFFF_FFFF_FFFF_FFFFL, 1, 0x7FFF_FFFF_FFFF_FFFFL,
            INT_BIT, INT_BIT, -1L, -1L, 0x4000_0000_0000_0000L, INT_BIT, 0};

        /** A random mantissa with the integer bit, often sitting on or next to a rounding boundary. */
        public long mantissa() {
            long r = rnd.nextLong() | INT_BIT;
            switch (rnd.nextInt(8)) {
                case 0, 1, 2: {
                    int k = new int[] {11, 40, 1, 12, 41}[rnd.nextInt(5)];
                    r = (r & -(1L << k)) | (1L << (k - 1));
                    r += rnd.nextInt(3) - 1;
                    return r | INT_BIT;
                }
                case 3: return INT_BIT | (rnd.nextBoolean() ? 0 : -1L >>> (1 + rnd.nextInt(63)));
                case 4: return -1L << rnd.nextInt(64);
                default: return r;
            }
        }

        public void next() {
            int sign = rnd.nextBoolean() ? 0x8000 : 0;
            int k = rnd.nextInt(100);
            if (k < 8) {
                int i = rnd.nextInt(SPECIAL_SE.length);
                se = SPECIAL_SE[i];
                m = SPECIAL_M[i];
                if (i >= 4 && i <= 6) m |= rnd.nextLong() >>> 2; // NaN payloads
                return;
            }
            m = mantissa();
            int exp;
            if (k < 55) exp = BIAS - 70 + rnd.nextInt(140);
            else if (k < 70) exp = 1 + rnd.nextInt(0x7FFE);
            else if (k < 80) exp = rnd.nextInt(80);
            else if (k < 87) exp = 0x7FFE - rnd.nextInt(80);
            else if (k < 92) exp = BIAS + (rnd.nextBoolean() ? 1 : -1) * (1000 + rnd.nextInt(120)); // double limits
            else exp = BIAS + (rnd.nextBoolean() ? 1 : -1) * (120 + rnd.nextInt(30)); // float limits
            if (exp == 0) m >>>= rnd.nextInt(64); // denormals (pseudo-denormal when the shift is 0)
            se = sign | exp;
        }

        /** A second operand: half the time with an exponent close to {@code ase}'s, to exercise cancellation. */
        public void near(int ase) {
            next();
            int ea = ase & 0x7FFF;
            if (rnd.nextBoolean() && ea > 0 && ea < 0x7FFF && (se & 0x7FFF) != 0 && (se & 0x7FFF) != 0x7FFF) {
                int e = ea + rnd.nextInt(140) - 70;
                if (rnd.nextInt(4) == 0) e = ea + rnd.nextInt(3) - 1;
                if (e >= 1 && e <= 0x7FFE) se = (se & 0x8000) | e;
                if (rnd.nextInt(6) == 0) m ^= 1L << rnd.nextInt(8);
                m |= INT_BIT;
            }
        }

        /** Values around integers and integer range limits, for fist/frndint. */
        public void integerish() {
            if (rnd.nextInt(4) == 0) {
                next();
                return;
            }
            int sign = rnd.nextBoolean() ? 0x8000 : 0;
            int bits = new int[] {3, 15, 16, 31, 32, 62, 63, 64, 1, 0}[rnd.nextInt(10)];
            int e = BIAS + bits + rnd.nextInt(3) - 2;
            m = mantissa();
            if (rnd.nextBoolean()) {
                // exactly representable halves and near-halves
                int shift = Math.max(0, 62 - (e - BIAS));
                if (shift < 64) m = (m & (-1L << Math.min(63, shift))) | (shift > 0 ? 1L << (shift - 1) : 0);
                m |= INT_BIT;
            }
            se = sign | e;
        }

        public long doubleBits() {
            int k = rnd.nextInt(10);
            long bits = rnd.nextLong();
            if (k == 0) return bits & 0x800F_FFFF_FFFF_FFFFL >>> rnd.nextInt(52) | (bits & Long.MIN_VALUE); // denormal
            if (k == 1) return bits | 0x7FF0_0000_0000_0000L; // inf/NaN
            if (k == 2) return bits & Long.MIN_VALUE;
            return bits;
        }

        public int floatBits() {
            int k = rnd.nextInt(10);
            int bits = rnd.nextInt();
            if (k == 0) return (bits & 0x807F_FFFF) >>> 0 & (0x807F_FFFF >>> 0) & ~0x7F80_0000;
            if (k == 1) return bits | 0x7F80_0000;
            if (k == 2) return bits & Integer.MIN_VALUE;
            return bits;
        }
    }
}
