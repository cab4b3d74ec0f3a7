package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.GuestFault;
import org.objectweb.asm.MethodVisitor;

import static org.objectweb.asm.Opcodes.*;

/**
 * The SSE part of the translator ({@link Jit}): the SSE instructions hot code runs most (moves, XMM to and
 * from general registers, packed-integer logic, add/sub, compares, unpacks, shuffles and shifts by an
 * immediate) emitted as bytecode with every decoded field a constant, instead of a call to
 * {@link Sse#exec} that decodes and dispatches on every execution. Only integer instructions: they touch
 * neither MXCSR nor the flags. Everything else still goes through the SSE unit.
 *
 * <p>Semantics are {@link Sse}'s, operand by operand: 128-bit memory operands as two 8-byte halves, low
 * first; the legacy alignment rule (#GP, a {@link GuestFault} with cause PROTECTION, before any access)
 * for the aligned forms; every memory access before the first register write, so a fault leaves the state
 * as before the instruction (the translator's precise-fault rule).
 */
final class JitSse {
    /** What the SSE emitters need from the translator. */
    interface Host {
        MethodVisitor mv();
        /** Pushes the memory operand's address (segment bases included) as a long. */
        void address(Insn i);
        /** Pushes general register {@code n}. */
        void lreg(int n);
        /** Pops a long into general register {@code n}. */
        void sreg(int n);
        /** Hands the flags to the CPU's fields (before an instruction that sets them there). */
        void staticFlagFlush();
    }

    private static final String CPU = "dev/binfarm/emulator/cpu/Cpu", MEM = "dev/binfarm/emulator/mem/GuestMemory";
    private static final String SELF = "dev/binfarm/emulator/cpu/JitSse", INT = "dev/binfarm/emulator/cpu/SseInt";

    /** Local slots of our own, far above the translator's: the XMM array, an address, the operand halves, the result. */
    private static final int L_X = 200, L_A = 202, L_DLO = 204, L_DHI = 206, L_SLO = 208, L_SHI = 210, L_RLO = 212, L_RHI = 214;

    private final Host host;
    private final int lCpu, lMem;
    private MethodVisitor mv;

    JitSse(Host host, int lCpu, int lMem) {
        this.host = host;
        this.lCpu = lCpu;
        this.lMem = lMem;
    }

    /** Sse's dispatch key: mandatory prefix index (none, 66, F3, F2) << 12 | map + opcode. */
    private static int key(Insn i) {
        int p = switch (i.mandatory) {
            case 0x66 -> 1;
            case 0xF3 -> 2;
            case 0xF2 -> 3;
            default -> 0;
        };
        return p << 12 | i.opcode;
    }

    /** Whether {@code i} (an SSE instruction) is emitted here. */
    static boolean native_(Insn i) {
        boolean reg = i.mod == 3;
        int digit = i.reg & 7;
        return switch (key(i)) {
            // moves
            case 0x0_110, 0x0_111, 0x0_128, 0x0_129, 0x1_110, 0x1_111, 0x1_128, 0x1_129, 0x1_16F, 0x1_17F,
                 0x2_16F, 0x2_17F, 0x2_110, 0x2_111, 0x3_110, 0x3_111, 0x2_17E, 0x1_1D6, 0x1_16E, 0x1_17E -> true;
            case 0x0_12B, 0x1_12B, 0x1_1E7 -> !reg;                                   // movnt*: memory only
            case 0x0_112, 0x0_116 -> true;                                              // movlps/movhlps, movhps/movlhps
            case 0x1_112, 0x1_116, 0x0_113, 0x1_113, 0x0_117, 0x1_117 -> !reg;         // movlpd/movhpd, the stores
            case 0x1_1D7 -> reg;                                                        // pmovmskb
            // logic, add/sub, compares
            case 0x0_154, 0x0_155, 0x0_156, 0x0_157, 0x1_154, 0x1_155, 0x1_156, 0x1_157,
                 0x1_1DB, 0x1_1DF, 0x1_1EB, 0x1_1EF,
                 0x1_1FC, 0x1_1FD, 0x1_1FE, 0x1_1D4, 0x1_1F8, 0x1_1F9, 0x1_1FA, 0x1_1FB,
                 0x1_174, 0x1_175, 0x1_176 -> true;
            // unpacks, packs, shuffles
            case 0x0_114, 0x0_115, 0x1_114, 0x1_115, 0x1_160, 0x1_161, 0x1_162, 0x1_168, 0x1_169, 0x1_16A,
                 0x1_16C, 0x1_16D, 0x1_163, 0x1_167, 0x1_16B, 0x1_170, 0x1_30F -> true;
            // shifts by an immediate
            case 0x1_171, 0x1_172 -> reg && (digit == 2 || digit == 4 || digit == 6);
            case 0x1_173 -> reg && (digit == 2 || digit == 3 || digit == 6 || digit == 7);
            // scalar float arithmetic, conversions and compares: through the SSE unit's entry points (MXCSR exact)
            case 0x3_158, 0x3_159, 0x3_15C, 0x3_15D, 0x3_15E, 0x3_15F, 0x3_151,
                 0x2_158, 0x2_159, 0x2_15C, 0x2_15D, 0x2_15E, 0x2_15F, 0x2_151,
                 0x3_12A, 0x2_12A, 0x3_12C, 0x3_12D, 0x2_12C, 0x2_12D, 0x0_12E, 0x0_12F, 0x1_12E, 0x1_12F -> true;
            default -> false;
        };
    }

