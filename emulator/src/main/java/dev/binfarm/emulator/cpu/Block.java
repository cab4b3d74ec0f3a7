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

    Block(long start, Insn[] insns, long firstPage, long lastPage) {
        this.start = start;
        this.insns = insns;
        this.end = insns[insns.length - 1].nextRip;
        this.firstPage = firstPage;
        this.lastPage = lastPage;
    }
}
