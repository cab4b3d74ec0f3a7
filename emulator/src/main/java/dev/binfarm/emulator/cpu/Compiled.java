package dev.binfarm.emulator.cpu;

/**
 * A block translated to JVM bytecode by {@link Jit} (one hidden class per
 * block). {@link #exec} runs the block's instructions with the same effects
 * as {@link Interpreter#exec} on each, and returns how many it completed (with the exit taken): fewer
 * than the block holds only when {@link Cpu#exitBlock} was raised or an access missed the TLB
 * ({@link #MISS_EXIT}); more when
 * execution went on into blocks joined to this one (a region, see {@link Jit}).
 * It never stops at a breakpoint: the run loop does not enter a region holding
 * one. On a guest fault (or any exception) the CPU state is that before the
 * failing instruction, {@link Cpu#jitInsn} names it and {@link Cpu#jitIndex}
 * says how many instructions this call completed before it.
 */
abstract class Compiled {
    /** The instructions of the translated region (the block's, then those of the blocks joined to it). */
    Insn[] all;
    /**
     * The block each numbered exit (direct and indirect transfers out of the region) went to last, indexed
     * by the exit's number ({@link #exec} returns it): the run loop takes the next block from here instead
     * of looking it up. A link is only a hint, checked (start, valid) on use.
     */
    Block[] links;
    /**
     * The region's instruction count ({@code all.length}): the most one pass through its members does. A field
     * of its own because the run loop reads it at every region entry (see {@link Cpu#run}).
     */
    int span;

    /** Whether {@code bp} lies in one of the region's instructions. */
    boolean holds(long bp) {
        for (Insn i : all) if (bp >= i.rip && bp < i.nextRip) return true;
        return false;
    }

    /**
     * Returns the instructions completed (bits 0-15: a call completes at most {@link Jit#LOOP_CAP}) and,
     * above {@link #EXIT_SHIFT}, the number + 1 of the exit it left by in {@link #links} (0: an exit without
     * a link). One return value: no field traffic per region entry.
     */
    abstract int exec(Cpu c);

    static final int EXIT_SHIFT = 16, COUNT_MASK = (1 << EXIT_SHIFT) - 1;
    /**
     * The exit field of a return before an access the TLB could not serve ({@link Cpu#jitInsn} names the
     * instruction; nothing of it has run): the run loop interprets from there. Above any real exit number.
     */
    static final int MISS_EXIT = 0x7FFF, MISS_LINK = MISS_EXIT - 1;
}
