package dev.binfarm.emulator.cpu;

/**
 * The x87 transcendental instructions (f2xm1, fyl2x, fyl2xp1, fsin, fcos,
 * fsincos, fptan, fpatan), computed in double-double arithmetic (about 106
 * significant bits) and rounded once to extended precision per RC.
 *
 * <p>Real FPUs are not correctly rounded here either; results are within a
 * few ulps of the host (tests document the tolerance). Like the hardware,
 * fsin/fcos/fptan reduce their argument with a 66-bit approximation of pi, so
 * large arguments agree with the host rather than with the true function.
 * These instructions are rare in guest code, so small {@link DD} values are
 * allowed here (they stay off the per-instruction path of everything else).
 */
final class F80Math {

    /** An unevaluated sum hi + lo with |lo| <= ulp(hi)/2. */
    record DD(double hi, double lo) {
        static DD of(double x) { return new DD(x, 0); }
    }

    static final DD LN2 = new DD(0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56);
    static final DD LOG2E = new DD(0x1.71547652b82fep+0, 0x1.777d0ffda0d24p-56);
    static final DD PI = new DD(0x1.921fb54442d18p+1, 0x1.1a62633145c07p-53);
    static final DD PI_2 = new DD(0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54);
    static final DD PI_4 = new DD(0x1.921fb54442d18p-1, 0x1.1a62633145c07p-55);
    /** pi/2 as the x87 reduces with it: 66 bits, 0xC90FDAA22168C234C * 2^-67, split exactly. */
    private static final double P66_HI = 0x1.921fb54442d18p+0, P66_LO = 0x1.1a6p-54;

    // ------------------------------------------------------------------ double-double kernel

    static DD add(DD a, DD b) {
        double s = a.hi + b.hi, bb = s - a.hi, e = (a.hi - (s - bb)) + (b.hi - bb);
        double t = a.lo + b.lo, cc = t - a.lo, f = (a.lo - (t - cc)) + (b.lo - cc);
        e += t;
        double s2 = s + e;
        e = e - (s2 - s);
        e += f;
        double s3 = s2 + e;
        return new DD(s3, e - (s3 - s2));
    }

    static DD neg(DD a) { return new DD(-a.hi, -a.lo); }

    static DD sub(DD a, DD b) { return add(a, neg(b)); }

    static DD mul(DD a, DD b) {
        double p = a.hi * b.hi, e = Math.fma(a.hi, b.hi, -p);
        e += a.hi * b.lo + a.lo * b.hi;
        double s = p + e;
        return new DD(s, e - (s - p));
    }

    static DD mul(DD a, double b) { return mul(a, DD.of(b)); }

    static DD div(DD a, DD b) {
        double q1 = a.hi / b.hi;
        DD r = sub(a, mul(b, q1));
        double q2 = r.hi / b.hi;
        r = sub(r, mul(b, q2));
        double q3 = r.hi / b.hi;
        return add(add(DD.of(q1), DD.of(q2)), DD.of(q3));
    }

    static DD sqrt(DD a) {
        if (a.hi <= 0) return DD.of(0);
        double s = Math.sqrt(a.hi);
        DD sd = DD.of(s);
        DD r = sub(a, mul(sd, sd));
        return add(sd, DD.of(r.hi / (2 * s)));
    }

    static DD scalb(DD a, int n) { return new DD(Math.scalb(a.hi, n), Math.scalb(a.lo, n)); }

    /** An extended value as a double-double scaled by 2^-shift (exact when the result is in double range). */
    static DD fromF80(int se, long m, int shift) {
        int exp = (se & 0x7FFF) == 0 ? 1 : se & 0x7FFF;
        int e = exp - F80.BIAS - 63 - shift;
        double hi = Math.scalb((double) (m >>> 11), e + 11), lo = Math.scalb((double) (m & 0x7FF), e);
        if ((se & 0x8000) != 0) {
            hi = -hi;
            lo = -lo;
        }
        double s = hi + lo;
        return new DD(s, lo - (s - hi));
    }

