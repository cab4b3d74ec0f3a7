package dev.binfarm.emulator.cpu;

import static dev.binfarm.emulator.cpu.Cpu.*;

/** Bit tests, bit scans, population count and CRC32. */
final class Bits {
    private Bits() { }

    private static final int BT = 0, BTS = 1, BTR = 2, BTC = 3;

    /** BT/BTS/BTR/BTC r/m, reg: with a memory operand the bit offset is signed and may leave the operand. */
    static void btReg(Cpu c, Insn i, int kind) {
        int size = i.opSize;
        int bits = size << 3;
        long off = c.reg(i.reg, size, false);
        if (i.mod == 3) {
            bitOp(c, i, kind, 0, (int) (off & (bits - 1)));
        } else {
            long soff = (off << (64 - bits)) >> (64 - bits);
            long ea = c.ea(i) + (soff >> Integer.numberOfTrailingZeros(bits)) * size;
            bitOp(c, i, kind, ea, (int) (soff & (bits - 1)));
        }
    }

    static void btImm(Cpu c, Insn i, int kind) {
        int bits = i.opSize << 3;
        bitOp(c, i, kind, i.mod == 3 ? 0 : c.ea(i), (int) (i.imm & (bits - 1)));
    }

    private static void bitOp(Cpu c, Insn i, int kind, long ea, int bit) {
        int size = i.opSize;
        boolean rex = Interpreter.rex(i);
        long v = i.mod == 3 ? c.reg(i.rm, size, rex) : c.load(ea, size);
        long cf = (v >>> bit) & 1;
        if (kind != BT) {
            long nv = switch (kind) {
                case BTS -> v | (1L << bit);
                case BTR -> v & ~(1L << bit);
                default -> v ^ (1L << bit);
            };
            if (i.mod == 3) c.setReg(i.rm, size, rex, nv);
            else c.store(ea, size, nv);
        }
        c.setStatus((c.rflags() & ~CF) | cf);
    }

    static void bsf(Cpu c, Insn i) {
        long v = c.readRm(i, i.opSize);
        if (v == 0) {
            c.setStatus(ZF);
            return;
        }
        int n = Long.numberOfTrailingZeros(v);
        c.setReg(i.reg, i.opSize, false, n);
        c.setStatus(Arith.szp(n, 1) & PF);
    }

    static void bsr(Cpu c, Insn i) {
        long v = c.readRm(i, i.opSize);
        if (v == 0) {
            c.setStatus(ZF);
            return;
        }
        int n = 63 - Long.numberOfLeadingZeros(v);
        c.setReg(i.reg, i.opSize, false, n);
        c.setStatus(Arith.szp(n, 1) & PF);
    }

    static void tzcnt(Cpu c, Insn i) {
        int bits = i.opSize << 3;
        long v = c.readRm(i, i.opSize);
        int n = v == 0 ? bits : Long.numberOfTrailingZeros(v);
        c.setReg(i.reg, i.opSize, false, n);
        c.setStatus((v == 0 ? CF : 0) | (n == 0 ? ZF : 0));
    }

    static void lzcnt(Cpu c, Insn i) {
        int bits = i.opSize << 3;
        long v = c.readRm(i, i.opSize);
        int n = Long.numberOfLeadingZeros(v) - (64 - bits);
        c.setReg(i.reg, i.opSize, false, n);
        c.setStatus((v == 0 ? CF : 0) | (n == 0 ? ZF : 0));
    }

    static void popcnt(Cpu c, Insn i) {
        long v = c.readRm(i, i.opSize);
        c.setReg(i.reg, i.opSize, false, Long.bitCount(v));
        c.setStatus(v == 0 ? ZF : 0);
    }

    /** CRC32C (Castagnoli, reflected), as the SSE4.2 instruction computes it. */
    static void crc32(Cpu c, Insn i) {
        int srcSize = i.opSize;
        long v = c.readRm(i, srcSize);
        int crc = (int) c.r[i.reg];
        for (int k = 0; k < srcSize * 8; k++) {
            crc ^= (int) (v >>> k) & 1;
            crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
        }
        c.r[i.reg] = crc & 0xFFFFFFFFL;
    }
}
