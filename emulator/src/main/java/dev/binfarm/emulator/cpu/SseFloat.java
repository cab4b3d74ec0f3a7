package dev.binfarm.emulator.cpu;

import java.math.BigDecimal;

/**
 * IEEE-754 single/double arithmetic with x86 SSE semantics, on raw bit
 * patterns: the SSE NaN rules (first source's NaN wins, quieted; invalid
 * operations give the negative default NaN), MXCSR rounding control, DAZ and
 * FTZ, and the "integer indefinite" result of out-of-range conversions.
 *
 * <p>Round-to-nearest (the Linux default) is the fast path: Java's float and
 * double operators are IEEE correctly rounded to nearest. For the directed
 * modes we take the nearest result and the sign of (exact - nearest), and
 * step one ulp when the mode demands it; the exact comparison uses BigDecimal
 * and runs only when RC != nearest. MXCSR status flags are not updated
 * (exceptions stay masked; no guest we target reads the sticky flags).
 */
final class SseFloat {
    private SseFloat() { }

    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, MIN = 4, MAX = 5, SQRT = 6;

    static final int DEFAULT_NAN32 = 0xFFC00000;
    static final long DEFAULT_NAN64 = 0xFFF8000000000000L;
    static final int INDEFINITE32 = 0x80000000;
    static final long INDEFINITE64 = 0x8000000000000000L;

    static final int MXCSR_DAZ = 0x40, MXCSR_FTZ = 0x8000;
    static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

    static int rc(int mxcsr) { return (mxcsr >>> 13) & 3; }

    static boolean isNaN32(int a) { return (a & 0x7FFFFFFF) > 0x7F800000; }
    static boolean isNaN64(long a) { return (a & 0x7FFFFFFFFFFFFFFFL) > 0x7FF0000000000000L; }

    static int daz32(int a, int mxcsr) {
        return (mxcsr & MXCSR_DAZ) != 0 && (a & 0x7F800000) == 0 ? a & 0x80000000 : a;
    }

    static long daz64(long a, int mxcsr) {
        return (mxcsr & MXCSR_DAZ) != 0 && (a & 0x7FF0000000000000L) == 0 ? a & 0x8000000000000000L : a;
    }

    private static int ftz32(int r, int mxcsr) {
        return (mxcsr & MXCSR_FTZ) != 0 && (r & 0x7F800000) == 0 ? r & 0x80000000 : r;
    }

    private static long ftz64(long r, int mxcsr) {
        return (mxcsr & MXCSR_FTZ) != 0 && (r & 0x7FF0000000000000L) == 0 ? r & 0x8000000000000000L : r;
    }

    // ------------------------------------------------------------------ arithmetic

