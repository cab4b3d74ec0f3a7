package dev.binfarm.emulator.cpu;

/**
 * A straight-line run of decoded instructions starting at {@link #start}; it
 * ends at a control transfer, a page boundary or a length cap. Blocks are cached
 * by start address and dropped when their page is written.
 */
final class Block {
    final long start;
    /** Address just past the last instruction. */
    final long end;
    final Insn[] insns;
    /** Pages holding the first and the last byte of the block (equal unless the last instruction straddles). */
    final long firstPage, lastPage;
    /** Cleared when a write to one of the block's pages invalidates it. */
    boolean valid = true;
    /** The last two blocks execution continued to (fall-through and taken branch), to skip the cache lookup. */
    Block succ0, succ1;
    /** Blocks an indirect jump ending this block went to while it was interpreted (a jump table's hot cases); null: none. */
    Block[] targets;
    /** Interpreted executions so far (counts towards translation by {@link Jit}). */
    int heat;
    /** The translated form, once hot; null while interpreted. */
    Compiled compiled;
    /** Translation failed: stay interpreted. */
    boolean noJit;
    /**
     * Pages of the other blocks joined to this one's translation (a region, see {@link Jit}), besides its
     * own; a write to or an unmapping of any of them drops this block too. Null: none.
     */
    long[] regionPages;

    /** Whether this block (its translation included) has code on {@code page}. */
    boolean onPage(long page) {
        if (firstPage == page || lastPage == page) return true;
        long[] r = regionPages;
        if (r != null) for (long p : r) if (p == page) return true;
        return false;
    }

    Block(long start, Insn[] insns, long firstPage, long lastPage) {
        this.start = start;
        this.insns = insns;
        this.end = insns[insns.length - 1].nextRip;
        this.firstPage = firstPage;
        this.lastPage = lastPage;
    }
}
