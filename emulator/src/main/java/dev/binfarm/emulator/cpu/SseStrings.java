package dev.binfarm.emulator.cpu;

/**
 * SSE4.2 PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM, the aggregate string
 * compares glibc's strcspn/strspn/strpbrk use. One instance per {@link Sse}
 * holds the scratch arrays, so a compare allocates nothing.
 */
final class SseStrings {
    private final int[] strA = new int[16], strB = new int[16];

    /**
     * SSE4.2 PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM. The reg operand is the
     * "needle" set A, the r/m operand the string B; lengths come from EAX/EDX
     * (RAX/RDX with REX.W) or from the first null element. The memory operand
     * has no alignment requirement.
     */
    void compare(Cpu cpu, Insn i, long dLo, long dHi, long sLo, long sHi, boolean explicit, boolean index) {
        int imm = (int) i.imm & 0xFF;
        boolean words = (imm & 1) != 0, signed = (imm & 2) != 0;
        int n = words ? 8 : 16;
        int[] a = strA, b = strB;
        for (int k = 0; k < n; k++) {
            a[k] = element(dLo, dHi, k, words, signed);
            b[k] = element(sLo, sHi, k, words, signed);
        }
        int la, lb;
        if (explicit) {
            boolean w = (i.prefixes & Insn.P_REXW) != 0;
            la = explicitLength(cpu.r[Cpu.RAX], w, n);
            lb = explicitLength(cpu.r[Cpu.RDX], w, n);
        } else {
            la = implicitLength(a, n);
            lb = implicitLength(b, n);
        }
        int res = 0;
        for (int j = 0; j < n; j++) {
            boolean bit = false;
            switch (imm >> 2 & 3) {
                case 0 -> { // equal any
                    for (int k = 0; k < la && j < lb && !bit; k++) bit = a[k] == b[j];
                }
                case 1 -> { // ranges: A holds (low, high) pairs
                    for (int k = 0; k + 1 < la && j < lb && !bit; k += 2) bit = a[k] <= b[j] && b[j] <= a[k + 1];
                }
                case 2 -> bit = j < la && j < lb ? a[j] == b[j] : j >= la && j >= lb; // equal each
                default -> { // equal ordered: A occurs in B at j (an ended A matches anything)
                    bit = true;
                    for (int k = 0; k < n - j && k < la; k++) {
                        if (j + k >= lb || a[k] != b[j + k]) { bit = false; break; }
                    }
                }
            }
            if (bit) res |= 1 << j;
        }
        int all = (1 << n) - 1;
        switch (imm >> 4 & 3) {
            case 1 -> res = ~res & all;
            case 3 -> res ^= (1 << lb) - 1;
            default -> { }
        }
        if (index) {
            int at = res == 0 ? n : (imm & 0x40) != 0 ? 31 - Integer.numberOfLeadingZeros(res) : Integer.numberOfTrailingZeros(res);
            cpu.r[Cpu.RCX] = at;
        } else if ((imm & 0x40) != 0) {
            long lo = 0, hi = 0;
            int width = words ? 16 : 8;
            long ones = (1L << width) - 1;
            for (int k = 0; k < n; k++) {
                if ((res >> k & 1) == 0) continue;
                int bit = k * width;
                if (bit < 64) lo |= ones << bit;
                else hi |= ones << (bit - 64);
            }
            cpu.xmm[0] = lo;
            cpu.xmm[1] = hi;
        } else {
            cpu.xmm[0] = res;
            cpu.xmm[1] = 0;
        }
        long f = (res != 0 ? Cpu.CF : 0) | (lb < n ? Cpu.ZF : 0) | (la < n ? Cpu.SF : 0) | ((res & 1) != 0 ? Cpu.OF : 0);
        cpu.setStatusFlags(Cpu.STATUS_FLAGS, f);
    }

    private static int element(long lo, long hi, int k, boolean words, boolean signed) {
        if (words) {
            int v = (int) ((k < 4 ? lo : hi) >>> ((k & 3) << 4)) & 0xFFFF;
            return signed ? (short) v : v;
        }
        int v = (int) ((k < 8 ? lo : hi) >>> ((k & 7) << 3)) & 0xFF;
        return signed ? (byte) v : v;
    }

    private static int explicitLength(long v, boolean w, int n) {
        if (!w) v = (int) v;
        if (v == Long.MIN_VALUE) return n;
        return (int) Math.min(Math.abs(v), n);
    }

    private static int implicitLength(int[] e, int n) {
        for (int k = 0; k < n; k++) if (e[k] == 0) return k;
        return n;
    }
}
