package dev.binfarm.emulator.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The SSE instruction forms under differential test and the operand values
 * they are fed. Each form is one concrete encoding: AT&T assembly for the
 * host assembler and the matching decoded {@link Insn} fields for the
 * emulator. Register convention: xmm1 is the destination (ModRM.reg = 1),
 * xmm2 the register source (ModRM.rm = 2), xmm0 the implicit mask, rax the
 * general register operand, and {@code 64(%rsi)} the memory operand.
 */
public final class SseCases {
    private SseCases() { }

    /** What the operand values look like. */
    public enum Kind { F32, F64, INT, SHIFT, GPR, STR }

    /**
     * One encoding. {@code asm} is the instruction text, {@code mem} whether its
     * r/m operand is the memory operand, {@code flags} whether it writes the
     * status flags, {@code approx} whether hardware only approximates it.
     */
    public record Form(String name, String asm, int opcode, int mandatory, boolean rexw, int reg, int rm, boolean mem,
                long imm, Kind kind, boolean flags, boolean approx) {
        Insn insn(long memAddress) {
            Insn i = new Insn();
            i.opcode = opcode;
            i.mandatory = mandatory;
            i.prefixes = (rexw ? Insn.P_REXW | Insn.P_REX : 0) | (mandatory == 0x66 ? Insn.P_OPSIZE : 0);
            i.reg = reg;
            i.mod = mem ? 0 : 3;
            i.rm = mem ? 0 : rm;
            i.base = Insn.NONE;
            i.index = Insn.NONE;
            i.disp = memAddress;
            i.addrSize = 8;
            i.opSize = rexw ? 8 : 4;
            i.imm = (byte) imm; // sign-extended, as a decoder may leave it
            return i;
        }
    }

    static final String M = "64(%rsi)";

    private static final List<Form> FORMS = new ArrayList<>();

    private static void add(String name, String asm, int opcode, int pfx, boolean rexw, int reg, int rm, boolean mem,
                            long imm, Kind kind, boolean flags, boolean approx) {
        FORMS.add(new Form(name, asm, opcode, pfx, rexw, reg, rm, mem, imm, kind, flags, approx));
    }

    /** "op src, %xmm1" with src = %xmm2 and src = memory. */
    private static void xx(String op, int opcode, int pfx, Kind kind) {
        add(op, op + " %xmm2, %xmm1", opcode, pfx, false, 1, 2, false, 0, kind, false, false);
        add(op, op + " " + M + ", %xmm1", opcode, pfx, false, 1, 2, true, 0, kind, false, false);
    }

    private static void xxImm(String op, int opcode, int pfx, Kind kind, int... imms) {
        for (int imm : imms) {
            add(op, op + " $" + imm + ", %xmm2, %xmm1", opcode, pfx, false, 1, 2, false, imm, kind, false, false);
            add(op, op + " $" + imm + ", " + M + ", %xmm1", opcode, pfx, false, 1, 2, true, imm, kind, false, false);
        }
    }

    private static void regOnly(String op, int opcode, int pfx, Kind kind) {
        add(op, op + " %xmm2, %xmm1", opcode, pfx, false, 1, 2, false, 0, kind, false, false);
    }

    private static void memOnly(String op, int opcode, int pfx, Kind kind) {
        add(op, op + " " + M + ", %xmm1", opcode, pfx, false, 1, 2, true, 0, kind, false, false);
    }

    /** Stores: "op %xmm1, dst" with dst = %xmm2 and dst = memory. */
    private static void store(String op, int opcode, int pfx, boolean regForm) {
        if (regForm) add(op, op + " %xmm1, %xmm2", opcode, pfx, false, 1, 2, false, 0, Kind.INT, false, false);
        add(op, op + " %xmm1, " + M, opcode, pfx, false, 1, 2, true, 0, Kind.INT, false, false);
    }

    private static void flagsForm(String op, int opcode, int pfx, Kind kind) {
        add(op, op + " %xmm2, %xmm1", opcode, pfx, false, 1, 2, false, 0, kind, true, false);
        add(op, op + " " + M + ", %xmm1", opcode, pfx, false, 1, 2, true, 0, kind, true, false);
    }

    private static void approx(String op, int opcode, int pfx) {
        add(op, op + " %xmm2, %xmm1", opcode, pfx, false, 1, 2, false, 0, Kind.F32, false, true);
        add(op, op + " " + M + ", %xmm1", opcode, pfx, false, 1, 2, true, 0, Kind.F32, false, true);
    }

