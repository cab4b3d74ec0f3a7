package dev.binfarm.emulator.cpu;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Shared helpers of the x87 tests: compiling C oracles, generating interesting extended values. */
final class X87TestSupport {
    private X87TestSupport() {}

    /** Compiles src/test/resources/x87/{name}.c with gcc into {@code dir} and returns the executable. */
    static Path compile(Path dir, String name) throws Exception {
        Path src = dir.resolve(name + ".c");
        try (InputStream in = X87TestSupport.class.getResourceAsStream("/x87/" + name + ".c")) {
            Files.copy(in, src);
        }
        Path exe = dir.resolve(name);
        Process p = new ProcessBuilder("gcc", "-O1", "-o", exe.toString(), src.toString(), "-lm")
            .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("gcc failed: " + log);
        return exe;
    }

    /** Generates extended values weighted toward edges: specials, denormals, rounding ties, range limits. */
    static final class Values {
        final Random rnd;
        int se;
        long m;

        Values(Random rnd) { this.rnd = rnd; }

        private static final int[] SPECIAL_SE = {0, 0x8000, 0x7FFF, 0xFFFF, 0x7FFF, 0xFFFF, 0x7FFF, 0x7FFF, 0,
            0x8000, 0, 1, 0x7FFE, 0xFFFE, 0x3FFF, 0xBFFF, 0x7FFF};
        private static final long[] SPECIAL_M = {0, 0, F80.INT_BIT, F80.INT_BIT, 0xC000_0000_0000_0000L,
            0xC000_0000_0000_0001L, 0x8000_0000_0000_0001L, 0xFFFF_FFFF_FFFF_FFFFL, 1, 0x7FFF_FFFF_FFFF_FFFFL,
            F80.INT_BIT, F80.INT_BIT, -1L, -1L, 0x4000_0000_0000_0000L, F80.INT_BIT, 0};

        /** A random mantissa with the integer bit, often sitting on or next to a rounding boundary. */
        long mantissa() {
            long r = rnd.nextLong() | F80.INT_BIT;
            switch (rnd.nextInt(8)) {
                case 0, 1, 2: {
                    int k = new int[] {11, 40, 1, 12, 41}[rnd.nextInt(5)];
                    r = (r & -(1L << k)) | (1L << (k - 1));
                    r += rnd.nextInt(3) - 1;
                    return r | F80.INT_BIT;
                }
                case 3: return F80.INT_BIT | (rnd.nextBoolean() ? 0 : -1L >>> (1 + rnd.nextInt(63)));
                case 4: return -1L << rnd.nextInt(64);
                default: return r;
            }
        }

        void next() {
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
            if (k < 55) exp = F80.BIAS - 70 + rnd.nextInt(140);
            else if (k < 70) exp = 1 + rnd.nextInt(0x7FFE);
            else if (k < 80) exp = rnd.nextInt(80);
            else if (k < 87) exp = 0x7FFE - rnd.nextInt(80);
            else if (k < 92) exp = F80.BIAS + (rnd.nextBoolean() ? 1 : -1) * (1000 + rnd.nextInt(120)); // double limits
            else exp = F80.BIAS + (rnd.nextBoolean() ? 1 : -1) * (120 + rnd.nextInt(30)); // float limits
            if (exp == 0) m >>>= rnd.nextInt(64); // denormals (pseudo-denormal when the shift is 0)
            se = sign | exp;
        }

        /** A second operand: half the time with an exponent close to {@code ase}'s, to exercise cancellation. */
        void near(int ase) {
            next();
            int ea = ase & 0x7FFF;
            if (rnd.nextBoolean() && ea > 0 && ea < 0x7FFF && (se & 0x7FFF) != 0 && (se & 0x7FFF) != 0x7FFF) {
                int e = ea + rnd.nextInt(140) - 70;
                if (rnd.nextInt(4) == 0) e = ea + rnd.nextInt(3) - 1;
                if (e >= 1 && e <= 0x7FFE) se = (se & 0x8000) | e;
                if (rnd.nextInt(6) == 0) m ^= 1L << rnd.nextInt(8);
                m |= F80.INT_BIT;
            }
        }

        /** Values around integers and integer range limits, for fist/frndint. */
        void integerish() {
            if (rnd.nextInt(4) == 0) {
                next();
                return;
            }
            int sign = rnd.nextBoolean() ? 0x8000 : 0;
            int bits = new int[] {3, 15, 16, 31, 32, 62, 63, 64, 1, 0}[rnd.nextInt(10)];
            int e = F80.BIAS + bits + rnd.nextInt(3) - 2;
            m = mantissa();
            if (rnd.nextBoolean()) {
                // exactly representable halves and near-halves
                int shift = Math.max(0, 62 - (e - F80.BIAS));
                if (shift < 64) m = (m & (-1L << Math.min(63, shift))) | (shift > 0 ? 1L << (shift - 1) : 0);
                m |= F80.INT_BIT;
            }
            se = sign | e;
        }

        long doubleBits() {
            int k = rnd.nextInt(10);
            long bits = rnd.nextLong();
            if (k == 0) return bits & 0x800F_FFFF_FFFF_FFFFL >>> rnd.nextInt(52) | (bits & Long.MIN_VALUE); // denormal
            if (k == 1) return bits | 0x7FF0_0000_0000_0000L; // inf/NaN
            if (k == 2) return bits & Long.MIN_VALUE;
            return bits;
        }

        int floatBits() {
            int k = rnd.nextInt(10);
            int bits = rnd.nextInt();
            if (k == 0) return (bits & 0x807F_FFFF) >>> 0 & (0x807F_FFFF >>> 0) & ~0x7F80_0000;
            if (k == 1) return bits | 0x7F80_0000;
            if (k == 2) return bits & Integer.MIN_VALUE;
            return bits;
        }
    }
}
