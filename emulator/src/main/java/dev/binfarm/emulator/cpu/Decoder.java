package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.GuestMemory;

import static dev.binfarm.emulator.cpu.Ops.*;

/**
 * Turns instruction bytes into {@link Insn}s: prefixes, REX, the four opcode
 * maps, ModRM/SIB/displacement and immediates. Everything that depends only on
 * the bytes and the address is resolved here (RIP-relative operands become an
 * absolute displacement, branch targets become absolute addresses in imm).
 */
final class Decoder {
    // Immediate kinds.
    private static final int I_NONE = 0, I_B = 1, I_UB = 2, I_W = 3, I_Z = 4, I_V = 5, I_REL8 = 6, I_REL32 = 7,
            I_ENTER = 8, I_MOFFS = 9;

    private final GuestMemory mem;
    private long ip;
    private int pos;
    private byte[] page, page2;
    private long pageBase;
    private boolean tooLong;

    Decoder(GuestMemory mem) {
        this.mem = mem;
    }

    private int next() {
        if (pos >= 15) { tooLong = true; pos++; return 0; }
        long a = ip + pos++;
        if ((a & ~GuestMemory.PAGE_MASK) == pageBase) return page[(int) (a & GuestMemory.PAGE_MASK)] & 0xFF;
        if (page2 == null) page2 = mem.codePage(a);
        return page2[(int) (a & GuestMemory.PAGE_MASK)] & 0xFF;
    }