    // ------------------------------------------------------------------ runtime helpers (small: HotSpot inlines them)

    /** {@code a}, or #GP when it is not 16-byte aligned (legacy SSE rule, as {@link Sse} raises it). */
    static long aligned(long a, boolean write) {
        if ((a & 15) != 0) throw new GuestFault(a, write ? GuestFault.Access.WRITE : GuestFault.Access.READ, GuestFault.Cause.PROTECTION);
        return a;
    }

    /** The low 32 bits of {@code v}, bytes spread to the low byte of each 16-bit lane. */
    private static long spread8(long v) {
        long t = v & 0xFFFFFFFFL;
        t = (t | t << 16) & 0x0000FFFF0000FFFFL;
        return (t | t << 8) & 0x00FF00FF00FF00FFL;
    }

    /** The low 32 bits of {@code v}, words spread to the low word of each 32-bit lane. */
    private static long spread16(long v) {
        return (v & 0xFFFFL) | (v & 0xFFFF0000L) << 16;
    }

    /** PUNPCKL/H (one 64-bit half of each operand, x first): the low result half. width 8, 16 or 32. */
    static long unpackLo(long x, long y, int width) {
        return switch (width) {
            case 8 -> spread8(x) | spread8(y) << 8;
            case 16 -> spread16(x) | spread16(y) << 16;
            default -> (x & 0xFFFFFFFFL) | y << 32;
        };
    }

    /** PUNPCKL/H: the high result half. */
    static long unpackHi(long x, long y, int width) {
        return switch (width) {
            case 8 -> spread8(x >>> 32) | spread8(y >>> 32) << 8;
            case 16 -> spread16(x >>> 32) | spread16(y >>> 32) << 16;
            default -> (x >>> 32) | (y & 0xFFFFFFFF00000000L);
        };
    }

    /** PALIGNR: the 64 bits at bit {@code bits} of the 256-bit value d:s (s low), zeros beyond. */
    static long alignr(long s0, long s1, long d0, long d1, int bits) {
        int q = bits >>> 6, r = bits & 63;
        long w0 = word(s0, s1, d0, d1, q);
        if (r == 0) return w0;
        return (w0 >>> r) | (word(s0, s1, d0, d1, q + 1) << (64 - r));
    }

    private static long word(long s0, long s1, long d0, long d1, int q) {
        return switch (q) {
            case 0 -> s0;
            case 1 -> s1;
            case 2 -> d0;
            case 3 -> d1;
            default -> 0;
        };
    }

    // ------------------------------------------------------------------ emitters

