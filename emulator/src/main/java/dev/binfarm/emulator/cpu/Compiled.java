package dev.binfarm.emulator.cpu;

/**
 * A block translated to JVM bytecode by {@link Jit} (one hidden class per
 * block). {@link #exec} runs the block's {@code insns} with the same effects
 * as {@link Interpreter#exec} on each, and returns how many it completed: fewer
 * than the block holds only when {@link Cpu#exitBlock} was raised; more when
 * execution went on into blocks joined to this one (a region, see {@link Jit}).
 * It never stops at a breakpoint: the run loop interprets a block holding one,
 * and a region does not go on into a member holding it. On a guest fault (or any
 * exception) the CPU state is that before the failing instruction,
 * {@link Cpu#jitInsn} names it and {@link Cpu#jitIndex} says how many
 * instructions this call completed before it.
 */
abstract class Compiled {
    /** The instructions of the translated region (the block's, then those of the blocks joined to it). */
    Insn[] all;
    /**
     * The block each exit with a target known at translation time went to last, indexed by the exit's
     * number (the code stores it in {@link Cpu#jitExit} when it leaves that way): the run loop takes the
     * next block from here instead of looking it up. A link is only a hint, checked (start, valid) on use.
     */
    Block[] links;

    abstract int exec(Cpu c, Insn[] insns);
}