    void decode(long rip, Insn i) {
        ip = rip;
        pos = 0;
        tooLong = false;
        page = mem.codePage(rip);
        pageBase = rip & ~GuestMemory.PAGE_MASK;
        page2 = null;

        i.rip = rip;
        i.prefixes = 0;
        i.seg = Insn.SEG_NONE;
        i.mod = -1;
        i.reg = 0;
        i.rm = 0;
        i.base = Insn.NONE;
        i.index = Insn.NONE;
        i.scale = 0;
        i.disp = 0;
        i.imm = 0;
        i.imm2 = 0;

        int rex = 0, lastRep = 0, p = 0;
        int b;
        prefixes:
        while (true) {
            b = next();
            switch (b) {
                case 0x66 -> p |= Insn.P_OPSIZE;
                case 0x67 -> p |= Insn.P_ADDRSIZE;
                case 0xF2 -> { p |= Insn.P_REPNE; lastRep = 0xF2; }
                case 0xF3 -> { p |= Insn.P_REP; lastRep = 0xF3; }
                case 0xF0 -> p |= Insn.P_LOCK;
                case 0x2E, 0x36, 0x3E, 0x26 -> { }
                case 0x64 -> i.seg = Insn.SEG_FS;
                case 0x65 -> i.seg = Insn.SEG_GS;
                default -> {
                    if ((b & 0xF0) == 0x40) { rex = b; continue prefixes; }
                    break prefixes;
                }
            }
            rex = 0; // a REX prefix counts only right before the opcode
            if (tooLong) break;
        }
        if (rex != 0) p |= Insn.P_REX;
        if ((rex & 8) != 0) p |= Insn.P_REXW;
        i.prefixes = p;
        i.mandatory = lastRep != 0 ? lastRep : (p & Insn.P_OPSIZE) != 0 ? 0x66 : 0;
        i.opSize = (rex & 8) != 0 ? 8 : (p & Insn.P_OPSIZE) != 0 ? 2 : 4;
        i.addrSize = (p & Insn.P_ADDRSIZE) != 0 ? 4 : 8;

        int map = Insn.MAP_1;
        if (b == 0x0F) {
            b = next();
            if (b == 0x38) { map = Insn.MAP_0F38; b = next(); }
            else if (b == 0x3A) { map = Insn.MAP_0F3A; b = next(); }
            else map = Insn.MAP_0F;
        }
        int opc = map | b;
        i.opcode = opc;
        int opcodeEnd = pos;

        int digit = 0;
        ripRelative = false;
        if (hasModrm(opc)) {
            int m = next();
            digit = (m >> 3) & 7;
            modrm(i, m, rex);
        }
        int imm = I_NONE;
        int op;
        int rexB = (rex & 1) << 3;

        switch (map) {
            case Insn.MAP_1 -> {
                if (b < 0x40 && (b & 7) < 6) {
                    int kind = b >> 3;
                    switch (b & 7) {
                        case 0 -> { op = ALU_EG + kind; i.opSize = 1; }
                        case 1 -> op = ALU_EG + kind;
                        case 2 -> { op = ALU_GE + kind; i.opSize = 1; }
                        case 3 -> op = ALU_GE + kind;
                        case 4 -> { op = ALU_EI + kind; i.opSize = 1; implicitReg(i, 0); imm = I_B; }
                        default -> { op = ALU_EI + kind; implicitReg(i, 0); imm = I_Z; }
                    }
                } else {
                    switch (b) {
                        case 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57 -> { op = PUSH_R; i.rm = (b & 7) | rexB; }
                        case 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F -> { op = POP_R; i.rm = (b & 7) | rexB; }
                        case 0x63 -> op = MOVSXD;
                        case 0x68 -> { op = PUSH_I; imm = I_Z; }
                        case 0x69 -> { op = IMUL_GEI; imm = I_Z; }
                        case 0x6A -> { op = PUSH_I; imm = I_B; }
                        case 0x6B -> { op = IMUL_GEI; imm = I_B; }
                        case 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
                             0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F -> { op = JCC; imm = I_REL8; }
                        case 0x80 -> { op = ALU_EI + digit; i.opSize = 1; imm = I_B; }
                        case 0x81 -> { op = ALU_EI + digit; imm = I_Z; }
                        case 0x83 -> { op = ALU_EI + digit; imm = I_B; }
                        case 0x84 -> { op = TEST_EG; i.opSize = 1; }
                        case 0x85 -> op = TEST_EG;
                        case 0x86 -> { op = XCHG; i.opSize = 1; }
                        case 0x87 -> op = XCHG;
                        case 0x88 -> { op = MOV_EG; i.opSize = 1; }
                        case 0x89 -> op = MOV_EG;
                        case 0x8A -> { op = MOV_GE; i.opSize = 1; }
                        case 0x8B -> op = MOV_GE;
                        case 0x8C -> { op = digit <= 5 ? MOV_SREG : UD; if (i.mod != 3) i.opSize = 2; }
                        case 0x8D -> op = i.mod == 3 ? UD : LEA;
                        case 0x8F -> op = digit == 0 ? POP_E : UD;
                        case 0x90 -> {
                            if (rexB != 0) { op = XCHG; i.reg = 0; implicitReg(i, 8); }
                            else op = NOP; // nop, pause
                        }
                        case 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97 -> { op = XCHG; i.reg = 0; implicitReg(i, (b & 7) | rexB); }
                        case 0x98 -> op = CBW;
                        case 0x99 -> op = CWD;
                        case 0x9B -> op = NOP; // fwait: x87 exceptions are masked
                        case 0x9C -> op = PUSHF;
                        case 0x9D -> op = POPF;
                        case 0x9E -> op = SAHF;
                        case 0x9F -> op = LAHF;
                        case 0xA0, 0xA1 -> { op = MOV_GE; i.reg = 0; imm = I_MOFFS; if (b == 0xA0) i.opSize = 1; }
                        case 0xA2, 0xA3 -> { op = MOV_EG; i.reg = 0; imm = I_MOFFS; if (b == 0xA2) i.opSize = 1; }
                        case 0xA4 -> { op = MOVS; i.opSize = 1; }
                        case 0xA5 -> op = MOVS;
                        case 0xA6 -> { op = CMPS; i.opSize = 1; }
                        case 0xA7 -> op = CMPS;
                        case 0xA8 -> { op = TEST_EI; i.opSize = 1; implicitReg(i, 0); imm = I_B; }
                        case 0xA9 -> { op = TEST_EI; implicitReg(i, 0); imm = I_Z; }
                        case 0xAA -> { op = STOS; i.opSize = 1; }
                        case 0xAB -> op = STOS;
                        case 0xAC -> { op = LODS; i.opSize = 1; }
                        case 0xAD -> op = LODS;
                        case 0xAE -> { op = SCAS; i.opSize = 1; }
                        case 0xAF -> op = SCAS;
                        case 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7 -> {
                            op = MOV_EI; i.opSize = 1; implicitReg(i, (b & 7) | rexB); imm = I_B;
                        }
                        case 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF -> {
                            op = MOV_EI; implicitReg(i, (b & 7) | rexB); imm = I_V;
                        }
                        case 0xC0 -> { op = SHIFT_I; i.opSize = 1; imm = I_UB; }
                        case 0xC1 -> { op = SHIFT_I; imm = I_UB; }
                        case 0xC2 -> { op = RET_IMM; imm = I_W; }
                        case 0xC3 -> op = RET;
                        case 0xC6 -> { op = digit == 0 ? MOV_EI : UD; i.opSize = 1; imm = digit == 0 ? I_B : I_NONE; }
                        case 0xC7 -> { op = digit == 0 ? MOV_EI : UD; imm = digit == 0 ? I_Z : I_NONE; }
                        case 0xC8 -> { op = ENTER; imm = I_ENTER; }
                        case 0xC9 -> op = LEAVE;
                        case 0xCC -> op = INT3;
                        case 0xD0 -> { op = SHIFT_I; i.opSize = 1; i.imm = 1; }
                        case 0xD1 -> { op = SHIFT_I; i.imm = 1; }
                        case 0xD2 -> { op = SHIFT_CL; i.opSize = 1; }
                        case 0xD3 -> op = SHIFT_CL; // /6 is an undocumented alias of SHL on Intel, accepted like hardware does
                        case 0xD7 -> op = XLAT;
                        case 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF -> op = X87;
                        case 0xE0 -> { op = LOOPNE; imm = I_REL8; }
                        case 0xE1 -> { op = LOOPE; imm = I_REL8; }
                        case 0xE2 -> { op = LOOP; imm = I_REL8; }
                        case 0xE3 -> { op = JRCXZ; imm = I_REL8; }
                        case 0xE8 -> { op = CALL; imm = I_REL32; }
                        case 0xE9 -> { op = JMP; imm = I_REL32; }
                        case 0xEB -> { op = JMP; imm = I_REL8; }
                        case 0xF4 -> op = HLT;
                        case 0xF5 -> op = CMC;
                        case 0xF6, 0xF7 -> {
                            if (b == 0xF6) i.opSize = 1;
                            op = switch (digit) {
                                case 0, 1 -> TEST_EI;
                                case 2 -> NOT;
                                case 3 -> NEG;
                                case 4 -> MUL;
                                case 5 -> IMUL1;
                                case 6 -> DIV;
                                default -> IDIV;
                            };
                            if (digit < 2) imm = b == 0xF6 ? I_B : I_Z;
                        }
                        case 0xF8 -> op = CLC;
                        case 0xF9 -> op = STC;
                        case 0xFC -> op = CLD;
                        case 0xFD -> op = STD;
                        case 0xFE -> { i.opSize = 1; op = digit == 0 ? INC : digit == 1 ? DEC : UD; }
                        case 0xFF -> op = switch (digit) {
                            case 0 -> INC;
                            case 1 -> DEC;
                            case 2 -> CALL_E;
                            case 4 -> JMP_E;
                            case 6 -> PUSH_E;
                            default -> UD;
                        };
                        default -> op = UD;
                    }
                }
            }
            case Insn.MAP_0F -> {
                if (isSse0F(b)) {
                    op = SSE;
                    if ((b >= 0x70 && b <= 0x73) || b == 0xC2 || (b >= 0xC4 && b <= 0xC6)) imm = I_UB;
                } else {
                    switch (b) {
                        case 0x01 -> op = i.mod == 3 && digit == 7 && (i.rm & 7) == 1 ? RDTSCP : UD;
                        case 0x05 -> op = SYSCALL;
                        case 0x0D, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F -> op = NOP;
                        case 0x31 -> op = RDTSC;
                        case 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
                             0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F -> op = CMOVCC;
                        case 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
                             0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F -> { op = JCC; imm = I_REL32; }
                        case 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
                             0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F -> { op = SETCC; i.opSize = 1; }
                        case 0xA2 -> op = CPUID;
                        case 0xA3 -> op = BT_EG;
                        case 0xA4 -> { op = SHLD_I; imm = I_UB; }
                        case 0xA5 -> op = SHLD_CL;
                        case 0xAB -> op = BTS_EG;
                        case 0xAC -> { op = SHRD_I; imm = I_UB; }
                        case 0xAD -> op = SHRD_CL;
                        case 0xAE -> op = groupAE(i, digit);
                        case 0xAF -> op = IMUL_GE;
                        case 0xB0 -> { op = CMPXCHG; i.opSize = 1; }
                        case 0xB1 -> op = CMPXCHG;
                        case 0xB3 -> op = BTR_EG;
                        case 0xB6 -> op = MOVZX8;
                        case 0xB7 -> op = MOVZX16;
                        case 0xB8 -> op = i.mandatory == 0xF3 ? POPCNT : UD;
                        case 0xBA -> { op = digit >= 4 ? BT_EI : UD; imm = I_UB; }
                        case 0xBB -> op = BTC_EG;
                        case 0xBC -> op = i.mandatory == 0xF3 ? TZCNT : BSF;
                        case 0xBD -> op = i.mandatory == 0xF3 ? LZCNT : BSR;
                        case 0xBE -> op = MOVSX8;
                        case 0xBF -> op = MOVSX16;
                        case 0xC0 -> { op = XADD; i.opSize = 1; }
                        case 0xC1 -> op = XADD;
                        case 0xC3 -> op = i.mod == 3 ? UD : MOV_EG; // movnti
                        case 0xC7 -> op = digit == 1 && i.mod != 3 ? CMPXCHG8B : UD;
                        case 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF -> { op = BSWAP; i.rm = (b & 7) | rexB; }
                        default -> op = UD; // includes 0F 0B ud2
                    }
                }
            }
            case Insn.MAP_0F38 -> {
                if (b == 0xF0 || b == 0xF1) {
                    if (i.mandatory == 0xF2) { op = CRC32; if (b == 0xF0) i.opSize = 1; }
                    else if (i.mandatory != 0xF3 && i.mod != 3) op = b == 0xF0 ? MOVBE_GM : MOVBE_MG;
                    else op = UD;
                } else op = SSE;
            }
            default -> { op = SSE; imm = I_UB; }
        }
        i.op = op;

        // Immediates.
        switch (imm) {
            case I_NONE -> { }
            case I_B -> i.imm = (byte) next();
            case I_UB -> i.imm = next();
            case I_W -> i.imm = next() | next() << 8;
            case I_Z -> i.imm = i.opSize == 2 ? (short) (next() | next() << 8) : (long) imm32();
            case I_V -> i.imm = i.opSize == 2 ? next() | next() << 8
                    : i.opSize == 4 ? imm32() & 0xFFFFFFFFL : (imm32() & 0xFFFFFFFFL) | (long) imm32() << 32;
            case I_REL8 -> i.imm = (byte) next();
            case I_REL32 -> i.imm = imm32();
            case I_ENTER -> { i.imm = next() | next() << 8; i.imm2 = next(); }
            case I_MOFFS -> {
                long a = imm32() & 0xFFFFFFFFL;
                if (i.addrSize == 8) a |= (long) imm32() << 32;
                i.mod = 0;
                i.disp = a;
            }
            default -> throw new IllegalStateException();
        }
        if (tooLong) { i.op = UD; pos = 15; }
        else if (i.op == UD) pos = opcodeEnd; // undefined: its length is unknowable, show the opcode only
        i.len = pos;
        i.nextRip = rip + pos;
        if (imm == I_REL8 || imm == I_REL32) i.imm += i.nextRip;
        if (ripRelative) i.disp += i.nextRip;
        // 32-bit operand forms that exist only as 64-bit in long mode.
        if (i.opSize == 4 && defaultsTo64(op)) i.opSize = 8;
        specialise(i);
    }