    /** Conversion from a general register: "op %eax/%rax, %xmm1" and the memory form with a size suffix. */
    private static void fromGpr(String op, int opcode, int pfx) {
        add(op, op + " %eax, %xmm1", opcode, pfx, false, 1, 0, false, 0, Kind.GPR, false, false);
        add(op, op + "l " + M + ", %xmm1", opcode, pfx, false, 1, 0, true, 0, Kind.GPR, false, false);
        add(op, op + " %rax, %xmm1", opcode, pfx, true, 1, 0, false, 0, Kind.GPR, false, false);
        add(op, op + "q " + M + ", %xmm1", opcode, pfx, true, 1, 0, true, 0, Kind.GPR, false, false);
    }

    /** Conversion to a general register: "op src, %eax/%rax". */
    private static void toGpr(String op, int opcode, int pfx, Kind kind) {
        for (boolean w : new boolean[] {false, true}) {
            String r = w ? "%rax" : "%eax";
            add(op, op + " %xmm2, " + r, opcode, pfx, w, 0, 2, false, 0, kind, false, false);
            add(op, op + " " + M + ", " + r, opcode, pfx, w, 0, 2, true, 0, kind, false, false);
        }
    }

    private static void shiftImm(String op, int opcode, int digit, Kind kind, int... counts) {
        for (int c : counts) add(op, op + " $" + c + ", %xmm1", opcode, 0x66, false, digit, 1, false, c, kind, false, false);
    }

