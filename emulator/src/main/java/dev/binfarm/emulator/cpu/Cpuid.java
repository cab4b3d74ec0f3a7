package dev.binfarm.emulator.cpu;

import static dev.binfarm.emulator.cpu.Cpu.*;

/**
 * The CPU model CPUID reports: a modest Intel family-6 part with exactly the
 * features the interpreter implements, so glibc and musl pick code paths that
 * work. The feature bits are public so /proc/cpuinfo is generated from the
 * same model.
 */
public final class Cpuid {
    private Cpuid() { }

    public static final String VENDOR = "GenuineIntel";
    public static final String BRAND = "binfarm virtual x86-64 CPU @ 2.00GHz";
    public static final int FAMILY = 6, MODEL = 0x3A, STEPPING = 9;

    // Leaf 1 EDX.
    public static final int EDX_FPU = 1, EDX_TSC = 1 << 4, EDX_CX8 = 1 << 8, EDX_CMOV = 1 << 15,
            EDX_CLFSH = 1 << 19, EDX_MMX = 1 << 23, EDX_FXSR = 1 << 24, EDX_SSE = 1 << 25, EDX_SSE2 = 1 << 26;
    // Leaf 1 ECX.
    public static final int ECX_SSE3 = 1, ECX_SSSE3 = 1 << 9, ECX_CX16 = 1 << 13, ECX_SSE41 = 1 << 19,
            ECX_SSE42 = 1 << 20, ECX_MOVBE = 1 << 22, ECX_POPCNT = 1 << 23;
    // Leaf 0x80000001.
    public static final int EXT_ECX_LAHF = 1, EXT_ECX_ABM = 1 << 5;
    public static final int EXT_EDX_SYSCALL = 1 << 11, EXT_EDX_NX = 1 << 20, EXT_EDX_LM = 1 << 29;

    public static final int LEAF1_EDX = EDX_FPU | EDX_TSC | EDX_CX8 | EDX_CMOV | EDX_CLFSH | EDX_MMX | EDX_FXSR
            | EDX_SSE | EDX_SSE2;
    /**
     * SSE4.1 is complete and differentially tested. SSE4.2 is not reported, as before: PCMPxSTRx and CRC32 run
     * when a program uses them, but reporting the bit would move glibc and Go to their SSE4.2 code paths.
     */
    public static final int LEAF1_ECX = ECX_SSE3 | ECX_SSSE3 | ECX_CX16 | ECX_SSE41 | ECX_MOVBE | ECX_POPCNT;

    public static final int EXT_ECX = EXT_ECX_LAHF | EXT_ECX_ABM;
    public static final int EXT_EDX = EXT_EDX_SYSCALL | EXT_EDX_NX | EXT_EDX_LM;

    /** Flag names for /proc/cpuinfo, in the kernel's order. */
    public static java.util.List<String> flagNames() {
        return java.util.List.of("fpu", "tsc", "cx8", "cmov", "clflush", "mmx", "fxsr", "sse", "sse2", "syscall", "nx", "lm",
                "pni", "ssse3", "cx16", "sse4_1", "movbe", "popcnt", "lahf_lm", "abm");
    }

    static void exec(Cpu c) {
        int leaf = (int) c.r[RAX], sub = (int) c.r[RCX];
        int a = 0, b = 0, cx = 0, d = 0;
        switch (leaf) {
            case 0 -> { a = 0xB; b = str(VENDOR, 0); d = str(VENDOR, 4); cx = str(VENDOR, 8); }
            case 1 -> {
                a = STEPPING | (MODEL & 0xF) << 4 | FAMILY << 8 | (MODEL >> 4) << 16;
                b = 8 << 8 | 1 << 16; // CLFLUSH line 8*8 = 64 bytes, 1 logical processor, APIC id 0
                cx = LEAF1_ECX;
                d = LEAF1_EDX;
            }
            case 2 -> a = 0x00FF0001; // one round; descriptor FF: "see leaf 4"
            case 4 -> {
                switch (sub) {
                    case 0 -> { a = cache(1, 1); b = geom(64, 1, 8); cx = 64 - 1; }      // L1d 32K 8-way
                    case 1 -> { a = cache(2, 1); b = geom(64, 1, 8); cx = 64 - 1; }      // L1i 32K 8-way
                    case 2 -> { a = cache(3, 2); b = geom(64, 1, 16); cx = 1024 - 1; }   // L2 1M 16-way
                    case 3 -> { a = cache(3, 3); b = geom(64, 1, 16); cx = 8192 - 1; d = 2; } // L3 8M 16-way, inclusive
                    default -> { }
                }
            }
            case 7 -> { }
            case 0xB -> {
                switch (sub) {
                    case 0 -> { a = 0; b = 1; cx = 1 << 8; }
                    case 1 -> { a = 0; b = 1; cx = 2 << 8 | 1; }
                    default -> cx = sub;
                }
            }
            case 0x80000000 -> a = 0x80000008;
            case 0x80000001 -> { cx = EXT_ECX; d = EXT_EDX; }
            case 0x80000002, 0x80000003, 0x80000004 -> {
                int base = (leaf - 0x80000002) * 16;
                a = str(BRAND, base); b = str(BRAND, base + 4); cx = str(BRAND, base + 8); d = str(BRAND, base + 12);
            }
            case 0x80000006 -> cx = 1024 << 16 | 8 << 12 | 64; // L2: 1M, 16-way (encoded 8), 64-byte lines
            case 0x80000008 -> a = 48 << 8 | 39;
            default -> { }
        }
        c.r[RAX] = a & 0xFFFFFFFFL;
        c.r[RBX] = b & 0xFFFFFFFFL;
        c.r[RCX] = cx & 0xFFFFFFFFL;
        c.r[RDX] = d & 0xFFFFFFFFL;
    }

    /** Leaf 4 EAX: type (1 data, 2 instruction, 3 unified), level, self-initialising, cores/threads fields 0. */
    private static int cache(int type, int level) {
        return type | level << 5 | 1 << 8;
    }

    /** Leaf 4 EBX: line size, partitions, ways, each minus one. */
    private static int geom(int line, int partitions, int ways) {
        return (line - 1) | (partitions - 1) << 12 | (ways - 1) << 22;
    }

    private static int str(String s, int at) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int ch = at + k < s.length() ? s.charAt(at + k) : 0;
            v |= ch << (8 * k);
        }
        return v;
    }
}
