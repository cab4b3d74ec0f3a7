package dev.binfarm.emulator.cpu;

/**
 * The x87 transcendental instructions (f2xm1, fyl2x, fyl2xp1, fsin, fcos,
 * fsincos, fptan, fpatan) on an {@link X87}'s register stack: operand
 * classes, special results and stack faults as the host FPU produces them;
 * the values themselves come from {@link F80Math}.
 */
final class X87Transcendentals {
    private static final int C1 = X87.C1, C2 = X87.C2;

    private final X87 x;
    private final F80 f;
    private final F80Math math = new F80Math();

    X87Transcendentals(X87 x) {
        this.x = x;
        this.f = x.f;
    }

    /** NaN/unsupported handling shared by the one-operand transcendentals; true when ST(0) got its result. */
    private boolean nanOrInvalid(int c, int e, long v) {
        if (c == F80.QNAN) return true;
        if (c == F80.SNAN) {
            f.flags |= F80.IE;
            x.setSt(0, e, v | F80.QUIET_BIT);
            return true;
        }
        if (c == F80.UNSUPPORTED) {
            f.flags |= F80.IE;
            x.setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            return true;
        }
        return false;
    }

    void f2xm1() {
        if (x.isEmpty(0)) {
            x.underflow();
            x.setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            return;
        }
        f.flags = 0;
        int e = x.stSe(0);
        long v = x.stM(0);
        int c = F80.classify(e, v);
        if (!nanOrInvalid(c, e, v)) {
            if (c == F80.ZERO) {
                // 2^0 - 1 = +-0
            } else if (c == F80.INF) {
                if ((e & 0x8000) != 0) x.setSt(0, 0xBFFF, F80.INT_BIT);
            } else if (c == F80.DENORMAL) {
                // The host returns a signed zero for denormal operands (underflow, inexact).
                f.flags |= F80.DE | F80.UE | F80.PE;
                x.setSt(0, e & 0x8000, 0);
            } else {
                F80Math.f2xm1(f, e, v);
                flushTiny();
                x.setSt(0, f.se, f.m);
            }
        }
        x.commit();
    }