    static {
        final int N = 0, O = 0x66, F3 = 0xF3, F2 = 0xF2;
        // moves
        xx("movups", 0x110, N, Kind.INT);
        xx("movupd", 0x110, O, Kind.INT);
        xx("movaps", 0x128, N, Kind.INT);
        xx("movapd", 0x128, O, Kind.INT);
        xx("movdqa", 0x16F, O, Kind.INT);
        xx("movdqu", 0x16F, F3, Kind.INT);
        memOnly("lddqu", 0x1F0, F2, Kind.INT);
        memOnly("movntdqa", 0x22A, O, Kind.INT);
        store("movups", 0x111, N, true);
        store("movupd", 0x111, O, true);
        store("movaps", 0x129, N, true);
        store("movapd", 0x129, O, true);
        store("movdqa", 0x17F, O, true);
        store("movdqu", 0x17F, F3, true);
        store("movntps", 0x12B, N, false);
        store("movntpd", 0x12B, O, false);
        store("movntdq", 0x1E7, O, false);
        xx("movss", 0x110, F3, Kind.INT);
        xx("movsd", 0x110, F2, Kind.INT);
        store("movss", 0x111, F3, false);
        store("movsd", 0x111, F2, false);
        add("movss.s", ".byte 0xf3,0x0f,0x11,0xca", 0x111, F3, false, 1, 2, false, 0, Kind.INT, false, false);
        add("movsd.s", ".byte 0xf2,0x0f,0x11,0xca", 0x111, F2, false, 1, 2, false, 0, Kind.INT, false, false);
        regOnly("movhlps", 0x112, N, Kind.INT);
        regOnly("movlhps", 0x116, N, Kind.INT);
        memOnly("movlps", 0x112, N, Kind.INT);
        memOnly("movlpd", 0x112, O, Kind.INT);
        memOnly("movhps", 0x116, N, Kind.INT);
        memOnly("movhpd", 0x116, O, Kind.INT);
        store("movlps", 0x113, N, false);
        store("movlpd", 0x113, O, false);
        store("movhps", 0x117, N, false);
        store("movhpd", 0x117, O, false);
        xx("movddup", 0x112, F2, Kind.INT);
        xx("movsldup", 0x112, F3, Kind.INT);
        xx("movshdup", 0x116, F3, Kind.INT);
        add("movd", "movd %eax, %xmm1", 0x16E, O, false, 1, 0, false, 0, Kind.GPR, false, false);
        add("movd", "movd " + M + ", %xmm1", 0x16E, O, false, 1, 0, true, 0, Kind.GPR, false, false);
        add("movq", "movq %rax, %xmm1", 0x16E, O, true, 1, 0, false, 0, Kind.GPR, false, false);
        add("movd", "movd %xmm1, %eax", 0x17E, O, false, 1, 0, false, 0, Kind.INT, false, false);
        add("movd", "movd %xmm1, " + M, 0x17E, O, false, 1, 0, true, 0, Kind.INT, false, false);
        add("movq", "movq %xmm1, %rax", 0x17E, O, true, 1, 0, false, 0, Kind.INT, false, false);
        xx("movq", 0x17E, F3, Kind.INT);
        add("movq", "movq %xmm1, " + M, 0x1D6, O, false, 1, 2, true, 0, Kind.INT, false, false);
        add("movq.d6", ".byte 0x66,0x0f,0xd6,0xca", 0x1D6, O, false, 1, 2, false, 0, Kind.INT, false, false);
        add("movmskps", "movmskps %xmm2, %eax", 0x150, N, false, 0, 2, false, 0, Kind.F32, false, false);
        add("movmskpd", "movmskpd %xmm2, %eax", 0x150, O, false, 0, 2, false, 0, Kind.F64, false, false);
        add("pmovmskb", "pmovmskb %xmm2, %eax", 0x1D7, O, false, 0, 2, false, 0, Kind.INT, false, false);
        add("maskmovdqu", "lea " + M + ", %rdi; maskmovdqu %xmm2, %xmm1", 0x1F7, O, false, 1, 2, false, 0, Kind.INT, false, false);

        // float arithmetic
        String[] sfx = {"ps", "pd", "ss", "sd"};
        int[] pfx = {N, O, F3, F2};
        String[] arith = {"add", "mul", "sub", "min", "div", "max", "sqrt"};
        int[] arithOp = {0x158, 0x159, 0x15C, 0x15D, 0x15E, 0x15F, 0x151};
        for (int a = 0; a < arith.length; a++) {
            for (int s = 0; s < 4; s++) xx(arith[a] + sfx[s], arithOp[a], pfx[s], s == 1 || s == 3 ? Kind.F64 : Kind.F32);
        }
        approx("rcpps", 0x153, N);
        approx("rcpss", 0x153, F3);
        approx("rsqrtps", 0x152, N);
        approx("rsqrtss", 0x152, F3);
        xx("haddps", 0x17C, F2, Kind.F32);
        xx("hsubps", 0x17D, F2, Kind.F32);
        xx("haddpd", 0x17C, O, Kind.F64);
        xx("hsubpd", 0x17D, O, Kind.F64);
        xx("addsubps", 0x1D0, F2, Kind.F32);
        xx("addsubpd", 0x1D0, O, Kind.F64);
        for (String op : new String[] {"and", "andn", "or", "xor"}) {
            int code = switch (op) { case "and" -> 0x154; case "andn" -> 0x155; case "or" -> 0x156; default -> 0x157; };
            xx(op + "ps", code, N, Kind.INT);
            xx(op + "pd", code, O, Kind.INT);
        }
        for (int p = 0; p < 8; p++) {
            xxImm("cmpps", 0x1C2, N, Kind.F32, p);
            xxImm("cmppd", 0x1C2, O, Kind.F64, p);
            xxImm("cmpss", 0x1C2, F3, Kind.F32, p);
            xxImm("cmpsd", 0x1C2, F2, Kind.F64, p);
        }
        flagsForm("ucomiss", 0x12E, N, Kind.F32);
        flagsForm("comiss", 0x12F, N, Kind.F32);
        flagsForm("ucomisd", 0x12E, O, Kind.F64);
        flagsForm("comisd", 0x12F, O, Kind.F64);
        xx("unpcklps", 0x114, N, Kind.INT);
        xx("unpckhps", 0x115, N, Kind.INT);
        xx("unpcklpd", 0x114, O, Kind.INT);
        xx("unpckhpd", 0x115, O, Kind.INT);
        xxImm("shufps", 0x1C6, N, Kind.INT, 0x00, 0x1B, 0x4E, 0xE4, 0xB1, 0xFF);
        xxImm("shufpd", 0x1C6, O, Kind.INT, 0, 1, 2, 3);

        // conversions
        fromGpr("cvtsi2ss", 0x12A, F3);
        fromGpr("cvtsi2sd", 0x12A, F2);
        toGpr("cvttss2si", 0x12C, F3, Kind.F32);
        toGpr("cvtss2si", 0x12D, F3, Kind.F32);
        toGpr("cvttsd2si", 0x12C, F2, Kind.F64);
        toGpr("cvtsd2si", 0x12D, F2, Kind.F64);
        xx("cvtps2pd", 0x15A, N, Kind.F32);
        xx("cvtpd2ps", 0x15A, O, Kind.F64);
        xx("cvtss2sd", 0x15A, F3, Kind.F32);
        xx("cvtsd2ss", 0x15A, F2, Kind.F64);
        xx("cvtdq2ps", 0x15B, N, Kind.INT);
        xx("cvtps2dq", 0x15B, O, Kind.F32);
        xx("cvttps2dq", 0x15B, F3, Kind.F32);
        xx("cvttpd2dq", 0x1E6, O, Kind.F64);
        xx("cvtpd2dq", 0x1E6, F2, Kind.F64);
        xx("cvtdq2pd", 0x1E6, F3, Kind.INT);

        // packed integer
        String[][] ints = {
            {"paddb", "1FC"}, {"paddw", "1FD"}, {"paddd", "1FE"}, {"paddq", "1D4"},
            {"psubb", "1F8"}, {"psubw", "1F9"}, {"psubd", "1FA"}, {"psubq", "1FB"},
            {"paddsb", "1EC"}, {"paddsw", "1ED"}, {"paddusb", "1DC"}, {"paddusw", "1DD"},
            {"psubsb", "1E8"}, {"psubsw", "1E9"}, {"psubusb", "1D8"}, {"psubusw", "1D9"},
            {"pmullw", "1D5"}, {"pmulhw", "1E5"}, {"pmulhuw", "1E4"}, {"pmuludq", "1F4"}, {"pmaddwd", "1F5"},
            {"pavgb", "1E0"}, {"pavgw", "1E3"}, {"pminub", "1DA"}, {"pmaxub", "1DE"}, {"pminsw", "1EA"}, {"pmaxsw", "1EE"},
            {"psadbw", "1F6"}, {"pcmpeqb", "174"}, {"pcmpeqw", "175"}, {"pcmpeqd", "176"},
            {"pcmpgtb", "164"}, {"pcmpgtw", "165"}, {"pcmpgtd", "166"},
            {"pand", "1DB"}, {"pandn", "1DF"}, {"por", "1EB"}, {"pxor", "1EF"},
            {"punpcklbw", "160"}, {"punpcklwd", "161"}, {"punpckldq", "162"}, {"punpcklqdq", "16C"},
            {"punpckhbw", "168"}, {"punpckhwd", "169"}, {"punpckhdq", "16A"}, {"punpckhqdq", "16D"},
            {"packsswb", "163"}, {"packuswb", "167"}, {"packssdw", "16B"},
            // SSSE3
            {"pshufb", "200"}, {"phaddw", "201"}, {"phaddd", "202"}, {"phaddsw", "203"}, {"pmaddubsw", "204"},
            {"phsubw", "205"}, {"phsubd", "206"}, {"phsubsw", "207"}, {"psignb", "208"}, {"psignw", "209"},
            {"psignd", "20A"}, {"pmulhrsw", "20B"}, {"pabsb", "21C"}, {"pabsw", "21D"}, {"pabsd", "21E"},
            // SSE4.1 / 4.2
            {"pmuldq", "228"}, {"pcmpeqq", "229"}, {"packusdw", "22B"}, {"pcmpgtq", "237"},
            {"pminsb", "238"}, {"pminsd", "239"}, {"pminuw", "23A"}, {"pminud", "23B"},
            {"pmaxsb", "23C"}, {"pmaxsd", "23D"}, {"pmaxuw", "23E"}, {"pmaxud", "23F"}, {"pmulld", "240"},
            {"phminposuw", "241"},
            {"pmovsxbw", "220"}, {"pmovsxbd", "221"}, {"pmovsxbq", "222"}, {"pmovsxwd", "223"}, {"pmovsxwq", "224"}, {"pmovsxdq", "225"},
            {"pmovzxbw", "230"}, {"pmovzxbd", "231"}, {"pmovzxbq", "232"}, {"pmovzxwd", "233"}, {"pmovzxwq", "234"}, {"pmovzxdq", "235"},
            {"pblendvb", "210"}, {"blendvps", "214"}, {"blendvpd", "215"},
        };
        for (String[] f : ints) xx(f[0], Integer.parseInt(f[1], 16), O, Kind.INT);
        flagsForm("ptest", 0x217, O, Kind.INT);
        xxImm("palignr", 0x30F, O, Kind.INT, 0, 1, 5, 8, 15, 16, 17, 31, 32, 200);
        xxImm("pshufd", 0x170, O, Kind.INT, 0x00, 0x1B, 0x4E, 0xE4, 0xB1, 0x93);
        xxImm("pshuflw", 0x170, F2, Kind.INT, 0x1B, 0xE4, 0x93);
        xxImm("pshufhw", 0x170, F3, Kind.INT, 0x1B, 0xE4, 0x93);
        for (int k : new int[] {0, 3, 7}) {
            add("pinsrw", "pinsrw $" + k + ", %eax, %xmm1", 0x1C4, O, false, 1, 0, false, k, Kind.GPR, false, false);
            add("pinsrw", "pinsrw $" + k + ", " + M + ", %xmm1", 0x1C4, O, false, 1, 0, true, k, Kind.GPR, false, false);
            add("pextrw", "pextrw $" + k + ", %xmm2, %eax", 0x1C5, O, false, 0, 2, false, k, Kind.INT, false, false);
            add("pextrw", "pextrw $" + k + ", %xmm1, " + M, 0x315, O, false, 1, 0, true, k, Kind.INT, false, false);
        }
        for (int k : new int[] {0, 5, 15}) {
            add("pextrb", "pextrb $" + k + ", %xmm1, %eax", 0x314, O, false, 1, 0, false, k, Kind.INT, false, false);
            add("pextrb", "pextrb $" + k + ", %xmm1, " + M, 0x314, O, false, 1, 0, true, k, Kind.INT, false, false);
            add("pinsrb", "pinsrb $" + k + ", %eax, %xmm1", 0x320, O, false, 1, 0, false, k, Kind.GPR, false, false);
            add("pinsrb", "pinsrb $" + k + ", " + M + ", %xmm1", 0x320, O, false, 1, 0, true, k, Kind.GPR, false, false);
        }
        for (int k = 0; k < 4; k++) {
            add("pextrd", "pextrd $" + k + ", %xmm1, %eax", 0x316, O, false, 1, 0, false, k, Kind.INT, false, false);
            add("pextrd", "pextrd $" + k + ", %xmm1, " + M, 0x316, O, false, 1, 0, true, k, Kind.INT, false, false);
            add("extractps", "extractps $" + k + ", %xmm1, %eax", 0x317, O, false, 1, 0, false, k, Kind.INT, false, false);
            add("extractps", "extractps $" + k + ", %xmm1, " + M, 0x317, O, false, 1, 0, true, k, Kind.INT, false, false);
            add("pinsrd", "pinsrd $" + k + ", %eax, %xmm1", 0x322, O, false, 1, 0, false, k, Kind.GPR, false, false);
            add("pinsrd", "pinsrd $" + k + ", " + M + ", %xmm1", 0x322, O, false, 1, 0, true, k, Kind.GPR, false, false);
        }
        for (int k = 0; k < 2; k++) {
            add("pextrq", "pextrq $" + k + ", %xmm1, %rax", 0x316, O, true, 1, 0, false, k, Kind.INT, false, false);
            add("pinsrq", "pinsrq $" + k + ", %rax, %xmm1", 0x322, O, true, 1, 0, false, k, Kind.GPR, false, false);
            add("pinsrq", "pinsrq $" + k + ", " + M + ", %xmm1", 0x322, O, true, 1, 0, true, k, Kind.GPR, false, false);
            add("pextrq", "pextrq $" + k + ", %xmm1, " + M, 0x316, O, true, 1, 0, true, k, Kind.INT, false, false);
        }
        xxImm("insertps", 0x321, O, Kind.INT, 0x00, 0x4A, 0xD0, 0x35, 0xFF);
        xxImm("dpps", 0x340, O, Kind.F32, 0xFF, 0xF1, 0x3C, 0x5A, 0xA5, 0x00);
        xxImm("dppd", 0x341, O, Kind.F64, 0x33, 0x31, 0x12, 0x03, 0x00);
        xxImm("mpsadbw", 0x342, O, Kind.INT, 0, 1, 2, 3, 4, 5, 6, 7);
        // SSE4.2 string compares: every source format x aggregation x polarity, both index/mask orders.
        for (int imm = 0; imm < 0x80; imm++) {
            int[] ops = {0x360, 0x361, 0x362, 0x363};
            String[] names = {"pcmpestrm", "pcmpestri", "pcmpistrm", "pcmpistri"};
            int which = imm % 4; // spread the 128 immediates over the four instructions
            add(names[which], names[which] + " $" + imm + ", %xmm2, %xmm1", ops[which], O, false, 1, 2, false, imm, Kind.STR, true, false);
            add(names[which], names[which] + " $" + imm + ", " + M + ", %xmm1", ops[which], O, false, 1, 2, true, imm, Kind.STR, true, false);
            int other = (which + 1) % 4;
            add(names[other], names[other] + " $" + imm + ", %xmm2, %xmm1", ops[other], O, false, 1, 2, false, imm, Kind.STR, true, false);
        }
        xxImm("blendps", 0x30C, O, Kind.INT, 0x0, 0x5, 0xA, 0xF);
        xxImm("blendpd", 0x30D, O, Kind.INT, 0, 1, 2, 3);
        xxImm("pblendw", 0x30E, O, Kind.INT, 0x00, 0x5A, 0xC3, 0xFF);
        xxImm("roundps", 0x308, O, Kind.F32, 0, 1, 2, 3, 4, 8, 9);
        xxImm("roundpd", 0x309, O, Kind.F64, 0, 1, 2, 3, 4, 8, 9);
        xxImm("roundss", 0x30A, O, Kind.F32, 0, 1, 2, 3, 4);
        xxImm("roundsd", 0x30B, O, Kind.F64, 0, 1, 2, 3, 4);

        // shifts
        String[][] shifts = {
            {"psrlw", "1D1"}, {"psrld", "1D2"}, {"psrlq", "1D3"}, {"psraw", "1E1"}, {"psrad", "1E2"},
            {"psllw", "1F1"}, {"pslld", "1F2"}, {"psllq", "1F3"},
        };
        for (String[] f : shifts) xx(f[0], Integer.parseInt(f[1], 16), O, Kind.SHIFT);
        int[] counts = {0, 1, 7, 15, 16, 31, 32, 63, 64, 200};
        shiftImm("psrlw", 0x171, 2, Kind.INT, counts);
        shiftImm("psraw", 0x171, 4, Kind.INT, counts);
        shiftImm("psllw", 0x171, 6, Kind.INT, counts);
        shiftImm("psrld", 0x172, 2, Kind.INT, counts);
        shiftImm("psrad", 0x172, 4, Kind.INT, counts);
        shiftImm("pslld", 0x172, 6, Kind.INT, counts);
        shiftImm("psrlq", 0x173, 2, Kind.INT, counts);
        shiftImm("psllq", 0x173, 6, Kind.INT, counts);
        shiftImm("psrldq", 0x173, 3, Kind.INT, 0, 1, 7, 8, 9, 15, 16, 200);
        shiftImm("pslldq", 0x173, 7, Kind.INT, 0, 1, 7, 8, 9, 15, 16, 200);
    }

