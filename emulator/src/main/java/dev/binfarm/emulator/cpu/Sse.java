package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.GuestFault;

/**
 * The SSE unit: every instruction whose operands are XMM registers (SSE, SSE2,
 * SSE3, SSSE3, SSE4.1, and of SSE4.2 PCMPGTQ and the string compares) and
 * MXCSR. The decoder sends these here. Dispatch is a switch on the mandatory
 * prefix, then an int switch on {@code prefix << 12 | map + opcode} where
 * prefix is 0 (none), 1 (66), 2 (F3), 3 (F2), so {@code 0x1_16F} reads
 * "66 0F 6F". The per-prefix methods exist because one switch over everything
 * exceeds HotSpot's 8000-byte limit for JIT compilation and runs interpreted.
 *
 * <p>Operands are staged in the unit's own primitive fields (one Sse per Cpu),
 * so executing an instruction allocates nothing. Legacy-encoded 128-bit memory
 * operands must be 16-byte aligned, except for the explicitly unaligned moves
 * (MOVUPS/MOVUPD/MOVDQU/LDDQU) and the SSE4.2 string compares; a misaligned one
 * raises #GP, reported as a {@link GuestFault} with cause PROTECTION. MMX forms
 * (no 66 prefix on the integer opcodes) are not implemented. Exceptions stay
 * masked as Linux sets them: they only raise MXCSR's sticky status flags,
 * exactly as the host CPU does (see {@link SseFloat}); unmasking them in MXCSR
 * does not make the emulator deliver SIGFPE.
 */
public final class Sse {
    /** Floating-point arithmetic; collects the MXCSR exception flags of the current instruction. */
    private final SseFloat fp = new SseFloat();
    /** The SSE4.2 string compares and their scratch arrays. */
    private final SseStrings strings = new SseStrings();

    /** Destination (reg operand) and source (r/m operand) as staged by {@link #dst} and {@link #src}. */
    private long dLo, dHi, sLo, sHi;

    /** Executes one SSE instruction; throws {@link Cpu#unimplemented} for encodings not implemented. */
    public void exec(Cpu cpu, Insn i) {
        int key = i.opcode | prefixIndex(i.mandatory) << 12;
        int m = cpu.mxcsr;
        fp.exc = 0; // nothing left over from an instruction that faulted half way
        switch (i.mandatory) {
            case 0x66 -> { if (i.opcode >= Insn.MAP_0F38) exec66Ext(cpu, i, key, m); else exec66(cpu, i, key, m); }
            case 0xF3 -> execF3(cpu, i, key, m);
            case 0xF2 -> execF2(cpu, i, key, m);
            default -> execNone(cpu, i, key, m);
        }
        // Exceptions stay masked (Linux default): they only set MXCSR's sticky status flags.
        int exc = fp.exc;
        if (exc != 0) {
            cpu.mxcsr |= exc;
            fp.exc = 0;
        }
    }

    /** No mandatory prefix: packed single, MOVMSKPS, LDMXCSR/STMXCSR. */
    private void execNone(Cpu cpu, Insn i, int key, int m) {
        switch (key & 0xFF) { // all in map 0F: a dense table switch on the opcode byte
            case 0x10 -> { srcUnaligned(cpu, i); put(cpu, i, sLo, sHi); }            // movups
            case 0x11 -> storeRm(cpu, i, false);
            case 0x28 -> { src(cpu, i); put(cpu, i, sLo, sHi); }              // movaps
            case 0x29 -> storeRm(cpu, i, true);
            case 0x2B -> { needMemory(cpu, i); storeRm(cpu, i, true); }      // movntps
            case 0x12 -> cpu.xmm[2 * i.reg] = i.mod == 3 ? cpu.xmm[2 * i.rm + 1] : cpu.mem.read64(cpu.ea(i)); // movhlps/movlps
            case 0x16 -> cpu.xmm[2 * i.reg + 1] = i.mod == 3 ? cpu.xmm[2 * i.rm] : cpu.mem.read64(cpu.ea(i)); // movlhps/movhps
            case 0x13 -> { needMemory(cpu, i); cpu.mem.write64(cpu.ea(i), cpu.xmm[2 * i.reg]); }   // movlps m64
            case 0x17 -> { needMemory(cpu, i); cpu.mem.write64(cpu.ea(i), cpu.xmm[2 * i.reg + 1]); } // movhps m64
            case 0x50 -> {                                                                     // movmskps
                needRegister(cpu, i);
                long lo = cpu.xmm[2 * i.rm], hi = cpu.xmm[2 * i.rm + 1];
                cpu.r[i.reg] = (lo >>> 31 & 1) | (lo >>> 62 & 2) | (hi >>> 29 & 4) | (hi >>> 60 & 8);
            }
            case 0xAE -> mxcsr(cpu, i);                                                        // ldmxcsr/stmxcsr
            case 0x58 -> packed32(cpu, i, SseFloat.ADD);
            case 0x59 -> packed32(cpu, i, SseFloat.MUL);
            case 0x5C -> packed32(cpu, i, SseFloat.SUB);
            case 0x5D -> packed32(cpu, i, SseFloat.MIN);
            case 0x5E -> packed32(cpu, i, SseFloat.DIV);
            case 0x5F -> packed32(cpu, i, SseFloat.MAX);
            case 0x51 -> packed32(cpu, i, SseFloat.SQRT);
            case 0x52, 0x53 -> {                                                            // rsqrtps/rcpps
                src(cpu, i);
                boolean rsqrt = key == 0x0_152;
                put(cpu, i, pair32(approx((int) sLo, rsqrt, m), approx((int) (sLo >>> 32), rsqrt, m)),
                        pair32(approx((int) sHi, rsqrt, m), approx((int) (sHi >>> 32), rsqrt, m)));
            }
            case 0x54 -> { dst(cpu, i); src(cpu, i); put(cpu, i, dLo & sLo, dHi & sHi); }
            case 0x55 -> { dst(cpu, i); src(cpu, i); put(cpu, i, ~dLo & sLo, ~dHi & sHi); }
            case 0x56 -> { dst(cpu, i); src(cpu, i); put(cpu, i, dLo | sLo, dHi | sHi); }
            case 0x57 -> { dst(cpu, i); src(cpu, i); put(cpu, i, dLo ^ sLo, dHi ^ sHi); }
            case 0xC2 -> {                                                                     // cmpps
                dst(cpu, i); src(cpu, i);
                int p = (int) i.imm;
                put(cpu, i, pair32(fp.cmp32(p, (int) dLo, (int) sLo, m), fp.cmp32(p, (int) (dLo >>> 32), (int) (sLo >>> 32), m)),
                        pair32(fp.cmp32(p, (int) dHi, (int) sHi, m), fp.cmp32(p, (int) (dHi >>> 32), (int) (sHi >>> 32), m)));
            }
            case 0x2E, 0x2F -> {                                                            // ucomiss/comiss
                int b = SseFloat.daz32(src32(cpu, i), m), a = SseFloat.daz32((int) cpu.xmm[2 * i.reg], m);
                fp.compareFlags32(a, b, key == 0x0_12F);
                cpu.setStatusFlags(Cpu.STATUS_FLAGS, SseFloat.comisFlags(Float.intBitsToFloat(a), Float.intBitsToFloat(b)));
            }
            case 0x14 -> { dst(cpu, i); src(cpu, i); interleave(dLo, sLo, 32); put(cpu, i, rLo, rHi); } // unpcklps
            case 0x15 -> { dst(cpu, i); src(cpu, i); interleave(dHi, sHi, 32); put(cpu, i, rLo, rHi); } // unpckhps
            case 0xC6 -> {                                                                     // shufps
                dst(cpu, i); src(cpu, i);
                int imm = (int) i.imm;
                put(cpu, i, pair32(lane32(dLo, dHi, imm & 3), lane32(dLo, dHi, imm >> 2 & 3)),
                        pair32(lane32(sLo, sHi, imm >> 4 & 3), lane32(sLo, sHi, imm >> 6 & 3)));
            }
            case 0x5A -> {                                                                     // cvtps2pd
                long v = src64(cpu, i);
                put(cpu, i, fp.f32ToF64((int) v, m), fp.f32ToF64((int) (v >>> 32), m));
            }
            case 0x5B -> {                                                                     // cvtdq2ps
                src(cpu, i);
                put(cpu, i, pair32(fp.intToF32((int) sLo, m), fp.intToF32((int) (sLo >>> 32), m)),
                        pair32(fp.intToF32((int) sHi, m), fp.intToF32((int) (sHi >>> 32), m)));
            }
            default -> throw cpu.unimplemented(i);
        }
    }

