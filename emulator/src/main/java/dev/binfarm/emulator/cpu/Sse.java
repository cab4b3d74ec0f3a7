package dev.binfarm.emulator.cpu;

/**
 * The SSE unit: every instruction whose operands are XMM registers (SSE, SSE2,
 * SSE3, SSSE3, and SSE4.1 once CPUID reports it) and MXCSR. The decoder sends
 * these here with {@link Insn#op} = the decoder's SSE op id.
 */
public final class Sse {
    /** Executes one SSE instruction; throws {@link Cpu#unimplemented} for encodings not implemented. */
    public void exec(Cpu cpu, Insn insn) {
        throw cpu.unimplemented(insn);
    }
}
