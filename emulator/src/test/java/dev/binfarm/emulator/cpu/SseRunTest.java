package dev.binfarm.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SSE code running through the decoder and run loop: the idioms libc uses, and how faults surface. */
class SseRunTest {
    @Test
    void strlenIdiomWithPcmpeqbAndPmovmskb() {
        String text = "the quick brown fox jumps over the lazy dog, twice over";
        Machine m = new Machine("""
                mov rdi, 0x600000
                pxor xmm0, xmm0
                mov rax, rdi
                1: movdqa xmm1, [rax]
                pcmpeqb xmm1, xmm0
                pmovmskb ecx, xmm1
                test ecx, ecx
                jnz 2f
                add rax, 16
                jmp 1b
                2: bsf ecx, ecx
                add rax, rcx
                sub rax, rdi
                """);
        m.mem.write(Machine.DATA, text.getBytes(StandardCharsets.US_ASCII));
        assertEquals(text.length(), m.run().r[Cpu.RAX]);
    }

    @Test
    void packedDotProductMatchesJavaInTheSameOrder() {
        float[] a = new float[64], b = new float[64];
        for (int k = 0; k < 64; k++) { a[k] = k * 0.37f - 5; b[k] = 1.0f / (k + 1); }
        Machine m = new Machine("""
                mov rsi, 0x600000
                mov rdi, 0x600100
                xorps xmm0, xmm0
                mov ecx, 16
                1: movaps xmm1, [rsi]
                mulps xmm1, [rdi]
                addps xmm0, xmm1
                add rsi, 16
                add rdi, 16
                dec ecx
                jnz 1b
                haddps xmm0, xmm0
                haddps xmm0, xmm0
                cvtss2sd xmm2, xmm0
                """);
        for (int k = 0; k < 64; k++) {
            m.mem.write32(Machine.DATA + 4L * k, Float.floatToRawIntBits(a[k]));
            m.mem.write32(Machine.DATA + 0x100 + 4L * k, Float.floatToRawIntBits(b[k]));
        }
        float[] lane = new float[4];
        for (int k = 0; k < 64; k++) lane[k & 3] += a[k] * b[k];
        float sum = (lane[0] + lane[1]) + (lane[2] + lane[3]);
        Cpu c = m.run();
        assertEquals(Float.floatToRawIntBits(sum), (int) c.xmm[0]);
        assertEquals(Double.doubleToRawLongBits(sum), c.xmm[4]);
    }

    @Test
    void misalignedMovapsStopsWithAFaultAtTheInstruction() {
        Machine m = new Machine("""
                mov rax, 0x600008
                movaps xmm0, [rax]
                """);
        Cpu c = m.cpu;
        assertEquals(Stop.FAULT, c.run(100));
        assertEquals(Machine.CODE + 7, c.faultRip, "after the 7-byte mov");
        assertEquals(0x600008, c.fault.address());
    }

    @Test
    void mmxFormsStopAsIllegalWithTheirBytes() {
        Machine m = new Machine("paddb mm0, mm1");
        Cpu c = m.cpu;
        assertEquals(Stop.ILLEGAL, c.run(100));
        assertTrue(c.illegal.contains("0f fc"), c.illegal);
    }

    @Test
    void ldmxcsrRoundingModeChangesCvtsd2si() {
        Machine m = new Machine("""
                mov dword ptr [0x600000], 0x3f80
                ldmxcsr [0x600000]
                mov rax, 0x4004000000000000
                movq xmm0, rax
                cvtsd2si ecx, xmm0
                stmxcsr [0x600004]
                mov edx, [0x600004]
                """);
        Cpu c = m.run();
        assertEquals(2, c.r[Cpu.RCX], "2.5 rounded down");
        assertEquals(0x3fa0, c.r[Cpu.RDX], "PE raised by the inexact conversion");
    }
}