    /** Picks a faster handler for the most frequent operand forms; semantics stay those of the general op. */
    private static void specialise(Insn i) {
        int op = i.op, size = i.opSize;
        if (size != 8 && size != 4) return;
        boolean wide = size == 8;
        if (op >= ALU_EG && op < ALU_EG + 8 && i.mod == 3) {
            i.op = (wide ? ALU_RR64 : ALU_RR32) + op - ALU_EG;
        } else if (op >= ALU_GE && op < ALU_GE + 8 && i.mod == 3) {
            int t = i.reg; i.reg = i.rm; i.rm = t; // destination into rm, as for ALU_EG
            i.op = (wide ? ALU_RR64 : ALU_RR32) + op - ALU_GE;
        } else if (op >= ALU_EI && op < ALU_EI + 8 && i.mod == 3) {
            i.op = (wide ? ALU_RI64 : ALU_RI32) + op - ALU_EI;
        } else if (op == MOV_EG) {
            i.op = i.mod == 3 ? (wide ? MOV_RR64 : MOV_RR32) : (wide ? STORE64 : STORE32);
        } else if (op == MOV_GE) {
            if (i.mod == 3) { int t = i.reg; i.reg = i.rm; i.rm = t; i.op = wide ? MOV_RR64 : MOV_RR32; }
            else i.op = wide ? LOAD64 : LOAD32;
        } else if (op == PUSH_R && wide) {
            i.op = PUSH_R64;
        } else if (op == POP_R && wide) {
            i.op = POP_R64;
        }
    }

