package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.GuestFault;
import dev.binfarm.emulator.mem.GuestMemory;

/**
 * Decoded blocks keyed by guest address: an open-addressing table over primitive
 * long keys (no boxing on lookup). Invalidation is rare (self-modifying code,
 * munmap/mprotect of code), so it simply rebuilds the table without the blocks
 * of the changed page.
 */
final class BlockCache {
    static final int MAX_INSNS = 64;
    /**
     * Beyond this many blocks the cache starts over (a guest that keeps
     * generating code must not grow the heap without bound). Evicted blocks are
     * marked invalid, since successor links may still point at them.
     */
    static final int MAX_BLOCKS = 1 << 17;

    private final Decoder decoder;
    private long[] keys;
    private Block[] blocks;
    private int size;
    private final Insn[] scratch = new Insn[MAX_INSNS];
    /** The CPUs (guest threads) sharing this address space; told to leave their block when code changes. */
    private final java.util.List<Cpu> users = new java.util.ArrayList<>();

    BlockCache(GuestMemory mem) {
        this.decoder = new Decoder(mem);
        keys = new long[1024];
        blocks = new Block[1024];
        mem.setCodeWriteListener(this::invalidatePage);
    }

    void addUser(Cpu cpu) {
        users.add(cpu);
    }

    void removeUser(Cpu cpu) {
        users.remove(cpu);
    }

    private void onInvalidate() {
        for (Cpu c : users) c.exitBlock = true;
    }

    Block get(long addr) {
        long[] k = keys;
        int mask = k.length - 1;
        int h = hash(addr) & mask;
        while (true) {
            Block b = blocks[h];
            if (b == null) break;
            if (k[h] == addr) return b;
            h = (h + 1) & mask;
        }
        Block b = decode(addr);
        if (size >= MAX_BLOCKS) clear();
        put(b);
        return b;
    }

    int size() { return size; }

    private static int hash(long a) {
        long x = a * 0x9E3779B97F4A7C15L;
        return (int) (x >>> 40);
    }

    private void put(Block b) {
        if (2 * (size + 1) > keys.length) grow();
        int mask = keys.length - 1;
        int h = hash(b.start) & mask;
        while (blocks[h] != null) h = (h + 1) & mask;
        keys[h] = b.start;
        blocks[h] = b;
        size++;
    }

    private void grow() {
        Block[] old = blocks;
        keys = new long[old.length * 2];
        blocks = new Block[old.length * 2];
        size = 0;
        for (Block b : old) if (b != null) put(b);
    }

    /** Drops every block that has bytes on the page at {@code pageAddr}. */
    void invalidatePage(long pageAddr) {
        long page = pageAddr & ~GuestMemory.PAGE_MASK;
        Block[] old = blocks;
        keys = new long[old.length];
        blocks = new Block[old.length];
        size = 0;
        boolean dropped = false;
        for (Block b : old) {
            if (b == null) continue;
            if (b.onPage(page)) { b.valid = false; dropped = true; }
            else put(b);
        }
        if (dropped) onInvalidate();
    }

    void clear() {
        for (Block b : blocks) if (b != null) b.valid = false;
        keys = new long[1024];
        blocks = new Block[1024];
        size = 0;
        onInvalidate();
    }

    /**
     * Decodes lazily: a fetch fault after the first instruction just ends the
     * block there, so the fault is reported only if execution gets that far.
     */
    private Block decode(long addr) {
        int n = 0;
        long at = addr;
        long firstPage = addr & ~GuestMemory.PAGE_MASK;
        while (true) {
            Insn i = new Insn();
            try {
                decoder.decode(at, i);
            } catch (GuestFault f) {
                if (n == 0) throw f;
                break;
            }
            if (n > 0 && Ops.startsBlock(i.op)) break; // decoded again as the head of the next block
            scratch[n++] = i;
            at = i.nextRip;
            if (Ops.endsBlock(i.op) || n == MAX_INSNS || (at & ~GuestMemory.PAGE_MASK) != firstPage) break;
        }
        Insn[] insns = java.util.Arrays.copyOf(scratch, n);
        java.util.Arrays.fill(scratch, null);
        Insn last = insns[n - 1];
        return new Block(addr, insns, firstPage, (last.nextRip - 1) & ~GuestMemory.PAGE_MASK);
    }
}
