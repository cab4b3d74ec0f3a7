package dev.binfarm.emulator.cpu;

/**
 * Lane arithmetic for the packed-integer SSE instructions: pure functions on
 * one lane, or on one 64-bit half of an XMM register (SWAR add/sub/compare,
 * packs, shuffles, shifts, masks), so {@link Sse} stays a dispatcher that
 * stages operands and puts results back. Lanes arrive zero-extended.
 */
final class SseInt {
    private SseInt() { }

    // Lane operations shared by the byte, word and dword loops.
    static final int ADDS = 0, ADDUS = 1, SUBS = 2, SUBUS = 3, MINU = 4, MAXU = 5, MINS = 6, MAXS = 7,
            AVG = 8, CMPEQ = 9, CMPGT = 10, SIGN = 11, ABS = 12, MULL = 13, MULH = 14, MULHU = 15, MULHRS = 16;

    static final long H8 = 0x8080808080808080L, H16 = 0x8000800080008000L, H32 = 0x8000000080000000L;

    /** Lane-wise add of 64-bit halves; {@code h} has the top bit of every lane set. */
    static long add(long x, long y, long h) {
        return ((x & ~h) + (y & ~h)) ^ ((x ^ y) & h);
    }

    static long sub(long x, long y, long h) {
        return ((x | h) - (y & ~h)) ^ ((x ^ ~y) & h);
    }

    /**
     * Lane-wise equality of 64-bit halves (PCMPEQB/W/D, the heart of libc's
     * string functions): all ones where equal. {@code h} marks the lanes' top bits.
     */
    static long cmpeq(long x, long y, long h) {
        long t = x ^ y;
        long nonzero = (t | ((t & ~h) + ~h)) & h; // top bit set in lanes with any bit set
        long eqTop = ~nonzero & h;
        int width = Long.numberOfTrailingZeros(h) + 1;
        return (eqTop >>> (width - 1)) * ((1L << width) - 1);
    }

    static long minu8(long x, long y) {
        long r = 0;
        for (int k = 0; k < 64; k += 8) r |= Math.min((x >>> k) & 0xFF, (y >>> k) & 0xFF) << k;
        return r;
    }

    static long maxu8(long x, long y) {
        long r = 0;
        for (int k = 0; k < 64; k += 8) r |= Math.max((x >>> k) & 0xFF, (y >>> k) & 0xFF) << k;
        return r;
    }

    static int sat8(int v) { return v < -128 ? -128 : Math.min(v, 127); }
    static int satU8(int v) { return v < 0 ? 0 : Math.min(v, 255); }
    static int sat16(int v) { return v < -32768 ? -32768 : Math.min(v, 32767); }
    static int satU16(int v) { return v < 0 ? 0 : Math.min(v, 65535); }

    /** One byte lane; x and y are 0..255. */
    static int op8(int op, int x, int y) {
        int sx = (byte) x, sy = (byte) y;
        return switch (op) {
            case ADDS -> sat8(sx + sy);
            case ADDUS -> satU8(x + y);
            case SUBS -> sat8(sx - sy);
            case SUBUS -> satU8(x - y);
            case MINU -> Math.min(x, y);
            case MAXU -> Math.max(x, y);
            case MINS -> Math.min(sx, sy);
            case MAXS -> Math.max(sx, sy);
            case AVG -> (x + y + 1) >>> 1;
            case CMPEQ -> x == y ? -1 : 0;
            case CMPGT -> sx > sy ? -1 : 0;
            case SIGN -> sy < 0 ? -sx : sy == 0 ? 0 : sx;
            case ABS -> Math.abs(sy);
            default -> throw new IllegalArgumentException("byte op " + op);
        };
    }

    /** One word lane; x and y are 0..65535. */
    static int op16(int op, int x, int y) {
        int sx = (short) x, sy = (short) y;
        return switch (op) {
            case ADDS -> sat16(sx + sy);
            case ADDUS -> satU16(x + y);
            case SUBS -> sat16(sx - sy);
            case SUBUS -> satU16(x - y);
            case MINU -> Math.min(x, y);
            case MAXU -> Math.max(x, y);
            case MINS -> Math.min(sx, sy);
            case MAXS -> Math.max(sx, sy);
            case AVG -> (x + y + 1) >>> 1;
            case CMPEQ -> x == y ? -1 : 0;
            case CMPGT -> sx > sy ? -1 : 0;
            case SIGN -> sy < 0 ? -sx : sy == 0 ? 0 : sx;
            case ABS -> Math.abs(sy);
            case MULL -> sx * sy;
            case MULH -> (sx * sy) >> 16;
            case MULHU -> (x * y) >>> 16;
            case MULHRS -> (((sx * sy) >> 14) + 1) >> 1;
            default -> throw new IllegalArgumentException("word op " + op);
        };
    }

    /** One dword lane. */
    static int op32(int op, int x, int y) {
        return switch (op) {
            case MINU -> Integer.compareUnsigned(x, y) < 0 ? x : y;
            case MAXU -> Integer.compareUnsigned(x, y) > 0 ? x : y;
            case MINS -> Math.min(x, y);
            case MAXS -> Math.max(x, y);
            case CMPEQ -> x == y ? -1 : 0;
            case CMPGT -> x > y ? -1 : 0;
            case SIGN -> y < 0 ? -x : y == 0 ? 0 : x;
            case ABS -> Math.abs(y);
            case MULL -> x * y;
            default -> throw new IllegalArgumentException("dword op " + op);
        };
    }

    // ------------------------------------------------------------------ whole 64-bit halves

