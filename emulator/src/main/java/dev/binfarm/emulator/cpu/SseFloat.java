package dev.binfarm.emulator.cpu;

import java.math.BigDecimal;

/**
 * IEEE-754 single/double arithmetic with x86 SSE semantics, on raw bit
 * patterns: the SSE NaN rules (first source's NaN wins, quieted; invalid
 * operations give the negative default NaN), MXCSR rounding control, DAZ and
 * FTZ, the "integer indefinite" result of out-of-range conversions, and the
 * MXCSR exception flags (IE, DE, ZE, OE, UE, PE; all masked, as Linux sets
 * them), collected in {@link #exc} for the instruction being executed.
 *
 * <p>Round-to-nearest (the Linux default) is the fast path: Java's float and
 * double operators are IEEE correctly rounded to nearest. Inexactness is found
 * with exact error terms (TwoSum, an FMA residual, or a product that is exact
 * in double for single precision) and only while PE is still clear or the
 * result is tiny, so a program that has raised PE once pays nothing more. For
 * the directed modes we take the nearest result and the sign of (exact -
 * nearest) and step one ulp when the mode demands it; that exact comparison
 * uses BigDecimal and runs only when RC != nearest.
 *
 * <p>One instance per {@link Sse}, hence per CPU: {@link #exc} is per thread.
 */
final class SseFloat {
    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, MIN = 4, MAX = 5, SQRT = 6;

    static final int DEFAULT_NAN32 = 0xFFC00000;
    static final long DEFAULT_NAN64 = 0xFFF8000000000000L;
    static final int INDEFINITE32 = 0x80000000;
    static final long INDEFINITE64 = 0x8000000000000000L;

    static final int MXCSR_DAZ = 0x40, MXCSR_FTZ = 0x8000;
    static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;
    /** MXCSR exception flag bits. */
    static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32;

    /** Exception flags raised by the current instruction; {@link Sse} ORs them into MXCSR. */
    int exc;

    static int rc(int mxcsr) { return (mxcsr >>> 13) & 3; }

    static boolean isNaN32(int a) { return (a & 0x7FFFFFFF) > 0x7F800000; }
    static boolean isNaN64(long a) { return (a & 0x7FFFFFFFFFFFFFFFL) > 0x7FF0000000000000L; }
    static boolean isSNaN32(int a) { return isNaN32(a) && (a & 0x00400000) == 0; }
    static boolean isSNaN64(long a) { return isNaN64(a) && (a & 0x0008000000000000L) == 0; }
    static boolean isDenormal32(int a) { return (a & 0x7F800000) == 0 && (a & 0x007FFFFF) != 0; }
    static boolean isDenormal64(long a) { return (a & 0x7FF0000000000000L) == 0 && (a & 0x000FFFFFFFFFFFFFL) != 0; }

    static int daz32(int a, int mxcsr) {
        return (mxcsr & MXCSR_DAZ) != 0 && (a & 0x7F800000) == 0 ? a & 0x80000000 : a;
    }

    static long daz64(long a, int mxcsr) {
        return (mxcsr & MXCSR_DAZ) != 0 && (a & 0x7FF0000000000000L) == 0 ? a & 0x8000000000000000L : a;
    }

    /** Denormal-operand check after DAZ (so it never fires with DAZ set). */
    private void denormal32(int a, int b) {
        if (isDenormal32(a) || isDenormal32(b)) exc |= DE;
    }

    private void denormal64(long a, long b) {
        if (isDenormal64(a) || isDenormal64(b)) exc |= DE;
    }

    /**
     * Set by the operation in flight when its result rounded up to the smallest
     * normal while the exact value was tiny: FTZ flushes that result too, since
     * the processor flushes on the underflow condition, not on a denormal result.
     */
    private boolean tinyMinNormal;

    private int ftz32(int r, int mxcsr) {
        boolean tiny = tinyMinNormal;
        tinyMinNormal = false;
        if ((mxcsr & MXCSR_FTZ) != 0 && (isDenormal32(r) || tiny)) {
            exc |= UE | PE;
            return r & 0x80000000;
        }
        return r;
    }

    private long ftz64(long r, int mxcsr) {
        boolean tiny = tinyMinNormal;
        tinyMinNormal = false;
        if ((mxcsr & MXCSR_FTZ) != 0 && (isDenormal64(r) || tiny)) {
            exc |= UE | PE;
            return r & 0x8000000000000000L;
        }
        return r;
    }

    // ------------------------------------------------------------------ arithmetic

