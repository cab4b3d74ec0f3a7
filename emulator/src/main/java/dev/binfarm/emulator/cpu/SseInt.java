package dev.binfarm.emulator.cpu;

/**
 * Lane arithmetic for the packed-integer SSE instructions: pure functions on
 * one lane (or on a 64-bit half for the SWAR add/sub), so {@link Sse} stays a
 * dispatcher. Lanes arrive zero-extended and leave masked by the caller.
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
}