    /** The top bit of each byte, packed into 8 bits (PMOVMSKB on one half). */
    static long byteSigns(long v) {
        return (((v & H8) >>> 7) * 0x0102040810204080L) >>> 56;
    }

    /** Per-lane select: bits of {@code mask} set take {@code s}, clear keep {@code d}. */
    static long blend(long d, long s, long mask) {
        return (d & ~mask) | (s & mask);
    }

    /** Spreads each lane's top bit (lanes marked by {@code h}) over the whole lane. */
    static long spread(long v, long h) {
        int width = h == H8 ? 8 : h == H16 ? 16 : 32;
        long r = 0;
        for (int k = 0; k < 64; k += width) {
            if ((v >>> (k + width - 1) & 1) != 0) r |= ((1L << width) - 1) << k;
        }
        return r;
    }

    static long laneMask32(int bits) {
        return ((bits & 1) != 0 ? 0xFFFFFFFFL : 0) | ((bits & 2) != 0 ? 0xFFFFFFFF00000000L : 0);
    }

    static long laneMask16(int bits) {
        long r = 0;
        for (int k = 0; k < 4; k++) if ((bits >> k & 1) != 0) r |= 0xFFFFL << (16 * k);
        return r;
    }

    static long maddwd(long x, long y) {
        int lo = (short) x * (short) y + (short) (x >>> 16) * (short) (y >>> 16);
        int hi = (short) (x >>> 32) * (short) (y >>> 32) + (short) (x >>> 48) * (short) (y >>> 48);
        return (lo & 0xFFFFFFFFL) | ((long) hi << 32);
    }

    /** PMADDUBSW: unsigned bytes of the destination times signed bytes of the source, pairwise, saturated. */
    static long maddubsw(long x, long y) {
        long r = 0;
        for (int k = 0; k < 64; k += 16) {
            int v = ((int) (x >>> k) & 0xFF) * (byte) (y >>> k) + ((int) (x >>> (k + 8)) & 0xFF) * (byte) (y >>> (k + 8));
            r |= (long) (sat16(v) & 0xFFFF) << k;
        }
        return r;
    }

    static long sad(long x, long y) {
        long s = 0;
        for (int k = 0; k < 64; k += 8) s += Math.abs(((int) (x >>> k) & 0xFF) - ((int) (y >>> k) & 0xFF));
        return s;
    }

    /** Eight signed words (lo:hi) to eight bytes with signed or unsigned saturation. */
    static long packWords(long lo, long hi, boolean unsigned) {
        long r = 0;
        for (int k = 0; k < 8; k++) {
            int w = (short) ((k < 4 ? lo : hi) >>> ((k & 3) << 4));
            int v = unsigned ? satU8(w) : sat8(w);
            r |= (long) (v & 0xFF) << (8 * k);
        }
        return r;
    }

    static long packDwords(long lo, long hi, boolean unsigned) {
        long r = 0;
        for (int k = 0; k < 4; k++) {
            int d = (int) ((k < 2 ? lo : hi) >>> ((k & 1) << 5));
            int v = unsigned ? Math.max(0, Math.min(d, 65535)) : sat16(d);
            r |= (long) (v & 0xFFFF) << (16 * k);
        }
        return r;
    }

    static long shuffleWords(long v, int imm) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= ((v >>> (16 * (imm >> (2 * k) & 3))) & 0xFFFF) << (16 * k);
        return r;
    }

    static final int SRL = 0, SRA = 1, SLL = 2;

    static long shift(long x, long count, int width, int kind) {
        if (Long.compareUnsigned(count, width - 1) > 0) {
            if (kind != SRA) return 0;
            count = width - 1;
        }
        int c = (int) count;
        if (width == 64) return kind == SLL ? x << c : kind == SRL ? x >>> c : x >> c;
        long mask = (1L << width) - 1, r = 0;
        for (int k = 0; k < 64; k += width) {
            long lane = (x >>> k) & mask;
            long v = switch (kind) {
                case SRL -> lane >>> c;
                case SLL -> (lane << c) & mask;
                default -> ((lane << (64 - width)) >> (64 - width + c)) & mask;
            };
            r |= v << k;
        }
        return r;
    }

    static long shr128lo(long lo, long hi, int bits) {
        if (bits == 0) return lo;
        if (bits < 64) return (lo >>> bits) | (hi << (64 - bits));
        if (bits < 128) return hi >>> (bits - 64);
        return 0;
    }

    static long shl128hi(long lo, long hi, int bits) {
        if (bits == 0) return hi;
        if (bits < 64) return (hi << bits) | (lo >>> (64 - bits));
        if (bits < 128) return lo << (bits - 64);
        return 0;
    }

    static long hop16(long v, boolean sub, boolean saturate) {
        int a = (short) v, b = (short) (v >>> 16), c = (short) (v >>> 32), d = (short) (v >>> 48);
        int x = sub ? a - b : a + b, y = sub ? c - d : c + d;
        if (saturate) { x = sat16(x); y = sat16(y); }
        return (x & 0xFFFFL) | (y & 0xFFFFL) << 16;
    }

    static int hop32(long v, boolean sub) {
        return sub ? (int) v - (int) (v >>> 32) : (int) v + (int) (v >>> 32);
    }

    static long minpos(long lo, long hi) {
        int best = 0xFFFF + 1, at = 0;
        for (int k = 0; k < 8; k++) {
            int w = (int) ((k < 4 ? lo : hi) >>> ((k & 3) << 4)) & 0xFFFF;
            if (w < best) { best = w; at = k; }
        }
        return best | (long) at << 16;
    }
}
