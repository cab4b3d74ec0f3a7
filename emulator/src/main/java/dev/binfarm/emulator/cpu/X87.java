package dev.binfarm.emulator.cpu;

/**
 * The x87 floating-point unit (D8..DF opcodes): its register stack, control,
 * status and tag words, and FXSAVE/FXRSTOR images.
 */
public final class X87 {
    /** Executes one x87 instruction; throws {@link Cpu#unimplemented} for encodings not implemented. */
    public void exec(Cpu cpu, Insn insn) {
        throw cpu.unimplemented(insn);
    }
}
