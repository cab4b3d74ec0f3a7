package dev.binfarm.emulator.cpu;

/**
 * Exact software model of the x87 80-bit extended format: a sign, a 15-bit
 * biased exponent and a 64-bit significand with an explicit integer bit.
 *
 * <p>A value travels as two primitives: {@code se} (sign in bit 15, biased
 * exponent in bits 0..14) and {@code m} (the significand). An instance is an
 * arithmetic unit, not a value: operations leave their result in {@link #se} /
 * {@link #m} (or return a primitive) and OR exception bits into
 * {@link #flags}, so nothing allocates. {@link #pc} and {@link #rc} are the
 * control word's precision and rounding fields in effect.
 *
 * <p>Only the masked exception responses are modelled (what Linux programs run
 * with); the flags are still raised so fnstsw/fetestexcept see them.
 */
final class F80 {
    // Exception bits, laid out as in the x87 status word.
    static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 0x10, PE = 0x20;
    /** Status word C1: on an inexact result, set when the magnitude was rounded up. */
    static final int C1 = 0x200;

    // Rounding control values (control word bits 10..11).
    static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

    static final int BIAS = 16383;
    static final int MAX_EXP = 0x7FFF;
    static final long INT_BIT = 0x8000_0000_0000_0000L;
    static final long QUIET_BIT = 0x4000_0000_0000_0000L;

    /** The "real indefinite": the default NaN of invalid operations. */
    static final int INDEFINITE_SE = 0xFFFF;
    static final long INDEFINITE_M = 0xC000_0000_0000_0000L;

    // Operand classes.
    static final int ZERO = 0, NORMAL = 1, DENORMAL = 2, INF = 3, QNAN = 4, SNAN = 5, UNSUPPORTED = 6;

    /** Result of the last operation. */
    int se;
    long m;
    /** Accumulated exception bits (IE..PE) and C1. */
    int flags;
    /** Significand precision for add/sub/mul/div/sqrt: 24, 53 or 64. */
    int pc = 64;
    /** Rounding control, RC_*. */
    int rc = RC_NEAREST;
    /**
     * Set by the caller when a memory operand was a float/double denormal:
     * converted, it is a normal extended value, but the operation still
     * reports DE where it would for a denormal operand (and not where a NaN
     * or a zero divisor takes precedence).
     */
    boolean denormalOperand;

    // Unpacked operands: value = (-1)^s * m * 2^(e - 63), m normalised (bit 63 set).
    private int sa, ea, sb, eb;
    private long ma, mb;

    // ------------------------------------------------------------------ classification

    static int classify(int se, long m) {
        int exp = se & MAX_EXP;
        if (exp == 0) {
            if (m == 0) return ZERO;
            return DENORMAL; // includes pseudo-denormals (integer bit set), valid operands on 387+
        }
        if (m >= 0) return UNSUPPORTED; // unnormal, pseudo-infinity, pseudo-NaN
        if (exp == MAX_EXP) {
            if ((m << 1) == 0) return INF;
            return (m & QUIET_BIT) != 0 ? QNAN : SNAN;
        }
        return NORMAL;
    }

    /** Sets the result to the real indefinite and raises IE. */
    private void invalid() {
        flags |= IE;
        se = INDEFINITE_SE;
        m = INDEFINITE_M;
    }