    /** Emits instruction {@code i}; {@link #native_} said yes. */
    void emit(Insn i) {
        mv = host.mv();
        mv.visitVarInsn(ALOAD, lCpu);
        mv.visitFieldInsn(GETFIELD, CPU, "xmm", "[J");
        mv.visitVarInsn(ASTORE, L_X);
        int key = key(i);
        int d = 2 * i.reg, s = 2 * i.rm;
        boolean w = (i.prefixes & Insn.P_REXW) != 0;
        switch (key) {
            case 0x0_110, 0x1_110, 0x2_16F -> { src(i, false); put(d, L_SLO, L_SHI); }     // movups/movupd/movdqu
            case 0x0_128, 0x1_128, 0x1_16F -> { src(i, true); put(d, L_SLO, L_SHI); }      // movaps/movapd/movdqa
            case 0x0_111, 0x1_111, 0x2_17F -> store128(i, false);
            case 0x0_129, 0x1_129, 0x1_17F, 0x0_12B, 0x1_12B, 0x1_1E7 -> store128(i, true);
            case 0x3_110 -> {                                                                // movsd xmm, xmm/m64
                if (i.mod == 3) { xget(s); xset(d); }
                else { load64(i); xset(d); lconst(0); xset(d + 1); }
            }
            case 0x3_111 -> {                                                                // movsd xmm/m64, xmm
                if (i.mod == 3) { xget(d); xset(s); }
                else store64(i, d);
            }
            case 0x2_110 -> {                                                                // movss xmm, xmm/m32
                if (i.mod == 3) { xget(d); xget(s); merge32(); xset(d); }
                else {
                    load32(i);
                    xset(d);
                    lconst(0);
                    xset(d + 1);
                }
            }
            case 0x2_111 -> {                                                                // movss xmm/m32, xmm
                if (i.mod == 3) { xget(s); xget(d); merge32(); xset(s); }
                else {
                    store32(i, d);
                }
            }
            case 0x0_112, 0x1_112 -> {                                                       // movlps/movlpd m64, movhlps
                if (i.mod == 3) xget(s + 1); else load64(i);
                xset(d);
            }
            case 0x0_116, 0x1_116 -> {                                                       // movhps/movhpd m64, movlhps
                if (i.mod == 3) xget(s); else load64(i);
                xset(d + 1);
            }
            case 0x0_113, 0x1_113 -> store64(i, d);                                          // movlps/movlpd to m64
            case 0x0_117, 0x1_117 -> store64(i, d + 1);                                      // movhps/movhpd to m64
            case 0x2_17E -> {                                                                // movq xmm, xmm/m64
                if (i.mod == 3) xget(s); else load64(i);
                xset(d);
                lconst(0);
                xset(d + 1);
            }
            case 0x1_1D6 -> {                                                                // movq xmm/m64, xmm
                if (i.mod == 3) { xget(d); xset(s); lconst(0); xset(s + 1); }
                else store64(i, d);
            }
            case 0x1_16E -> {                                                                // movd/movq xmm, r/m
                if (i.mod == 3) {
                    host.lreg(i.rm);
                    if (!w) { lconst(0xFFFFFFFFL); mv.visitInsn(LAND); }
                } else if (w) {
                    load64(i);
                } else {
                    load32(i);
                }
                xset(d);
                lconst(0);
                xset(d + 1);
            }
            case 0x1_17E -> {                                                                // movd/movq r/m, xmm
                if (i.mod == 3) {
                    xget(d);
                    if (!w) { lconst(0xFFFFFFFFL); mv.visitInsn(LAND); }
                    host.sreg(i.rm);
                } else if (w) {
                    store64(i, d);
                } else {
                    store32(i, d);
                }
            }
            case 0x1_1D7 -> {                                                                // pmovmskb r, xmm
                xget(s);
                mv.visitMethodInsn(INVOKESTATIC, INT, "byteSigns", "(J)J", false);
                xget(s + 1);
                mv.visitMethodInsn(INVOKESTATIC, INT, "byteSigns", "(J)J", false);
                mv.visitIntInsn(BIPUSH, 8);
                mv.visitInsn(LSHL);
                mv.visitInsn(LOR);
                host.sreg(i.reg);
            }
            case 0x0_154, 0x1_154, 0x1_1DB -> lanes(i, LAND);
            case 0x0_156, 0x1_156, 0x1_1EB -> lanes(i, LOR);
            case 0x0_157, 0x1_157, 0x1_1EF -> lanes(i, LXOR);
            case 0x1_1D4 -> lanes(i, LADD);
            case 0x1_1FB -> lanes(i, LSUB);
            case 0x0_155, 0x1_155, 0x1_1DF -> {                                              // andn: ~d & s
                operands(i);
                mv.visitVarInsn(LLOAD, L_DLO); lconst(-1); mv.visitInsn(LXOR); mv.visitVarInsn(LLOAD, L_SLO); mv.visitInsn(LAND);
                mv.visitVarInsn(LSTORE, L_RLO);
                mv.visitVarInsn(LLOAD, L_DHI); lconst(-1); mv.visitInsn(LXOR); mv.visitVarInsn(LLOAD, L_SHI); mv.visitInsn(LAND);
                mv.visitVarInsn(LSTORE, L_RHI);
                put(d, L_RLO, L_RHI);
            }
            case 0x1_1FC -> swar(i, "add", SseInt.H8);
            case 0x1_1FD -> swar(i, "add", SseInt.H16);
            case 0x1_1FE -> swar(i, "add", SseInt.H32);
            case 0x1_1F8 -> swar(i, "sub", SseInt.H8);
            case 0x1_1F9 -> swar(i, "sub", SseInt.H16);
            case 0x1_1FA -> swar(i, "sub", SseInt.H32);
            case 0x1_174 -> swar(i, "cmpeq", SseInt.H8);
            case 0x1_175 -> swar(i, "cmpeq", SseInt.H16);
            case 0x1_176 -> swar(i, "cmpeq", SseInt.H32);
            case 0x1_160 -> unpack(i, false, 8);
            case 0x1_161 -> unpack(i, false, 16);
            case 0x1_162, 0x0_114 -> unpack(i, false, 32);
            case 0x1_168 -> unpack(i, true, 8);
            case 0x1_169 -> unpack(i, true, 16);
            case 0x1_16A, 0x0_115 -> unpack(i, true, 32);
            case 0x1_16C, 0x1_114 -> { operands(i); put(d, L_DLO, L_SLO); }                  // punpcklqdq/unpcklpd
            case 0x1_16D, 0x1_115 -> { operands(i); put(d, L_DHI, L_SHI); }                  // punpckhqdq/unpckhpd
            case 0x1_163 -> pack(i, "packWords", false);                                     // packsswb
            case 0x1_167 -> pack(i, "packWords", true);                                      // packuswb
            case 0x1_16B -> pack(i, "packDwords", false);                                    // packssdw
            case 0x1_170 -> pshufd(i);
            case 0x1_30F -> {                                                                // palignr
                operands(i);
                int bits = ((int) i.imm & 0xFF) * 8;
                alignr(bits);
                mv.visitVarInsn(LSTORE, L_RLO);
                alignr(bits + 64);
                mv.visitVarInsn(LSTORE, L_RHI);
                put(d, L_RLO, L_RHI);
            }
            case 0x1_171 -> shiftImm(i, 16);
            case 0x1_172 -> shiftImm(i, 32);
            case 0x1_173 -> shiftImm(i, 64);
            case 0x3_158, 0x3_159, 0x3_15C, 0x3_15D, 0x3_15E, 0x3_15F, 0x3_151 -> scalar64(i, floatOp(i.opcode));
            case 0x2_158, 0x2_159, 0x2_15C, 0x2_15D, 0x2_15E, 0x2_15F, 0x2_151 -> scalar32(i, floatOp(i.opcode));
            case 0x3_12A, 0x2_12A -> fromInt(i, key == 0x2_12A);
            case 0x3_12C, 0x3_12D, 0x2_12C, 0x2_12D -> toInt(i, key >> 12 == 2, (key & 0xFF) == 0x2C);
            case 0x0_12E, 0x0_12F, 0x1_12E, 0x1_12F -> comis(i, key >> 12 == 0, (key & 0xFF) == 0x2F);
            default -> throw new IllegalStateException("SSE key " + Integer.toHexString(key) + " marked native but not emitted");
        }
    }