    /** fyl2x (ST(1) = ST(1) * log2(ST(0))) or fyl2xp1 (log2(ST(0) + 1)), then pop. */
    void fyl2x(boolean plusOne) {
        if (x.emptyPair()) {
            x.setSt(1, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            x.pop();
            return;
        }
        f.flags = 0;
        int xse = x.stSe(0), yse = x.stSe(1);
        long xm = x.stM(0), ym = x.stM(1);
        int cx = F80.classify(xse, xm), cy = F80.classify(yse, ym);
        boolean xneg = (xse & 0x8000) != 0;
        int ys = yse & 0x8000;
        if (cx >= F80.QNAN || cy >= F80.QNAN) {
            f.add(xse, xm, yse, ym, false); // NaN propagation by the usual rules, no DE
            x.commit();
            x.setSt(1, f.se, f.m);
            x.pop();
            return;
        }
        // A zero x makes log2 infinite: ZE (or IE) without DE, as the host reports.
        if ((cx == F80.DENORMAL || cy == F80.DENORMAL) && !(cx == F80.ZERO && !plusOne)) f.flags |= F80.DE;
        if (plusOne) {
            if (cx == F80.ZERO) {
                if (cy == F80.INF) invalidResult();
                else { f.se = (xse ^ yse) & 0x8000; f.m = 0; }
            } else if (cx == F80.INF && !xneg) {
                if (cy == F80.ZERO) invalidResult();
                else { f.se = ys | 0x7FFF; f.m = F80.INT_BIT; } // the host takes log2(1 + inf) = inf
            } else if (cx == F80.INF || (xneg && Long.compareUnsigned(xm, F80.INT_BIT) >= 0 && (xse & 0x7FFF) >= F80.BIAS)) {
                invalidResult(); // outside the domain (x <= -1)
            } else if (cy == F80.ZERO) {
                f.se = (xse ^ yse) & 0x8000;
                f.m = 0;
            } else if (cy == F80.INF) {
                f.se = ((xse ^ yse) & 0x8000) | 0x7FFF;
                f.m = F80.INT_BIT;
            } else {
                F80Math.yl2xp1(f, xse, xm, yse, ym); // tiny results stay denormal here, as on the host
            }
        } else {
            boolean xOne = xse == F80.BIAS && xm == F80.INT_BIT;
            boolean xBelowOne = (xse & 0x7FFF) < F80.BIAS;
            if (xneg && cx != F80.ZERO) {
                invalidResult();
            } else if (cx == F80.ZERO) {
                if (cy == F80.ZERO) invalidResult();
                else {
                    if (cy != F80.INF) f.flags |= F80.ZE;
                    f.se = (ys ^ 0x8000) | 0x7FFF;
                    f.m = F80.INT_BIT;
                }
            } else if (cx == F80.INF) {
                if (cy == F80.ZERO) invalidResult();
                else { f.se = ys | 0x7FFF; f.m = F80.INT_BIT; }
            } else if (cy == F80.INF) {
                if (xOne) invalidResult();
                else { f.se = (xBelowOne ? ys ^ 0x8000 : ys) | 0x7FFF; f.m = F80.INT_BIT; }
            } else if (cy == F80.ZERO || xOne) {
                f.se = xBelowOne && !xOne ? ys ^ 0x8000 : ys;
                f.m = 0;
            } else {
                F80Math.yl2x(f, xse, xm, yse, ym);
            }
        }
        x.commit();
        x.setSt(1, f.se, f.m);
        x.pop();
    }

    /**
     * For f2xm1, fsin/fcos/fptan and fpatan the host returns a signed zero
     * (with UE and PE) instead of a denormal result (observed; fyl2x and
     * fyl2xp1 do return denormals).
     */
    private void flushTiny() {
        if ((f.se & 0x7FFF) == 0 && f.m != 0) {
            f.se &= 0x8000;
            f.m = 0;
            f.flags |= F80.UE | F80.PE;
        }
    }

    private void invalidResult() {
        f.flags |= F80.IE;
        f.se = F80.INDEFINITE_SE;
        f.m = F80.INDEFINITE_M;
    }

    /** fsin (sin = true) or fcos. */
    void trig(boolean sin) {
        if (x.isEmpty(0)) {
            x.underflow();
            x.setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            return;
        }
        f.flags = 0;
        int e = x.stSe(0);
        long v = x.stM(0);
        int c = F80.classify(e, v);
        x.sw &= ~C2;
        if (!nanOrInvalid(c, e, v)) {
            if (c == F80.INF) {
                invalidResult();
                x.setSt(0, f.se, f.m);
            } else if ((e & 0x7FFF) >= F80.BIAS + 63) {
                x.sw |= C2; // out of range: the operand is left for the program to reduce
            } else if (c == F80.ZERO) {
                if (!sin) x.setSt(0, F80.BIAS, F80.INT_BIT);
            } else {
                if (c == F80.DENORMAL) f.flags |= F80.DE;
                trigValue(sin, e, v);
                x.setSt(0, f.se, f.m);
            }
        }
        x.commit();
    }

    /** sin or cos of a finite nonzero in-range value into f. */
    private void trigValue(boolean sin, int e, long v) {
        if ((e & 0x7FFF) < F80.BIAS - 40) {
            // |x| < 2^-40: sin x = x and cos x = 1 to within a fraction of an ulp, inexact.
            // For a denormal the host's sin underflows to a signed zero.
            if (!sin) { f.se = F80.BIAS; f.m = F80.INT_BIT; }
            else if ((e & 0x7FFF) == 0) { f.se = e & 0x8000; f.m = 0; f.flags |= F80.UE; }
            else { f.se = e; f.m = v; }
            f.flags |= F80.PE;
            return;
        }
        math.sinCos(e, v);
        F80Math.toF80(f, sin ? math.sinOut : math.cosOut);
        flushTiny();
    }

    void fsincos() {
        if (x.pushOverflow()) return;
        if (x.isEmpty(0)) {
            x.setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            x.push(F80.INDEFINITE_SE, F80.INDEFINITE_M);
            x.underflow(); // C1 = 0 even if the push overflowed too
            return;
        }
        f.flags = 0;
        int e = x.stSe(0);
        long v = x.stM(0);
        int c = F80.classify(e, v);
        x.sw &= ~C2;
        if (nanOrInvalid(c, e, v) || c == F80.INF) {
            if (c == F80.INF) invalidResult();
            else { f.se = x.stSe(0); f.m = x.stM(0); }
            x.setSt(0, f.se, f.m);
            x.push(f.se, f.m);
        } else if ((e & 0x7FFF) >= F80.BIAS + 63) {
            x.sw |= C2;
        } else if (c == F80.ZERO) {
            x.push(F80.BIAS, F80.INT_BIT); // sin stays in ST(1) as +-0, cos = 1 on top
        } else {
            if (c == F80.DENORMAL) f.flags |= F80.DE;
            trigValue(true, e, v);
            int sse = f.se;
            long sm = f.m;
            trigValue(false, e, v);
            x.setSt(0, sse, sm);
            x.push(f.se, f.m);
        }
        x.commit();
    }

    void fptan() {
        if (x.pushOverflow()) return;
        if (x.isEmpty(0)) {
            x.setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            x.push(F80.INDEFINITE_SE, F80.INDEFINITE_M);
            x.underflow(); // C1 = 0 even if the push overflowed too
            return;
        }
        f.flags = 0;
        int e = x.stSe(0);
        long v = x.stM(0);
        int c = F80.classify(e, v);
        x.sw &= ~C2;
        if (nanOrInvalid(c, e, v) || c == F80.INF) {
            if (c == F80.INF) {
                invalidResult();
                x.setSt(0, f.se, f.m);
            }
            x.push(x.stSe(0), x.stM(0)); // a NaN result is duplicated, like the hardware's masked response
        } else if ((e & 0x7FFF) >= F80.BIAS + 63) {
            x.sw |= C2;
        } else {
            if (c == F80.ZERO) {
                // tan(+-0) = +-0
            } else if ((e & 0x7FFF) < F80.BIAS - 40) {
                if (c == F80.DENORMAL) f.flags |= F80.DE;
                f.flags |= F80.PE;
            } else {
                math.sinCos(e, v);
                F80Math.toF80(f, F80Math.div(math.sinOut, math.cosOut));
                flushTiny();
                x.setSt(0, f.se, f.m);
            }
            x.push(F80.BIAS, F80.INT_BIT);
        }
        x.commit();
    }

    /** fpatan: ST(1) = atan2(ST(1), ST(0)), then pop. */
    void fpatan() {
        if (x.emptyPair()) {
            x.setSt(1, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            x.pop();
            return;
        }
        f.flags = 0;
        int xse = x.stSe(0), yse = x.stSe(1);
        long xm = x.stM(0), ym = x.stM(1);
        int cx = F80.classify(xse, xm), cy = F80.classify(yse, ym);
        int ys = yse & 0x8000;
        boolean xneg = (xse & 0x8000) != 0;
        if (cx < F80.QNAN && cy < F80.QNAN && (cx == F80.DENORMAL || cy == F80.DENORMAL)) f.flags |= F80.DE;
        if (cx >= F80.QNAN || cy >= F80.QNAN) {
            f.add(yse, ym, xse, xm, false);
        } else if (cy == F80.ZERO) {
            if (xneg) constantPi(ys, 1, 1);
            else { f.se = ys; f.m = 0; }
        } else if (cy == F80.INF) {
            if (cx == F80.INF) constantPi(ys, xneg ? 3 : 1, 4);
            else constantPi(ys, 1, 2);
        } else if (cx == F80.INF) {
            if (xneg) constantPi(ys, 1, 1);
            else { f.se = ys; f.m = 0; }
        } else if (cx == F80.ZERO) {
            constantPi(ys, 1, 2);
        } else {
            F80Math.atan2(f, yse, ym, xse, xm);
            flushTiny();
        }
        x.commit();
        x.setSt(1, f.se, f.m);
        x.pop();
    }

    /** Sets f to sign * pi * num / den (den a power of two, num 1 or 3), rounded per RC. */
    private void constantPi(int sign, int num, int den) {
        F80Math.DD v = F80Math.PI;
        if (num == 3) v = F80Math.mul(v, 3);
        v = F80Math.scalb(v, -Integer.numberOfTrailingZeros(den));
        if (sign != 0) v = F80Math.neg(v);
        F80Math.toF80(f, v);
    }
}
