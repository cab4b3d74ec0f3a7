package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.GuestFault;

import static dev.binfarm.emulator.cpu.Cpu.*;
import static dev.binfarm.emulator.cpu.Ops.*;

/**
 * The integer interpreter: one switch over {@link Insn#op}, each case a small
 * static method so the dispatch method stays small enough for the JIT.
 *
 * <p>Memory-destination operations store before they touch flags or registers,
 * so an instruction that faults leaves the architectural state as it found it.
 */
final class Interpreter {
    private Interpreter() { }

    static void exec(Cpu c, Insn i) {
        switch (i.op) {
            case MOV_RR64 -> c.r[i.rm] = c.r[i.reg];
            case MOV_RR32 -> c.r[i.rm] = c.r[i.reg] & 0xFFFFFFFFL;
            case LOAD64 -> c.r[i.reg] = c.mem.read64(c.ea(i));
            case LOAD32 -> c.r[i.reg] = c.mem.read32(c.ea(i)) & 0xFFFFFFFFL;
            case STORE64 -> c.mem.write64(c.ea(i), c.r[i.reg]);
            case STORE32 -> c.mem.write32(c.ea(i), (int) c.r[i.reg]);
            case ALU_RR64, ALU_RR64 + 1, ALU_RR64 + 2, ALU_RR64 + 3, ALU_RR64 + 4, ALU_RR64 + 5, ALU_RR64 + 6, ALU_RR64 + 7 ->
                    alu64(c, i.op - ALU_RR64, i.rm, c.r[i.reg]);
            case ALU_RR32, ALU_RR32 + 1, ALU_RR32 + 2, ALU_RR32 + 3, ALU_RR32 + 4, ALU_RR32 + 5, ALU_RR32 + 6, ALU_RR32 + 7 ->
                    alu32(c, i.op - ALU_RR32, i.rm, c.r[i.reg] & 0xFFFFFFFFL);
            case ALU_RI64, ALU_RI64 + 1, ALU_RI64 + 2, ALU_RI64 + 3, ALU_RI64 + 4, ALU_RI64 + 5, ALU_RI64 + 6, ALU_RI64 + 7 ->
                    alu64(c, i.op - ALU_RI64, i.rm, i.imm);
            case ALU_RI32, ALU_RI32 + 1, ALU_RI32 + 2, ALU_RI32 + 3, ALU_RI32 + 4, ALU_RI32 + 5, ALU_RI32 + 6, ALU_RI32 + 7 ->
                    alu32(c, i.op - ALU_RI32, i.rm, i.imm & 0xFFFFFFFFL);
            case PUSH_R64 -> c.push(c.r[i.rm]);
            case POP_R64 -> { long v = c.mem.read64(c.r[RSP]); c.r[RSP] += 8; c.r[i.rm] = v; }
            case JCC -> { if (c.cond(i.opcode & 15)) c.rip = i.imm; }
            case NOP -> { }
            case SSE -> c.sse.exec(c, i);
            case X87 -> c.x87.exec(c, i);
            case ALU_EG, ALU_EG + 1, ALU_EG + 2, ALU_EG + 3, ALU_EG + 4, ALU_EG + 5, ALU_EG + 6, ALU_EG + 7 -> aluEG(c, i);
            case ALU_GE, ALU_GE + 1, ALU_GE + 2, ALU_GE + 3, ALU_GE + 4, ALU_GE + 5, ALU_GE + 6, ALU_GE + 7 -> aluGE(c, i);
            case ALU_EI, ALU_EI + 1, ALU_EI + 2, ALU_EI + 3, ALU_EI + 4, ALU_EI + 5, ALU_EI + 6, ALU_EI + 7 -> aluEI(c, i);
            case TEST_EG -> logicFlags(c, i.opSize, c.readRm(i, i.opSize) & c.reg(i.reg, i.opSize, rex(i)));
            case TEST_EI -> logicFlags(c, i.opSize, c.readRm(i, i.opSize) & i.imm & mask(i.opSize));
            case INC, DEC -> incDec(c, i);
            case NOT -> { long ea = ea(c, i); writeE(c, i, ea, ~readE(c, i, ea)); }
            case NEG -> neg(c, i);
            case MUL -> Arith.mul(c, i);
            case IMUL1 -> Arith.imul1(c, i);
            case DIV -> Arith.div(c, i);
            case IDIV -> Arith.idiv(c, i);
            case IMUL_GE -> Arith.imul2(c, i, c.reg(i.reg, i.opSize, false), c.readRm(i, i.opSize));
            case IMUL_GEI -> Arith.imul2(c, i, c.readRm(i, i.opSize), i.imm);
            case MOV_EG -> c.writeRm(i, i.opSize, c.reg(i.reg, i.opSize, rex(i)));
            case MOV_GE -> c.setReg(i.reg, i.opSize, rex(i), c.readRm(i, i.opSize));
            case MOV_EI -> c.writeRm(i, i.opSize, i.imm);
            case MOVZX8 -> c.setReg(i.reg, i.opSize, false, c.readRm(i, 1));
            case MOVZX16 -> c.setReg(i.reg, i.opSize, false, c.readRm(i, 2));
            case MOVSX8 -> c.setReg(i.reg, i.opSize, false, (byte) c.readRm(i, 1));
            case MOVSX16 -> c.setReg(i.reg, i.opSize, false, (short) c.readRm(i, 2));
            case MOVSXD -> c.setReg(i.reg, i.opSize, false, i.opSize == 8 ? (long) (int) c.readRm(i, 4) : c.readRm(i, i.opSize));
            case LEA -> lea(c, i);
            case SHIFT_I -> Shifts.shift(c, i, (int) i.imm);
            case SHIFT_CL -> Shifts.shift(c, i, (int) c.r[RCX]);
            case SHLD_I -> Shifts.shld(c, i, (int) i.imm);
            case SHLD_CL -> Shifts.shld(c, i, (int) c.r[RCX]);
            case SHRD_I -> Shifts.shrd(c, i, (int) i.imm);
            case SHRD_CL -> Shifts.shrd(c, i, (int) c.r[RCX]);
            case BT_EG, BTS_EG, BTR_EG, BTC_EG -> Bits.btReg(c, i, i.op - BT_EG);
            case BT_EI -> Bits.btImm(c, i, i.reg - 4);
            case BSF -> Bits.bsf(c, i);
            case BSR -> Bits.bsr(c, i);
            case TZCNT -> Bits.tzcnt(c, i);
            case LZCNT -> Bits.lzcnt(c, i);
            case POPCNT -> Bits.popcnt(c, i);
            case SETCC -> c.writeRm(i, 1, c.cond(i.opcode & 15) ? 1 : 0);
            case CMOVCC -> cmov(c, i);
            case JMP -> c.rip = i.imm;
            case JMP_E -> c.rip = c.readRm(i, 8);
            case CALL -> { c.push(i.nextRip); c.rip = i.imm; }
            case CALL_E -> { long t = c.readRm(i, 8); c.push(i.nextRip); c.rip = t; }
            case RET -> c.rip = c.pop();
            case RET_IMM -> { c.rip = c.pop(); c.r[RSP] += i.imm; }
            case JRCXZ -> { if ((i.addrSize == 4 ? c.r[RCX] & 0xFFFFFFFFL : c.r[RCX]) == 0) c.rip = i.imm; }
            case LOOP, LOOPE, LOOPNE -> loop(c, i);
            case PUSH_R -> pushSized(c, i.opSize, c.r[i.rm]);
            case POP_R -> popReg(c, i);
            case PUSH_I -> pushSized(c, i.opSize, i.imm);
            case PUSH_E -> pushSized(c, i.opSize, c.readRm(i, i.opSize));
            case POP_E -> popRm(c, i);
            case PUSHF -> pushSized(c, i.opSize, c.rflags() & ~0x30000L);
            case POPF -> popf(c, i);
            case LEAVE -> leave(c, i);
            case ENTER -> enter(c, i);
            case MOVS -> Strings.movs(c, i);
            case STOS -> Strings.stos(c, i);
            case LODS -> Strings.lods(c, i);
            case SCAS -> Strings.scas(c, i);
            case CMPS -> Strings.cmps(c, i);
            case CBW -> cbw(c, i);
            case CWD -> cwd(c, i);
            case XCHG -> xchg(c, i);
            case CMPXCHG -> Atomics.cmpxchg(c, i);
            case CMPXCHG8B -> Atomics.cmpxchg8b(c, i);
            case XADD -> Atomics.xadd(c, i);
            case BSWAP -> bswap(c, i);
            case CPUID -> Cpuid.exec(c);
            case RDTSC -> rdtsc(c);
            case RDTSCP -> { rdtsc(c); c.r[RCX] = 0; }
            case INT3 -> c.stopAfterInsn(Stop.TRAP);
            case HLT -> throw new GuestFault(0, GuestFault.Access.EXEC, GuestFault.Cause.PROTECTION);
            case SYSCALL -> syscall(c);
            case LAHF -> lahf(c);
            case SAHF -> c.setStatus((c.rflags() & ~0xD5L) | ((c.r[RAX] >>> 8) & 0xD5L));
            case CMC -> c.setStatus(c.rflags() ^ CF);
            case CLC -> c.setStatus(c.rflags() & ~CF);
            case STC -> c.setStatus(c.rflags() | CF);
            case CLD -> c.flags &= ~DF;
            case STD -> c.flags |= DF;
            case XLAT -> xlat(c, i);
            case MOVBE_GM -> c.setReg(i.reg, i.opSize, false, swap(c.readRm(i, i.opSize), i.opSize));
            case MOVBE_MG -> c.writeRm(i, i.opSize, swap(c.reg(i.reg, i.opSize, false), i.opSize));
            case CRC32 -> Bits.crc32(c, i);
            case MOV_SREG -> c.writeRm(i, i.opSize, SELECTORS[i.reg & 7]); // a register destination is zero-extended
            default -> undefined(c, i);
        }
    }