    public static List<Form> forms() { return FORMS; }

    // ------------------------------------------------------------------ values

    static final int[] F32_EDGES = {
        0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x3F000000, 0x3FC00000, 0x40200000, 0xC0200000,
        0x3EC00000, 0xBEC00000, 0x3F400000, 0x40400000, 0x00000001, 0x80000001, 0x007FFFFF, 0x807FFFFF,
        0x00800000, 0x80800000, 0x00400000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000,
        0x7FC00000, 0xFFC00000, 0x7FC12345, 0xFFD00001, 0x7F800001, 0xFF800001, 0x7FA00000, 0x7FBFFFFF,
        0x4F000000, 0xCF000000, 0x4EFFFFFF, 0xCF000001, 0x5F000000, 0xDF000000, 0x5EFFFFFF, 0xDF000001,
        0x3EAAAAAB, 0x4B000001, 0x4B7FFFFF, 0x4AFFFFFF, 0x3F7FFFFF, 0x3F800001, 0x1F800000, 0x0C000000,
        // products/quotients with the denormals above that land next to MIN_NORMAL (tininess edge)
        0x4AFFFFFE, 0x4B000000, 0x3F7FFFFE, 0x007FFFFE, 0x00800001, 0x80800001,
    };

    static final long[] F64_EDGES = {
        0L, 0x8000000000000000L, 0x3FF0000000000000L, 0xBFF0000000000000L, 0x3FE0000000000000L,
        0x3FF8000000000000L, 0x4004000000000000L, 0xC004000000000000L, 0x3FD8000000000000L, 0xBFD8000000000000L,
        1L, 0x8000000000000001L, 0x000FFFFFFFFFFFFFL, 0x0010000000000000L, 0x8010000000000000L,
        0x7FEFFFFFFFFFFFFFL, 0xFFEFFFFFFFFFFFFFL, 0x7FF0000000000000L, 0xFFF0000000000000L,
        0x7FF8000000000000L, 0xFFF8000000000000L, 0x7FF8000012345678L, 0xFFF4000000000001L,
        0x7FF0000000000001L, 0x7FF7FFFFFFFFFFFFL, 0x41E0000000000000L, 0xC1E0000000000000L,
        0x41DFFFFFFFC00000L, 0x41DFFFFFFFFFFFFFL, 0xC1E0000000200000L, 0xC1E00000001FFFFFL,
        0x43E0000000000000L, 0xC3E0000000000000L, 0x43DFFFFFFFFFFFFFL, 0xC3E0000000000001L,
        0x3FD5555555555555L, 0x4330000000000001L, 0x4330000000000000L, 0x432FFFFFFFFFFFFFL,
        0x3810000000000000L, 0x36A0000000000000L, 0x47EFFFFFE0000000L, 0x47EFFFFFF0000000L,
        0x47F0000000000000L, 0x3690000000000000L, 0x380FFFFFFFFFFFFFL, 0x36A0000000000001L,
        0x433FFFFFFFFFFFFFL, 0x433FFFFFFFFFFFFEL, 0x3FEFFFFFFFFFFFFFL, 0x0010000000000001L, 0x000FFFFFFFFFFFFEL,
    };