    /** {@code a op b} in single precision; for SQRT only {@code b} is used. */
    int op32(int op, int a, int b, int mxcsr) {
        if (op == SQRT) a = b;
        a = daz32(a, mxcsr);
        b = daz32(b, mxcsr);
        if (isNaN32(a) || isNaN32(b)) {
            if (op == MIN || op == MAX || isSNaN32(a) || isSNaN32(b)) exc |= IE;
            if (op == MIN || op == MAX) return b; // the second operand, unchanged
            return isNaN32(a) ? a | 0x00400000 : b | 0x00400000;
        }
        if (op == SQRT && a < 0 && a != 0x80000000) { // invalid takes precedence over a denormal operand
            exc |= IE;
            return DEFAULT_NAN32;
        }
        if (op != DIV || (b & 0x7FFFFFFF) != 0) denormal32(a, b); // divide-by-zero takes precedence
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        if (op == MIN) return x < y ? a : b; // equal (+0/-0 too): the second operand
        if (op == MAX) return x > y ? a : b;
        float r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            default -> (float) Math.sqrt(y);
        };
        if (r != r) {
            exc |= IE;
            return DEFAULT_NAN32;
        }
        if (op == DIV && y == 0 && !Float.isInfinite(x)) exc |= ZE;
        int rc = rc(mxcsr);
        if (rc != RC_NEAREST) {
            r = (float) directed(op, x, y, r, rc, false);
        } else if (Float.isInfinite(r)) {
            if (!Float.isInfinite(x) && !Float.isInfinite(y) && !(op == DIV && y == 0)) exc |= OE | PE;
        } else {
            boolean tiny = Math.abs(r) < Float.MIN_NORMAL, edge = Math.abs(r) == Float.MIN_NORMAL;
            if ((tiny || edge || (mxcsr & PE) == 0) && inexact32(op, x, y, r)) {
                if (edge) tiny = tinyMinNormal = tinyAtMinNormal(op, x, y, RC_NEAREST, false);
                exc |= tiny ? UE | PE : PE;
            }
        }
        return ftz32(Float.floatToRawIntBits(r), mxcsr);
    }

    long op64(int op, long a, long b, int mxcsr) {
        if (op == SQRT) a = b;
        a = daz64(a, mxcsr);
        b = daz64(b, mxcsr);
        if (isNaN64(a) || isNaN64(b)) {
            if (op == MIN || op == MAX || isSNaN64(a) || isSNaN64(b)) exc |= IE;
            if (op == MIN || op == MAX) return b;
            return isNaN64(a) ? a | 0x0008000000000000L : b | 0x0008000000000000L;
        }
        if (op == SQRT && a < 0 && a != 0x8000000000000000L) {
            exc |= IE;
            return DEFAULT_NAN64;
        }
        if (op != DIV || (b & 0x7FFFFFFFFFFFFFFFL) != 0) denormal64(a, b);
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        if (op == MIN) return x < y ? a : b;
        if (op == MAX) return x > y ? a : b;
        double r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            default -> Math.sqrt(y);
        };
        if (r != r) {
            exc |= IE;
            return DEFAULT_NAN64;
        }
        if (op == DIV && y == 0 && !Double.isInfinite(x)) exc |= ZE;
        int rc = rc(mxcsr);
        if (rc != RC_NEAREST) {
            r = directed(op, x, y, r, rc, true);
        } else if (Double.isInfinite(r)) {
            if (!Double.isInfinite(x) && !Double.isInfinite(y) && !(op == DIV && y == 0)) exc |= OE | PE;
        } else {
            boolean tiny = Math.abs(r) < Double.MIN_NORMAL, edge = Math.abs(r) == Double.MIN_NORMAL;
            if ((tiny || edge || (mxcsr & PE) == 0) && inexact64(op, x, y, r)) {
                if (edge) tiny = tinyMinNormal = tinyAtMinNormal(op, x, y, RC_NEAREST, true);
                exc |= tiny ? UE | PE : PE;
            }
        }
        return ftz64(Double.doubleToRawLongBits(r), mxcsr);
    }

    /** Whether the single-precision result {@code r} of {@code x op y} was rounded. Float products are exact in double. */
    private static boolean inexact32(int op, double x, double y, double r) {
        if (Double.isInfinite(x) || Double.isInfinite(y)) return false; // results are exact: inf, 0 or NaN
        return switch (op) {
            case ADD, SUB -> {
                double yy = op == SUB ? -y : y, s = x + yy;
                yield twoSumError(x, yy, s) != 0 || s != r;
            }
            case MUL -> x * y != r;
            case DIV -> r * y != x;
            default -> r * r != y;
        };
    }

    private static boolean inexact64(int op, double x, double y, double r) {
        if (Double.isInfinite(x) || Double.isInfinite(y)) return false; // results are exact: inf, 0 or NaN
        if (r == 0) return (op == MUL || op == DIV) && x != 0 && (op == DIV || y != 0); // underflow to zero
        switch (op) {
            case ADD, SUB -> {
                return twoSumError(x, op == SUB ? -y : y, r) != 0;
            }
            default -> {
                // FMA residuals are exact away from the underflow range; near it, compare exactly.
                boolean safe = Math.abs(r) >= 0x1p-900 && Math.abs(x) >= 0x1p-900 && Math.abs(y) >= 0x1p-900;
                if (safe) {
                    return switch (op) {
                        case MUL -> Math.fma(x, y, -r) != 0;
                        case DIV -> Math.fma(-r, y, x) != 0;
                        default -> Math.fma(-r, r, y) != 0;
                    };
                }
                return exactCompare(op, x, y, r) != 0;
            }
        }
    }

    /** The rounding error of s = fl(x + y) (Knuth's TwoSum; exact when s is finite). */
    private static double twoSumError(double x, double y, double s) {
        double bp = s - x, ap = s - bp;
        return (x - ap) + (y - bp);
    }

    /** Sign of (exact value of x op y) - r; r finite, x and y finite, no division by zero. */
    private static int exactCompare(int op, double x, double y, double r) {
        BigDecimal bx = new BigDecimal(x), by = new BigDecimal(y), br = new BigDecimal(r);
        return switch (op) {
            case ADD -> bx.add(by).compareTo(br);
            case SUB -> bx.subtract(by).compareTo(br);
            case MUL -> bx.multiply(by).compareTo(br);
            case DIV -> bx.subtract(br.multiply(by)).signum() * by.signum();
            default -> by.compareTo(br.multiply(br));
        };
    }

    private static final BigDecimal TWO_128 = new BigDecimal(0x1p128), TWO_1024 = new BigDecimal(0x1p1023).multiply(BigDecimal.valueOf(2));

    /**
     * Turns the round-to-nearest result {@code r} of {@code x op y} into the
     * result under directed rounding {@code rc}, raising PE/OE/UE. {@code r} is a
     * float widened to double unless {@code dbl}. Slow path: BigDecimal.
     */
    private double directed(int op, double x, double y, double r, int rc, boolean dbl) {
        if (op == SQRT) x = y;
        if (Double.isInfinite(x) || Double.isInfinite(y) || (op == DIV && y == 0)) return r; // exact
        double out;
        if (Double.isInfinite(r)) {
            out = overflow(r, rc, dbl);
            // Overflow means the result rounded with an unbounded exponent exceeds the format; toward zero
            // that needs |exact| >= 2^(emax+1), not just past the nearest-rounding threshold.
            if (Double.isInfinite(out) || exceedsRange(op, x, y, dbl)) exc |= OE;
            exc |= PE;
            return out;
        }
        int cmp = exactCompare(op, x, y, r);
        if (cmp == 0) {
            if (r == 0 && rc == RC_DOWN && (op == ADD || op == SUB)) {
                // An exact zero sum is -0 when rounding down, unless it is +0 + +0.
                boolean yPlusZero = Double.doubleToRawLongBits(y) == (op == ADD ? 0 : 0x8000000000000000L);
                return Double.doubleToRawLongBits(x) == 0 && yPlusZero ? 0.0 : -0.0;
            }
            return r;
        }
        out = step(r, cmp, rc, dbl);
        exc |= PE;
        double min = dbl ? Double.MIN_NORMAL : Float.MIN_NORMAL;
        if (Double.isInfinite(out)) exc |= OE;
        else if (Math.abs(out) < min || (Math.abs(out) == min && (tinyMinNormal = tinyAtMinNormal(op, x, y, rc, dbl)))) exc |= UE;
        return out;
    }

    /**
     * For an inexact result that rounded to +-MIN_NORMAL: whether x86 still
     * calls it tiny. Tininess is detected after rounding, but to the format's
     * precision with an unbounded exponent, where the grid just below
     * MIN_NORMAL is finer than the denormal one. Only products and quotients
     * get here inexact (sums that close to MIN_NORMAL are exact).
     */
    private static boolean tinyAtMinNormal(int op, double x, double y, int rc, boolean dbl) {
        if (op != MUL && op != DIV) return false;
        BigDecimal min = new BigDecimal(dbl ? Double.MIN_NORMAL : Float.MIN_NORMAL);
        BigDecimal gap = min.multiply(new BigDecimal(dbl ? 0x1p-53 : 0x1p-24)); // unbounded spacing below MIN_NORMAL
        boolean negative = (x < 0) != (y < 0);
        boolean away = rc == RC_UP && !negative || rc == RC_DOWN && negative;
        BigDecimal limit = switch (rc) {
            case RC_NEAREST -> min.subtract(gap.divide(BigDecimal.valueOf(2)));
            default -> away ? min.subtract(gap) : min;
        };
        BigDecimal bx = new BigDecimal(Math.abs(x)), by = new BigDecimal(Math.abs(y));
        int c = op == MUL ? bx.multiply(by).compareTo(limit) : bx.compareTo(limit.multiply(by));
        return away && rc != RC_NEAREST ? c <= 0 : c < 0;
    }

    /** Whether |x op y| >= 2^(emax+1) exactly (overflow even when rounding toward zero). */
    private static boolean exceedsRange(int op, double x, double y, boolean dbl) {
        BigDecimal limit = dbl ? TWO_1024 : TWO_128;
        BigDecimal bx = new BigDecimal(x), by = new BigDecimal(y);
        return switch (op) {
            case ADD -> bx.add(by).abs().compareTo(limit) >= 0;
            case SUB -> bx.subtract(by).abs().compareTo(limit) >= 0;
            case MUL -> bx.multiply(by).abs().compareTo(limit) >= 0;
            case DIV -> bx.abs().compareTo(limit.multiply(by.abs())) >= 0;
            default -> false;
        };
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

    /** CMPPS/CMPSS predicate 0..7: all ones when true. LT/LE/NLT/NLE signal on any NaN, the others on SNaN. */
    int cmp32(int pred, int a, int b, int mxcsr) {
        a = daz32(a, mxcsr);
        b = daz32(b, mxcsr);
        compareFlags32(a, b, signaling(pred));
        return predicate(pred, Float.intBitsToFloat(a), Float.intBitsToFloat(b)) ? -1 : 0;
    }

    long cmp64(int pred, long a, long b, int mxcsr) {
        a = daz64(a, mxcsr);
        b = daz64(b, mxcsr);
        compareFlags64(a, b, signaling(pred));
        return predicate(pred, Double.longBitsToDouble(a), Double.longBitsToDouble(b)) ? -1L : 0L;
    }

    private static boolean signaling(int pred) {
        int p = pred & 3;
        return p == 1 || p == 2;
    }

    /** IE for a signaling NaN (any NaN when {@code signaling}), else DE for a denormal operand. */
    void compareFlags32(int a, int b, boolean signaling) {
        if (isNaN32(a) || isNaN32(b)) {
            if (signaling || isSNaN32(a) || isSNaN32(b)) exc |= IE;
        } else {
            denormal32(a, b);
        }
    }

    void compareFlags64(long a, long b, boolean signaling) {
        if (isNaN64(a) || isNaN64(b)) {
            if (signaling || isSNaN64(a) || isSNaN64(b)) exc |= IE;
        } else {
            denormal64(a, b);
        }
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

    /**
     * Float or double value to a 32- or 64-bit integer under rounding {@code rc}:
     * out of range or NaN gives integer indefinite and IE, a dropped fraction PE.
     */
    long toInt(double v, int rc, boolean is64) {
        long indefinite = is64 ? INDEFINITE64 : INDEFINITE32 & 0xFFFFFFFFL;
        if (v != v) {
            exc |= IE;
            return indefinite;
        }
        double t = roundToIntegral(v, rc);
        boolean out = is64 ? t >= 0x1p63 || t < -0x1p63 : t >= 0x1p31 || t < -0x1p31;
        if (out) {
            exc |= IE;
            return indefinite;
        }
        if (t != v) exc |= PE;
        return is64 ? (long) t : (long) (int) t & 0xFFFFFFFFL;
    }

    private static double roundToIntegral(double v, int rc) {
        return switch (rc) {
            case RC_NEAREST -> Math.rint(v);
            case RC_DOWN -> Math.floor(v);
            case RC_UP -> Math.ceil(v);
            default -> v < 0 ? Math.ceil(v) : Math.floor(v);
        };
    }

    int f32ToInt32(int a, int mxcsr, boolean truncate) {
        double v = Float.intBitsToFloat(daz32(a, mxcsr));
        return (int) toInt(v, truncate ? RC_ZERO : rc(mxcsr), false);
    }

    int f64ToInt32(long a, int mxcsr, boolean truncate) {
        double v = Double.longBitsToDouble(daz64(a, mxcsr));
        return (int) toInt(v, truncate ? RC_ZERO : rc(mxcsr), false);
    }

    /** Signed integer to single precision under MXCSR rounding. */
    int intToF32(long v, int mxcsr) {
        float r = (float) v;
        int cmp = r == 0x1p63f ? -1 : Long.compare(v, (long) r);
        if (cmp != 0) {
            exc |= PE;
            int rc = rc(mxcsr);
            if (rc != RC_NEAREST) r = (float) step(r, cmp, rc, false);
        }
        return Float.floatToRawIntBits(r);
    }

    long intToF64(long v, int mxcsr) {
        double r = (double) v;
        int cmp = r == 0x1p63 ? -1 : Long.compare(v, (long) r);
        if (cmp != 0) {
            exc |= PE;
            int rc = rc(mxcsr);
            if (rc != RC_NEAREST) r = step(r, cmp, rc, true);
        }
        return Double.doubleToRawLongBits(r);
    }

    /** CVTSS2SD / CVTPS2PD: exact, NaNs quieted with their payload kept. */
    long f32ToF64(int a, int mxcsr) {
        a = daz32(a, mxcsr);
        if (isNaN32(a)) {
            if (isSNaN32(a)) exc |= IE;
            return ((long) (a & 0x80000000) << 32) | 0x7FF8000000000000L | ((long) (a & 0x7FFFFF) << 29);
        }
        if (isDenormal32(a)) exc |= DE;
        return Double.doubleToRawLongBits(Float.intBitsToFloat(a));
    }

    /** CVTSD2SS / CVTPD2PS: rounded per MXCSR, DAZ/FTZ honoured, NaNs quieted keeping the top payload bits. */
    int f64ToF32(long a, int mxcsr) {
        a = daz64(a, mxcsr);
        if (isNaN64(a)) {
            if (isSNaN64(a)) exc |= IE;
            return (int) ((a >>> 32) & 0x80000000L) | 0x7FC00000 | (int) ((a >>> 29) & 0x7FFFFF);
        }
        if (isDenormal64(a)) exc |= DE;
        double d = Double.longBitsToDouble(a);
        float r = (float) d;
        int rc = rc(mxcsr);
        if (Float.isInfinite(r) && !Double.isInfinite(d)) {
            if (rc != RC_NEAREST) r = (float) overflow(r, rc, false);
            exc |= PE | (Float.isInfinite(r) || Math.abs(d) >= 0x1p128 ? OE : 0);
        } else if (d != r) {
            if (rc != RC_NEAREST) r = (float) step(r, d < r ? -1 : 1, rc, false);
            boolean tiny = Math.abs(r) < Float.MIN_NORMAL;
            if (Math.abs(r) == Float.MIN_NORMAL) {
                // See tinyAtMinNormal: the unbounded-exponent grid below MIN_NORMAL has spacing 2^-150.
                double ad = Math.abs(d);
                boolean away = rc == RC_UP && d > 0 || rc == RC_DOWN && d < 0;
                tiny = tinyMinNormal = rc == RC_NEAREST ? ad < 0x1p-126 - 0x1p-151 : away ? ad <= 0x1p-126 - 0x1p-150 : ad < 0x1p-126;
            }
            exc |= Float.isInfinite(r) ? OE | PE : tiny ? UE | PE : PE;
        }
        return ftz32(Float.floatToRawIntBits(r), mxcsr);
    }

    /** ROUNDSS/ROUNDPS/ROUNDSD/ROUNDPD: imm bits 0-1 the mode, bit 2 "use MXCSR.RC", bit 3 "no PE". */
    private double roundInt(double v, int imm, int mxcsr) {
        double t = roundToIntegral(v, (imm & 4) != 0 ? rc(mxcsr) : imm & 3);
        if (t != v && (imm & 8) == 0) exc |= PE;
        return t;
    }

    int round32(int a, int imm, int mxcsr) {
        a = daz32(a, mxcsr);
        if (isNaN32(a)) {
            if (isSNaN32(a)) exc |= IE;
            return a | 0x00400000;
        }
        return Float.floatToRawIntBits((float) roundInt(Float.intBitsToFloat(a), imm, mxcsr));
    }

    long round64(long a, int imm, int mxcsr) {
        a = daz64(a, mxcsr);
        if (isNaN64(a)) {
            if (isSNaN64(a)) exc |= IE;
            return a | 0x0008000000000000L;
        }
        return Double.doubleToRawLongBits(roundInt(Double.longBitsToDouble(a), imm, mxcsr));
    }
}
