package dev.binfarm.emulator.cpu;

import static dev.binfarm.emulator.cpu.Cpu.*;

/**
 * Runtime helpers that translated code calls for one-operand MUL/IMUL, DIV/IDIV, bit tests and bit scans
 * (part "ops" of {@link Jit}). Each is small enough for HotSpot to inline at the call site; the emitted
 * code reads the registers and passes values, so nothing here touches {@code cpu.r}.
 * Flags and faults are exactly those of {@link Arith} and {@link Bits}.
 */
final class JitOps {
    private JitOps() { }

    /** Flags after MUL/IMUL of 4 or 8 bytes: SF/ZF/PF from the low half, CF = OF = (x != y), AF clear (as {@link Arith#mul}). */
    static void mulFlags(Cpu c, long lo, int size, long x, long y) {
        long f = Arith.szp(lo, size);
        if (x != y) f |= CF | OF;
        c.setStatus(f);
    }

    /** DIV r/m32: the quotient of EDX:EAX ({@code n}) by the zero-extended divisor; #DE as {@link Arith#div}. */
    static long div32(long n, long d) {
        if (d == 0) throw DivideError.INSTANCE;
        long q = Long.divideUnsigned(n, d);
        if ((q >>> 32) != 0) throw DivideError.INSTANCE;
        return q;
    }

    /** IDIV r/m32: the quotient of EDX:EAX ({@code n}, signed) by the sign-extended divisor; #DE as {@link Arith#idiv}. */
    static long idiv32(long n, long d) {
        if (d == 0) throw DivideError.INSTANCE;
        if (n == Long.MIN_VALUE && d == -1) throw DivideError.INSTANCE;
        long q = n / d;
        if (q != (int) q) throw DivideError.INSTANCE;
        return q;
    }

    /** DIV r/m64: the quotient of RDX:RAX by {@code d}; #DE as {@link Arith#div}. */
    static long div64(long hi, long lo, long d) {
        if (d == 0) throw DivideError.INSTANCE;
        if (hi == 0) return Long.divideUnsigned(lo, d);
        if (Long.compareUnsigned(hi, d) >= 0) throw DivideError.INSTANCE;
        return Arith.divide128(hi, lo, d);
    }

    /** IDIV r/m64: the quotient of RDX:RAX (signed) by {@code d}; #DE as {@link Arith#idiv}. */
    static long idiv64(long hi, long lo, long d) {
        if (d == 0) throw DivideError.INSTANCE;
        if (hi == (lo >> 63)) {
            // The dividend fits in 64 bits.
            if (lo == Long.MIN_VALUE && d == -1) throw DivideError.INSTANCE;
            return lo / d;
        }
        boolean negN = hi < 0, negD = d < 0;
        if (negN) { lo = -lo; hi = ~hi + (lo == 0 ? 1 : 0); }
        long ad = negD ? -d : d;
        if (Long.compareUnsigned(hi, ad) >= 0) throw DivideError.INSTANCE;
        long q = Arith.divide128(hi, lo, ad);
        if (negN != negD) {
            if (Long.compareUnsigned(q, 1L << 63) > 0) throw DivideError.INSTANCE;
            return -q;
        }
        if (q < 0) throw DivideError.INSTANCE;
        return q;
    }

    /** BT/BTS/BTR/BTC: CF = the tested bit, the other flags as they were (as {@link Bits}). */
    static void setCf(Cpu c, long cf) {
        c.setStatus((c.rflags() & ~CF) | cf);
    }

    /** BSF: the new destination ({@code old} when {@code v} is zero, as {@link Bits#bsf}). */
    static long bsf(Cpu c, long v, long old) {
        long n = bsfValue(v, old);
        c.setStatus(v == 0 ? ZF : Arith.szp(n, 1) & PF);
        return n;
    }

    /** BSR: the new destination ({@code old} when {@code v} is zero, as {@link Bits#bsr}). */
    static long bsr(Cpu c, long v, long old) {
        long n = bsrValue(v, old);
        c.setStatus(v == 0 ? ZF : Arith.szp(n, 1) & PF);
        return n;
    }

    static long tzcnt(Cpu c, long v, int bits) {
        long n = tzcntValue(v, bits);
        c.setStatus((v == 0 ? CF : 0) | (n == 0 ? ZF : 0));
        return n;
    }

    /** LZCNT of a zero-extended {@code bits}-bit value. */
    static long lzcnt(Cpu c, long v, int bits) {
        long n = lzcntValue(v, bits);
        c.setStatus((v == 0 ? CF : 0) | (n == 0 ? ZF : 0));
        return n;
    }

    static long popcnt(Cpu c, long v) {
        c.setStatus(v == 0 ? ZF : 0);
        return Long.bitCount(v);
    }

    // The bit scans' values alone (translated code calls these when nobody sees the flags).

    static long bsfValue(long v, long old) {
        return v == 0 ? old : Long.numberOfTrailingZeros(v);
    }

    static long bsrValue(long v, long old) {
        return v == 0 ? old : 63 - Long.numberOfLeadingZeros(v);
    }

    static long tzcntValue(long v, int bits) {
        return v == 0 ? bits : Long.numberOfTrailingZeros(v);
    }

    static long lzcntValue(long v, int bits) {
        return Long.numberOfLeadingZeros(v) - (64 - bits);
    }
}