    /** ES, CS, SS, DS, FS, GS as Linux sets them for 64-bit user code (FS/GS bases live in MSRs, selectors 0). */
    private static final long[] SELECTORS = {0, 0x33, 0x2B, 0, 0, 0, 0, 0};

    static boolean rex(Insn i) {
        return (i.prefixes & Insn.P_REX) != 0;
    }

    static void undefined(Cpu c, Insn i) {
        if (i.opcode == (Insn.MAP_0F | 0x0B)) throw new IllegalInstruction("ud2 at 0x" + Long.toHexString(i.rip));
        throw new IllegalInstruction("unimplemented instruction " + c.bytesOf(i) + " at 0x" + Long.toHexString(i.rip));
    }

    // ---------------------------------------------------------------- r/m with a precomputed address

    /** The memory operand's address, or 0 for a register operand. */
    static long ea(Cpu c, Insn i) {
        return i.mod == 3 ? 0 : c.ea(i);
    }

    static long readE(Cpu c, Insn i, long ea) {
        return i.mod == 3 ? c.reg(i.rm, i.opSize, rex(i)) : c.load(ea, i.opSize);
    }

    static void writeE(Cpu c, Insn i, long ea, long v) {
        if (i.mod == 3) c.setReg(i.rm, i.opSize, rex(i), v);
        else c.store(ea, i.opSize, v);
    }