    /** Rounds hi + lo (exactly) to extended per the unit's RC; sets f.se/f.m and PE. */
    static void toF80(F80 f, DD v) {
        int savedPc = f.pc, savedFlags = f.flags;
        f.pc = 64;
        f.fromDouble(Double.doubleToRawLongBits(v.hi));
        int hse = f.se;
        long hm = f.m;
        f.fromDouble(Double.doubleToRawLongBits(v.lo));
        f.flags = 0;
        f.add(hse, hm, f.se, f.m, false);
        int pe = f.flags & (F80.PE | F80.C1);
        f.flags = savedFlags | pe | (v.hi != 0 ? F80.PE : 0);
        f.pc = savedPc;
    }

    // ------------------------------------------------------------------ elementary functions on DD

    /** e^x - 1, accurate near 0, for |x| <= 1. */
    static DD expm1(DD x) {
        int k = 8;
        DD r = scalb(x, -k);
        // Taylor series of e^r - 1; |r| <= 2^-8 so 12 terms reach 2^-110.
        DD sum = DD.of(0), term = r;
        for (int n = 2; n <= 14; n++) {
            sum = add(sum, term);
            term = div(mul(term, r), DD.of(n));
        }
        // e^(2a) - 1 = (e^a - 1)(e^a - 1 + 2)
        for (int i = 0; i < k; i++) sum = mul(sum, add(sum, DD.of(2)));
        return sum;
    }

    /** 2 * atanh(s) = log((1 + s) / (1 - s)), |s| <= 0.2. */
    private static DD atanh2(DD s) {
        DD s2 = mul(s, s), term = s, sum = DD.of(0);
        for (int k = 0; k < 30; k++) {
            sum = add(sum, div(term, DD.of(2 * k + 1)));
            term = mul(term, s2);
            if (Math.abs(term.hi) < 0x1p-112 * Math.abs(sum.hi)) break;
        }
        return scalb(sum, 1);
    }

    /** ln(1 + x) for x > -1, where 1 + x is passed exactly as x. */
    static DD log1p(DD x) {
        return atanh2(div(x, add(DD.of(2), x)));
    }

    /** log2 of a positive finite extended value: exact exponent plus log2 of the significand. */
    static DD log2(int se, long m) {
        int exp = (se & 0x7FFF) == 0 ? 1 : se & 0x7FFF;
        int lz = Long.numberOfLeadingZeros(m);
        int e = exp - F80.BIAS - lz;
        DD mant = fromF80(F80.BIAS, m << lz, 0); // in [1, 2)
        if (mant.hi > 1.4142135623730951) {
            mant = scalb(mant, -1);
            e++;
        }
        DD ln = log1p(sub(mant, DD.of(1)));
        return add(DD.of(e), mul(ln, LOG2E));
    }

    /** log2 of a positive double-double; exact for exact powers of two. */
    static DD log2(DD t) {
        int e = Math.getExponent(t.hi);
        DD mant = scalb(t, -e);
        if (mant.hi > 1.4142135623730951) {
            mant = scalb(mant, -1);
            e++;
        }
        if (mant.hi == 1 && mant.lo == 0) return DD.of(e);
        return add(DD.of(e), mul(log1p(sub(mant, DD.of(1))), LOG2E));
    }

    static DD sinKernel(DD r) {
        DD r2 = mul(r, r), term = r, sum = DD.of(0);
        for (int n = 1; n < 60; n += 2) {
            sum = add(sum, term);
            term = neg(div(mul(term, r2), DD.of((double) (n + 1) * (n + 2))));
            if (Math.abs(term.hi) < 0x1p-112 * Math.abs(sum.hi)) break;
        }
        return sum;
    }

    static DD cosKernel(DD r) {
        DD r2 = mul(r, r), term = DD.of(1), sum = DD.of(0);
        for (int n = 0; n < 60; n += 2) {
            sum = add(sum, term);
            term = neg(div(mul(term, r2), DD.of((double) (n + 1) * (n + 2))));
            if (Math.abs(term.hi) < 0x1p-112) break;
        }
        return sum;
    }