    // ------------------------------------------------------------------ scalar float: operands here, arithmetic in Sse

    private static final String SSE = "dev/binfarm/emulator/cpu/Sse", CPU_D = "L" + CPU + ";";

    private static int floatOp(int opcode) {
        return switch (opcode & 0xFF) {
            case 0x58 -> SseFloat.ADD;
            case 0x59 -> SseFloat.MUL;
            case 0x5C -> SseFloat.SUB;
            case 0x5D -> SseFloat.MIN;
            case 0x5E -> SseFloat.DIV;
            case 0x5F -> SseFloat.MAX;
            default -> SseFloat.SQRT; // 0x51
        };
    }

    /** Pushes cpu.sse and cpu: the receiver and first argument of the Sse entry points. */
    private void sseAndCpu() {
        mv.visitVarInsn(ALOAD, lCpu);
        mv.visitFieldInsn(GETFIELD, CPU, "sse", "L" + SSE + ";");
        mv.visitVarInsn(ALOAD, lCpu);
    }

    /** The r/m operand's low 64 bits ({@code single}: 32 bits, zero-extended) into L_SLO. */
    private void srcScalar(Insn i, boolean single) {
        if (i.mod == 3) xget(2 * i.rm);
        else if (!single) load64(i);
        else {
            mv.visitVarInsn(ALOAD, lMem);
            host.address(i);
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbRead32", "(J)I", false);
            mv.visitInsn(I2L);
        }
        mv.visitVarInsn(LSTORE, L_SLO);
    }