    /** 66 0F: packed double and packed integer. */
    private void exec66(Cpu cpu, Insn i, int key, int m) {
        switch (key & 0xFF) { // all in map 0F: a dense table switch on the opcode byte
            case 0x10 -> { srcUnaligned(cpu, i); put(cpu, i, sLo, sHi); }            // movupd
            case 0x11 -> storeRm(cpu, i, false);
            case 0x28, 0x6F -> { src(cpu, i); put(cpu, i, sLo, sHi); }              // movapd/movdqa
            case 0x29, 0x7F -> storeRm(cpu, i, true);
            case 0x2B, 0xE7 -> { needMemory(cpu, i); storeRm(cpu, i, true); }      // movntpd/movntdq
            case 0x12 -> { needMemory(cpu, i); cpu.xmm[2 * i.reg] = cpu.mem.read64(cpu.ea(i)); }             // movlpd
            case 0x16 -> { needMemory(cpu, i); cpu.xmm[2 * i.reg + 1] = cpu.mem.read64(cpu.ea(i)); }         // movhpd
            case 0x13 -> { needMemory(cpu, i); cpu.mem.write64(cpu.ea(i), cpu.xmm[2 * i.reg]); }   // movlpd m64
            case 0x17 -> { needMemory(cpu, i); cpu.mem.write64(cpu.ea(i), cpu.xmm[2 * i.reg + 1]); } // movhpd m64
            case 0x6E -> {                                                                     // movd/movq xmm, r/m
                boolean w = (i.prefixes & Insn.P_REXW) != 0;
                put(cpu, i, cpu.readRm(i, w ? 8 : 4), 0);
            }
            case 0x7E -> {                                                                     // movd/movq r/m, xmm
                boolean w = (i.prefixes & Insn.P_REXW) != 0;
                cpu.writeRm(i, w ? 8 : 4, cpu.xmm[2 * i.reg]);
            }
            case 0xD6 -> {                                                                     // movq xmm/m64, xmm
                long v = cpu.xmm[2 * i.reg];
                if (i.mod == 3) { cpu.xmm[2 * i.rm] = v; cpu.xmm[2 * i.rm + 1] = 0; }
                else cpu.mem.write64(cpu.ea(i), v);
            }
            case 0x50 -> {                                                                     // movmskpd
                needRegister(cpu, i);
                cpu.r[i.reg] = (cpu.xmm[2 * i.rm] >>> 63) | (cpu.xmm[2 * i.rm + 1] >>> 63 << 1);
            }
            case 0xD7 -> {                                                                     // pmovmskb
                needRegister(cpu, i);
                cpu.r[i.reg] = SseInt.byteSigns(cpu.xmm[2 * i.rm]) | SseInt.byteSigns(cpu.xmm[2 * i.rm + 1]) << 8;
            }
            case 0xF7 -> maskmov(cpu, i);                                                      // maskmovdqu
            case 0x58 -> packed64(cpu, i, SseFloat.ADD);
            case 0x59 -> packed64(cpu, i, SseFloat.MUL);
            case 0x5C -> packed64(cpu, i, SseFloat.SUB);
            case 0x5D -> packed64(cpu, i, SseFloat.MIN);
            case 0x5E -> packed64(cpu, i, SseFloat.DIV);
            case 0x5F -> packed64(cpu, i, SseFloat.MAX);
            case 0x51 -> packed64(cpu, i, SseFloat.SQRT);
            case 0x7C, 0x7D -> {                                                            // haddpd/hsubpd
                dst(cpu, i); src(cpu, i);
                int op = key == 0x1_17C ? SseFloat.ADD : SseFloat.SUB;
                put(cpu, i, fp.op64(op, dLo, dHi, m), fp.op64(op, sLo, sHi, m));
            }
            case 0xD0 -> {                                                                     // addsubpd
                dst(cpu, i); src(cpu, i);
                put(cpu, i, fp.op64(SseFloat.SUB, dLo, sLo, m), fp.op64(SseFloat.ADD, dHi, sHi, m));
            }
            case 0x54, 0xDB -> { dst(cpu, i); src(cpu, i); put(cpu, i, dLo & sLo, dHi & sHi); }
            case 0x55, 0xDF -> { dst(cpu, i); src(cpu, i); put(cpu, i, ~dLo & sLo, ~dHi & sHi); }
            case 0x56, 0xEB -> { dst(cpu, i); src(cpu, i); put(cpu, i, dLo | sLo, dHi | sHi); }
            case 0x57, 0xEF -> { dst(cpu, i); src(cpu, i); put(cpu, i, dLo ^ sLo, dHi ^ sHi); }
            case 0xC2 -> {                                                                     // cmppd
                dst(cpu, i); src(cpu, i);
                int p = (int) i.imm;
                put(cpu, i, fp.cmp64(p, dLo, sLo, m), fp.cmp64(p, dHi, sHi, m));
            }
            case 0x2E, 0x2F -> {                                                            // ucomisd/comisd
                long b = SseFloat.daz64(src64(cpu, i), m), a = SseFloat.daz64(cpu.xmm[2 * i.reg], m);
                fp.compareFlags64(a, b, key == 0x1_12F);
                cpu.setStatusFlags(Cpu.STATUS_FLAGS, SseFloat.comisFlags(Double.longBitsToDouble(a), Double.longBitsToDouble(b)));
            }
            case 0x14, 0x6C -> { dst(cpu, i); src(cpu, i); put(cpu, i, dLo, sLo); }       // unpcklpd/punpcklqdq
            case 0x15, 0x6D -> { dst(cpu, i); src(cpu, i); put(cpu, i, dHi, sHi); }       // unpckhpd/punpckhqdq
            case 0xC6 -> {                                                                     // shufpd
                dst(cpu, i); src(cpu, i);
                int imm = (int) i.imm;
                put(cpu, i, (imm & 1) == 0 ? dLo : dHi, (imm & 2) == 0 ? sLo : sHi);
            }
            case 0x5A -> { src(cpu, i); put(cpu, i, pair32(fp.f64ToF32(sLo, m), fp.f64ToF32(sHi, m)), 0); } // cvtpd2ps
            case 0x5B -> {                                                            // cvtps2dq
                src(cpu, i);
                boolean t = key == 0x2_15B;
                put(cpu, i, pair32(fp.f32ToInt32((int) sLo, m, t), fp.f32ToInt32((int) (sLo >>> 32), m, t)),
                        pair32(fp.f32ToInt32((int) sHi, m, t), fp.f32ToInt32((int) (sHi >>> 32), m, t)));
            }
            case 0xE6 -> {                                                            // cvttpd2dq
                src(cpu, i);
                boolean t = key == 0x1_1E6;
                put(cpu, i, pair32(fp.f64ToInt32(sLo, m, t), fp.f64ToInt32(sHi, m, t)), 0);
            }
            case 0xFC -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.add(dLo, sLo, SseInt.H8), SseInt.add(dHi, sHi, SseInt.H8)); }
            case 0xFD -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.add(dLo, sLo, SseInt.H16), SseInt.add(dHi, sHi, SseInt.H16)); }
            case 0xFE -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.add(dLo, sLo, SseInt.H32), SseInt.add(dHi, sHi, SseInt.H32)); }
            case 0xD4 -> { dst(cpu, i); src(cpu, i); put(cpu, i, dLo + sLo, dHi + sHi); }
            case 0xF8 -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.sub(dLo, sLo, SseInt.H8), SseInt.sub(dHi, sHi, SseInt.H8)); }
            case 0xF9 -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.sub(dLo, sLo, SseInt.H16), SseInt.sub(dHi, sHi, SseInt.H16)); }
            case 0xFA -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.sub(dLo, sLo, SseInt.H32), SseInt.sub(dHi, sHi, SseInt.H32)); }
            case 0xFB -> { dst(cpu, i); src(cpu, i); put(cpu, i, dLo - sLo, dHi - sHi); }
            case 0xEC -> bytes(cpu, i, SseInt.ADDS);
            case 0xDC -> bytes(cpu, i, SseInt.ADDUS);
            case 0xE8 -> bytes(cpu, i, SseInt.SUBS);
            case 0xD8 -> bytes(cpu, i, SseInt.SUBUS);
            case 0xDA -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.minu8(dLo, sLo), SseInt.minu8(dHi, sHi)); }
            case 0xDE -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.maxu8(dLo, sLo), SseInt.maxu8(dHi, sHi)); }
            case 0xE0 -> bytes(cpu, i, SseInt.AVG);
            case 0x74 -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.cmpeq(dLo, sLo, SseInt.H8), SseInt.cmpeq(dHi, sHi, SseInt.H8)); }
            case 0x64 -> bytes(cpu, i, SseInt.CMPGT);
            case 0xED -> words(cpu, i, SseInt.ADDS);
            case 0xDD -> words(cpu, i, SseInt.ADDUS);
            case 0xE9 -> words(cpu, i, SseInt.SUBS);
            case 0xD9 -> words(cpu, i, SseInt.SUBUS);
            case 0xEA -> words(cpu, i, SseInt.MINS);
            case 0xEE -> words(cpu, i, SseInt.MAXS);
            case 0xE3 -> words(cpu, i, SseInt.AVG);
            case 0x75 -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.cmpeq(dLo, sLo, SseInt.H16), SseInt.cmpeq(dHi, sHi, SseInt.H16)); }
            case 0x65 -> words(cpu, i, SseInt.CMPGT);
            case 0xD5 -> words(cpu, i, SseInt.MULL);
            case 0xE5 -> words(cpu, i, SseInt.MULH);
            case 0xE4 -> words(cpu, i, SseInt.MULHU);
            case 0x76 -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.cmpeq(dLo, sLo, SseInt.H32), SseInt.cmpeq(dHi, sHi, SseInt.H32)); }
            case 0x66 -> dwords(cpu, i, SseInt.CMPGT);
            case 0xF4 -> {                                                                     // pmuludq
                dst(cpu, i); src(cpu, i);
                put(cpu, i, (dLo & 0xFFFFFFFFL) * (sLo & 0xFFFFFFFFL), (dHi & 0xFFFFFFFFL) * (sHi & 0xFFFFFFFFL));
            }
            case 0xF5 -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.maddwd(dLo, sLo), SseInt.maddwd(dHi, sHi)); } // pmaddwd
            case 0xF6 -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.sad(dLo, sLo), SseInt.sad(dHi, sHi)); }       // psadbw
            case 0x60 -> { dst(cpu, i); src(cpu, i); interleave(dLo, sLo, 8); put(cpu, i, rLo, rHi); }
            case 0x61 -> { dst(cpu, i); src(cpu, i); interleave(dLo, sLo, 16); put(cpu, i, rLo, rHi); }
            case 0x62 -> { dst(cpu, i); src(cpu, i); interleave(dLo, sLo, 32); put(cpu, i, rLo, rHi); }
            case 0x68 -> { dst(cpu, i); src(cpu, i); interleave(dHi, sHi, 8); put(cpu, i, rLo, rHi); }
            case 0x69 -> { dst(cpu, i); src(cpu, i); interleave(dHi, sHi, 16); put(cpu, i, rLo, rHi); }
            case 0x6A -> { dst(cpu, i); src(cpu, i); interleave(dHi, sHi, 32); put(cpu, i, rLo, rHi); }
            case 0x63 -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.packWords(dLo, dHi, false), SseInt.packWords(sLo, sHi, false)); } // packsswb
            case 0x67 -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.packWords(dLo, dHi, true), SseInt.packWords(sLo, sHi, true)); }   // packuswb
            case 0x6B -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.packDwords(dLo, dHi, false), SseInt.packDwords(sLo, sHi, false)); } // packssdw
            case 0x70 -> {                                                                     // pshufd
                src(cpu, i);
                int imm = (int) i.imm;
                put(cpu, i, pair32(lane32(sLo, sHi, imm & 3), lane32(sLo, sHi, imm >> 2 & 3)),
                        pair32(lane32(sLo, sHi, imm >> 4 & 3), lane32(sLo, sHi, imm >> 6 & 3)));
            }
            case 0xC4 -> {                                                                     // pinsrw
                long v = i.mod == 3 ? cpu.r[i.rm] : cpu.mem.read16(cpu.ea(i));
                insert(cpu, i.reg, (int) i.imm & 7, 16, v);
            }
            case 0xC5 -> { needRegister(cpu, i); cpu.r[i.reg] = extract(cpu, i.rm, (int) i.imm & 7, 16); } // pextrw
            case 0xD1 -> shiftByXmm(cpu, i, 16, SseInt.SRL);
            case 0xD2 -> shiftByXmm(cpu, i, 32, SseInt.SRL);
            case 0xD3 -> shiftByXmm(cpu, i, 64, SseInt.SRL);
            case 0xE1 -> shiftByXmm(cpu, i, 16, SseInt.SRA);
            case 0xE2 -> shiftByXmm(cpu, i, 32, SseInt.SRA);
            case 0xF1 -> shiftByXmm(cpu, i, 16, SseInt.SLL);
            case 0xF2 -> shiftByXmm(cpu, i, 32, SseInt.SLL);
            case 0xF3 -> shiftByXmm(cpu, i, 64, SseInt.SLL);
            case 0x71, 0x72, 0x73 -> shiftGroup(cpu, i, key);
            default -> throw cpu.unimplemented(i);
        }
    }

    /** 66 0F38 / 66 0F3A: SSSE3, SSE4.1, SSE4.2. */
    private void exec66Ext(Cpu cpu, Insn i, int key, int m) {
        switch (key) {
            case 0x1_22A -> { needMemory(cpu, i); src(cpu, i); put(cpu, i, sLo, sHi); }           // movntdqa
            case 0x1_200 -> { dst(cpu, i); src(cpu, i); pshufb(); put(cpu, i, rLo, rHi); }
            case 0x1_201 -> horizontal16(cpu, i, false, false);
            case 0x1_203 -> horizontal16(cpu, i, false, true);
            case 0x1_205 -> horizontal16(cpu, i, true, false);
            case 0x1_207 -> horizontal16(cpu, i, true, true);
            case 0x1_202, 0x1_206 -> {                                                            // phaddd/phsubd
                dst(cpu, i); src(cpu, i);
                boolean sub = key == 0x1_206;
                put(cpu, i, pair32(SseInt.hop32(dLo, sub), SseInt.hop32(dHi, sub)), pair32(SseInt.hop32(sLo, sub), SseInt.hop32(sHi, sub)));
            }
            case 0x1_204 -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.maddubsw(dLo, sLo), SseInt.maddubsw(dHi, sHi)); }
            case 0x1_208 -> bytes(cpu, i, SseInt.SIGN);
            case 0x1_209 -> words(cpu, i, SseInt.SIGN);
            case 0x1_20A -> dwords(cpu, i, SseInt.SIGN);
            case 0x1_20B -> words(cpu, i, SseInt.MULHRS);
            case 0x1_21C -> bytes(cpu, i, SseInt.ABS);
            case 0x1_21D -> words(cpu, i, SseInt.ABS);
            case 0x1_21E -> dwords(cpu, i, SseInt.ABS);
            case 0x1_30F -> { dst(cpu, i); src(cpu, i); palignr((int) i.imm & 0xFF); put(cpu, i, rLo, rHi); }
            case 0x1_210 -> { dst(cpu, i); src(cpu, i); long mLo = cpu.xmm[0], mHi = cpu.xmm[1];
                put(cpu, i, SseInt.blend(dLo, sLo, SseInt.spread(mLo, SseInt.H8)), SseInt.blend(dHi, sHi, SseInt.spread(mHi, SseInt.H8))); } // pblendvb
            case 0x1_214 -> { dst(cpu, i); src(cpu, i); long mLo = cpu.xmm[0], mHi = cpu.xmm[1];
                put(cpu, i, SseInt.blend(dLo, sLo, SseInt.spread(mLo, SseInt.H32)), SseInt.blend(dHi, sHi, SseInt.spread(mHi, SseInt.H32))); } // blendvps
            case 0x1_215 -> { dst(cpu, i); src(cpu, i);
                put(cpu, i, cpu.xmm[0] < 0 ? sLo : dLo, cpu.xmm[1] < 0 ? sHi : dHi); }          // blendvpd
            case 0x1_217 -> {                                                                     // ptest
                dst(cpu, i); src(cpu, i);
                long f = ((dLo & sLo) | (dHi & sHi)) == 0 ? Cpu.ZF : 0;
                if (((~dLo & sLo) | (~dHi & sHi)) == 0) f |= Cpu.CF;
                cpu.setStatusFlags(Cpu.STATUS_FLAGS, f);
            }
            case 0x1_220, 0x1_221, 0x1_222, 0x1_223, 0x1_224, 0x1_225, 0x1_230, 0x1_231, 0x1_232, 0x1_233, 0x1_234, 0x1_235 -> pmovx(cpu, i, key);
            case 0x1_228 -> { dst(cpu, i); src(cpu, i); put(cpu, i, (long) (int) dLo * (int) sLo, (long) (int) dHi * (int) sHi); } // pmuldq
            case 0x1_229 -> { dst(cpu, i); src(cpu, i); put(cpu, i, dLo == sLo ? -1 : 0, dHi == sHi ? -1 : 0); }               // pcmpeqq
            case 0x1_237 -> { dst(cpu, i); src(cpu, i); put(cpu, i, dLo > sLo ? -1 : 0, dHi > sHi ? -1 : 0); }                 // pcmpgtq (4.2)
            case 0x1_22B -> { dst(cpu, i); src(cpu, i); put(cpu, i, SseInt.packDwords(dLo, dHi, true), SseInt.packDwords(sLo, sHi, true)); } // packusdw
            case 0x1_238 -> bytes(cpu, i, SseInt.MINS);
            case 0x1_23C -> bytes(cpu, i, SseInt.MAXS);
            case 0x1_23A -> words(cpu, i, SseInt.MINU);
            case 0x1_23E -> words(cpu, i, SseInt.MAXU);
            case 0x1_239 -> dwords(cpu, i, SseInt.MINS);
            case 0x1_23D -> dwords(cpu, i, SseInt.MAXS);
            case 0x1_23B -> dwords(cpu, i, SseInt.MINU);
            case 0x1_23F -> dwords(cpu, i, SseInt.MAXU);
            case 0x1_240 -> dwords(cpu, i, SseInt.MULL);
            case 0x1_241 -> { src(cpu, i); put(cpu, i, SseInt.minpos(sLo, sHi), 0); }                 // phminposuw
            case 0x1_308 -> {                                                                     // roundps
                src(cpu, i);
                int imm = (int) i.imm;
                put(cpu, i, pair32(fp.round32((int) sLo, imm, m), fp.round32((int) (sLo >>> 32), imm, m)),
                        pair32(fp.round32((int) sHi, imm, m), fp.round32((int) (sHi >>> 32), imm, m)));
            }
            case 0x1_309 -> { src(cpu, i); put(cpu, i, fp.round64(sLo, (int) i.imm, m), fp.round64(sHi, (int) i.imm, m)); }
            case 0x1_30A -> { int d = 2 * i.reg; cpu.xmm[d] = merge32(cpu.xmm[d], fp.round32(src32(cpu, i), (int) i.imm, m)); }
            case 0x1_30B -> cpu.xmm[2 * i.reg] = fp.round64(src64(cpu, i), (int) i.imm, m);
            case 0x1_30C -> {                                                                     // blendps
                dst(cpu, i); src(cpu, i);
                int imm = (int) i.imm;
                put(cpu, i, SseInt.blend(dLo, sLo, SseInt.laneMask32(imm)), SseInt.blend(dHi, sHi, SseInt.laneMask32(imm >> 2)));
            }
            case 0x1_30D -> { dst(cpu, i); src(cpu, i); put(cpu, i, (i.imm & 1) != 0 ? sLo : dLo, (i.imm & 2) != 0 ? sHi : dHi); } // blendpd
            case 0x1_30E -> {                                                                     // pblendw
                dst(cpu, i); src(cpu, i);
                int imm = (int) i.imm;
                put(cpu, i, SseInt.blend(dLo, sLo, SseInt.laneMask16(imm)), SseInt.blend(dHi, sHi, SseInt.laneMask16(imm >> 4)));
            }
            case 0x1_314 -> extractTo(cpu, i, 8, (int) i.imm & 15);                               // pextrb
            case 0x1_315 -> extractTo(cpu, i, 16, (int) i.imm & 7);                               // pextrw r/m16
            case 0x1_316 -> {                                                                     // pextrd/pextrq
                if ((i.prefixes & Insn.P_REXW) != 0) extractTo(cpu, i, 64, (int) i.imm & 1);
                else extractTo(cpu, i, 32, (int) i.imm & 3);
            }
            case 0x1_317 -> extractTo(cpu, i, 32, (int) i.imm & 3);                               // extractps
            case 0x1_320 -> insert(cpu, i.reg, (int) i.imm & 15, 8, i.mod == 3 ? cpu.r[i.rm] : cpu.mem.read8(cpu.ea(i)));
            case 0x1_322 -> {                                                                     // pinsrd/pinsrq
                if ((i.prefixes & Insn.P_REXW) != 0) insert(cpu, i.reg, (int) i.imm & 1, 64, cpu.readRm(i, 8));
                else insert(cpu, i.reg, (int) i.imm & 3, 32, cpu.readRm(i, 4));
            }
            case 0x1_321 -> insertps(cpu, i);
            case 0x1_340 -> { dst(cpu, i); src(cpu, i); dpps((int) i.imm, m); put(cpu, i, rLo, rHi); }
            case 0x1_341 -> {                                                                     // dppd
                dst(cpu, i); src(cpu, i);
                int imm = (int) i.imm;
                long p0 = (imm & 0x10) != 0 ? fp.op64(SseFloat.MUL, dLo, sLo, m) : 0;
                long p1 = (imm & 0x20) != 0 ? fp.op64(SseFloat.MUL, dHi, sHi, m) : 0;
                long sum = fp.op64(SseFloat.ADD, p0, p1, m);
                put(cpu, i, (imm & 1) != 0 ? sum : 0, (imm & 2) != 0 ? sum : 0);
            }
            case 0x1_360 -> pcmpstr(cpu, i, true, false);                                        // pcmpestrm
            case 0x1_361 -> pcmpstr(cpu, i, true, true);                                         // pcmpestri
            case 0x1_362 -> pcmpstr(cpu, i, false, false);                                       // pcmpistrm
            case 0x1_363 -> pcmpstr(cpu, i, false, true);                                        // pcmpistri
            case 0x1_342 -> { dst(cpu, i); src(cpu, i); mpsadbw((int) i.imm); put(cpu, i, rLo, rHi); }
            default -> throw cpu.unimplemented(i);
        }
    }

    /** F3 0F: scalar single and a few moves. */
    private void execF3(Cpu cpu, Insn i, int key, int m) {
        switch (key & 0xFF) { // all in map 0F: a dense table switch on the opcode byte
            case 0x6F -> { srcUnaligned(cpu, i); put(cpu, i, sLo, sHi); }                       // movdqu
            case 0x7F -> storeRm(cpu, i, false);
            case 0x10 -> {                                                                     // movss xmm, xmm/m32
                int d = 2 * i.reg;
                if (i.mod == 3) cpu.xmm[d] = merge32(cpu.xmm[d], cpu.xmm[2 * i.rm]);
                else { cpu.xmm[d] = cpu.mem.read32(cpu.ea(i)) & 0xFFFFFFFFL; cpu.xmm[d + 1] = 0; }
            }
            case 0x11 -> {                                                                     // movss xmm/m32, xmm
                long v = cpu.xmm[2 * i.reg];
                if (i.mod == 3) cpu.xmm[2 * i.rm] = merge32(cpu.xmm[2 * i.rm], v);
                else cpu.mem.write32(cpu.ea(i), (int) v);
            }
            case 0x12 -> { src(cpu, i); put(cpu, i, dupLow32(sLo), dupLow32(sHi)); }           // movsldup
            case 0x16 -> { src(cpu, i); put(cpu, i, dupHigh32(sLo), dupHigh32(sHi)); }         // movshdup
            case 0x7E -> put(cpu, i, src64(cpu, i), 0);                                        // movq xmm, xmm/m64
            case 0x58 -> scalar32(cpu, i, SseFloat.ADD);
            case 0x59 -> scalar32(cpu, i, SseFloat.MUL);
            case 0x5C -> scalar32(cpu, i, SseFloat.SUB);
            case 0x5D -> scalar32(cpu, i, SseFloat.MIN);
            case 0x5E -> scalar32(cpu, i, SseFloat.DIV);
            case 0x5F -> scalar32(cpu, i, SseFloat.MAX);
            case 0x51 -> scalar32(cpu, i, SseFloat.SQRT);
            case 0x52, 0x53 -> {                                                            // rsqrtss/rcpss
                int d = 2 * i.reg;
                cpu.xmm[d] = merge32(cpu.xmm[d], approx(src32(cpu, i), key == 0x2_152, m));
            }
            case 0xC2 -> {                                                                     // cmpss
                int b = src32(cpu, i), d = 2 * i.reg;
                cpu.xmm[d] = merge32(cpu.xmm[d], fp.cmp32((int) i.imm, (int) cpu.xmm[d], b, m));
            }
            case 0x2A -> {                                                                     // cvtsi2ss
                int d = 2 * i.reg;
                cpu.xmm[d] = merge32(cpu.xmm[d], fp.intToF32(gprSource(cpu, i), m));
            }
            case 0x2C, 0x2D -> {                                                            // cvttss2si/cvtss2si
                double v = Float.intBitsToFloat(SseFloat.daz32(src32(cpu, i), m));
                toGpr(cpu, i, v, key == 0x2_12C ? SseFloat.RC_ZERO : SseFloat.rc(m));
            }
            case 0x5A -> cpu.xmm[2 * i.reg] = fp.f32ToF64(src32(cpu, i), m);           // cvtss2sd
            case 0x5B -> {                                                            // cvttps2dq
                src(cpu, i);
                boolean t = key == 0x2_15B;
                put(cpu, i, pair32(fp.f32ToInt32((int) sLo, m, t), fp.f32ToInt32((int) (sLo >>> 32), m, t)),
                        pair32(fp.f32ToInt32((int) sHi, m, t), fp.f32ToInt32((int) (sHi >>> 32), m, t)));
            }
            case 0xE6 -> {                                                                     // cvtdq2pd
                long v = src64(cpu, i);
                put(cpu, i, fp.intToF64((int) v, m), fp.intToF64((int) (v >>> 32), m));
            }
            case 0x70 -> { src(cpu, i); put(cpu, i, sLo, SseInt.shuffleWords(sHi, (int) i.imm)); }  // pshufhw
            default -> throw cpu.unimplemented(i);
        }
    }

    /** F2 0F: scalar double, SSE3 horizontal ops, LDDQU. */
    private void execF2(Cpu cpu, Insn i, int key, int m) {
        switch (key & 0xFF) { // all in map 0F: a dense table switch on the opcode byte
            case 0xF0 -> { needMemory(cpu, i); srcUnaligned(cpu, i); put(cpu, i, sLo, sHi); }   // lddqu
            case 0x10 -> {                                                                     // movsd xmm, xmm/m64
                int d = 2 * i.reg;
                if (i.mod == 3) cpu.xmm[d] = cpu.xmm[2 * i.rm];
                else { cpu.xmm[d] = cpu.mem.read64(cpu.ea(i)); cpu.xmm[d + 1] = 0; }
            }
            case 0x11 -> {                                                                     // movsd xmm/m64, xmm
                long v = cpu.xmm[2 * i.reg];
                if (i.mod == 3) cpu.xmm[2 * i.rm] = v;
                else cpu.mem.write64(cpu.ea(i), v);
            }
            case 0x12 -> { long v = src64(cpu, i); put(cpu, i, v, v); }                        // movddup
            case 0x58 -> scalar64(cpu, i, SseFloat.ADD);
            case 0x59 -> scalar64(cpu, i, SseFloat.MUL);
            case 0x5C -> scalar64(cpu, i, SseFloat.SUB);
            case 0x5D -> scalar64(cpu, i, SseFloat.MIN);
            case 0x5E -> scalar64(cpu, i, SseFloat.DIV);
            case 0x5F -> scalar64(cpu, i, SseFloat.MAX);
            case 0x51 -> scalar64(cpu, i, SseFloat.SQRT);
            case 0x7C -> horizontal32(cpu, i, SseFloat.ADD);                                   // haddps
            case 0x7D -> horizontal32(cpu, i, SseFloat.SUB);                                   // hsubps
            case 0xD0 -> {                                                                     // addsubps
                dst(cpu, i); src(cpu, i);
                put(cpu, i,
                        pair32(fp.op32(SseFloat.SUB, (int) dLo, (int) sLo, m),
                                fp.op32(SseFloat.ADD, (int) (dLo >>> 32), (int) (sLo >>> 32), m)),
                        pair32(fp.op32(SseFloat.SUB, (int) dHi, (int) sHi, m),
                                fp.op32(SseFloat.ADD, (int) (dHi >>> 32), (int) (sHi >>> 32), m)));
            }
            case 0xC2 -> {                                                                     // cmpsd
                long b = src64(cpu, i);
                int d = 2 * i.reg;
                cpu.xmm[d] = fp.cmp64((int) i.imm, cpu.xmm[d], b, m);
            }
            case 0x2A -> cpu.xmm[2 * i.reg] = fp.intToF64(gprSource(cpu, i), m);        // cvtsi2sd
            case 0x2C, 0x2D -> {                                                            // cvttsd2si/cvtsd2si
                double v = Double.longBitsToDouble(SseFloat.daz64(src64(cpu, i), m));
                toGpr(cpu, i, v, key == 0x3_12C ? SseFloat.RC_ZERO : SseFloat.rc(m));
            }
            case 0x5A -> {                                                                     // cvtsd2ss
                int d = 2 * i.reg;
                cpu.xmm[d] = merge32(cpu.xmm[d], fp.f64ToF32(src64(cpu, i), m));
            }
            case 0xE6 -> {                                                            // cvtpd2dq
                src(cpu, i);
                boolean t = key == 0x1_1E6;
                put(cpu, i, pair32(fp.f64ToInt32(sLo, m, t), fp.f64ToInt32(sHi, m, t)), 0);
            }
            case 0x70 -> { src(cpu, i); put(cpu, i, SseInt.shuffleWords(sLo, (int) i.imm), sHi); }  // pshuflw
            default -> throw cpu.unimplemented(i);
        }
    }

    // ------------------------------------------------------------------ entry points for translated code (JitSse)
    // The operands come decoded and loaded; each does what exec does for one instruction, MXCSR flags included.

    /** ADDSD..SQRTSD: {@code op} of the destination's and the source's low doubles. */
    long scalarOp64(Cpu cpu, int op, long a, long b) {
        fp.exc = 0;
        long r = fp.op64(op, a, b, cpu.mxcsr);
        raise(cpu);
        return r;
    }

    /** ADDSS..SQRTSS: {@code op} of the low singles. */
    int scalarOp32(Cpu cpu, int op, int a, int b) {
        fp.exc = 0;
        int r = fp.op32(op, a, b, cpu.mxcsr);
        raise(cpu);
        return r;
    }

    /** CVTSI2SD of the (sign-extended) integer {@code v}. */
    long intToF64(Cpu cpu, long v) {
        fp.exc = 0;
        long r = fp.intToF64(v, cpu.mxcsr);
        raise(cpu);
        return r;
    }

    /** CVTSI2SS of the (sign-extended) integer {@code v}. */
    int intToF32(Cpu cpu, long v) {
        fp.exc = 0;
        int r = fp.intToF32(v, cpu.mxcsr);
        raise(cpu);
        return r;
    }

    /** CVT(T)SD2SI ({@code single}: CVT(T)SS2SI of the low 32 bits): the integer, 32-bit results zero-extended. */
    long toInt(Cpu cpu, long a, boolean single, boolean truncate, boolean w) {
        fp.exc = 0;
        int m = cpu.mxcsr;
        double v = single ? Float.intBitsToFloat(SseFloat.daz32((int) a, m)) : Double.longBitsToDouble(SseFloat.daz64(a, m));
        long r = fp.toInt(v, truncate ? SseFloat.RC_ZERO : SseFloat.rc(m), w);
        raise(cpu);
        return r;
    }

    /** (U)COMISD ({@code single}: (U)COMISS) of destination {@code a} and source {@code b}: status flags and MXCSR. */
    void comis(Cpu cpu, long a, long b, boolean single, boolean signaling) {
        fp.exc = 0;
        int m = cpu.mxcsr;
        if (single) {
            int y = SseFloat.daz32((int) b, m), x = SseFloat.daz32((int) a, m);
            fp.compareFlags32(x, y, signaling);
            cpu.setStatusFlags(Cpu.STATUS_FLAGS, SseFloat.comisFlags(Float.intBitsToFloat(x), Float.intBitsToFloat(y)));
        } else {
            long y = SseFloat.daz64(b, m), x = SseFloat.daz64(a, m);
            fp.compareFlags64(x, y, signaling);
            cpu.setStatusFlags(Cpu.STATUS_FLAGS, SseFloat.comisFlags(Double.longBitsToDouble(x), Double.longBitsToDouble(y)));
        }
        raise(cpu);
    }

    private void raise(Cpu cpu) {
        int exc = fp.exc;
        if (exc != 0) {
            cpu.mxcsr |= exc;
            fp.exc = 0;
        }
    }

    private static int prefixIndex(int mandatory) {
        return switch (mandatory) {
            case 0x66 -> 1;
            case 0xF3 -> 2;
            case 0xF2 -> 3;
            default -> 0;
        };
    }

    // ------------------------------------------------------------------ operands

    private void dst(Cpu cpu, Insn i) {
        dLo = cpu.xmm[2 * i.reg];
        dHi = cpu.xmm[2 * i.reg + 1];
    }

    /** 128-bit source that must be 16-byte aligned when in memory (legacy SSE rule). */
    private void src(Cpu cpu, Insn i) {
        if (i.mod == 3) {
            sLo = cpu.xmm[2 * i.rm];
            sHi = cpu.xmm[2 * i.rm + 1];
        } else {
            long a = cpu.ea(i);
            if ((a & 15) != 0) throw misaligned(a, GuestFault.Access.READ);
            sLo = cpu.mem.read64(a);
            sHi = cpu.mem.read64(a + 8);
        }
    }

    private void srcUnaligned(Cpu cpu, Insn i) {
        if (i.mod == 3) {
            sLo = cpu.xmm[2 * i.rm];
            sHi = cpu.xmm[2 * i.rm + 1];
        } else {
            long a = cpu.ea(i);
            sLo = cpu.mem.read64(a);
            sHi = cpu.mem.read64(a + 8);
        }
    }

    private static long src64(Cpu cpu, Insn i) {
        return i.mod == 3 ? cpu.xmm[2 * i.rm] : cpu.mem.read64(cpu.ea(i));
    }

    private static int src32(Cpu cpu, Insn i) {
        return i.mod == 3 ? (int) cpu.xmm[2 * i.rm] : cpu.mem.read32(cpu.ea(i));
    }

    /** Integer source of CVTSI2SS/SD: r/m32 sign-extended, or r/m64 with REX.W. */
    private static long gprSource(Cpu cpu, Insn i) {
        return (i.prefixes & Insn.P_REXW) != 0 ? cpu.readRm(i, 8) : (int) cpu.readRm(i, 4);
    }

    private static void put(Cpu cpu, Insn i, long lo, long hi) {
        cpu.xmm[2 * i.reg] = lo;
        cpu.xmm[2 * i.reg + 1] = hi;
    }

    /** Stores the reg operand to the r/m operand (register or 16 bytes of memory). */
    private static void storeRm(Cpu cpu, Insn i, boolean aligned) {
        long lo = cpu.xmm[2 * i.reg], hi = cpu.xmm[2 * i.reg + 1];
        if (i.mod == 3) {
            cpu.xmm[2 * i.rm] = lo;
            cpu.xmm[2 * i.rm + 1] = hi;
        } else {
            long a = cpu.ea(i);
            if (aligned && (a & 15) != 0) throw misaligned(a, GuestFault.Access.WRITE);
            cpu.mem.write128(a, lo, hi);
        }
    }

    private static void needMemory(Cpu cpu, Insn i) {
        if (i.mod == 3) throw cpu.unimplemented(i);
    }

    private static void needRegister(Cpu cpu, Insn i) {
        if (i.mod != 3) throw cpu.unimplemented(i);
    }

    private static GuestFault misaligned(long a, GuestFault.Access access) {
        return new GuestFault(a, access, GuestFault.Cause.PROTECTION);
    }

    private void toGpr(Cpu cpu, Insn i, double v, int rc) {
        boolean w = (i.prefixes & Insn.P_REXW) != 0;
        cpu.setReg(i.reg, w ? 8 : 4, true, fp.toInt(v, rc, w));
    }

    private static void mxcsr(Cpu cpu, Insn i) {
        if (i.mod == 3) throw cpu.unimplemented(i);
        long a = cpu.ea(i);
        switch (i.reg & 7) {
            case 2 -> {
                int v = cpu.mem.read32(a);
                // Reserved bits set: #GP on hardware.
                if ((v & ~0xFFFF) != 0) throw new GuestFault(a, GuestFault.Access.READ, GuestFault.Cause.PROTECTION);
                cpu.mxcsr = v;
            }
            case 3 -> cpu.mem.write32(a, cpu.mxcsr);
            default -> throw cpu.unimplemented(i);
        }
    }

    private static void maskmov(Cpu cpu, Insn i) {
        needRegister(cpu, i);
        long a = cpu.r[Cpu.RDI];
        if (i.addrSize == 4) a &= 0xFFFFFFFFL;
        if (i.seg == Insn.SEG_FS) a += cpu.fsBase;
        else if (i.seg == Insn.SEG_GS) a += cpu.gsBase;
        long vLo = cpu.xmm[2 * i.reg], vHi = cpu.xmm[2 * i.reg + 1];
        long mLo = cpu.xmm[2 * i.rm], mHi = cpu.xmm[2 * i.rm + 1];
        for (int k = 0; k < 16; k++) {
            if ((byteAt(mLo, mHi, k) & 0x80) != 0) cpu.mem.write8(a + k, byteAt(vLo, vHi, k));
        }
    }

    // ------------------------------------------------------------------ lanes

    private static long merge32(long old, long low) {
        return (old & 0xFFFFFFFF00000000L) | (low & 0xFFFFFFFFL);
    }

    private static long pair32(int lo, int hi) {
        return (lo & 0xFFFFFFFFL) | ((long) hi << 32);
    }

    private static long pair32(long lo, long hi) {
        return (lo & 0xFFFFFFFFL) | (hi << 32);
    }

    private static int lane32(long lo, long hi, int k) {
        return (int) ((k < 2 ? lo : hi) >>> ((k & 1) << 5));
    }

    private static int byteAt(long lo, long hi, int k) {
        return (int) ((k < 8 ? lo : hi) >>> ((k & 7) << 3)) & 0xFF;
    }

    private static long dupLow32(long v) { return (v << 32) | (v & 0xFFFFFFFFL); }
    private static long dupHigh32(long v) { return (v >>> 32) | (v & 0xFFFFFFFF00000000L); }

    private long rLo, rHi;

    /** Interleaves the lanes of two 64-bit halves into rLo:rHi (PUNPCKL/H*, UNPCKLPS). */
    private void interleave(long x, long y, int width) {
        long mask = (1L << width) - 1;
        long lo = 0, hi = 0;
        int n = 64 / width;
        for (int j = 0; j < 2 * n; j++) {
            long v = (((j & 1) == 0 ? x : y) >>> ((j >> 1) * width)) & mask;
            int bit = j * width;
            if (bit < 64) lo |= v << bit;
            else hi |= v << (bit - 64);
        }
        rLo = lo;
        rHi = hi;
    }

    private void packed32(Cpu cpu, Insn i, int op) {
        dst(cpu, i);
        src(cpu, i);
        int m = cpu.mxcsr;
        put(cpu, i, pair32(fp.op32(op, (int) dLo, (int) sLo, m), fp.op32(op, (int) (dLo >>> 32), (int) (sLo >>> 32), m)),
                pair32(fp.op32(op, (int) dHi, (int) sHi, m), fp.op32(op, (int) (dHi >>> 32), (int) (sHi >>> 32), m)));
    }

    private void packed64(Cpu cpu, Insn i, int op) {
        dst(cpu, i);
        src(cpu, i);
        int m = cpu.mxcsr;
        put(cpu, i, fp.op64(op, dLo, sLo, m), fp.op64(op, dHi, sHi, m));
    }

    private void scalar32(Cpu cpu, Insn i, int op) {
        int b = src32(cpu, i), d = 2 * i.reg;
        cpu.xmm[d] = merge32(cpu.xmm[d], fp.op32(op, (int) cpu.xmm[d], b, cpu.mxcsr));
    }

    private void scalar64(Cpu cpu, Insn i, int op) {
        long b = src64(cpu, i);
        int d = 2 * i.reg;
        cpu.xmm[d] = fp.op64(op, cpu.xmm[d], b, cpu.mxcsr);
    }

    private void bytes(Cpu cpu, Insn i, int op) {
        dst(cpu, i);
        src(cpu, i);
        put(cpu, i, bytes(op, dLo, sLo), bytes(op, dHi, sHi));
    }

    private static long bytes(int op, long x, long y) {
        long r = 0;
        for (int k = 0; k < 64; k += 8) {
            r |= (long) (SseInt.op8(op, (int) (x >>> k) & 0xFF, (int) (y >>> k) & 0xFF) & 0xFF) << k;
        }
        return r;
    }

    private void words(Cpu cpu, Insn i, int op) {
        dst(cpu, i);
        src(cpu, i);
        put(cpu, i, words(op, dLo, sLo), words(op, dHi, sHi));
    }

    private static long words(int op, long x, long y) {
        long r = 0;
        for (int k = 0; k < 64; k += 16) {
            r |= (long) (SseInt.op16(op, (int) (x >>> k) & 0xFFFF, (int) (y >>> k) & 0xFFFF) & 0xFFFF) << k;
        }
        return r;
    }

    private void dwords(Cpu cpu, Insn i, int op) {
        dst(cpu, i);
        src(cpu, i);
        put(cpu, i, pair32(SseInt.op32(op, (int) dLo, (int) sLo), SseInt.op32(op, (int) (dLo >>> 32), (int) (sLo >>> 32))),
                pair32(SseInt.op32(op, (int) dHi, (int) sHi), SseInt.op32(op, (int) (dHi >>> 32), (int) (sHi >>> 32))));
    }

    private static void insert(Cpu cpu, int reg, int lane, int width, long v) {
        int bit = lane * width;
        int idx = 2 * reg + (bit >>> 6);
        long mask = width == 64 ? -1L : ((1L << width) - 1) << (bit & 63);
        cpu.xmm[idx] = (cpu.xmm[idx] & ~mask) | ((v << (bit & 63)) & mask);
    }

    private static long extract(Cpu cpu, int reg, int lane, int width) {
        int bit = lane * width;
        long v = cpu.xmm[2 * reg + (bit >>> 6)] >>> (bit & 63);
        return width == 64 ? v : v & ((1L << width) - 1);
    }

    /** PEXTRB/W/D/Q, EXTRACTPS: to a general register (zero-extended) or to memory of the lane's width. */
    private static void extractTo(Cpu cpu, Insn i, int width, int lane) {
        long v = extract(cpu, i.reg, lane, width);
        if (i.mod == 3) cpu.r[i.rm] = v;
        else cpu.store(cpu.ea(i), width / 8, v);
    }

    private static void insertps(Cpu cpu, Insn i) {
        int imm = (int) i.imm;
        long v = i.mod == 3 ? extract(cpu, i.rm, imm >> 6 & 3, 32) : cpu.mem.read32(cpu.ea(i)) & 0xFFFFFFFFL;
        insert(cpu, i.reg, imm >> 4 & 3, 32, v);
        for (int k = 0; k < 4; k++) if ((imm >> k & 1) != 0) insert(cpu, i.reg, k, 32, 0);
    }

    private void shiftByXmm(Cpu cpu, Insn i, int width, int kind) {
        dst(cpu, i);
        src(cpu, i);
        put(cpu, i, SseInt.shift(dLo, sLo, width, kind), SseInt.shift(dHi, sLo, width, kind));
    }

    /** 0F 71/72/73 groups: shift the r/m xmm register by imm8. */
    private void shiftGroup(Cpu cpu, Insn i, int key) {
        needRegister(cpu, i);
        int n = 2 * i.rm;
        long lo = cpu.xmm[n], hi = cpu.xmm[n + 1];
        long c = i.imm & 0xFF;
        int width = key == 0x1_171 ? 16 : key == 0x1_172 ? 32 : 64;
        int kind;
        switch (i.reg & 7) {
            case 2 -> kind = SseInt.SRL;
            case 4 -> kind = SseInt.SRA;
            case 6 -> kind = SseInt.SLL;
            case 3, 7 -> {
                if (width != 64) throw cpu.unimplemented(i);
                // psrldq / pslldq: whole register by bytes.
                int bits = (int) Math.min(c, 16) * 8;
                if ((i.reg & 7) == 3) {
                    cpu.xmm[n] = SseInt.shr128lo(lo, hi, bits);
                    cpu.xmm[n + 1] = bits >= 64 ? 0 : hi >>> bits;
                } else {
                    cpu.xmm[n + 1] = SseInt.shl128hi(lo, hi, bits);
                    cpu.xmm[n] = bits >= 64 ? 0 : lo << bits;
                }
                return;
            }
            default -> throw cpu.unimplemented(i);
        }
        if (kind == SseInt.SRA && width == 64) throw cpu.unimplemented(i);
        cpu.xmm[n] = SseInt.shift(lo, c, width, kind);
        cpu.xmm[n + 1] = SseInt.shift(hi, c, width, kind);
    }

    private void pshufb() {
        long lo = 0, hi = 0;
        for (int k = 0; k < 16; k++) {
            int idx = byteAt(sLo, sHi, k);
            long v = (idx & 0x80) != 0 ? 0 : byteAt(dLo, dHi, idx & 15);
            if (k < 8) lo |= v << (8 * k);
            else hi |= v << (8 * (k - 8));
        }
        rLo = lo;
        rHi = hi;
    }

    /** PALIGNR: (dst:src) >> 8*imm, low 16 bytes. */
    private void palignr(int imm) {
        long lo = 0, hi = 0;
        for (int k = 0; k < 16; k++) {
            int idx = k + imm;
            long v = idx < 16 ? byteAt(sLo, sHi, idx) : idx < 32 ? byteAt(dLo, dHi, idx - 16) : 0;
            if (k < 8) lo |= v << (8 * k);
            else hi |= v << (8 * (k - 8));
        }
        rLo = lo;
        rHi = hi;
    }

    /** PHADDW/PHSUBW(S): pairwise word sums/differences, destination words first. */
    private void horizontal16(Cpu cpu, Insn i, boolean sub, boolean saturate) {
        dst(cpu, i);
        src(cpu, i);
        put(cpu, i, SseInt.hop16(dLo, sub, saturate) | SseInt.hop16(dHi, sub, saturate) << 32,
                SseInt.hop16(sLo, sub, saturate) | SseInt.hop16(sHi, sub, saturate) << 32);
    }

    /** HADDPS/HSUBPS: pairwise, destination pairs first; the NaN rules see the lower element as the first source. */
    private void horizontal32(Cpu cpu, Insn i, int op) {
        dst(cpu, i);
        src(cpu, i);
        int m = cpu.mxcsr;
        put(cpu, i, pair32(fp.op32(op, (int) dLo, (int) (dLo >>> 32), m), fp.op32(op, (int) dHi, (int) (dHi >>> 32), m)),
                pair32(fp.op32(op, (int) sLo, (int) (sLo >>> 32), m), fp.op32(op, (int) sHi, (int) (sHi >>> 32), m)));
    }

    /** DPPS: masked products, summed as (p0 + p1) + (p2 + p3) with SSE rounding at each step, broadcast by mask. */
    private void dpps(int imm, int m) {
        int[] p = dotScratch;
        for (int k = 0; k < 4; k++) {
            p[k] = (imm >> (4 + k) & 1) != 0
                    ? fp.op32(SseFloat.MUL, lane32(dLo, dHi, k), lane32(sLo, sHi, k), m) : 0;
        }
        int sum = fp.op32(SseFloat.ADD, fp.op32(SseFloat.ADD, p[0], p[1], m), fp.op32(SseFloat.ADD, p[2], p[3], m), m);
        rLo = pair32((imm & 1) != 0 ? sum : 0, (imm & 2) != 0 ? sum : 0);
        rHi = pair32((imm & 4) != 0 ? sum : 0, (imm & 8) != 0 ? sum : 0);
    }

    private final int[] dotScratch = new int[4];

    /** MPSADBW: eight sums of absolute differences of a sliding 4-byte window of dst against a 4-byte block of src. */
    private void mpsadbw(int imm) {
        int so = (imm & 3) * 4, dOff = (imm >> 2 & 1) * 4;
        long lo = 0, hi = 0;
        for (int k = 0; k < 8; k++) {
            int sum = 0;
            for (int j = 0; j < 4; j++) sum += Math.abs(byteAt(dLo, dHi, dOff + k + j) - byteAt(sLo, sHi, so + j));
            if (k < 4) lo |= (long) sum << (16 * k);
            else hi |= (long) sum << (16 * (k - 4));
        }
        rLo = lo;
        rHi = hi;
    }

    /** PCMPESTRI/M, PCMPISTRI/M: the memory operand has no alignment requirement. */
    private void pcmpstr(Cpu cpu, Insn i, boolean explicit, boolean index) {
        dst(cpu, i);
        srcUnaligned(cpu, i);
        strings.compare(cpu, i, dLo, dHi, sLo, sHi, explicit, index);
    }

    /** PMOVSX/PMOVZX: widen the low lanes of the source (m16/m32/m64 in memory). */
    private static void pmovx(Cpu cpu, Insn i, int key) {
        boolean signed = (key & 0xF0) == 0x20;
        int form = key & 0xF; // 0 bw, 1 bd, 2 bq, 3 wd, 4 wq, 5 dq
        int from = form == 0 || form == 1 || form == 2 ? 8 : form == 5 ? 32 : 16;
        int to = form == 0 ? 16 : form == 1 || form == 3 ? 32 : 64;
        int lanes = 128 / to;
        long v = i.mod == 3 ? cpu.xmm[2 * i.rm] : cpu.load(cpu.ea(i), lanes * from / 8);
        long lo = 0, hi = 0;
        long toMask = to == 64 ? -1L : (1L << to) - 1;
        for (int k = 0; k < lanes; k++) {
            long lane = v >>> (k * from);
            long w = signed ? (lane << (64 - from)) >> (64 - from) : lane & ((1L << from) - 1);
            int bit = k * to;
            if (bit < 64) lo |= (w & toMask) << bit;
            else hi |= (w & toMask) << (bit - 64);
        }
        put(cpu, i, lo, hi);
    }

    /**
     * RCPPS/RSQRTPS and the scalar forms. Hardware returns a table-based
     * approximation (relative error up to 1.5 * 2^-12) whose exact bits differ
     * between Intel and AMD; we return the correctly rounded value, which lies
     * within that tolerance. Differential tests compare these with a tolerance.
     */
    private static int approx(int a, boolean rsqrt, int mxcsr) {
        // Denormal inputs count as zero whatever DAZ says (observed on Intel and AMD).
        if ((a & 0x7F800000) == 0) a &= 0x80000000;
        if (SseFloat.isNaN32(a)) return a | 0x00400000;
        float x = Float.intBitsToFloat(a);
        float r;
        if (rsqrt) r = x < 0 ? Float.intBitsToFloat(SseFloat.DEFAULT_NAN32) : (float) (1 / Math.sqrt(x));
        else r = (float) (1 / (double) x);
        if ((a & 0x7FFFFFFF) == 0) r = rsqrt ? Math.copySign(Float.POSITIVE_INFINITY, x) : 1 / x;
        // Tiny reciprocals flush to zero; the SDM leaves inputs just below 2^126 to the implementation.
        if (!rsqrt && Math.abs(x) >= 0x1p126f) r = Math.copySign(0f, x);
        int bits = Float.floatToRawIntBits(r);
        // Results too small for a normal float flush to zero on hardware.
        return (bits & 0x7F800000) == 0 ? bits & 0x80000000 : bits;
    }
}