    /** atan(z) for 0 <= z <= 1. */
    static DD atan(DD z) {
        // atan(z) = 2 atan(z / (1 + sqrt(1 + z^2))), applied until z is small.
        int doublings = 0;
        while (z.hi > 0.1) {
            z = div(z, add(DD.of(1), sqrt(add(DD.of(1), mul(z, z)))));
            doublings++;
        }
        DD z2 = mul(z, z), term = z, sum = DD.of(0);
        for (int k = 0; k < 60; k++) {
            DD t = div(term, DD.of(2 * k + 1));
            sum = (k & 1) == 0 ? add(sum, t) : sub(sum, t);
            term = mul(term, z2);
            if (Math.abs(term.hi) < 0x1p-112 * Math.abs(sum.hi)) break;
        }
        return scalb(sum, doublings);
    }

    // ------------------------------------------------------------------ the instructions

    // Extended constants for the tiny-argument paths (round-to-nearest values of ln 2 and log2 e).
    private static final int LN2_SE = 0x3FFE, L2E_SE = 0x3FFF;
    private static final long LN2_M = 0xB17217F7D1CF79ACL, L2E_M = 0xB8AA3B295C17F0BCL;

    /** f2xm1 for a finite nonzero operand: 2^x - 1 (defined for |x| <= 1). */
    static void f2xm1(F80 f, int se, long m) {
        int exp = se & 0x7FFF;
        if (exp < F80.BIAS - 70) {
            // 2^x - 1 = x ln2 (1 + x ln2 / 2 + ...): the correction is far below one ulp.
            f.mul(se, m, LN2_SE, LN2_M);
            f.flags |= F80.PE;
            return;
        }
        if (exp > F80.BIAS + 10) {
            // Outside the documented domain: 2^x - 1 saturates (x negative) or overflows.
            if ((se & 0x8000) != 0) toF80(f, DD.of(-1));
            else toF80(f, DD.of(Double.POSITIVE_INFINITY));
            return;
        }
        toF80(f, expm1(mul(fromF80(se, m, 0), LN2)));
    }

    /** fyl2x for finite x > 0 and finite y: y * log2(x). */
    static void yl2x(F80 f, int xse, long xm, int yse, long ym) {
        DD l = log2(xse, xm);
        mulByExtended(f, l, yse, ym);
    }

    /** fyl2xp1 for finite x (|x| < 1 - sqrt(2)/2) and finite y: y * log2(1 + x). */
    static void yl2xp1(F80 f, int xse, long xm, int yse, long ym) {
        int exp = xse & 0x7FFF;
        if (exp < F80.BIAS - 70) {
            // log2(1 + x) = x log2(e) to far below one ulp; in extended, so tiny results keep their range.
            f.mul(xse, xm, L2E_SE, L2E_M);
            int lse = f.se;
            long lm = f.m;
            f.mul(lse, lm, yse, ym);
            f.flags |= F80.PE;
            return;
        }
        DD x = fromF80(xse, xm, 0);
        DD l;
        if (exp >= F80.BIAS - 3) {
            // Away from 0, log2 of 1 + x (exact as a double-double) keeps exact powers of two exact.
            l = log2(add(DD.of(1), x));
        } else {
            l = mul(log1p(x), LOG2E);
        }
        mulByExtended(f, l, yse, ym);
    }

    /** Sets f to l * y, rounded once when y is within double range, else via an extended multiply. */
    private static void mulByExtended(F80 f, DD l, int yse, long ym) {
        int ye = (yse & 0x7FFF) - F80.BIAS;
        if (ye > -900 && ye < 900 && l.hi != 0) {
            toF80(f, mul(l, fromF80(yse, ym, 0)));
            return;
        }
        toF80(f, l);
        int lse = f.se;
        long lm = f.m;
        f.mul(lse, lm, yse, ym);
    }

    /** Results of {@link #sinCos}: sin and cos as double-doubles. */
    DD sinOut, cosOut;

