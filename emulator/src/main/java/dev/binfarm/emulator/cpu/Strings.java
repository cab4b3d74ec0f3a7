package dev.binfarm.emulator.cpu;

import static dev.binfarm.emulator.cpu.Cpu.*;

/**
 * String instructions with REP/REPE/REPNE. Registers are updated after every
 * element, so a fault part-way leaves RSI/RDI/RCX where the hardware would and
 * re-executing the instruction resumes it.
 */
final class Strings {
    private Strings() { }

    private static boolean rep(Insn i) {
        return (i.prefixes & (Insn.P_REP | Insn.P_REPNE)) != 0;
    }

    private static long step(Cpu c, Insn i) {
        return (c.flags & DF) != 0 ? -i.opSize : i.opSize;
    }

    private static long addr(Insn i, long v) {
        return i.addrSize == 4 ? v & 0xFFFFFFFFL : v;
    }

    /** Source operands honour FS/GS overrides; the destination (ES) never does. */
    private static long src(Cpu c, Insn i) {
        long a = addr(i, c.r[RSI]);
        if (i.seg == Insn.SEG_FS) a += c.fsBase;
        else if (i.seg == Insn.SEG_GS) a += c.gsBase;
        return a;
    }

    private static void advance(Cpu c, Insn i, int reg, long step) {
        c.r[reg] = addr(i, c.r[reg] + step);
    }

    private static long count(Cpu c, Insn i) {
        return addr(i, c.r[RCX]);
    }

    private static void decCount(Cpu c, Insn i) {
        c.r[RCX] = addr(i, c.r[RCX] - 1);
    }

    static void movs(Cpu c, Insn i) {
        int size = i.opSize;
        long step = step(c, i);
        if (!rep(i)) {
            c.store(addr(i, c.r[RDI]), size, c.load(src(c, i), size));
            advance(c, i, RSI, step);
            advance(c, i, RDI, step);
            return;
        }
        if (step > 0 && i.addrSize == 8) {
            repMovsForward(c, i, size);
            return;
        }
        while (count(c, i) != 0) {
            c.store(addr(i, c.r[RDI]), size, c.load(src(c, i), size));
            advance(c, i, RSI, step);
            advance(c, i, RDI, step);
            decCount(c, i);
        }
    }

    /**
     * REP MOVS upwards in page-sized chunks (musl's and Go's memcpy). Each chunk
     * is read whole and then written whole, which equals element-by-element
     * copying as long as the destination does not start inside the chunk's
     * source; when it does, the chunk shrinks to the gap (or to one element).
     */
    private static void repMovsForward(Cpu c, Insn i, int size) {
        byte[] buf = c.scratch;
        long seg = i.seg == Insn.SEG_FS ? c.fsBase : i.seg == Insn.SEG_GS ? c.gsBase : 0;
        long n = c.r[RCX];
        while (n != 0) {
            long s = c.r[RSI] + seg, d = c.r[RDI];
            long room = Math.min(PAGE - (s & PAGE_MASK), PAGE - (d & PAGE_MASK)) / size;
            long chunk = Long.compareUnsigned(n, room) < 0 ? n : room;
            long gap = d - s;
            if (gap > 0 && gap < chunk * size) chunk = gap / size;
            if (chunk == 0) {
                c.store(d, size, c.load(s, size));
                chunk = 1;
            } else {
                int bytes = (int) chunk * size;
                c.mem.read(s, buf, 0, bytes);
                c.mem.write(d, buf, 0, bytes);
            }
            c.r[RSI] += chunk * size;
            c.r[RDI] += chunk * size;
            n -= chunk;
            c.r[RCX] = n;
        }
    }

    private static final long PAGE = dev.binfarm.emulator.mem.GuestMemory.PAGE_SIZE;
    private static final long PAGE_MASK = dev.binfarm.emulator.mem.GuestMemory.PAGE_MASK;

    /** REP STOS upwards in page-sized chunks (musl's memset, Go's memclr). */
    private static void repStosForward(Cpu c, int size, long v) {
        byte[] buf = c.scratch;
        long n = c.r[RCX];
        boolean patterned = false;
        while (n != 0) {
            long d = c.r[RDI];
            long room = (PAGE - (d & PAGE_MASK)) / size;
            long chunk = Long.compareUnsigned(n, room) < 0 ? n : room;
            if (chunk == 0) {
                c.store(d, size, v);
                chunk = 1;
            } else {
                if (!patterned) {
                    for (int k = 0; k < buf.length; k++) buf[k] = (byte) (v >>> ((k % size) * 8));
                    patterned = true;
                }
                c.mem.write(d, buf, 0, (int) chunk * size);
            }
            c.r[RDI] += chunk * size;
            n -= chunk;
            c.r[RCX] = n;
        }
    }

    static void stos(Cpu c, Insn i) {
        int size = i.opSize;
        long step = step(c, i);
        long v = c.r[RAX];
        if (!rep(i)) {
            c.store(addr(i, c.r[RDI]), size, v);
            advance(c, i, RDI, step);
            return;
        }
        if (step > 0 && i.addrSize == 8) {
            repStosForward(c, size, v);
            return;
        }
        while (count(c, i) != 0) {
            c.store(addr(i, c.r[RDI]), size, v);
            advance(c, i, RDI, step);
            decCount(c, i);
        }
    }

    static void lods(Cpu c, Insn i) {
        int size = i.opSize;
        long step = step(c, i);
        if (!rep(i)) {
            c.setReg(RAX, size, false, c.load(src(c, i), size));
            advance(c, i, RSI, step);
            return;
        }
        while (count(c, i) != 0) {
            c.setReg(RAX, size, false, c.load(src(c, i), size));
            advance(c, i, RSI, step);
            decCount(c, i);
        }
    }

    static void scas(Cpu c, Insn i) {
        int size = i.opSize;
        long step = step(c, i);
        long a = c.reg(RAX, size, false);
        if (!rep(i)) {
            long b = c.load(addr(i, c.r[RDI]), size);
            advance(c, i, RDI, step);
            c.setLazy(F_SUB, size, a, b, (a - b) & mask(size));
            return;
        }
        boolean repe = i.mandatory == 0xF3;
        while (count(c, i) != 0) {
            long b = c.load(addr(i, c.r[RDI]), size);
            advance(c, i, RDI, step);
            decCount(c, i);
            c.setLazy(F_SUB, size, a, b, (a - b) & mask(size));
            if ((a == b) != repe) break;
        }
    }

    static void cmps(Cpu c, Insn i) {
        int size = i.opSize;
        long step = step(c, i);
        if (!rep(i)) {
            long a = c.load(src(c, i), size);
            long b = c.load(addr(i, c.r[RDI]), size);
            advance(c, i, RSI, step);
            advance(c, i, RDI, step);
            c.setLazy(F_SUB, size, a, b, (a - b) & mask(size));
            return;
        }
        boolean repe = i.mandatory == 0xF3;
        while (count(c, i) != 0) {
            long a = c.load(src(c, i), size);
            long b = c.load(addr(i, c.r[RDI]), size);
            advance(c, i, RSI, step);
            advance(c, i, RDI, step);
            decCount(c, i);
            c.setLazy(F_SUB, size, a, b, (a - b) & mask(size));
            if ((a == b) != repe) break;
        }
    }
}
