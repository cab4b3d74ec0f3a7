package dev.binfarm.emulator.cpu;

import static dev.binfarm.emulator.cpu.Cpu.*;

/** CMPXCHG, CMPXCHG8B/16B and XADD. Guest threads run on one host thread, so LOCK needs nothing extra. */
final class Atomics {
    private Atomics() { }

    static void cmpxchg(Cpu c, Insn i) {
        int size = i.opSize;
        boolean rex = Interpreter.rex(i);
        long ea = Interpreter.ea(c, i);
        long dst = Interpreter.readE(c, i, ea);
        long acc = c.reg(RAX, size, false);
        long src = c.reg(i.reg, size, rex);
        if (acc == dst) {
            Interpreter.writeE(c, i, ea, src);
        } else {
            if (i.mod != 3) c.store(ea, size, dst); // the locked cycle writes back what it read
            c.setReg(RAX, size, false, dst);
        }
        c.setLazy(F_SUB, size, acc, dst, (acc - dst) & mask(size));
    }

    static void cmpxchg8b(Cpu c, Insn i) {
        long ea = c.ea(i);
        if (i.opSize == 8) {
            if ((ea & 15) != 0) {
                // #GP on a misaligned CMPXCHG16B: SIGSEGV like any other fault.
                throw new dev.binfarm.emulator.mem.GuestFault(ea, dev.binfarm.emulator.mem.GuestFault.Access.WRITE,
                        dev.binfarm.emulator.mem.GuestFault.Cause.PROTECTION);
            }
            long lo = c.mem.read64(ea), hi = c.mem.read64(ea + 8);
            if (lo == c.r[RAX] && hi == c.r[RDX]) {
                c.mem.write64(ea + 8, c.r[RCX]);
                c.mem.write64(ea, c.r[RBX]);
                c.setStatus(c.rflags() | ZF);
            } else {
                c.mem.write64(ea + 8, hi);
                c.mem.write64(ea, lo);
                c.r[RAX] = lo;
                c.r[RDX] = hi;
                c.setStatus(c.rflags() & ~ZF);
            }
        } else {
            long m = c.mem.read64(ea);
            long expect = (c.r[RDX] & 0xFFFFFFFFL) << 32 | (c.r[RAX] & 0xFFFFFFFFL);
            if (m == expect) {
                c.mem.write64(ea, (c.r[RCX] & 0xFFFFFFFFL) << 32 | (c.r[RBX] & 0xFFFFFFFFL));
                c.setStatus(c.rflags() | ZF);
            } else {
                c.mem.write64(ea, m);
                c.r[RAX] = m & 0xFFFFFFFFL;
                c.r[RDX] = m >>> 32;
                c.setStatus(c.rflags() & ~ZF);
            }
        }
    }

    static void xadd(Cpu c, Insn i) {
        int size = i.opSize;
        boolean rex = Interpreter.rex(i);
        long ea = Interpreter.ea(c, i);
        long dst = Interpreter.readE(c, i, ea);
        long src = c.reg(i.reg, size, rex);
        long sum = (dst + src) & mask(size);
        if (i.mod == 3) {
            c.setReg(i.reg, size, rex, dst);
            c.setReg(i.rm, size, rex, sum);
        } else {
            c.store(ea, size, sum);
            c.setReg(i.reg, size, rex, dst);
        }
        c.setLazy(F_ADD, size, dst, src, sum);
    }
}