    static final long[] INT_EDGES = {
        0, -1, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL,
        Long.MAX_VALUE, Long.MIN_VALUE, 0x8080808080808080L, 0x7F7F7F7F7F7F7F7FL, 0x8000800080008000L,
        0x7FFF7FFF7FFF7FFFL, 0x0123456789ABCDEFL, 0xFEDCBA9876543210L, 0x0001000100010001L,
        -2, 16777217, -16777217, 9007199254740993L, -9007199254740993L, 0x7FFFFFFFFFFFFDFFL,
    };

    /** A float bit pattern: edges, random bits, ordinary values, values near the ends of the range. */
    static int f32(Random rnd) {
        return switch (rnd.nextInt(7)) {
            // square roots of the range ends: products of two land next to MIN_NORMAL or MAX
            case 6 -> (rnd.nextInt() & 0x807FFFFF) | (rnd.nextBoolean() ? 0x3F + rnd.nextInt(3) : 0xBE + rnd.nextInt(3)) << 23;
            case 0, 1 -> F32_EDGES[rnd.nextInt(F32_EDGES.length)];
            case 2 -> rnd.nextInt();
            case 3 -> Float.floatToRawIntBits((float) ((rnd.nextDouble() - 0.5) * Math.pow(2, rnd.nextInt(40) - 8)));
            case 4 -> (rnd.nextInt() & 0x807FFFFF) | (rnd.nextBoolean() ? rnd.nextInt(3) << 23 : (0xFC + rnd.nextInt(3)) << 23);
            default -> Float.floatToRawIntBits((float) Math.rint((rnd.nextDouble() - 0.5) * 16) / 2);
        };
    }