    /** ADDSD..SQRTSD: xmm[reg].lo = op(xmm[reg].lo, source); the high half stays. */
    private void scalar64(Insn i, int op) {
        int d = 2 * i.reg;
        srcScalar(i, false);
        sseAndCpu();
        iconst(op);
        xget(d);
        mv.visitVarInsn(LLOAD, L_SLO);
        mv.visitMethodInsn(INVOKEVIRTUAL, SSE, "scalarOp64", "(" + CPU_D + "IJJ)J", false);
        xset(d);
    }

    /** ADDSS..SQRTSS: the low 32 bits replaced, the rest stays. */
    private void scalar32(Insn i, int op) {
        int d = 2 * i.reg;
        srcScalar(i, true);
        xget(d);
        sseAndCpu();
        iconst(op);
        xget(d);
        mv.visitInsn(L2I);
        mv.visitVarInsn(LLOAD, L_SLO);
        mv.visitInsn(L2I);
        mv.visitMethodInsn(INVOKEVIRTUAL, SSE, "scalarOp32", "(" + CPU_D + "III)I", false);
        mv.visitInsn(I2L);
        merge32();
        xset(d);
    }

    /** CVTSI2SD / CVTSI2SS ({@code single}): r/m32 sign-extended, or r/m64 with REX.W. */
    private void fromInt(Insn i, boolean single) {
        int d = 2 * i.reg;
        boolean w = (i.prefixes & Insn.P_REXW) != 0;
        if (i.mod == 3) {
            host.lreg(i.rm);
            if (!w) { mv.visitInsn(L2I); mv.visitInsn(I2L); }
        } else if (w) {
            load64(i);
        } else {
            mv.visitVarInsn(ALOAD, lMem);
            host.address(i);
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbRead32", "(J)I", false);
            mv.visitInsn(I2L);
        }
        mv.visitVarInsn(LSTORE, L_SLO);
        if (single) xget(d);
        sseAndCpu();
        mv.visitVarInsn(LLOAD, L_SLO);
        if (single) {
            mv.visitMethodInsn(INVOKEVIRTUAL, SSE, "intToF32", "(" + CPU_D + "J)I", false);
            mv.visitInsn(I2L);
            merge32();
        } else {
            mv.visitMethodInsn(INVOKEVIRTUAL, SSE, "intToF64", "(" + CPU_D + "J)J", false);
        }
        xset(d);
    }

    /** CVT(T)SD2SI / CVT(T)SS2SI into general register reg (32-bit results zero-extended). */
    private void toInt(Insn i, boolean single, boolean truncate) {
        boolean w = (i.prefixes & Insn.P_REXW) != 0;
        srcScalar(i, single);
        sseAndCpu();
        mv.visitVarInsn(LLOAD, L_SLO);
        iconst(single ? 1 : 0);
        iconst(truncate ? 1 : 0);
        iconst(w ? 1 : 0);
        mv.visitMethodInsn(INVOKEVIRTUAL, SSE, "toInt", "(" + CPU_D + "JZZZ)J", false);
        if (!w) { lconst(0xFFFFFFFFL); mv.visitInsn(LAND); }
        host.sreg(i.reg);
    }

    /** (U)COMISD / (U)COMISS: the status flags are set in the CPU's fields, so the translator's go there first. */
    private void comis(Insn i, boolean single, boolean signaling) {
        srcScalar(i, single);
        host.staticFlagFlush();
        sseAndCpu();
        xget(2 * i.reg);
        mv.visitVarInsn(LLOAD, L_SLO);
        iconst(single ? 1 : 0);
        iconst(signaling ? 1 : 0);
        mv.visitMethodInsn(INVOKEVIRTUAL, SSE, "comis", "(" + CPU_D + "JJZZ)V", false);
    }

    /** The r/m operand's 128 bits into L_SLO/L_SHI (memory: aligned or not, as the instruction demands). */
    private void src(Insn i, boolean aligned) {
        if (i.mod == 3) {
            xget(2 * i.rm); mv.visitVarInsn(LSTORE, L_SLO);
            xget(2 * i.rm + 1); mv.visitVarInsn(LSTORE, L_SHI);
            return;
        }
        address128(i, aligned, false);
        mv.visitVarInsn(ALOAD, lMem);
        mv.visitVarInsn(LLOAD, L_A);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbRead64", "(J)J", false);
        mv.visitVarInsn(LSTORE, L_SLO);
        mv.visitVarInsn(ALOAD, lMem);
        mv.visitVarInsn(LLOAD, L_A);
        lconst(8);
        mv.visitInsn(LADD);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbRead64", "(J)J", false);
        mv.visitVarInsn(LSTORE, L_SHI);
    }

