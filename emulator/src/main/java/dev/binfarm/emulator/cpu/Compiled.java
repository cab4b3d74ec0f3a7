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

    /** Most translations one run-loop entry goes through by chaining (each a JVM frame deeper). */
    static final int MAX_CHAIN = 16;
    /**
     * Default of {@link Cpu#jitChain}: system property {@code binfarm.jit.chain=true}. Off by default: it
     * measured about 4% slower on the sqlite and Go benches (thread CPU, quiet machine) than returning to
     * the run loop, whose exit links already skip the block lookup.
     */
    static final boolean CHAIN = Boolean.getBoolean("binfarm.jit.chain");

    /**
     * Called by the translated code as it leaves, with all state back in {@code c} and {@code done}
     * instructions completed: when it left by a linked exit whose target is translated, runs that
     * translation from here (chaining) instead of returning to the run loop, under exactly the checks the
     * run loop makes between blocks (budget left, no stop pending, no breakpoint, target still valid), so
     * where execution stops does not depend on it. This call's instructions are counted before the next
     * translation runs, as the run loop would; the result is then that translation's count.
     */
    final int leave(Cpu c, int done) {
        int ex = c.jitExit;
        if (ex < 0 || !c.jitChain) return done;
        Block t = links[ex];
        Compiled x;
        if (t == null || t.start != c.rip || !t.valid || (x = t.compiled) == null) return done;
        if (done >= c.jitRoom || c.exitBlock || c.breakpoint != -1 || c.chainDepth >= MAX_CHAIN) return done;
        c.jitExit = -1;
        c.instructions += done;
        c.jitRoom -= done;
        c.prevCompiled = x;
        c.chainDepth++;
        Insn[] insns = t.insns;
        int k = x.exec(c, insns);
        c.chainDepth--;
        return k;
    }
}