    /** pi/2 as the x87 holds it: this 68-bit integer times 2^-67 (66 significant bits). */
    private static final java.math.BigInteger P66_INT = new java.math.BigInteger("C90FDAA22168C234C", 16);

    /**
     * sin and cos of a finite value with |x| < 2^63, reducing by the x87's
     * 66-bit pi/2 exactly (the host's results for large arguments follow that
     * constant, not the true pi).
     */
    void sinCos(int se, long m) {
        DD x = fromF80(se, m, 0);
        DD r = x;
        long k = 0;
        int exp = (se & 0x7FFF) - F80.BIAS;
        if (exp >= 20) {
            // x * 2^67 and pi/2 * 2^67 are integers: reduce exactly (rare, so BigInteger is fine here).
            java.math.BigInteger xi = java.math.BigInteger.valueOf(m >>> 1).shiftLeft(exp + 5);
            if ((m & 1) != 0) xi = xi.add(java.math.BigInteger.ONE.shiftLeft(exp + 4));
            java.math.BigInteger[] qr = xi.shiftLeft(1).add(P66_INT).divideAndRemainder(P66_INT.shiftLeft(1));
            java.math.BigInteger rem = xi.subtract(qr[0].multiply(P66_INT));
            k = qr[0].longValue();
            if ((se & 0x8000) != 0) k = -k;
            double hi = rem.doubleValue();
            double lo = rem.subtract(new java.math.BigDecimal(hi).toBigInteger()).doubleValue();
            r = scalb(new DD(hi, lo), -67);
            if ((se & 0x8000) != 0) r = neg(r);
        } else if (Math.abs(x.hi) > 0x1.921fb54442d18p-1) {
            double kd = Math.rint(x.hi / P66_HI);
            k = (long) kd;
            // r = x - k * p66, with k * P66_HI and k * P66_LO exact as double-doubles.
            double p1 = kd * P66_HI, e1 = Math.fma(kd, P66_HI, -p1);
            double p2 = kd * P66_LO, e2 = Math.fma(kd, P66_LO, -p2);
            r = sub(r, DD.of(p1));
            r = sub(r, DD.of(e1));
            r = sub(r, DD.of(p2));
            r = sub(r, DD.of(e2));
        }
        DD s = sinKernel(r), c = cosKernel(r);
        switch ((int) (k & 3)) {
            case 0 -> { sinOut = s; cosOut = c; }
            case 1 -> { sinOut = c; cosOut = neg(s); }
            case 2 -> { sinOut = neg(s); cosOut = neg(c); }
            default -> { sinOut = neg(c); cosOut = s; }
        }
    }

    /** fpatan for finite y and x, not both zero handled by the caller: atan2(y, x). */
    static void atan2(F80 f, int yse, long ym, int xse, long xm) {
        boolean yneg = (yse & 0x8000) != 0, xneg = (xse & 0x8000) != 0;
        int ye = (yse & 0x7FFF) - F80.BIAS, xe = (xse & 0x7FFF) - F80.BIAS;
        int shift = Math.max(ye, xe);
        DD ay = fromF80(yse & 0x7FFF, ym, shift), ax = fromF80(xse & 0x7FFF, xm, shift);
        boolean swap = ay.hi > ax.hi || (ay.hi == ax.hi && ay.lo > ax.lo);
        if (!swap && !xneg && xe - ye > 40) {
            // |y/x| < 2^-39: atan(q) = q - q^3/3 is q to within 2^-78 relative; dividing in
            // extended keeps tiny and denormal quotients exact to the last bit.
            f.div(yse & 0x7FFF, ym, xse & 0x7FFF, xm);
            if (yneg) f.se |= 0x8000;
            f.flags |= F80.PE;
            return;
        }
        DD num = swap ? ax : ay, den = swap ? ay : ax;
        DD a = num.hi == 0 ? DD.of(0) : atan(div(num, den));
        if (swap) a = sub(PI_2, a);
        if (xneg) a = sub(PI, a);
        if (yneg) a = neg(a);
        toF80(f, a);
    }
}