    /** The 16-byte memory operand's address into L_A, checked for alignment when the instruction demands it. */
    private void address128(Insn i, boolean aligned, boolean write) {
        host.address(i);
        if (aligned) {
            iconst(write ? 1 : 0);
            mv.visitMethodInsn(INVOKESTATIC, SELF, "aligned", "(JZ)J", false);
        }
        mv.visitVarInsn(LSTORE, L_A);
    }

    /** Source (aligned if memory) into L_SLO/L_SHI, then the destination register into L_DLO/L_DHI. */
    private void operands(Insn i) {
        src(i, true);
        xget(2 * i.reg); mv.visitVarInsn(LSTORE, L_DLO);
        xget(2 * i.reg + 1); mv.visitVarInsn(LSTORE, L_DHI);
    }

    /** Stores the reg operand to the r/m operand (register, or 16 bytes of memory written whole or not at all). */
    private void store128(Insn i, boolean aligned) {
        int d = 2 * i.reg;
        if (i.mod == 3) {
            xget(d); mv.visitVarInsn(LSTORE, L_SLO);
            xget(d + 1); mv.visitVarInsn(LSTORE, L_SHI);
            put(2 * i.rm, L_SLO, L_SHI);
            return;
        }
        address128(i, aligned, true);
        mv.visitVarInsn(ALOAD, lMem);
        mv.visitVarInsn(LLOAD, L_A);
        xget(d);
        xget(d + 1);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbWrite128", "(JJJ)V", false);
    }

    /** Stores the low 32 bits of XMM half {@code d} to the memory operand. */
    private void store32(Insn i, int d) {
        mv.visitVarInsn(ALOAD, lMem);
        host.address(i);
        xget(d);
        mv.visitInsn(L2I);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbWrite32", "(JI)V", false);
    }

    /** Pushes the 32-bit memory operand, zero-extended. */
    private void load32(Insn i) {
        mv.visitVarInsn(ALOAD, lMem);
        host.address(i);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbRead32", "(J)I", false);
        mv.visitInsn(I2L);
        lconst(0xFFFFFFFFL);
        mv.visitInsn(LAND);
    }

    /** Pushes the 64-bit memory operand. */
    private void load64(Insn i) {
        mv.visitVarInsn(ALOAD, lMem);
        host.address(i);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbRead64", "(J)J", false);
    }

    /** Writes the low half of XMM slot {@code x} to the 64-bit memory operand. */
    private void store64(Insn i, int x) {
        mv.visitVarInsn(ALOAD, lMem);
        host.address(i);
        xget(x);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbWrite64", "(JJ)V", false);
    }

    /** dst = dst op src per 64-bit half, with one long bytecode op. */
    private void lanes(Insn i, int opcode) {
        operands(i);
        mv.visitVarInsn(LLOAD, L_DLO); mv.visitVarInsn(LLOAD, L_SLO); mv.visitInsn(opcode); mv.visitVarInsn(LSTORE, L_RLO);
        mv.visitVarInsn(LLOAD, L_DHI); mv.visitVarInsn(LLOAD, L_SHI); mv.visitInsn(opcode); mv.visitVarInsn(LSTORE, L_RHI);
        put(2 * i.reg, L_RLO, L_RHI);
    }

    /** dst = SseInt.name(dst, src, h) per 64-bit half (lane-wise add/sub/compare). */
    private void swar(Insn i, String name, long h) {
        operands(i);
        mv.visitVarInsn(LLOAD, L_DLO); mv.visitVarInsn(LLOAD, L_SLO); lconst(h);
        mv.visitMethodInsn(INVOKESTATIC, INT, name, "(JJJ)J", false);
        mv.visitVarInsn(LSTORE, L_RLO);
        mv.visitVarInsn(LLOAD, L_DHI); mv.visitVarInsn(LLOAD, L_SHI); lconst(h);
        mv.visitMethodInsn(INVOKESTATIC, INT, name, "(JJJ)J", false);
        mv.visitVarInsn(LSTORE, L_RHI);
        put(2 * i.reg, L_RLO, L_RHI);
    }

