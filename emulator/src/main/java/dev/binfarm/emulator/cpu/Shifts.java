package dev.binfarm.emulator.cpu;

import static dev.binfarm.emulator.cpu.Cpu.*;

/**
 * Shifts and rotates (group 2), SHLD and SHRD. Flags are computed eagerly. A
 * masked count of zero changes no flags; a 32-bit register destination is still
 * written (zero-extended), as on hardware.
 */
final class Shifts {
    private Shifts() { }

    private static final int ROL = 0, ROR = 1, RCL = 2, RCR = 3, SHL = 4, SHR = 5, SAL = 6, SAR = 7;

    static void shift(Cpu c, Insn i, int count) {
        int size = i.opSize;
        int bits = size << 3;
        int n = count & (size == 8 ? 63 : 31);
        long ea = Interpreter.ea(c, i);
        long a = Interpreter.readE(c, i, ea);
        long m = mask(size), sign = signBit(size);
        if (n == 0) {
            Interpreter.writeE(c, i, ea, a);
            return;
        }
        long res;
        long f;
        switch (i.reg) {
            case ROL -> {
                int r = n & (bits - 1);
                res = r == 0 ? a : ((a << r) | (a >>> (bits - r))) & m;
                long cf = res & 1;
                f = (c.rflags() & ~(CF | OF)) | cf | ((((res & sign) != 0 ? 1 : 0) ^ cf) != 0 ? OF : 0);
            }
            case ROR -> {
                int r = n & (bits - 1);
                res = r == 0 ? a : ((a >>> r) | (a << (bits - r))) & m;
                boolean msb = (res & sign) != 0, msb2 = (res & (sign >>> 1)) != 0;
                f = (c.rflags() & ~(CF | OF)) | (msb ? CF : 0) | (msb != msb2 ? OF : 0);
            }
            case RCL -> {
                int r = n % (bits + 1);
                long cf = c.cf() ? 1 : 0;
                res = a;
                for (int k = 0; k < r; k++) {
                    long out = (res & sign) != 0 ? 1 : 0;
                    res = ((res << 1) | cf) & m;
                    cf = out;
                }
                boolean msb = (res & sign) != 0;
                f = (c.rflags() & ~(CF | OF)) | cf | (msb != (cf != 0) ? OF : 0);
            }
            case RCR -> {
                int r = n % (bits + 1);
                long cf = c.cf() ? 1 : 0;
                res = a;
                boolean of = ((a & sign) != 0) != (cf != 0);
                for (int k = 0; k < r; k++) {
                    long out = res & 1;
                    res = (res >>> 1) | (cf != 0 ? sign : 0);
                    cf = out;
                }
                f = (c.rflags() & ~(CF | OF)) | cf | (of ? OF : 0);
            }
            // The plain shifts are frequent: their flags are left lazy.
            case SHL, SAL -> {
                res = (a << n) & m;
                Interpreter.writeE(c, i, ea, res);
                c.setLazy(F_SHL, size, a, n, res);
                return;
            }
            case SHR -> {
                res = a >>> n;
                Interpreter.writeE(c, i, ea, res);
                c.setLazy(F_SHR, size, a, n, res);
                return;
            }
            default -> { // SAR
                res = (signExtend(a, size) >> n) & m;
                Interpreter.writeE(c, i, ea, res);
                c.setLazy(F_SAR, size, a, n, res);
                return;
            }
        }
        Interpreter.writeE(c, i, ea, res);
        c.setStatus(f);
    }

    static void shld(Cpu c, Insn i, int count) {
        int size = i.opSize;
        int bits = size << 3;
        int n = count & (size == 8 ? 63 : 31);
        long ea = Interpreter.ea(c, i);
        long a = Interpreter.readE(c, i, ea);
        long src = c.reg(i.reg, size, false);
        long m = mask(size), sign = signBit(size);
        if (n == 0) {
            Interpreter.writeE(c, i, ea, a);
            return;
        }
        long res, cf;
        if (size == 2 && n > 16) {
            // Undefined on paper; Intel shifts the 48-bit concatenation dst:src:src.
            long wide = (a << 32) | (src << 16) | src;
            res = (wide << n >>> 32) & m;
            cf = (wide >>> (48 - n)) & 1;
        } else {
            res = ((a << n) | (n == bits ? src : src >>> (bits - n))) & m;
            cf = (a >>> (bits - n)) & 1;
        }
        long f = Arith.szp(res, size) | cf | (((a ^ res) & sign) != 0 ? OF : 0);
        Interpreter.writeE(c, i, ea, res);
        c.setStatus(f);
    }

    static void shrd(Cpu c, Insn i, int count) {
        int size = i.opSize;
        int bits = size << 3;
        int n = count & (size == 8 ? 63 : 31);
        long ea = Interpreter.ea(c, i);
        long a = Interpreter.readE(c, i, ea);
        long src = c.reg(i.reg, size, false);
        long m = mask(size), sign = signBit(size);
        if (n == 0) {
            Interpreter.writeE(c, i, ea, a);
            return;
        }
        long res, cf;
        if (size == 2 && n > 16) {
            long wide = (src << 32) | (src << 16) | a; // undefined on paper; Intel shifts src:src:dst
            res = (wide >>> n) & m;
            cf = (wide >>> (n - 1)) & 1;
        } else {
            res = ((a >>> n) | (n == bits ? src : src << (bits - n))) & m;
            cf = (a >>> (n - 1)) & 1;
        }
        long f = Arith.szp(res, size) | cf | (((a ^ res) & sign) != 0 ? OF : 0);
        Interpreter.writeE(c, i, ea, res);
        c.setStatus(f);
    }
}
