package dev.binfarm.emulator.cpu;

import static dev.binfarm.emulator.cpu.Cpu.*;

/** Multiply and divide. Flags are computed eagerly: these are rare next to ADD/CMP. */
final class Arith {
    private Arith() { }

    /** SF/ZF/PF of a result (AF cleared), the part of the flags most eager operations share. */
    static long szp(long res, int size) {
        long f = 0;
        long m = mask(size);
        if ((res & m) == 0) f |= ZF;
        if ((res & signBit(size)) != 0) f |= SF;
        if ((Integer.bitCount((int) res & 0xFF) & 1) == 0) f |= PF;
        return f;
    }

    static void mul(Cpu c, Insn i) {
        int size = i.opSize;
        long src = c.readRm(i, size);
        long lo, hi;
        switch (size) {
            case 1 -> {
                long p = (c.r[RAX] & 0xFF) * src;
                c.setReg(RAX, 2, false, p);
                lo = p & 0xFF;
                hi = (p >>> 8) & 0xFF;
            }
            case 2 -> {
                long p = (c.r[RAX] & 0xFFFF) * src;
                lo = p & 0xFFFF;
                hi = (p >>> 16) & 0xFFFF;
                c.setReg(RAX, 2, false, lo);
                c.setReg(RDX, 2, false, hi);
            }
            case 4 -> {
                long p = (c.r[RAX] & 0xFFFFFFFFL) * src;
                lo = p & 0xFFFFFFFFL;
                hi = p >>> 32;
                c.r[RAX] = lo;
                c.r[RDX] = hi;
            }
            default -> {
                long a = c.r[RAX];
                lo = a * src;
                hi = Math.unsignedMultiplyHigh(a, src);
                c.r[RAX] = lo;
                c.r[RDX] = hi;
            }
        }
        long f = szp(lo, size);
        if (hi != 0) f |= CF | OF;
        c.setStatus(f);
    }

    static void imul1(Cpu c, Insn i) {
        int size = i.opSize;
        long src = c.readRm(i, size);
        long lo;
        boolean overflow;
        switch (size) {
            case 1 -> {
                long p = (long) (byte) c.r[RAX] * (byte) src;
                c.setReg(RAX, 2, false, p);
                lo = p;
                overflow = p != (byte) p;
            }
            case 2 -> {
                long p = (long) (short) c.r[RAX] * (short) src;
                c.setReg(RAX, 2, false, p);
                c.setReg(RDX, 2, false, p >> 16);
                lo = p;
                overflow = p != (short) p;
            }
            case 4 -> {
                long p = (long) (int) c.r[RAX] * (int) src;
                c.r[RAX] = p & 0xFFFFFFFFL;
                c.r[RDX] = (p >>> 32) & 0xFFFFFFFFL;
                lo = p;
                overflow = p != (int) p;
            }
            default -> {
                long a = c.r[RAX];
                lo = a * src;
                long hi = Math.multiplyHigh(a, src);
                c.r[RAX] = lo;
                c.r[RDX] = hi;
                overflow = hi != (lo >> 63);
            }
        }
        long f = szp(lo, size);
        if (overflow) f |= CF | OF;
        c.setStatus(f);
    }

    /** IMUL r, r/m and IMUL r, r/m, imm: the result truncated to the operand size. */
    static void imul2(Cpu c, Insn i, long a, long b) {
        int size = i.opSize;
        long lo;
        boolean overflow;
        switch (size) {
            case 2 -> { long p = (long) (short) a * (short) b; lo = p; overflow = p != (short) p; }
            case 4 -> { long p = (long) (int) a * (int) b; lo = p; overflow = p != (int) p; }
            default -> { lo = a * b; overflow = Math.multiplyHigh(a, b) != (lo >> 63); }
        }
        c.setReg(i.reg, size, false, lo);
        long f = szp(lo, size);
        if (overflow) f |= CF | OF;
        c.setStatus(f);
    }