    /** PUNPCKL* ({@code high} false: the low halves) / PUNPCKH* with lanes of {@code width} bits. */
    private void unpack(Insn i, boolean high, int width) {
        operands(i);
        int x = high ? L_DHI : L_DLO, y = high ? L_SHI : L_SLO;
        mv.visitVarInsn(LLOAD, x); mv.visitVarInsn(LLOAD, y); iconst(width);
        mv.visitMethodInsn(INVOKESTATIC, SELF, "unpackLo", "(JJI)J", false);
        mv.visitVarInsn(LSTORE, L_RLO);
        mv.visitVarInsn(LLOAD, x); mv.visitVarInsn(LLOAD, y); iconst(width);
        mv.visitMethodInsn(INVOKESTATIC, SELF, "unpackHi", "(JJI)J", false);
        mv.visitVarInsn(LSTORE, L_RHI);
        put(2 * i.reg, L_RLO, L_RHI);
    }

    /** PACKSSWB/PACKUSWB/PACKSSDW: the destination packs into the low half, the source into the high. */
    private void pack(Insn i, String name, boolean unsigned) {
        operands(i);
        mv.visitVarInsn(LLOAD, L_DLO); mv.visitVarInsn(LLOAD, L_DHI); iconst(unsigned ? 1 : 0);
        mv.visitMethodInsn(INVOKESTATIC, INT, name, "(JJZ)J", false);
        mv.visitVarInsn(LSTORE, L_RLO);
        mv.visitVarInsn(LLOAD, L_SLO); mv.visitVarInsn(LLOAD, L_SHI); iconst(unsigned ? 1 : 0);
        mv.visitMethodInsn(INVOKESTATIC, INT, name, "(JJZ)J", false);
        mv.visitVarInsn(LSTORE, L_RHI);
        put(2 * i.reg, L_RLO, L_RHI);
    }

    private void alignr(int bits) {
        mv.visitVarInsn(LLOAD, L_SLO); mv.visitVarInsn(LLOAD, L_SHI); mv.visitVarInsn(LLOAD, L_DLO); mv.visitVarInsn(LLOAD, L_DHI);
        iconst(bits);
        mv.visitMethodInsn(INVOKESTATIC, SELF, "alignr", "(JJJJI)J", false);
    }

    /** PSHUFD: each result dword picks a source dword; the immediate is a constant, so each pick is a shift and a mask. */
    private void pshufd(Insn i) {
        src(i, true);
        int imm = (int) i.imm & 0xFF;
        for (int half = 0; half < 2; half++) {
            lane32(imm >> (4 * half) & 3, false);
            lane32(imm >> (4 * half + 2) & 3, true);
            mv.visitInsn(LOR);
            mv.visitVarInsn(LSTORE, half == 0 ? L_RLO : L_RHI);
        }
        put(2 * i.reg, L_RLO, L_RHI);
    }

    /** Pushes source dword {@code k} in the low ({@code top} false) or high 32 bits, the rest zero. */
    private void lane32(int k, boolean top) {
        mv.visitVarInsn(LLOAD, k < 2 ? L_SLO : L_SHI);
        boolean odd = (k & 1) != 0;
        if (odd == top) {
            lconst(odd ? 0xFFFFFFFF00000000L : 0xFFFFFFFFL);
            mv.visitInsn(LAND);
        } else {
            iconst(32);
            mv.visitInsn(odd ? LUSHR : LSHL);
        }
    }

    /** PSRL/PSRA/PSLL W/D/Q and PSRLDQ/PSLLDQ by an immediate, in place on the r/m register. */
    private void shiftImm(Insn i, int width) {
        int n = 2 * i.rm;
        int digit = i.reg & 7;
        long c = i.imm & 0xFF;
        xget(n); mv.visitVarInsn(LSTORE, L_SLO);
        xget(n + 1); mv.visitVarInsn(LSTORE, L_SHI);
        if (digit == 3 || digit == 7) {
            int bits = (int) Math.min(c, 16) * 8;
            if (digit == 3) {                                                           // psrldq
                mv.visitVarInsn(LLOAD, L_SLO); mv.visitVarInsn(LLOAD, L_SHI); iconst(bits);
                mv.visitMethodInsn(INVOKESTATIC, INT, "shr128lo", "(JJI)J", false);
                mv.visitVarInsn(LSTORE, L_RLO);
                if (bits >= 64) lconst(0);
                else { mv.visitVarInsn(LLOAD, L_SHI); iconst(bits); mv.visitInsn(LUSHR); }
                mv.visitVarInsn(LSTORE, L_RHI);
            } else {                                                                    // pslldq
                mv.visitVarInsn(LLOAD, L_SLO); mv.visitVarInsn(LLOAD, L_SHI); iconst(bits);
                mv.visitMethodInsn(INVOKESTATIC, INT, "shl128hi", "(JJI)J", false);
                mv.visitVarInsn(LSTORE, L_RHI);
                if (bits >= 64) lconst(0);
                else { mv.visitVarInsn(LLOAD, L_SLO); iconst(bits); mv.visitInsn(LSHL); }
                mv.visitVarInsn(LSTORE, L_RLO);
            }
            put(n, L_RLO, L_RHI);
            return;
        }
        for (int half = 0; half < 2; half++) {
            shiftHalf(half == 0 ? L_SLO : L_SHI, width, digit, c);
            mv.visitVarInsn(LSTORE, half == 0 ? L_RLO : L_RHI);
        }
        put(n, L_RLO, L_RHI);
    }

