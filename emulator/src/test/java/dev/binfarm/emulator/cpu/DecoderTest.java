package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Decoding corner cases, checked field by field and against GNU as encodings. */
class DecoderTest {
    private static final long AT = 0x401000;

    private static Insn decode(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int k = 0; k < b.length; k++) b[k] = (byte) bytes[k];
        return decode(b);
    }

    private static Insn decode(byte[] b) {
        GuestMemory mem = new GuestMemory(1 << 20);
        mem.map(AT, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, Backing.of(b), 0, "code");
        Insn i = new Insn();
        new Decoder(mem).decode(AT, i);
        return i;
    }

    private static Insn asm(String text) {
        byte[] b = Asm.assemble(text);
        Insn i = decode(b);
        assertEquals(b.length, i.len, "length of " + text);
        return i;
    }

    @Test
    void ripRelativeBecomesAbsolute() {
        Insn i = asm("mov rax, [rip + 0x100]");
        assertEquals(Insn.NONE, i.base);
        assertEquals(Insn.NONE, i.index);
        assertEquals(AT + 7 + 0x100, i.disp);
        assertEquals(7, i.len);
        // With an immediate after the displacement, the base is the end of the whole instruction.
        Insn j = asm("cmp dword ptr [rip - 16], 0x12345678");
        assertEquals(AT + j.len - 16, j.disp);
        assertEquals(0x12345678, j.imm);
    }

    @Test
    void sibWithoutBaseAndWithoutIndex() {
        Insn i = asm("mov eax, [rcx*8 + 0x40]");
        assertEquals(Insn.NONE, i.base);
        assertEquals(Cpu.RCX, i.index);
        assertEquals(3, i.scale);
        assertEquals(0x40, i.disp);
        Insn j = asm("mov eax, [rsp + 8]");
        assertEquals(Cpu.RSP, j.base);
        assertEquals(Insn.NONE, j.index);
        Insn k = asm("mov eax, [r12 + r13*2]"); // REX.X + REX.B, r13 as index, r12 needs a SIB
        assertEquals(12, k.base);
        assertEquals(13, k.index);
        Insn l = asm("mov eax, [r13]"); // mod=1 disp8=0, r13 is not RIP-relative
        assertEquals(13, l.base);
        assertEquals(0, l.disp);
        Insn m = decode(0x8B, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12); // mov eax, [0x12345678] via SIB
        assertEquals(Insn.NONE, m.base);
        assertEquals(Insn.NONE, m.index);
        assertEquals(0x12345678, m.disp);
    }

    @Test
    void rexSelectsNewByteRegisters() {
        Insn i = asm("mov sil, dil");
        assertTrue((i.prefixes & Insn.P_REX) != 0);
        assertEquals(1, i.opSize);
        Insn j = asm("mov dh, bh");
        assertEquals(0, j.prefixes & Insn.P_REX);
        // And they execute differently.
        Machine m = new Machine("""
                mov rsi, 0x1111
                mov rdi, 0x2222
                mov rdx, 0x3333
                mov rbx, 0x4444
                mov sil, dil
                mov dh, bh
                """);
        Cpu c = m.run();
        assertEquals(0x1122, c.r[Cpu.RSI]);
        assertEquals(0x4433, c.r[Cpu.RDX]);
    }

    @Test
    void prefixCombinations() {
        Insn i = decode(0x66, 0x48, 0x01, 0xD8); // REX.W wins over 66
        assertEquals(8, i.opSize);
        Insn j = decode(0x48, 0x66, 0x01, 0xD8); // REX before a legacy prefix is ignored
        assertEquals(2, j.opSize);
        assertEquals(0, j.prefixes & Insn.P_REX);
        Insn k = decode(0x66, 0xF2, 0x0F, 0x58, 0xC1); // addsd with a stray 66: F2 is the mandatory prefix
        assertEquals(0xF2, k.mandatory);
        assertEquals(Ops.SSE, k.op);
        Insn l = decode(0xF3, 0xF2, 0x0F, 0x58, 0xC1); // the last of F2/F3 wins
        assertEquals(0xF2, l.mandatory);
        Insn m = asm("mov rax, fs:[0x28]");
        assertEquals(Insn.SEG_FS, m.seg);
        Insn n = asm("lock xadd qword ptr gs:[rbx], rcx");
        assertEquals(Insn.SEG_GS, n.seg);
        assertTrue((n.prefixes & Insn.P_LOCK) != 0);
        Insn o = asm("nop word ptr cs:[rax + rax + 0]");
        assertEquals(Ops.NOP, o.op);
        Insn p = asm("endbr64");
        assertEquals(Ops.NOP, p.op);
        assertEquals(4, p.len);
    }

    @Test
    void addressSizeOverride() {
        Insn i = asm("lea eax, [ebx + ecx*4 + 8]");
        assertEquals(4, i.addrSize);
        Machine m = new Machine("""
                mov rbx, 0xFFFFFFFF00000010
                mov rcx, 1
                lea rax, [ebx + ecx*4 + 8]
                lea rdx, [rbx + rcx*4 + 8]
                """);
        Cpu c = m.run();
        assertEquals(0x1C, c.r[Cpu.RAX]);
        assertEquals(0xFFFFFFFF0000001CL, c.r[Cpu.RDX]);
    }

    @Test
    void immediateSizesOfSseOpcodes() {
        // asm() checks the decoded length against the assembler's.
        for (String s : new String[] {"pshufd xmm0, xmm1, 0x1b", "psrldq xmm2, 4", "cmpsd xmm0, xmm1, 2", "shufps xmm0, xmm1, 0x44",
                "pinsrw xmm0, eax, 3", "pextrw eax, xmm1, 2", "palignr xmm0, xmm1, 3", "pshufb xmm0, [rip + 8]", "pshuflw xmm0, xmm1, 1",
                "movdqa xmm8, [r9 + r10*8 + 0x1000]", "movq rax, xmm1", "cvtsi2sd xmm0, qword ptr [rbx]", "emms", "movd mm0, eax"}) {
            assertEquals(Ops.SSE, asm(s).op, s);
        }
        assertEquals(Ops.SSE, asm("ldmxcsr [rsp]").op);
        assertEquals(Ops.X87, asm("fxsave [rsp]").op);
        assertEquals(Ops.X87, asm("fld qword ptr [rax]").op);
        assertEquals(Ops.NOP, asm("mfence").op);
        assertEquals(Ops.MOVBE_GM, asm("movbe eax, [rbx]").op);
        assertEquals(Ops.CRC32, asm("crc32 eax, byte ptr [rbx]").op);
    }

    @Test
    void immediateForms() {
        assertEquals(0x1122334455667788L, asm("movabs rax, 0x1122334455667788").imm);
        assertEquals(-1, asm("add rax, -1").imm); // imm8 sign-extended
        assertEquals(-2, asm("mov rax, -2").imm); // C7 imm32 sign-extended
        Insn enter = asm("enter 0x123, 4");
        assertEquals(0x123, enter.imm);
        assertEquals(4, enter.imm2);
        Insn ret = asm("ret 0x10");
        assertEquals(0x10, ret.imm);
        Insn jmp = asm("jmp .+0x200");
        assertEquals(AT + 0x200, jmp.imm);
        Insn moffs = asm("movabs eax, [0x1122334455667788]");
        assertEquals(0x1122334455667788L, moffs.disp);
        assertEquals(9, moffs.len);
    }

    @Test
    void undefinedOpcodesAndOverlongInstructions() {
        assertEquals(Ops.UD, decode(0x0F, 0x0B).op);            // ud2
        assertEquals(Ops.UD, decode(0x06).op);                  // push es: invalid in 64-bit mode
        assertEquals(Ops.UD, decode(0xC4, 0xE2, 0x79, 0x18, 0x00).op); // VEX (no AVX)
        int[] longOne = new int[17];
        java.util.Arrays.fill(longOne, 0x66);
        longOne[15] = 0x90;
        Insn i = decode(longOne);
        assertEquals(Ops.UD, i.op);
        assertEquals(15, i.len);
    }

    @Test
    void instructionStraddlingAPageBoundaryDecodes() {
        GuestMemory mem = new GuestMemory(1 << 20);
        byte[] code = new byte[0x2000];
        byte[] mov = Asm.assemble("movabs rax, 0x1122334455667788");
        System.arraycopy(mov, 0, code, 0x1000 - 3, mov.length);
        mem.map(AT, 0x2000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, Backing.of(code), 0, "code");
        Insn i = new Insn();
        new Decoder(mem).decode(AT + 0x1000 - 3, i);
        assertEquals(0x1122334455667788L, i.imm);
    }
}