    private boolean ripRelative;

    private static boolean defaultsTo64(int op) {
        return switch (op) {
            case PUSH_R, POP_R, PUSH_I, PUSH_E, POP_E, PUSHF, POPF, CALL_E, JMP_E, LEAVE, ENTER -> true;
            default -> false;
        };
    }

    private int imm32() {
        return next() | next() << 8 | next() << 16 | next() << 24;
    }

    /** An operand register implied by the opcode, stored as a register r/m operand. */
    private static void implicitReg(Insn i, int reg) {
        i.mod = 3;
        i.rm = reg;
    }

    private void modrm(Insn i, int m, int rex) {
        int mod = m >> 6;
        i.mod = mod;
        i.reg = ((m >> 3) & 7) | (rex & 4) << 1;
        int rm = m & 7;
        if (mod == 3) {
            i.rm = rm | (rex & 1) << 3;
            return;
        }
        if (rm == 4) {
            int sib = next();
            i.scale = sib >> 6;
            int idx = ((sib >> 3) & 7) | (rex & 2) << 2;
            i.index = idx == 4 ? Insn.NONE : idx;
            int base = sib & 7;
            if (base == 5 && mod == 0) {
                i.base = Insn.NONE;
                i.disp = imm32();
                return;
            }
            i.base = base | (rex & 1) << 3;
        } else if (rm == 5 && mod == 0) {
            i.base = Insn.NONE;
            i.disp = imm32();
            ripRelative = true;
            return;
        } else {
            i.base = rm | (rex & 1) << 3;
        }
        if (mod == 1) i.disp = (byte) next();
        else if (mod == 2) i.disp = imm32();
    }

