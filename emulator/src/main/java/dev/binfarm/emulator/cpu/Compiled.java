package dev.binfarm.emulator.cpu;

/**
 * A block translated to JVM bytecode by {@link Jit} (one hidden class per
 * block). {@link #exec} runs instructions {@code 0..limit-1} of the block's
 * {@code insns} with the same effects as {@link Interpreter#exec} on each, and
 * returns how many it completed: fewer than {@code limit} only when
 * {@link Cpu#exitBlock} was raised. On a guest fault (or any exception) the CPU
 * state is that before the failing instruction and {@link Cpu#jitIndex} names
 * it.
 */
abstract class Compiled {
    abstract int exec(Cpu c, Insn[] insns, int limit);
}
