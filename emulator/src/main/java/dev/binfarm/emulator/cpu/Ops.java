package dev.binfarm.emulator.cpu;

/**
 * Handler ids the decoder stores in {@link Insn#op}. The interpreter switches on
 * them. ALU ids come in runs of eight in the x86 order (ADD OR ADC SBB AND SUB
 * XOR CMP) so {@code op - ALU_EG} is the ALU kind.
 */
final class Ops {
    private Ops() { }

    /** Undefined or unsupported encoding found by the decoder. */
    static final int UD = 0;
    static final int NOP = 1;
    static final int SSE = 2;
    static final int X87 = 3;

    static final int ALU_EG = 8;   // r/m op= reg      (+kind)
    static final int ALU_GE = 16;  // reg op= r/m      (+kind)
    static final int ALU_EI = 24;  // r/m op= imm      (+kind)
    static final int K_ADD = 0, K_OR = 1, K_ADC = 2, K_SBB = 3, K_AND = 4, K_SUB = 5, K_XOR = 6, K_CMP = 7;

    static final int TEST_EG = 32, TEST_EI = 33;
    static final int INC = 34, DEC = 35, NOT = 36, NEG = 37;
    static final int MUL = 38, IMUL1 = 39, DIV = 40, IDIV = 41, IMUL_GE = 42, IMUL_GEI = 43;

    static final int MOV_EG = 44, MOV_GE = 45, MOV_EI = 46, MOV_AO = 47, MOV_OA = 48;
    static final int MOVZX8 = 49, MOVZX16 = 50, MOVSX8 = 51, MOVSX16 = 52, MOVSXD = 53, LEA = 54;

    static final int SHIFT_I = 55, SHIFT_CL = 56;
    static final int SHLD_I = 57, SHLD_CL = 58, SHRD_I = 59, SHRD_CL = 60;

    static final int BT_EG = 61, BTS_EG = 62, BTR_EG = 63, BTC_EG = 64, BT_EI = 65;
    static final int BSF = 66, BSR = 67, TZCNT = 68, LZCNT = 69, POPCNT = 70;

    static final int SETCC = 71, CMOVCC = 72, JCC = 73;
    static final int JMP = 74, JMP_E = 75, CALL = 76, CALL_E = 77, RET = 78, RET_IMM = 79;
    static final int JRCXZ = 80, LOOP = 81, LOOPE = 82, LOOPNE = 83;

    static final int PUSH_R = 84, POP_R = 85, PUSH_I = 86, PUSH_E = 87, POP_E = 88, PUSHF = 89, POPF = 90;
    static final int LEAVE = 91, ENTER = 92;

    static final int MOVS = 93, STOS = 94, LODS = 95, SCAS = 96, CMPS = 97;

    static final int CBW = 98, CWD = 99;
    static final int XCHG = 100, CMPXCHG = 101, CMPXCHG8B = 102, XADD = 103, BSWAP = 104;

    static final int CPUID = 105, RDTSC = 106, INT3 = 107, HLT = 108, SYSCALL = 109;
    static final int LAHF = 110, SAHF = 111, CMC = 112, CLC = 113, STC = 114, CLD = 115, STD = 116;
    static final int XLAT = 117, MOVBE_GM = 118, MOVBE_MG = 119, CRC32 = 120, RDTSCP = 121;
    /** MOV r/m, Sreg: the selectors a 64-bit Linux process sees. */
    static final int MOV_SREG = 122;

    // Decode-time specialisations of the common forms (register operands, 32/64-bit, no REX byte quirks).
    /** ALU on registers: destination in {@link Insn#rm}, source in {@link Insn#reg} (+kind). */
    static final int ALU_RR64 = 128, ALU_RR32 = 136;
    /** ALU register, immediate (+kind). */
    static final int ALU_RI64 = 144, ALU_RI32 = 152;
    /** MOV between registers: destination in rm, source in reg. */
    static final int MOV_RR64 = 160, MOV_RR32 = 161;
    /** MOV register from / to memory. */
    static final int LOAD64 = 162, LOAD32 = 163, STORE64 = 164, STORE32 = 165;
    static final int PUSH_R64 = 166, POP_R64 = 167;

    static final int COUNT = 168;

    /**
     * Op ids that begin a block of their own: the run loop counts instructions
     * per block, so these see an exact {@link Cpu#instructions} (the kernel's
     * virtual clock at SYSCALL, the deterministic TSC).
     */
    static boolean startsBlock(int op) {
        return op == SYSCALL || op == RDTSC || op == RDTSCP;
    }

    /** Op ids that end a decoded block (control transfers and events). */
    static boolean endsBlock(int op) {
        return switch (op) {
            case UD, JCC, JMP, JMP_E, CALL, CALL_E, RET, RET_IMM, JRCXZ, LOOP, LOOPE, LOOPNE,
                 SYSCALL, INT3, HLT, POPF -> true;
            default -> false;
        };
    }
}