    // ---------------------------------------------------------------- ALU

    /** Computes an ALU result (no flags); {@code cin} is the carry-in for ADC/SBB. */
    static long aluResult(int kind, long a, long b, long cin, long m) {
        return switch (kind) {
            case K_ADD -> (a + b) & m;
            case K_OR -> a | b;
            case K_ADC -> (a + b + cin) & m;
            case K_SBB -> (a - b - cin) & m;
            case K_AND -> a & b;
            case K_XOR -> a ^ b;
            default -> (a - b) & m; // SUB, CMP
        };
    }

    static void aluFlags(Cpu c, int kind, int size, long a, long b, long res, long cin) {
        switch (kind) {
            case K_ADD -> c.setLazy(F_ADD, size, a, b, res);
            case K_ADC -> { c.setLazy(F_ADC, size, a, b, res); c.lazyCarry = cin; }
            case K_SBB -> { c.setLazy(F_SBB, size, a, b, res); c.lazyCarry = cin; }
            case K_SUB, K_CMP -> c.setLazy(F_SUB, size, a, b, res);
            default -> c.setLazy(F_LOGIC, size, a, b, res);
        }
    }

    static void logicFlags(Cpu c, int size, long res) {
        c.setLazy(F_LOGIC, size, 0, 0, res);
    }