    static void div(Cpu c, Insn i) {
        int size = i.opSize;
        long src = c.readRm(i, size);
        if (src == 0) throw DivideError.INSTANCE;
        switch (size) {
            case 1 -> {
                long n = c.r[RAX] & 0xFFFF;
                long q = n / src, r = n % src;
                if (q > 0xFF) throw DivideError.INSTANCE;
                c.setReg(RAX, 2, false, q | r << 8);
            }
            case 2 -> {
                long n = (c.r[RDX] & 0xFFFF) << 16 | (c.r[RAX] & 0xFFFF);
                long q = n / src, r = n % src;
                if (q > 0xFFFF) throw DivideError.INSTANCE;
                c.setReg(RAX, 2, false, q);
                c.setReg(RDX, 2, false, r);
            }
            case 4 -> {
                long n = (c.r[RDX] & 0xFFFFFFFFL) << 32 | (c.r[RAX] & 0xFFFFFFFFL);
                long q = Long.divideUnsigned(n, src), r = Long.remainderUnsigned(n, src);
                if ((q >>> 32) != 0) throw DivideError.INSTANCE;
                c.r[RAX] = q;
                c.r[RDX] = r;
            }
            default -> {
                long hi = c.r[RDX], lo = c.r[RAX];
                if (hi == 0) {
                    c.r[RAX] = Long.divideUnsigned(lo, src);
                    c.r[RDX] = Long.remainderUnsigned(lo, src);
                } else {
                    if (Long.compareUnsigned(hi, src) >= 0) throw DivideError.INSTANCE;
                    long q = divide128(hi, lo, src);
                    c.r[RAX] = q;
                    c.r[RDX] = lo - q * src;
                }
            }
        }
        // Flags are undefined after DIV; leave them as they were.
    }

    /** Unsigned 128/64 division with hi < d, by long division one bit at a time (rare path). */
    static long divide128(long hi, long lo, long d) {
        long q = 0, r = hi;
        for (int k = 63; k >= 0; k--) {
            boolean top = r < 0;
            r = (r << 1) | ((lo >>> k) & 1);
            q <<= 1;
            if (top || Long.compareUnsigned(r, d) >= 0) {
                r -= d;
                q |= 1;
            }
        }
        return q;
    }

    static void idiv(Cpu c, Insn i) {
        int size = i.opSize;
        long src = c.readRm(i, size);
        if (src == 0) throw DivideError.INSTANCE;
        switch (size) {
            case 1 -> {
                long n = (short) c.r[RAX];
                long d = (byte) src;
                long q = n / d, r = n % d;
                if (q != (byte) q) throw DivideError.INSTANCE;
                c.setReg(RAX, 2, false, (q & 0xFF) | (r & 0xFF) << 8);
            }
            case 2 -> {
                long n = (int) ((c.r[RDX] & 0xFFFF) << 16 | (c.r[RAX] & 0xFFFF));
                long d = (short) src;
                long q = n / d, r = n % d;
                if (q != (short) q) throw DivideError.INSTANCE;
                c.setReg(RAX, 2, false, q);
                c.setReg(RDX, 2, false, r);
            }
            case 4 -> {
                long n = (c.r[RDX] & 0xFFFFFFFFL) << 32 | (c.r[RAX] & 0xFFFFFFFFL);
                long d = (int) src;
                if (n == Long.MIN_VALUE && d == -1) throw DivideError.INSTANCE;
                long q = n / d, r = n % d;
                if (q != (int) q) throw DivideError.INSTANCE;
                c.r[RAX] = q & 0xFFFFFFFFL;
                c.r[RDX] = r & 0xFFFFFFFFL;
            }
            default -> idiv128(c, c.r[RDX], c.r[RAX], src);
        }
    }

    private static void idiv128(Cpu c, long hi, long lo, long d) {
        if (hi == (lo >> 63)) {
            // The dividend fits in 64 bits.
            if (lo == Long.MIN_VALUE && d == -1) throw DivideError.INSTANCE;
            c.r[RAX] = lo / d;
            c.r[RDX] = lo % d;
            return;
        }
        boolean negN = hi < 0, negD = d < 0;
        if (negN) { lo = -lo; hi = ~hi + (lo == 0 ? 1 : 0); }
        long ad = negD ? -d : d;
        if (Long.compareUnsigned(hi, ad) >= 0) throw DivideError.INSTANCE;
        long q = divide128(hi, lo, ad);
        long r = lo - q * ad;
        if (negN != negD) {
            if (Long.compareUnsigned(q, 1L << 63) > 0) throw DivideError.INSTANCE;
            q = -q;
        } else if (q < 0) {
            throw DivideError.INSTANCE;
        }
        if (negN) r = -r;
        c.r[RAX] = q;
        c.r[RDX] = r;
    }
}