    /** {@code a op b} in single precision; for SQRT only {@code b} is used. */
    static int op32(int op, int a, int b, int mxcsr) {
        a = daz32(a, mxcsr);
        b = daz32(b, mxcsr);
        if (op == MIN || op == MAX) {
            float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
            // NaN or equal (including +0/-0): the second operand, unchanged.
            return (op == MIN ? x < y : x > y) ? a : b;
        }
        if (op == SQRT) {
            if (isNaN32(b)) return b | 0x00400000;
            a = b;
        } else {
            if (isNaN32(a)) return a | 0x00400000;
            if (isNaN32(b)) return b | 0x00400000;
        }
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        float r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            default -> (float) Math.sqrt(y);
        };
        if (r != r) return DEFAULT_NAN32;
        int rc = rc(mxcsr);
        if (rc != RC_NEAREST) r = (float) directed(op, x, y, r, rc, false);
        return ftz32(Float.floatToRawIntBits(r), mxcsr);
    }

    static long op64(int op, long a, long b, int mxcsr) {
        a = daz64(a, mxcsr);
        b = daz64(b, mxcsr);
        if (op == MIN || op == MAX) {
            double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
            return (op == MIN ? x < y : x > y) ? a : b;
        }
        if (op == SQRT) {
            if (isNaN64(b)) return b | 0x0008000000000000L;
            a = b;
        } else {
            if (isNaN64(a)) return a | 0x0008000000000000L;
            if (isNaN64(b)) return b | 0x0008000000000000L;
        }
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        double r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            default -> Math.sqrt(y);
        };
        if (r != r) return DEFAULT_NAN64;
        int rc = rc(mxcsr);
        if (rc != RC_NEAREST) r = directed(op, x, y, r, rc, true);
        return ftz64(Double.doubleToRawLongBits(r), mxcsr);
    }

    /**
     * Turns the round-to-nearest result {@code r} of {@code x op y} into the
     * result under directed rounding {@code rc}. {@code r} is a float widened to
     * double unless {@code dbl}. Slow path: BigDecimal, only when RC != nearest.
     */
    private static double directed(int op, double x, double y, double r, int rc, boolean dbl) {
        if (op == SQRT) x = y;
        if (Double.isInfinite(x) || Double.isInfinite(y) || (op == DIV && y == 0)) return r; // exact
        if (Double.isInfinite(r)) return overflow(r, rc, dbl);
        BigDecimal bx = new BigDecimal(x), by = new BigDecimal(y), br = new BigDecimal(r);
        int cmp = switch (op) {
            case ADD -> bx.add(by).compareTo(br);
            case SUB -> bx.subtract(by).compareTo(br);
            case MUL -> bx.multiply(by).compareTo(br);
            case DIV -> bx.subtract(br.multiply(by)).signum() * by.signum();
            default -> bx.compareTo(br.multiply(br));
        };
        if (cmp == 0) {
            if (r == 0 && rc == RC_DOWN && (op == ADD || op == SUB)) {
                // An exact zero sum is -0 when rounding down, unless it is +0 + +0.
                boolean yPlusZero = Double.doubleToRawLongBits(y) == (op == ADD ? 0 : 0x8000000000000000L);
                return Double.doubleToRawLongBits(x) == 0 && yPlusZero ? 0.0 : -0.0;
            }
            return r;
        }
        return step(r, cmp, rc, dbl);
    }

    /** Moves the nearest result {@code r} one ulp when the exact value lies on the side {@code cmp} demands. */
    static double step(double r, int cmp, int rc, boolean dbl) {
        boolean down = switch (rc) {
            case RC_DOWN -> cmp < 0;
            case RC_UP -> false;
            default -> cmp < 0 && r > 0;
        };
        boolean up = switch (rc) {
            case RC_UP -> cmp > 0;
            case RC_DOWN -> false;
            default -> cmp > 0 && r < 0;
        };
        if (dbl) return down ? Math.nextDown(r) : up ? Math.nextUp(r) : r;
        float f = (float) r;
        return down ? Math.nextDown(f) : up ? Math.nextUp(f) : f;
    }

    /** Result of a finite operation whose nearest rounding overflowed to {@code r} = +-inf. */
    private static double overflow(double r, int rc, boolean dbl) {
        double max = dbl ? Double.MAX_VALUE : Float.MAX_VALUE;
        boolean toMax = r > 0 ? rc == RC_DOWN || rc == RC_ZERO : rc == RC_UP || rc == RC_ZERO;
        return toMax ? Math.copySign(max, r) : r;
    }

    // ------------------------------------------------------------------ compares

    /** CMPPS/CMPSS predicate 0..7: all ones when true. */
    static int cmp32(int pred, int a, int b, int mxcsr) {
        float x = Float.intBitsToFloat(daz32(a, mxcsr)), y = Float.intBitsToFloat(daz32(b, mxcsr));
        return predicate(pred, x, y) ? -1 : 0;
    }

    static long cmp64(int pred, long a, long b, int mxcsr) {
        double x = Double.longBitsToDouble(daz64(a, mxcsr)), y = Double.longBitsToDouble(daz64(b, mxcsr));
        return predicate(pred, x, y) ? -1L : 0L;
    }

    private static boolean predicate(int pred, double x, double y) {
        return switch (pred & 7) {
            case 0 -> x == y;
            case 1 -> x < y;
            case 2 -> x <= y;
            case 3 -> x != x || y != y;
            case 4 -> !(x == y);
            case 5 -> !(x < y);
            case 6 -> !(x <= y);
            default -> x == x && y == y;
        };
    }

    /** ZF/PF/CF of (U)COMISS/(U)COMISD; OF, SF and AF end up clear. */
    static long comisFlags(double x, double y) {
        if (x != x || y != y) return Cpu.ZF | Cpu.PF | Cpu.CF;
        if (x < y) return Cpu.CF;
        if (x == y) return Cpu.ZF;
        return 0;
    }

    // ------------------------------------------------------------------ conversions

    /** Float or double value to a 32- or 64-bit integer under rounding {@code rc}; out of range gives integer indefinite. */
    static long toInt(double v, int rc, boolean is64) {
        if (v != v) return is64 ? INDEFINITE64 : INDEFINITE32 & 0xFFFFFFFFL;
        double t = switch (rc) {
            case RC_NEAREST -> Math.rint(v);
            case RC_DOWN -> Math.floor(v);
            case RC_UP -> Math.ceil(v);
            default -> v < 0 ? Math.ceil(v) : Math.floor(v);
        };
        if (is64) return t >= 0x1p63 || t < -0x1p63 ? INDEFINITE64 : (long) t;
        return t >= 0x1p31 || t < -0x1p31 ? INDEFINITE32 & 0xFFFFFFFFL : (long) (int) t & 0xFFFFFFFFL;
    }

    static int f32ToInt32(int a, int mxcsr, boolean truncate) {
        double v = Float.intBitsToFloat(daz32(a, mxcsr));
        return (int) toInt(v, truncate ? RC_ZERO : rc(mxcsr), false);
    }

    static int f64ToInt32(long a, int mxcsr, boolean truncate) {
        double v = Double.longBitsToDouble(daz64(a, mxcsr));
        return (int) toInt(v, truncate ? RC_ZERO : rc(mxcsr), false);
    }

    /** Signed integer to single precision under MXCSR rounding. */
    static int intToF32(long v, int mxcsr) {
        float r = (float) v;
        int rc = rc(mxcsr);
        if (rc != RC_NEAREST) {
            int cmp = r == 0x1p63f ? -1 : Long.compare(v, (long) r);
            if (cmp != 0) r = (float) step(r, cmp, rc, false);
        }
        return Float.floatToRawIntBits(r);
    }

    static long intToF64(long v, int mxcsr) {
        double r = (double) v;
        int rc = rc(mxcsr);
        if (rc != RC_NEAREST) {
            int cmp = r == 0x1p63 ? -1 : Long.compare(v, (long) r);
            if (cmp != 0) r = step(r, cmp, rc, true);
        }
        return Double.doubleToRawLongBits(r);
    }

    /** CVTSS2SD / CVTPS2PD: exact, NaNs quieted with their payload kept. */
    static long f32ToF64(int a, int mxcsr) {
        a = daz32(a, mxcsr);
        if (isNaN32(a)) {
            return ((long) (a & 0x80000000) << 32) | 0x7FF8000000000000L | ((long) (a & 0x7FFFFF) << 29);
        }
        return Double.doubleToRawLongBits(Float.intBitsToFloat(a));
    }

    /** CVTSD2SS / CVTPD2PS: rounded per MXCSR, DAZ/FTZ honoured, NaNs quieted keeping the top payload bits. */
    static int f64ToF32(long a, int mxcsr) {
        a = daz64(a, mxcsr);
        if (isNaN64(a)) {
            return (int) ((a >>> 32) & 0x80000000L) | 0x7FC00000 | (int) ((a >>> 29) & 0x7FFFFF);
        }
        double d = Double.longBitsToDouble(a);
        float r = (float) d;
        int rc = rc(mxcsr);
        if (rc != RC_NEAREST) {
            if (Float.isInfinite(r) && !Double.isInfinite(d)) r = (float) overflow(r, rc, false);
            else if (d != r) r = (float) step(r, d < r ? -1 : 1, rc, false);
        }
        return ftz32(Float.floatToRawIntBits(r), mxcsr);
    }

    /** ROUNDSS/ROUNDPS/ROUNDSD/ROUNDPD: imm bits 0-1 the mode, bit 2 "use MXCSR.RC". */
    static double roundInt(double v, int imm, int mxcsr) {
        int rc = (imm & 4) != 0 ? rc(mxcsr) : imm & 3;
        return switch (rc) {
            case RC_NEAREST -> Math.rint(v);
            case RC_DOWN -> Math.floor(v);
            case RC_UP -> Math.ceil(v);
            default -> v < 0 ? Math.ceil(v) : Math.floor(v);
        };
    }

    static int round32(int a, int imm, int mxcsr) {
        a = daz32(a, mxcsr);
        if (isNaN32(a)) return a | 0x00400000;
        return Float.floatToRawIntBits((float) roundInt(Float.intBitsToFloat(a), imm, mxcsr));
    }

    static long round64(long a, int imm, int mxcsr) {
        a = daz64(a, mxcsr);
        if (isNaN64(a)) return a | 0x0008000000000000L;
        return Double.doubleToRawLongBits(roundInt(Double.longBitsToDouble(a), imm, mxcsr));
    }
}