    /** 64-bit ALU on register {@code d} with operand {@code b}. */
    private static void alu64(Cpu c, int kind, int d, long b) {
        long a = c.r[d];
        long res;
        switch (kind) {
            case K_ADD -> { res = a + b; c.setLazy(F_ADD, 8, a, b, res); }
            case K_SUB -> { res = a - b; c.setLazy(F_SUB, 8, a, b, res); }
            case K_CMP -> { c.setLazy(F_SUB, 8, a, b, a - b); return; }
            case K_AND -> { res = a & b; c.setLazy(F_LOGIC, 8, 0, 0, res); }
            case K_OR -> { res = a | b; c.setLazy(F_LOGIC, 8, 0, 0, res); }
            case K_XOR -> { res = a ^ b; c.setLazy(F_LOGIC, 8, 0, 0, res); }
            default -> {
                long cin = c.cf() ? 1 : 0;
                res = aluResult(kind, a, b, cin, -1L);
                aluFlags(c, kind, 8, a, b, res, cin);
            }
        }
        c.r[d] = res;
    }

    /** 32-bit ALU on register {@code d} with operand {@code b} (already zero-extended). */
    private static void alu32(Cpu c, int kind, int d, long b) {
        long a = c.r[d] & 0xFFFFFFFFL;
        long res;
        switch (kind) {
            case K_ADD -> { res = (a + b) & 0xFFFFFFFFL; c.setLazy(F_ADD, 4, a, b, res); }
            case K_SUB -> { res = (a - b) & 0xFFFFFFFFL; c.setLazy(F_SUB, 4, a, b, res); }
            case K_CMP -> { c.setLazy(F_SUB, 4, a, b, (a - b) & 0xFFFFFFFFL); return; }
            case K_AND -> { res = a & b; c.setLazy(F_LOGIC, 4, 0, 0, res); }
            case K_OR -> { res = a | b; c.setLazy(F_LOGIC, 4, 0, 0, res); }
            case K_XOR -> { res = a ^ b; c.setLazy(F_LOGIC, 4, 0, 0, res); }
            default -> {
                long cin = c.cf() ? 1 : 0;
                res = aluResult(kind, a, b, cin, 0xFFFFFFFFL);
                aluFlags(c, kind, 4, a, b, res, cin);
            }
        }
        c.r[d] = res;
    }

    private static void aluEG(Cpu c, Insn i) {
        int kind = i.op - ALU_EG, size = i.opSize;
        long b = c.reg(i.reg, size, rex(i));
        alu(c, i, kind, b);
    }

    private static void aluEI(Cpu c, Insn i) {
        alu(c, i, i.op - ALU_EI, i.imm & mask(i.opSize));
    }

    private static void alu(Cpu c, Insn i, int kind, long b) {
        int size = i.opSize;
        long m = mask(size);
        if (i.mod == 3) {
            boolean rex = rex(i);
            long a = c.reg(i.rm, size, rex);
            long cin = (kind == K_ADC || kind == K_SBB) && c.cf() ? 1 : 0;
            long res = aluResult(kind, a, b, cin, m);
            if (kind != K_CMP) c.setReg(i.rm, size, rex, res);
            aluFlags(c, kind, size, a, b, res, cin);
        } else {
            long ea = c.ea(i);
            long a = c.load(ea, size);
            long cin = (kind == K_ADC || kind == K_SBB) && c.cf() ? 1 : 0;
            long res = aluResult(kind, a, b, cin, m);
            if (kind != K_CMP) c.store(ea, size, res);
            aluFlags(c, kind, size, a, b, res, cin);
        }
    }