    static long f64(Random rnd) {
        return switch (rnd.nextInt(7)) {
            case 6 -> (rnd.nextLong() & 0x800FFFFFFFFFFFFFL)
                    | ((long) (rnd.nextBoolean() ? 0x1FF + rnd.nextInt(3) : 0x5FE + rnd.nextInt(3)) << 52);
            case 0, 1 -> F64_EDGES[rnd.nextInt(F64_EDGES.length)];
            case 2 -> rnd.nextLong();
            case 3 -> Double.doubleToRawLongBits((rnd.nextDouble() - 0.5) * Math.pow(2, rnd.nextInt(80) - 16));
            case 4 -> (rnd.nextLong() & 0x800FFFFFFFFFFFFFL)
                    | ((long) (rnd.nextBoolean() ? rnd.nextInt(3) : 0x7FC + rnd.nextInt(3)) << 52);
            default -> Double.doubleToRawLongBits(Math.rint((rnd.nextDouble() - 0.5) * 16) / 2);
        };
    }

    public static long int64(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> INT_EDGES[rnd.nextInt(INT_EDGES.length)];
            case 1 -> {
                long v = 0; // byte-wise edges exercise saturation in every lane
                for (int k = 0; k < 8; k++) v |= (long) new int[] {0, 1, 0x7F, 0x80, 0xFF, 0xFE, 0x81, rnd.nextInt(256)}[rnd.nextInt(8)] << (8 * k);
                yield v;
            }
            case 2 -> (long) rnd.nextInt(rnd.nextBoolean() ? 16 : 1 << 20) * (rnd.nextBoolean() ? 1 : -1);
            default -> rnd.nextLong();
        };
    }

    /** An explicit string length for PCMPESTR*: mostly in range, sometimes negative or huge. */
    public static long length(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> -rnd.nextInt(20);
            case 1 -> rnd.nextBoolean() ? Long.MIN_VALUE : 0x100000005L;
            default -> rnd.nextInt(18);
        };
    }

    /** Low and high half of an XMM value of the given kind. */
    public static long half(Kind kind, Random rnd) {
        return switch (kind) {
            case STR -> {
                // A small alphabet, so elements match often; nulls (ending implicit strings) in some values only.
                int[] alphabet = {'a', 'b', 'c', 'z', 0xFF, 0x80, 0x61};
                boolean nulls = rnd.nextBoolean();
                long v = 0;
                for (int k = 0; k < 8; k++) {
                    int c = nulls && rnd.nextInt(8) == 0 ? 0 : alphabet[rnd.nextInt(alphabet.length)];
                    v |= (long) c << (8 * k);
                }
                yield v;
            }
            case F32 -> (f32(rnd) & 0xFFFFFFFFL) | ((long) f32(rnd) << 32);
            case F64 -> f64(rnd);
            default -> int64(rnd);
        };
    }

    static final int[] MXCSRS = {0x1F80, 0x3F80, 0x5F80, 0x7F80, 0x1FC0, 0x9F80, 0x9FC0, 0xFFC0};

    /** A control mode (mostly the Linux default), with some sticky status flags already set now and then. */
    public static int mxcsr(Random rnd) {
        int m = rnd.nextInt(3) == 0 ? MXCSRS[rnd.nextInt(MXCSRS.length)] : 0x1F80;
        return rnd.nextInt(4) == 0 ? m | rnd.nextInt(64) : m;
    }

    /** Makes the source lanes relate to the destination's (equal, negated, one ulp apart) now and then. */
    public static long related(Kind kind, long dst, long src, Random rnd) {
        if (rnd.nextInt(4) != 0) return src;
        return switch (kind) {
            case F32 -> {
                long r = 0;
                for (int k = 0; k < 64; k += 32) {
                    int d = (int) (dst >>> k), s = (int) (src >>> k);
                    float df = Float.intBitsToFloat(d);
                    int near = rnd.nextInt(5) - 2;
                    // Sources whose product or quotient with d lands within ulps of MIN_NORMAL or MAX.
                    int v = switch (rnd.nextInt(8)) {
                        case 0 -> d;
                        case 1 -> d ^ 0x80000000;
                        case 2 -> d + 1;
                        case 4 -> Float.floatToRawIntBits(Float.MIN_NORMAL / df) + near;
                        case 5 -> Float.floatToRawIntBits(Float.MAX_VALUE / df) + near;
                        case 6 -> Float.floatToRawIntBits(df / Float.MIN_NORMAL) + near;
                        case 7 -> Float.floatToRawIntBits(df / Float.MAX_VALUE) + near;
                        default -> s;
                    };
                    r |= (v & 0xFFFFFFFFL) << k;
                }
                yield r;
            }
            case F64 -> {
                double dd = Double.longBitsToDouble(dst);
                int near = rnd.nextInt(5) - 2;
                yield switch (rnd.nextInt(8)) {
                    case 0 -> dst;
                    case 1 -> dst ^ Long.MIN_VALUE;
                    case 2 -> dst + 1;
                    case 4 -> Double.doubleToRawLongBits(Double.MIN_NORMAL / dd) + near;
                    case 5 -> Double.doubleToRawLongBits(Double.MAX_VALUE / dd) + near;
                    case 6 -> Double.doubleToRawLongBits(dd / Double.MIN_NORMAL) + near;
                    case 7 -> Double.doubleToRawLongBits(dd / Double.MAX_VALUE) + near;
                    default -> src;
                };
            }
            default -> rnd.nextBoolean() ? dst : src;
        };
    }
}