    /**
     * Handles NaN and unsupported operands of a two-operand operation by x87
     * rules; true when the result is set. An SNaN is quieted and raises IE;
     * of two NaNs the one with the larger significand wins (a QNaN beats an
     * SNaN); on equal significands the positive one wins.
     */
    private boolean nanOperands(int ca, int ase, long am, int cb, int bse, long bm) {
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) {
            invalid();
            return true;
        }
        boolean an = ca == QNAN || ca == SNAN, bn = cb == QNAN || cb == SNAN;
        if (!an && !bn) return false;
        if (ca == SNAN || cb == SNAN) flags |= IE;
        boolean pickA;
        if (an && bn) {
            long qa = am | QUIET_BIT, qb = bm | QUIET_BIT;
            if (ca == SNAN && cb == QNAN) pickA = false;
            else if (ca == QNAN && cb == SNAN) pickA = true;
            else {
                int c = Long.compareUnsigned(qa, qb);
                pickA = c > 0 || (c == 0 && (ase & 0x8000) == 0); // equal: the positive one, as on the host
            }
        } else {
            pickA = an;
        }
        se = pickA ? ase : bse;
        m = (pickA ? am : bm) | QUIET_BIT;
        return true;
    }

    private boolean nanOperand(int c, int ase, long am) {
        if (c == UNSUPPORTED) {
            invalid();
            return true;
        }
        if (c == QNAN) {
            se = ase;
            m = am;
            return true;
        }
        if (c == SNAN) {
            flags |= IE;
            se = ase;
            m = am | QUIET_BIT;
            return true;
        }
        return false;
    }

    /** Unpacks a finite nonzero operand into (sa, ea, ma). */
    private void unpackA(int se, long m) {
        sa = se >>> 15 & 1;
        int exp = se & MAX_EXP;
        if (exp == 0) exp = 1;
        int lz = Long.numberOfLeadingZeros(m);
        ma = m << lz;
        ea = exp - BIAS - lz;
    }

    private void unpackB(int se, long m) {
        sb = se >>> 15 & 1;
        int exp = se & MAX_EXP;
        if (exp == 0) exp = 1;
        int lz = Long.numberOfLeadingZeros(m);
        mb = m << lz;
        eb = exp - BIAS - lz;
    }

    private void setZero(int sign) {
        se = sign << 15;
        m = 0;
    }

    private void setInf(int sign) {
        se = sign << 15 | MAX_EXP;
        m = INT_BIT;
    }

    // ------------------------------------------------------------------ rounding

    /** Biased exponent and significand produced by {@link #round}. */
    private int rExp;
    private long rMan;

    /**
     * Rounds (-1)^sign * (hi:lo / 2^127) * 2^(exp+... ) — that is, the 128-bit
     * significand hi:lo with the binary point after bit 127 and unbiased
     * exponent {@code exp} — to {@code p} significant bits in a format with the
     * given bias and largest finite biased exponent. Tininess is detected after
     * rounding, as x86 does. Leaves the biased exponent in rExp (maxBiased + 1
     * for infinity) and the significand, left-aligned, in rMan.
     */
    private void round(int sign, int exp, long hi, long lo, int p, int bias, int maxBiased) {
        int k = 64 - p;
        int biased = exp + bias;
        boolean tiny = false;
        if (biased <= 0) {
            tiny = biased < 0 || !carriesOut(sign, hi, lo, k);
            int s = 1 - biased;
            if (s >= 128) {
                lo = (hi | lo) != 0 ? 1 : 0;
                hi = 0;
            } else if (s >= 64) {
                long sticky = (lo != 0 || (s > 64 && (hi << (128 - s)) != 0)) ? 1 : 0;
                lo = (s == 64 ? hi : hi >>> (s - 64)) | sticky;
                hi = 0;
            } else {
                long sticky = (lo << (64 - s)) != 0 ? 1 : 0;
                lo = (lo >>> s) | (hi << (64 - s)) | sticky;
                hi = hi >>> s;
            }
            biased = 0;
        }
        boolean half, rest;
        long lsbMask = k == 0 ? 1 : 1L << k;
        if (k == 0) {
            half = lo < 0;
            rest = (lo << 1) != 0;
        } else {
            half = (hi >>> (k - 1) & 1) != 0;
            rest = (hi & ((1L << (k - 1)) - 1)) != 0 || lo != 0;
        }
        boolean inexact = half || rest;
        boolean up = switch (rc) {
            case RC_NEAREST -> half && (rest || (hi & lsbMask) != 0);
            case RC_DOWN -> inexact && sign != 0;
            case RC_UP -> inexact && sign == 0;
            default -> false;
        };
        hi &= -lsbMask;
        if (up) {
            hi += lsbMask;
            if (hi == 0) {
                hi = INT_BIT;
                biased++;
            }
        }
        if (biased == 0 && hi < 0) biased = 1; // a denormal rounded up into the normal range
        if (biased > maxBiased) {
            flags |= OE | PE;
            boolean toInf = switch (rc) {
                case RC_NEAREST -> true;
                case RC_DOWN -> sign != 0;
                case RC_UP -> sign == 0;
                default -> false;
            };
            if (toInf) {
                rExp = maxBiased + 1;
                rMan = INT_BIT;
                flags |= C1;
            } else {
                rExp = maxBiased;
                rMan = -1L << k;
            }
            return;
        }
        if (inexact) {
            flags |= PE;
            if (up) flags |= C1;
            if (tiny) flags |= UE;
        }
        rExp = biased;
        rMan = hi;
    }

    /** Whether rounding hi:lo at bit k carries out of the 64-bit significand. */
    private boolean carriesOut(int sign, long hi, long lo, int k) {
        long lsbMask = k == 0 ? 1 : 1L << k;
        if ((hi | (lsbMask - 1)) != -1L) return false;
        boolean half, rest;
        if (k == 0) {
            half = lo < 0;
            rest = (lo << 1) != 0;
        } else {
            half = (hi >>> (k - 1) & 1) != 0;
            rest = (hi & ((1L << (k - 1)) - 1)) != 0 || lo != 0;
        }
        return switch (rc) {
            case RC_NEAREST -> half && (rest || (hi & lsbMask) != 0);
            case RC_DOWN -> (half || rest) && sign != 0;
            case RC_UP -> (half || rest) && sign == 0;
            default -> false;
        };
    }

    /** Rounds to extended format at precision {@code p} and sets the result. */
    private void roundExt(int sign, int exp, long hi, long lo, int p) {
        round(sign, exp, hi, lo, p, BIAS, MAX_EXP - 1);
        se = sign << 15 | rExp;
        m = rMan;
    }

    // ------------------------------------------------------------------ arithmetic

    /** a + b (or a - b when {@code subtract}) at the current precision. */
    void add(int ase, long am, int bse, long bm, boolean subtract) {
        if (subtract) bse ^= 0x8000;
        int ca = classify(ase, am), cb = classify(bse, bm);
        if (ca > DENORMAL || cb > DENORMAL) {
            if (nanOperands(ca, ase, am, cb, bse ^ (subtract ? 0x8000 : 0), bm)) {
                return;
            }
            if (ca == DENORMAL || cb == DENORMAL || denormalOperand) flags |= DE;
            if (ca == INF && cb == INF) {
                if (((ase ^ bse) & 0x8000) != 0) invalid();
                else setInf(ase >>> 15 & 1);
            } else if (ca == INF) {
                setInf(ase >>> 15 & 1);
            } else {
                setInf(bse >>> 15 & 1);
            }
            return;
        }
        if (ca == DENORMAL || cb == DENORMAL || denormalOperand) flags |= DE;
        if (ca == ZERO && cb == ZERO) {
            int s = (ase & bse & 0x8000) != 0 ? 1 : ((ase | bse) & 0x8000) == 0 ? 0 : rc == RC_DOWN ? 1 : 0;
            setZero(s);
            return;
        }
        if (ca == ZERO) {
            unpackB(bse, bm);
            roundExt(sb, eb, mb, 0, pc);
            return;
        }
        if (cb == ZERO) {
            unpackA(ase, am);
            roundExt(sa, ea, ma, 0, pc);
            return;
        }
        unpackA(ase, am);
        unpackB(bse, bm);
        addUnpacked();
    }

    /** Adds the unpacked operands (sa, ea, ma) + (sb, eb, mb), both nonzero finite. */
    private void addUnpacked() {
        if (ea < eb || (ea == eb && Long.compareUnsigned(ma, mb) < 0)) {
            int t = sa; sa = sb; sb = t;
            t = ea; ea = eb; eb = t;
            long tm = ma; ma = mb; mb = tm;
        }
        int d = ea - eb;
        long bh, bl;
        if (d == 0) {
            bh = mb;
            bl = 0;
        } else if (d < 64) {
            bh = mb >>> d;
            bl = mb << (64 - d);
        } else if (d < 128) {
            bh = 0;
            bl = d == 64 ? mb : (mb >>> (d - 64)) | ((mb << (128 - d)) != 0 ? 1 : 0);
        } else {
            bh = 0;
            bl = 1;
        }
        int exp = ea;
        long hi, lo;
        if (sa == sb) {
            lo = bl;
            hi = ma + bh;
            if (Long.compareUnsigned(hi, ma) < 0) {
                lo = (lo >>> 1) | (hi << 63) | (lo & 1);
                hi = (hi >>> 1) | INT_BIT;
                exp++;
            }
        } else {
            lo = -bl;
            hi = ma - bh - (bl != 0 ? 1 : 0);
            if (hi == 0 && lo == 0) {
                setZero(rc == RC_DOWN ? 1 : 0);
                return;
            }
            int lz = hi != 0 ? Long.numberOfLeadingZeros(hi) : 64 + Long.numberOfLeadingZeros(lo);
            if (lz >= 64) {
                hi = lo << (lz - 64);
                lo = 0;
            } else if (lz > 0) {
                hi = (hi << lz) | (lo >>> (64 - lz));
                lo <<= lz;
            }
            exp -= lz;
        }
        roundExt(sa, exp, hi, lo, pc);
    }

    void mul(int ase, long am, int bse, long bm) {
        int ca = classify(ase, am), cb = classify(bse, bm);
        int sign = (ase ^ bse) >>> 15 & 1;
        if (ca > DENORMAL || cb > DENORMAL) {
            if (nanOperands(ca, ase, am, cb, bse, bm)) return;
            if (ca == DENORMAL || cb == DENORMAL || denormalOperand) flags |= DE;
            if (ca == ZERO || cb == ZERO) invalid();
            else setInf(sign);
            return;
        }
        if (ca == DENORMAL || cb == DENORMAL || denormalOperand) flags |= DE;
        if (ca == ZERO || cb == ZERO) {
            setZero(sign);
            return;
        }
        unpackA(ase, am);
        unpackB(bse, bm);
        long hi = Math.unsignedMultiplyHigh(ma, mb), lo = ma * mb;
        int exp = ea + eb;
        if (hi < 0) {
            exp++;
        } else {
            hi = (hi << 1) | (lo >>> 63);
            lo <<= 1;
        }
        roundExt(sign, exp, hi, lo, pc);
    }

    void div(int ase, long am, int bse, long bm) {
        int ca = classify(ase, am), cb = classify(bse, bm);
        int sign = (ase ^ bse) >>> 15 & 1;
        if (ca > DENORMAL || cb > DENORMAL) {
            if (nanOperands(ca, ase, am, cb, bse, bm)) return;
            if (ca == DENORMAL || cb == DENORMAL || denormalOperand) flags |= DE;
            if (ca == INF && cb == INF) invalid();
            else if (ca == INF) setInf(sign);
            else setZero(sign);
            return;
        }
        if (cb == ZERO) {
            if (ca == ZERO) {
                invalid();
            } else {
                flags |= ZE; // the host raises no DE for denormal / 0
                setInf(sign);
            }
            return;
        }
        if (ca == DENORMAL || cb == DENORMAL || denormalOperand) flags |= DE;
        if (ca == ZERO) {
            setZero(sign);
            return;
        }
        unpackA(ase, am);
        unpackB(bse, bm);
        int exp = ea - eb;
        // The quotient's 65 leading bits are 1:q with q = (u1 * 2^64) / mb, where u1 is
        // ma - mb (ma >= mb) or 2ma - mb (ma < mb, one less in the exponent); wrapping is exact.
        long u1;
        if (Long.compareUnsigned(ma, mb) >= 0) {
            u1 = ma - mb;
        } else {
            u1 = (ma << 1) - mb;
            exp--;
        }
        long q = divideUnsigned128(u1, 0, mb);
        long lo = (q << 63) | (divRemainder != 0 ? 1 : 0);
        q = INT_BIT | (q >>> 1);
        roundExt(sign, exp, q, lo, pc);
    }

    /** Remainder of the last {@link #divideUnsigned128}. */
    private long divRemainder;

    /**
     * (u1:u0) / v for a normalised v (bit 63 set) and u1 < v, unsigned: the
     * 64-bit quotient, remainder in {@link #divRemainder}. Knuth's algorithm D
     * with 32-bit digits (after Hacker's Delight, divlu).
     */
    private long divideUnsigned128(long u1, long u0, long v) {
        final long b = 1L << 32;
        long vn1 = v >>> 32, vn0 = v & 0xFFFF_FFFFL;
        long un1 = u0 >>> 32, un0 = u0 & 0xFFFF_FFFFL;
        long q1 = Long.divideUnsigned(u1, vn1);
        long rhat = u1 - q1 * vn1;
        while (q1 >= b || Long.compareUnsigned(q1 * vn0, (rhat << 32) | un1) > 0) {
            q1--;
            rhat += vn1;
            if (rhat >= b) break;
        }
        long un21 = ((u1 << 32) | un1) - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (q0 >= b || Long.compareUnsigned(q0 * vn0, (rhat << 32) | un0) > 0) {
            q0--;
            rhat += vn1;
            if (rhat >= b) break;
        }
        divRemainder = ((un21 << 32) | un0) - q0 * v;
        return (q1 << 32) | q0;
    }

    /**
     * floor(sqrt(N)) for N = nh:nl in [2^126, 2^128): a double estimate, one
     * Newton step with a 128/64 division, then an exact correction.
     */
    private long isqrt128(long nh, long nl) {
        double dn = (double) (nh >>> 1) * 0x1p65 + (double) (nl >>> 1) * 2;
        double sq = Math.sqrt(dn);
        long q = sq >= 0x1p64 ? -1L : sq >= 0x1p63 ? (long) (sq - 0x1p63) ^ Long.MIN_VALUE : (long) sq;
        if (Long.compareUnsigned(nh, q) < 0) {
            long d = divideUnsigned128(nh, nl, q);
            q = (q >>> 1) + (d >>> 1) + (q & d & 1); // (q + N/q) / 2 without overflow
        } else {
            q = -1L; // the root is within an estimate's error of 2^64
        }
        // Exact correction: make q^2 <= N < (q+1)^2.
        while (true) {
            long ql = q * q, qh = Math.unsignedMultiplyHigh(q, q);
            if (Long.compareUnsigned(qh, nh) > 0 || (qh == nh && Long.compareUnsigned(ql, nl) > 0)) {
                q--;
                continue;
            }
            if (q == -1L) return q;
            long q1 = q + 1, q1l = q1 * q1, q1h = Math.unsignedMultiplyHigh(q1, q1);
            if (q1 != 0 && (Long.compareUnsigned(q1h, nh) < 0 || (q1h == nh && Long.compareUnsigned(q1l, nl) <= 0))) {
                q = q1;
                continue;
            }
            return q;
        }
    }

    void sqrt(int ase, long am) {
        int ca = classify(ase, am);
        if (nanOperand(ca, ase, am)) return;
        if (ca == ZERO) {
            se = ase;
            m = 0;
            return;
        }
        if ((ase & 0x8000) != 0) {
            invalid(); // the host raises IE alone, no DE, for a negative denormal
            return;
        }
        if (ca == DENORMAL) flags |= DE;
        if (ca == INF) {
            setInf(0);
            return;
        }
        unpackA(ase, am);
        // Radicand N = ma * 2^j (j = 63 or 64) with e - 63 - j even, so sqrt(N) has 64 bits.
        long nh, nl;
        if ((ea & 1) == 0) {
            nh = ma >>> 1;
            nl = ma << 63;
        } else {
            nh = ma;
            nl = 0;
        }
        long q = isqrt128(nh, nl);
        // R = N - q^2 is in [0, 2q]; the root's next bit is set iff R > q, and then sticky too
        // (sqrt(N) = q + 1/2 exactly is impossible for an integer N).
        long rl = nl - q * q;
        long rh = nh - Math.unsignedMultiplyHigh(q, q) - (Long.compareUnsigned(nl, q * q) < 0 ? 1 : 0);
        boolean guard = rh != 0 || Long.compareUnsigned(rl, q) > 0;
        long lo = guard ? INT_BIT | 1 : ((rh | rl) != 0 ? 1 : 0);
        roundExt(0, ea >> 1, q, lo, pc);
    }

    // ------------------------------------------------------------------ conversions

    /**
     * Converts a double operand of an arithmetic instruction: like
     * {@link #fromDouble} but an SNaN stays signalling (no IE yet), so the
     * operation's NaN rules see it as the hardware does.
     */
    void fromDoubleOperand(long bits) {
        if ((bits & 0x7FF0_0000_0000_0000L) == 0x7FF0_0000_0000_0000L && (bits & 0xF_FFFF_FFFF_FFFFL) != 0) {
            se = (int) (bits >>> 63) << 15 | MAX_EXP;
            m = INT_BIT | (bits & 0xF_FFFF_FFFF_FFFFL) << 11;
            return;
        }
        fromDouble(bits);
    }

    /** The float counterpart of {@link #fromDoubleOperand}. */
    void fromFloatOperand(int bits) {
        if ((bits & 0x7F80_0000) == 0x7F80_0000 && (bits & 0x7FFFFF) != 0) {
            se = (bits >>> 31) << 15 | MAX_EXP;
            m = INT_BIT | (long) (bits & 0x7FFFFF) << 40;
            return;
        }
        fromFloat(bits);
    }

    /** Loads a double (fld m64): exact; an SNaN is quieted with IE, a denormal raises DE. */
    void fromDouble(long bits) {
        int sign = (int) (bits >>> 63);
        int exp = (int) (bits >>> 52) & 0x7FF;
        long frac = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exp == 0x7FF) {
            se = sign << 15 | MAX_EXP;
            m = INT_BIT | frac << 11;
            if (frac != 0 && (frac & (1L << 51)) == 0) {
                flags |= IE;
                m |= QUIET_BIT;
            }
            return;
        }
        if (exp == 0) {
            if (frac == 0) {
                setZero(sign);
                return;
            }
            flags |= DE;
            int lz = Long.numberOfLeadingZeros(frac);
            m = frac << lz;
            se = sign << 15 | (1 - 1023 + BIAS - (lz - 11));
            return;
        }
        se = sign << 15 | (exp - 1023 + BIAS);
        m = INT_BIT | frac << 11;
    }

    void fromFloat(int bits) {
        int sign = bits >>> 31;
        int exp = bits >>> 23 & 0xFF;
        long frac = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            se = sign << 15 | MAX_EXP;
            m = INT_BIT | frac << 40;
            if (frac != 0 && (frac & (1L << 22)) == 0) {
                flags |= IE;
                m |= QUIET_BIT;
            }
            return;
        }
        if (exp == 0) {
            if (frac == 0) {
                setZero(sign);
                return;
            }
            flags |= DE;
            int lz = Long.numberOfLeadingZeros(frac);
            m = frac << lz;
            se = sign << 15 | (1 - 127 + BIAS - (lz - 40));
            return;
        }
        se = sign << 15 | (exp - 127 + BIAS);
        m = INT_BIT | frac << 40;
    }

    /** fst m64: rounds per RC to double (precision control does not apply). */
    long toDouble(int ase, long am) {
        int ca = classify(ase, am);
        long sign = (long) (ase >>> 15 & 1) << 63;
        switch (ca) {
            case ZERO: return sign;
            case INF: return sign | 0x7FF0_0000_0000_0000L;
            case SNAN: flags |= IE; // fall through: quieted
            case QNAN: return sign | 0x7FF8_0000_0000_0000L | (am << 1 >>> 12);
            case UNSUPPORTED: flags |= IE; return 0xFFF8_0000_0000_0000L;
            default:
        }
        // Stores do not raise DE for a denormal source (observed on the host).
        unpackA(ase, am);
        round(sa, ea, ma, 0, 53, 1023, 2046);
        return sign | (long) rExp << 52 | (rMan >>> 11 & 0xF_FFFF_FFFF_FFFFL);
    }

    int toFloat(int ase, long am) {
        int ca = classify(ase, am);
        int sign = (ase >>> 15 & 1) << 31;
        switch (ca) {
            case ZERO: return sign;
            case INF: return sign | 0x7F80_0000;
            case SNAN: flags |= IE; // fall through: quieted
            case QNAN: return sign | 0x7FC0_0000 | (int) (am << 1 >>> 41);
            case UNSUPPORTED: flags |= IE; return 0xFFC0_0000;
            default:
        }
        unpackA(ase, am);
        round(sa, ea, ma, 0, 24, 127, 254);
        return sign | rExp << 23 | (int) (rMan >>> 40 & 0x7FFFFF);
    }

    /** fild: a signed 64-bit integer, always exact. */
    void fromLong(long v) {
        if (v == 0) {
            setZero(0);
            return;
        }
        int sign = v < 0 ? 1 : 0;
        long mag = v < 0 ? -v : v; // -2^63 stays 2^63 read unsigned
        fromUnsigned(sign, mag);
    }

    private void fromUnsigned(int sign, long mag) {
        int lz = Long.numberOfLeadingZeros(mag);
        se = sign << 15 | (BIAS + 63 - lz);
        m = mag << lz;
    }

    /** Whether the last {@link #roundToInteger} was inexact, and its magnitude. */
    private long iMag;

    /**
     * Rounds a finite value's magnitude to an integer per {@code mode} into
     * iMag (as unsigned); false if it does not fit 64 bits unsigned. Raises PE
     * when inexact.
     */
    private boolean roundToInteger(int ase, long am, int mode) {
        unpackA(ase, am);
        if (ea >= 64) return false;
        if (ea == 63) {
            iMag = ma;
            return true;
        }
        long intPart, fracHi;
        if (ea >= 0) {
            intPart = ma >>> (63 - ea);
            fracHi = ma << (ea + 1);
        } else {
            intPart = 0;
            if (ea == -1) fracHi = ma;
            else if (ea >= -64) fracHi = (ma >>> (-ea - 1)) | ((ma << (65 + ea)) != 0 ? 1 : 0);
            else fracHi = 1;
        }
        boolean half = fracHi < 0, rest = (fracHi << 1) != 0, inexact = half || rest;
        boolean up = switch (mode) {
            case RC_NEAREST -> half && (rest || (intPart & 1) != 0);
            case RC_DOWN -> inexact && sa != 0;
            case RC_UP -> inexact && sa == 0;
            default -> false;
        };
        if (inexact) {
            flags |= PE;
            if (up) flags |= C1;
        }
        if (up) {
            intPart++;
            if (intPart == 0) return false;
        }
        iMag = intPart;
        return true;
    }

    /**
     * fist/fistp/fisttp: converts to a signed integer of {@code bits} bits
     * (16, 32, 64) rounding per RC, or truncating when {@code truncate};
     * NaN, infinity and out-of-range values give the integer indefinite
     * (only the sign bit set) with IE.
     */
    long toInt(int ase, long am, int bits, boolean truncate) {
        long indefinite = 1L << (bits - 1);
        int ca = classify(ase, am);
        if (ca == ZERO) return 0;
        if (ca > DENORMAL) {
            flags |= IE;
            return indefinite;
        }
        int saved = flags;
        if (!roundToInteger(ase, am, truncate ? RC_ZERO : rc)) {
            flags = saved | IE;
            return indefinite;
        }
        long limit = sa != 0 ? indefinite : indefinite - 1;
        if (Long.compareUnsigned(iMag, limit) > 0) {
            flags = saved | IE;
            return indefinite;
        }
        return sa != 0 ? -iMag : iMag;
    }

    /** frndint: rounds to an integral value per RC, keeping the sign of zero. */
    void roundInt(int ase, long am) {
        int ca = classify(ase, am);
        if (ca == ZERO || ca == INF) {
            se = ase;
            m = am;
            return;
        }
        if (nanOperand(ca, ase, am)) return;
        if (ca == DENORMAL) flags |= DE;
        if ((ase & MAX_EXP) >= BIAS + 63) {
            se = ase;
            m = am;
            return;
        }
        roundToInteger(ase, am, rc);
        if (iMag == 0) setZero(sa);
        else fromUnsigned(sa, iMag);
    }


    // ------------------------------------------------------------------ fprem, fscale, fxtract

    /** C0..C3 produced by {@link #remainder} (status word bit positions); -1 when it produced no quotient (NaN, invalid). */
    int cc;

    /**
     * fprem (truncating quotient) or fprem1 (IEEE, nearest quotient): a rem b,
     * exact. When the exponents differ by 64 or more the reduction is partial
     * (C2 set) and, as on the host, brings the exponent difference down to a
     * multiple of 32; else C0, C3, C1 receive quotient bits 2, 1, 0.
     */
    void remainder(int ase, long am, int bse, long bm, boolean ieee) {
        cc = -1;
        int ca = classify(ase, am), cb = classify(bse, bm);
        if (nanOperands(ca, ase, am, cb, bse, bm)) return;
        if (ca == INF || cb == ZERO) {
            invalid();
            return;
        }
        cc = 0;
        if (ca == DENORMAL || cb == DENORMAL || denormalOperand) flags |= DE;
        if (ca == ZERO || cb == INF) {
            // A pseudo-denormal comes back in its normal encoding (as on the host).
            se = ca == DENORMAL && am < 0 ? ase | 1 : ase;
            m = am;
            return;
        }
        unpackA(ase, am);
        unpackB(bse, bm);
        int d = ea - eb;
        int sign = sa;
        if (d < -1 || (d == -1 && (!ieee || Long.compareUnsigned(ma, mb) <= 0))) {
            roundExactExt(sign, ea, ma);
            return;
        }
        if (d == -1) { // fprem1 with |b|/2 < |a| < |b|: quotient 1
            long v = mb - (ma - mb); // |b| - |a| in units of 2^(eb - 64)
            int lz = Long.numberOfLeadingZeros(v);
            roundExactExt(sign ^ 1, eb - 1 - lz, v << lz);
            cc = 0x200; // Q0 goes to C1
            return;
        }
        boolean partial = d >= 64;
        int n = partial ? 32 + ((d - 32) & 31) : d; // bits of quotient developed this time
        int scaleExp = eb + (d - n);               // the divisor is b * 2^(d - n)
        long r = ma, q = 0;
        if (Long.compareUnsigned(r, mb) >= 0) {
            r -= mb;
            q = 1;
        }
        for (int i = 0; i < n; i++) {
            boolean top = r < 0;
            r <<= 1;
            q <<= 1;
            if (top || Long.compareUnsigned(r, mb) >= 0) {
                r -= mb;
                q |= 1;
            }
        }
        if (ieee && !partial) {
            // Round the quotient to nearest: compare r with mb - r (i.e. 2r with mb).
            int c = Long.compareUnsigned(r, mb - r);
            if (c > 0 || (c == 0 && (q & 1) != 0)) {
                r = mb - r;
                sign ^= 1;
                q++;
            }
        }
        if (r == 0) {
            se = sa << 15;
            m = 0;
        } else {
            int lz = Long.numberOfLeadingZeros(r);
            roundExactExt(sign, scaleExp - lz, r << lz);
        }
        if (partial) {
            cc = 0x400;
        } else {
            cc = ((q & 4) != 0 ? 0x100 : 0) | ((q & 2) != 0 ? 0x4000 : 0) | ((q & 1) != 0 ? 0x200 : 0);
        }
    }

    /** Stores an exactly representable unpacked value (denormalising if needed, no rounding). */
    private void roundExactExt(int sign, int exp, long man) {
        int savedRc = rc;
        rc = RC_ZERO;
        round(sign, exp, man, 0, 64, BIAS, MAX_EXP - 1);
        rc = savedRc;
        se = sign << 15 | rExp;
        m = rMan;
    }

    /** fscale: a * 2^trunc(b), rounded at the current precision (b's integer part is clamped, it saturates anyway). */
    void scale(int ase, long am, int bse, long bm) {
        int ca = classify(ase, am), cb = classify(bse, bm);
        if (nanOperands(ca, ase, am, cb, bse, bm)) return;
        if (ca == DENORMAL || cb == DENORMAL || denormalOperand) flags |= DE;
        int sign = ase >>> 15 & 1;
        if (cb == INF) {
            boolean up = (bse & 0x8000) == 0;
            if (ca == ZERO) {
                if (up) invalid();
                else { se = ase; m = am; }
            } else if (ca == INF) {
                if (up) setInf(sign);
                else invalid();
            } else {
                if (up) setInf(sign);
                else setZero(sign);
            }
            return;
        }
        if (ca == ZERO || ca == INF) {
            se = ase;
            m = am;
            return;
        }
        long k = 0;
        if (cb != ZERO) {
            unpackB(bse, bm);
            if (eb >= 0) {
                k = eb >= 20 ? 1 << 20 : mb >>> (63 - eb);
                if (sb != 0) k = -k;
            }
        }
        unpackA(ase, am);
        roundExt(sa, (int) (ea + k), ma, 0, 64);
    }

    /** Exponent part of fxtract, left in xse/xm; the significand part goes to se/m. */
    int xse;
    long xm;

    /** fxtract: splits a into its unbiased exponent (xse/xm) and its significand in [1, 2) (se/m). */
    void extract(int ase, long am) {
        int ca = classify(ase, am);
        if (nanOperand(ca, ase, am)) {
            xse = se;
            xm = m;
            return;
        }
        if (ca == ZERO) {
            flags |= ZE;
            xse = 0xFFFF; // -infinity
            xm = INT_BIT;
            se = ase;
            m = am;
            return;
        }
        if (ca == INF) {
            xse = MAX_EXP;
            xm = INT_BIT;
            se = ase;
            m = am;
            return;
        }
        if (ca == DENORMAL) flags |= DE;
        unpackA(ase, am);
        fromLong(ea);
        xse = se;
        xm = m;
        se = sa << 15 | BIAS;
        m = ma;
    }

    /**
     * Loads one of the built-in constants (fldpi...): the 128-bit-precise
     * significand {@code hi:lo} rounded to 64 bits per RC (precision control
     * does not apply).
     */
    void constant(int biasedExp, long hi, long lo) {
        round(0, biasedExp - BIAS, hi, lo, 64, BIAS, MAX_EXP - 1);
        flags &= ~(PE | C1); // constants never raise PE
        se = rExp;
        m = rMan;
    }

    // ------------------------------------------------------------------ comparison

    static final int LESS = -1, EQUAL = 0, GREATER = 1, UNORDERED = 2;

    /**
     * Compares a with b. IE is raised for an SNaN operand, and for any NaN
     * when {@code ordered} (fcom; fucom only for SNaN), and for unsupported operands.
     */
    int compare(int ase, long am, int bse, long bm, boolean ordered) {
        int ca = classify(ase, am), cb = classify(bse, bm);
        if (ca >= QNAN || cb >= QNAN) {
            if (ordered || ca == SNAN || cb == SNAN || ca == UNSUPPORTED || cb == UNSUPPORTED) flags |= IE;
            return UNORDERED;
        }
        if (ca == DENORMAL || cb == DENORMAL || denormalOperand) flags |= DE;
        if (ca == ZERO && cb == ZERO) return EQUAL;
        int na = ase >>> 15 & 1, nb = bse >>> 15 & 1;
        if (ca == ZERO) return nb != 0 ? GREATER : LESS;
        if (cb == ZERO) return na != 0 ? LESS : GREATER;
        if (na != nb) return na != 0 ? LESS : GREATER;
        int c = compareMagnitude(ase, am, bse, bm);
        return na != 0 ? -c : c;
    }

    private int compareMagnitude(int ase, long am, int bse, long bm) {
        // Infinities compare by exponent; finite values by unpacked exponent then significand.
        int xa = ase & MAX_EXP, xb = bse & MAX_EXP;
        if (xa == MAX_EXP || xb == MAX_EXP) return xa == xb ? 0 : xa > xb ? 1 : -1;
        unpackA(ase, am);
        unpackB(bse, bm);
        if (ea != eb) return ea > eb ? 1 : -1;
        return Integer.signum(Long.compareUnsigned(ma, mb));
    }
}