    private static void aluGE(Cpu c, Insn i) {
        int kind = i.op - ALU_GE, size = i.opSize;
        boolean rex = rex(i);
        long a = c.reg(i.reg, size, rex);
        long b = c.readRm(i, size);
        long cin = (kind == K_ADC || kind == K_SBB) && c.cf() ? 1 : 0;
        long res = aluResult(kind, a, b, cin, mask(size));
        if (kind != K_CMP) c.setReg(i.reg, size, rex, res);
        aluFlags(c, kind, size, a, b, res, cin);
    }

    private static void incDec(Cpu c, Insn i) {
        long ea = ea(c, i);
        long a = readE(c, i, ea);
        boolean inc = i.op == INC;
        long res = (inc ? a + 1 : a - 1) & mask(i.opSize);
        writeE(c, i, ea, res);
        long carry = c.cf() ? 1 : 0;
        c.setLazy(inc ? F_INC : F_DEC, i.opSize, a, 1, res);
        c.lazyCarry = carry;
    }

    private static void neg(Cpu c, Insn i) {
        long ea = ea(c, i);
        long b = readE(c, i, ea);
        long res = -b & mask(i.opSize);
        writeE(c, i, ea, res);
        c.setLazy(F_SUB, i.opSize, 0, b, res);
    }

    private static void lea(Cpu c, Insn i) {
        long a = i.disp;
        if (i.base >= 0) a += c.r[i.base];
        if (i.index >= 0) a += c.r[i.index] << i.scale;
        if (i.addrSize == 4) a &= 0xFFFFFFFFL;
        c.setReg(i.reg, i.opSize, false, a);
    }

    private static void cmov(Cpu c, Insn i) {
        long v = c.readRm(i, i.opSize);
        if (c.cond(i.opcode & 15)) c.setReg(i.reg, i.opSize, false, v);
        else if (i.opSize == 4) c.r[i.reg] &= 0xFFFFFFFFL;
    }

    private static void loop(Cpu c, Insn i) {
        long cx = c.r[RCX] - 1;
        boolean nz;
        if (i.addrSize == 4) { c.r[RCX] = cx & 0xFFFFFFFFL; nz = (cx & 0xFFFFFFFFL) != 0; }
        else { c.r[RCX] = cx; nz = cx != 0; }
        boolean take = switch (i.op) {
            case LOOPE -> nz && c.zf();
            case LOOPNE -> nz && !c.zf();
            default -> nz;
        };
        if (take) c.rip = i.imm;
    }

    // ---------------------------------------------------------------- stack

    static void pushSized(Cpu c, int size, long v) {
        if (size == 2) {
            long sp = c.r[RSP] - 2;
            c.mem.write16(sp, (int) v);
            c.r[RSP] = sp;
        } else {
            c.push(v);
        }
    }

    private static long popSized(Cpu c, int size) {
        if (size == 2) {
            long v = c.mem.read16(c.r[RSP]);
            c.r[RSP] += 2;
            return v;
        }
        return c.pop();
    }

    private static void popReg(Cpu c, Insn i) {
        long v = popSized(c, i.opSize);
        c.setReg(i.rm, i.opSize, false, v);
    }

    private static void popRm(Cpu c, Insn i) {
        int size = i.opSize;
        long sp = c.r[RSP];
        long v = size == 2 ? c.mem.read16(sp) : c.mem.read64(sp);
        if (i.mod == 3) {
            c.r[RSP] = sp + size;
            c.setReg(i.rm, size, false, v);
        } else {
            // The address is computed with RSP already incremented.
            c.r[RSP] = sp + size;
            long ea;
            try {
                ea = c.ea(i);
                c.store(ea, size, v);
            } catch (GuestFault f) {
                c.r[RSP] = sp;
                throw f;
            }
        }
    }