    /** Pushes one 64-bit half shifted lane-wise, as {@link SseInt#shift} (a count past the lane: zero, or all sign). */
    private void shiftHalf(int slot, int width, int digit, long c) {
        boolean sra = digit == 4;
        if (!sra && c >= width) { lconst(0); return; }
        int n = (int) Math.min(c, width - 1);
        if (width == 64) {
            mv.visitVarInsn(LLOAD, slot);
            iconst(n);
            mv.visitInsn(digit == 2 ? LUSHR : LSHL);                                    // no psraq in SSE
            return;
        }
        long lane = (1L << width) - 1;
        if (!sra) {
            long m = digit == 2 ? lane >>> n : (lane << n) & lane;
            long rep = 0;
            for (int k = 0; k < 64; k += width) rep |= m << k;
            mv.visitVarInsn(LLOAD, slot);
            iconst(n);
            mv.visitInsn(digit == 2 ? LUSHR : LSHL);
            lconst(rep);
            mv.visitInsn(LAND);
            return;
        }
        if (width == 32) {
            // Low dword: int shift, zero-extended; high dword: long shift keeps the sign, then back to the top.
            mv.visitVarInsn(LLOAD, slot);
            mv.visitInsn(L2I);
            iconst(n);
            mv.visitInsn(ISHR);
            mv.visitInsn(I2L);
            lconst(0xFFFFFFFFL);
            mv.visitInsn(LAND);
            mv.visitVarInsn(LLOAD, slot);
            iconst(32 + n);
            mv.visitInsn(LSHR);
            iconst(32);
            mv.visitInsn(LSHL);
            mv.visitInsn(LOR);
            return;
        }
        mv.visitVarInsn(LLOAD, slot);
        lconst(c);
        iconst(width);
        iconst(SseInt.SRA);
        mv.visitMethodInsn(INVOKESTATIC, INT, "shift", "(JJII)J", false);
    }

    // ------------------------------------------------------------------ XMM slots and constants

    /** Pushes XMM array slot {@code x} (register x/2, half x&1). */
    private void xget(int x) {
        mv.visitVarInsn(ALOAD, L_X);
        iconst(x);
        mv.visitInsn(LALOAD);
    }

    /** Pops a long into XMM array slot {@code x}. */
    private void xset(int x) {
        mv.visitVarInsn(LSTORE, L_A);
        mv.visitVarInsn(ALOAD, L_X);
        iconst(x);
        mv.visitVarInsn(LLOAD, L_A);
        mv.visitInsn(LASTORE);
    }

    /** Register pair {@code x, x+1} = the longs in locals lo, hi. */
    private void put(int x, int lo, int hi) {
        mv.visitVarInsn(ALOAD, L_X); iconst(x); mv.visitVarInsn(LLOAD, lo); mv.visitInsn(LASTORE);
        mv.visitVarInsn(ALOAD, L_X); iconst(x + 1); mv.visitVarInsn(LLOAD, hi); mv.visitInsn(LASTORE);
    }

    /** Stack: old (J), low (J) -> old's high 32 bits with low's low 32 bits. */
    private void merge32() {
        lconst(0xFFFFFFFFL);
        mv.visitInsn(LAND);
        mv.visitVarInsn(LSTORE, L_A);
        lconst(0xFFFFFFFF00000000L);
        mv.visitInsn(LAND);
        mv.visitVarInsn(LLOAD, L_A);
        mv.visitInsn(LOR);
    }

    private void iconst(int v) {
        Jit.iconst(mv, v);
    }

    private void lconst(long v) {
        Jit.lconst(mv, v);
    }
}
