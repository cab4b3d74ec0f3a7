package dev.binfarm.emulator.cpu.diff;

import java.util.Random;

/**
 * Shared helpers for generators: register names, edge-biased operand values,
 * initial states and memory operands that point into the data area.
 */
public final class CaseSupport {
    private CaseSupport() { }

    public static final int RSP = 4;
    /** Pseudo register numbers for AH, CH, DH, BH in byte operands. */
    public static final int AH = 16;

    private static final String[] R64 = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] R32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
            "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
    private static final String[] R16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
            "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
    private static final String[] R8 = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
            "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b", "ah", "ch", "dh", "bh"};

    public static final int[] SIZES = {1, 2, 4, 8};

    public static String reg(int size, int n) {
        return switch (size) {
            case 1 -> R8[n];
            case 2 -> R16[n];
            case 4 -> R32[n];
            default -> R64[n];
        };
    }

    public static String ptr(int size) {
        return switch (size) {
            case 1 -> "byte ptr";
            case 2 -> "word ptr";
            case 4 -> "dword ptr";
            case 8 -> "qword ptr";
            default -> "xmmword ptr";
        };
    }

    public static long mask(int size) {
        return size == 8 ? -1L : (1L << (size * 8)) - 1;
    }

    /** An operand value biased towards the edges: 0, 1, -1, the signed limits, single bits, small numbers. */
    public static long value(Random r, int size) {
        int bits = size * 8;
        long v = switch (r.nextInt(12)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            case 3 -> (1L << (bits - 1)) - 1;       // max signed
            case 4 -> 1L << (bits - 1);             // min signed
            case 5 -> 1L << r.nextInt(bits);        // one bit
            case 6 -> r.nextInt(256);
            case 7 -> -r.nextInt(256);
            case 8 -> 0x80;
            default -> r.nextLong();
        };
        // Random upper garbage above the operand size: instructions must ignore or clear it.
        long hi = r.nextBoolean() ? r.nextLong() : 0;
        return (v & mask(size)) | (hi & ~mask(size));
    }

    /** Random GPRs, RSP in the middle of the data area, random status flags, DF clear. */
    public static DiffCase.State state(Random r) {
        DiffCase.State s = new DiffCase.State();
        for (int k = 0; k < 16; k++) s.r[k] = value(r, 8);
        s.r[RSP] = DiffRunner.DATA_ADDR + 0x800 + 8L * r.nextInt(64);
        s.rflags = 0x202 | randomFlags(r);
        s.dataSeed = r.nextLong();
        return s;
    }

    public static long randomFlags(Random r) {
        long f = 0;
        long[] bits = {1, 4, 0x10, 0x40, 0x80, 0x800};
        for (long b : bits) if (r.nextBoolean()) f |= b;
        return f;
    }

    /** A register number other than RSP and those in {@code avoid} (a bit set); byte regs may be AH..BH when {@code high}. */
    public static int pick(Random r, long avoid, boolean high) {
        while (true) {
            int n = high ? r.nextInt(8) : r.nextInt(16);
            if (n == RSP || (avoid & (1L << n)) != 0) continue;
            if (high && n >= 4 && n < 8) {
                // ah, ch, dh, bh occupy the same registers as rax..rbx
                int h = n - 4;
                if ((avoid & (1L << h)) != 0) continue;
                return AH + h;
            }
            return n;
        }
    }

    /** The 64-bit register a (possibly high-byte) register number lives in. */
    public static int home(int n) {
        return n >= AH ? n - AH : n;
    }

    /**
     * A memory operand of {@code size} bytes inside the data area, using base
     * (and sometimes index) registers outside {@code avoid}; sets them in {@code s}.
     * With {@code legacyOnly} only RAX..RDI are used (no REX, for AH..BH operands).
     */
    public static String mem(Random r, DiffCase.State s, int size, long avoid, boolean legacyOnly) {
        int span = Math.max(size, 16);
        long target = DiffRunner.DATA_ADDR + r.nextInt(4096 - span);
        if (r.nextInt(3) == 0) target &= ~(long) (Math.min(size, 8) - 1);
        int base = pickMem(r, avoid, legacyOnly);
        StringBuilder sb = new StringBuilder(ptr(size)).append(" [").append(reg(8, base));
        long disp = r.nextInt(4) == 0 ? 0 : r.nextInt(2) == 0 ? r.nextInt(256) - 128 : r.nextInt(4096) - 2048;
        long rest = target - disp;
        if (r.nextInt(3) == 0) {
            int index = pickMem(r, avoid | 1L << base, legacyOnly);
            int scale = r.nextInt(4);
            long iv = r.nextInt(64) - 32;
            s.r[index] = iv;
            rest -= iv << scale;
            sb.append(" + ").append(reg(8, index)).append('*').append(1 << scale);
        }
        s.r[base] = rest;
        if (disp != 0) sb.append(disp < 0 ? " - " : " + ").append(Math.abs(disp));
        return sb.append(']').toString();
    }

    private static int pickMem(Random r, long avoid, boolean legacyOnly) {
        while (true) {
            int n = legacyOnly ? r.nextInt(8) : r.nextInt(16);
            if (n != RSP && (avoid & (1L << n)) == 0) return n;
        }
    }

    public static String hex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }
}