    private static void popf(Cpu c, Insn i) {
        long v = popSized(c, i.opSize);
        if (i.opSize == 2) v = (c.rflags() & ~0xFFFFL) | v;
        c.setRflags(v);
    }

    private static void leave(Cpu c, Insn i) {
        long bp = c.r[RBP];
        long v = c.mem.read64(bp);
        c.r[RSP] = bp + 8;
        c.r[RBP] = v;
    }

    private static void enter(Cpu c, Insn i) {
        int level = (int) i.imm2 & 31;
        long sp = c.r[RSP];
        long bp = c.r[RBP];
        long frame = sp - 8;
        c.mem.write64(frame, bp);
        long at = frame;
        for (int k = 1; k < level; k++) {
            at -= 8;
            c.mem.write64(at, c.mem.read64(bp - 8L * k));
        }
        if (level > 0) {
            at -= 8;
            c.mem.write64(at, frame);
        }
        c.r[RBP] = frame;
        c.r[RSP] = at - i.imm;
    }

    // ---------------------------------------------------------------- misc

    private static void cbw(Cpu c, Insn i) {
        long a = c.r[RAX];
        switch (i.opSize) {
            case 2 -> c.setReg(RAX, 2, false, (byte) a);
            case 4 -> c.setReg(RAX, 4, false, (short) a);
            default -> c.r[RAX] = (int) a;
        }
    }

    private static void cwd(Cpu c, Insn i) {
        long a = c.r[RAX];
        switch (i.opSize) {
            case 2 -> c.setReg(RDX, 2, false, ((short) a) >> 15);
            case 4 -> c.setReg(RDX, 4, false, ((int) a) >> 31);
            default -> c.r[RDX] = a >> 63;
        }
    }

    private static void xchg(Cpu c, Insn i) {
        int size = i.opSize;
        boolean rex = rex(i);
        long a = c.reg(i.reg, size, rex);
        if (i.mod == 3) {
            long b = c.reg(i.rm, size, rex);
            c.setReg(i.rm, size, rex, a);
            c.setReg(i.reg, size, rex, b);
        } else {
            long ea = c.ea(i);
            long b = c.load(ea, size);
            c.store(ea, size, a);
            c.setReg(i.reg, size, rex, b);
        }
    }

    private static void bswap(Cpu c, Insn i) {
        long v = c.r[i.rm];
        if (i.opSize == 8) c.r[i.rm] = Long.reverseBytes(v);
        else if (i.opSize == 4) c.r[i.rm] = Integer.reverseBytes((int) v) & 0xFFFFFFFFL;
        else c.setReg(i.rm, 2, false, 0); // undefined; zero as Intel CPUs do
    }

    static long swap(long v, int size) {
        return switch (size) {
            case 2 -> Short.reverseBytes((short) v) & 0xFFFF;
            case 4 -> Integer.reverseBytes((int) v) & 0xFFFFFFFFL;
            default -> Long.reverseBytes(v);
        };
    }

    /** The TSC is derived from the instruction count so runs stay deterministic. */
    private static void rdtsc(Cpu c) {
        long t = c.instructions * 4 + 1_000_000;
        c.r[RAX] = t & 0xFFFFFFFFL;
        c.r[RDX] = t >>> 32;
    }

    private static void syscall(Cpu c) {
        c.r[RCX] = c.rip;
        c.r[R11] = c.rflags() & ~0x10000L;
        c.syscalls.syscall(c);
    }

    private static void lahf(Cpu c) {
        long f = (c.rflags() & 0xD5L) | 2;
        c.r[RAX] = (c.r[RAX] & ~0xFF00L) | (f << 8);
    }

    private static void xlat(Cpu c, Insn i) {
        long a = c.r[RBX] + (c.r[RAX] & 0xFF);
        if (i.addrSize == 4) a &= 0xFFFFFFFFL;
        if (i.seg == Insn.SEG_FS) a += c.fsBase;
        else if (i.seg == Insn.SEG_GS) a += c.gsBase;
        c.setReg(RAX, 1, false, c.mem.read8(a));
    }
}
