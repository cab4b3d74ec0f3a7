package dev.binfarm.emulator.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The compiled tier's flag paths inside regions (several blocks in one method, threshold 2 so the
 * successors are known when the head is translated): rotates whose flags are dead (overwritten later
 * in a joined block), rotates whose CF/OF are read in the same or the next member, ADC/SBB chains,
 * INC/DEC of memory. The interpreter (itself checked against the host CPU by DiffTest) is the oracle.
 */
class JitFlagsTest {
    /** A 300-iteration loop over three blocks that mixes an LCG into rax/rdx and folds flags into r9..r11 and memory. */
    private static final String LOOP = """
            mov r8d, 300
            mov rax, 0x123456789abcdef
            mov rdx, 0x0fedcba987654321
            xor r9d, r9d
            xor r10d, r10d
            1:
            imul rax, rax, 1103515245
            add rax, 12345
            mov ecx, eax
            shr ecx, 11
            test r8d, 1
            jz 2f
            rol eax, 7
            add edx, eax
            ror rdx, 13
            adc r9, rdx
            rol r11d, cl
            xor r11d, edx
            ror ax, 3
            rol esi, 9
            sub esi, eax
            rol ebp, cl
            setc cl
            add r9, rcx
            rol rdi, 17
            jmp 3f
            2:
            ror rax, 3
            xor rdx, rax
            rol dx, 5
            setc cl
            add r9, rcx
            rol bl, 1
            jo 4f
            inc r10
            4:
            ror edi, 1
            jmp 3f
            3:
            adc r9, 0
            sbb r10d, 0x1234
            rol r11, 1
            inc dword ptr [r15 + 8]
            dec byte ptr [r15 + 9]
            adc qword ptr [r15 + 16], rax
            sbb word ptr [r15 + 24], dx
            adc r12b, al
            ror r13, 5
            mov r14, qword ptr [r15 + 16]
            cmovc r12, r14
            sub r8d, 1
            jnz 1b
            pushfq
            pop r11
            """;

    private static Cpu run(int threshold) {
        Machine m = new Machine(LOOP);
        m.cpu.jitThreshold = threshold;
        m.cpu.r[Cpu.R15] = Machine.DATA;
        m.cpu.r[Cpu.RBX] = 0x5a;
        m.cpu.r[Cpu.RSI] = 0x1234_5678_9abc_def0L;
        m.cpu.r[Cpu.RBP] = 0x0fed_cba9_8765_4321L;
        m.cpu.r[Cpu.RDI] = 0x8000_0000_0000_0001L;
        m.cpu.setRflags(0x202);
        return m.run();
    }

    @Test
    void rotatesAndCarryChainsInRegionsGiveTheInterpretersResult() {
        long before = Cpu.jitTranslated();
        Cpu interp = run(-1);
        Cpu jit = run(2);
        assertTrue(Cpu.jitTranslated() > before, "blocks were translated");
        assertArrayEquals(interp.r, jit.r);
        assertEquals(interp.rflags(), jit.rflags());
        assertEquals(interp.instructions, jit.instructions);
        for (long a = Machine.DATA; a < Machine.DATA + 32; a += 8) assertEquals(interp.mem.read64(a), jit.mem.read64(a), "memory at " + a);
    }
}