    private static boolean hasModrm(int opc) {
        int b = opc & 0xFF;
        switch (opc & 0xF00) {
            case Insn.MAP_1:
                if (b < 0x40) return (b & 7) < 4;
                return switch (b) {
                    case 0x62, 0x63, 0x69, 0x6B, 0xC0, 0xC1, 0xC4, 0xC5, 0xC6, 0xC7,
                         0xD0, 0xD1, 0xD2, 0xD3, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF,
                         0xF6, 0xF7, 0xFE, 0xFF -> true;
                    default -> b >= 0x80 && b <= 0x8F;
                };
            case Insn.MAP_0F:
                return switch (b) {
                    case 0x05, 0x06, 0x07, 0x08, 0x09, 0x0B, 0x0E, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x37,
                         0x77, 0xA0, 0xA1, 0xA2, 0xA8, 0xA9, 0xAA -> false;
                    default -> !(b >= 0x80 && b <= 0x8F) && !(b >= 0xC8 && b <= 0xCF);
                };
            default:
                return true;
        }
    }

    /** 0F-map opcodes that operate on XMM (or MMX) registers: the SSE unit's. */
    private static boolean isSse0F(int b) {
        // 0F 78/79 are VMREAD/VMWRITE (and AMD's EXTRQ/INSERTQ with a prefix): #UD for an Intel user process.
        if (b == 0x78 || b == 0x79) return false;
        return (b >= 0x10 && b <= 0x17) || (b >= 0x28 && b <= 0x2F) || (b >= 0x50 && b <= 0x7F)
                || b == 0xC2 || (b >= 0xC4 && b <= 0xC6) || b >= 0xD0;
    }

    private static int groupAE(Insn i, int digit) {
        if (i.mod == 3) return (digit >= 5 && i.mandatory == 0) ? NOP : UD; // lfence, mfence, sfence
        return switch (digit) {
            case 0, 1 -> X87;   // fxsave, fxrstor
            case 2, 3 -> SSE;   // ldmxcsr, stmxcsr
            case 7 -> i.mandatory == 0 || i.mandatory == 0x66 ? NOP : UD; // clflush, clflushopt
            default -> UD;
        };
    }
}
