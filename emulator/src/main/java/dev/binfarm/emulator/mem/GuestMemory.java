package dev.binfarm.emulator.mem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The guest's 47-bit address space: page-granular mappings with R/W/X
 * permissions, backed lazily by 4 KiB byte arrays.
 *
 * <p>Hot path: a direct-mapped software TLB (separate for reads and writes) in
 * front of a three-level radix page table. A hit costs a tag compare and a
 * VarHandle access; nothing is allocated. Writes to pages that hold decoded
 * code miss the write TLB on purpose, so the CPU's block cache hears about
 * self-modifying code through {@link CodeWriteListener}.
 */
public final class GuestMemory {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final long PAGE_MASK = PAGE_SIZE - 1;
    /** First address above the user half of the x86-64 address space. */
    public static final long ADDRESS_LIMIT = 1L << 47;

    public static final int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int TLB_BITS = 12, TLB_SIZE = 1 << TLB_BITS;
    private static final int TLB_MASK = TLB_SIZE - 1;
    private static final int L1_BITS = 11, L2_BITS = 12, L3_BITS = 12;

    /** One populated page. {@code code} is set while decoded blocks refer to it. */
    static final class Page {
        final byte[] data;
        int prot;
        boolean code;

        Page() { this(new byte[PAGE_SIZE]); }

        /** A page whose bytes are shared with other mappings of the same file page (MAP_SHARED). */
        Page(byte[] data) { this.data = data; }
    }

    /** A mapping as the guest asked for it (also what /proc/self/maps shows). */
    public record Mapping(long start, long end, int prot, Backing backing, long backingOffset, String name) {
        public long length() { return end - start; }
    }

    /** Told when the guest writes to, remaps or unmaps a page holding decoded code. */
    public interface CodeWriteListener {
        void codeChanged(long pageAddress);
    }

    private final Page[][][] root = new Page[1 << L1_BITS][][];
    private final TreeMap<Long, Mapping> mappings = new TreeMap<>();

    private final long[] rTag = new long[TLB_SIZE];
    private final byte[][] rData = new byte[TLB_SIZE][];
    private final long[] wTag = new long[TLB_SIZE];
    private final byte[][] wData = new byte[TLB_SIZE][];

    /**
     * Addresses of the pages that share each array of a shared file mapping (several mappings of
     * one file page): a store through one alias must invalidate code decoded through another.
     */
    private final java.util.IdentityHashMap<byte[], List<Long>> aliases = new java.util.IdentityHashMap<>();

    private final long maxResidentPages;
    private long residentPages;
    private CodeWriteListener codeListener = page -> { };

    /** @param maxResidentBytes the most memory the guest may touch (populated pages) */
    public GuestMemory(long maxResidentBytes) {
        this.maxResidentPages = Math.max(1, maxResidentBytes >>> PAGE_SHIFT);
        flushTlb();
    }

    public void setCodeWriteListener(CodeWriteListener listener) {
        this.codeListener = listener;
    }

    public long residentBytes() { return residentPages << PAGE_SHIFT; }

    // ---------------------------------------------------------------- mappings

    /**
     * Maps [addr, addr+len) with {@code prot}, replacing whatever was there
     * (MAP_FIXED semantics). {@code addr} must be page aligned; len is rounded up.
     */
    public void map(long addr, long len, int prot, Backing backing, long backingOffset, String name) {
        checkRange(addr, len);
        long end = addr + roundUp(len);
        unmap(addr, end - addr);
        mappings.put(addr, new Mapping(addr, end, prot, backing, backingOffset, name));
    }

    /** Removes any mappings and pages in [addr, addr+len); splits mappings that straddle the edges. */
    public void unmap(long addr, long len) {
        checkRange(addr, len);
        long end = addr + roundUp(len);
        for (Mapping m : overlapping(addr, end)) {
            mappings.remove(m.start());
            if (m.start() < addr) mappings.put(m.start(), slice(m, m.start(), addr, m.prot()));
            if (m.end() > end) mappings.put(end, slice(m, end, m.end(), m.prot()));
        }
        for (long p = nextPopulated(addr, end); p < end; p = nextPopulated(p + PAGE_SIZE, end)) dropPage(p);
        flushTlb(addr, end);
    }

    /**
     * The first populated (touched) page at or after {@code addr} and below
     * {@code end}, or {@code end}: lets callers such as mremap copy what the
     * guest touched without visiting every page of a huge range.
     */
    public long nextResident(long addr, long end) {
        for (long p = nextPopulated(addr & ~PAGE_MASK, end); p < end; p = nextPopulated(p + PAGE_SIZE, end)) {
            if (lookup(p >>> PAGE_SHIFT) != null) return p;
        }
        return end;
    }

    /**
     * The first address at or after {@code addr} (below {@code end}) whose page
     * table exists, skipping empty radix subtrees: unmapping or protecting a
     * huge, mostly untouched range must not visit every page of it.
     */
    private long nextPopulated(long addr, long end) {
        long p = addr;
        while (p < end) {
            long pn = p >>> PAGE_SHIFT;
            long i1 = pn >>> (L2_BITS + L3_BITS);
            if (i1 >= root.length) return end;
            Page[][] l2 = root[(int) i1];
            if (l2 == null) { p = (i1 + 1) << (L2_BITS + L3_BITS + PAGE_SHIFT); continue; }
            Page[] l3 = l2[(int) (pn >>> L3_BITS) & ((1 << L2_BITS) - 1)];
            if (l3 == null) { p = ((pn >>> L3_BITS) + 1) << (L3_BITS + PAGE_SHIFT); continue; }
            return p;
        }
        return end;
    }

    /**
     * Changes permissions of [addr, addr+len). Like Linux's mprotect, it stops at the first
     * unmapped page, having changed the pages before it; false when it met one (ENOMEM).
     */
    public boolean protect(long addr, long len, int prot) {
        checkRange(addr, len);
        long want = addr + roundUp(len);
        long end = addr;
        while (end < want) {
            Mapping m = mappingAt(end);
            if (m == null) break;
            end = Math.min(m.end(), want);
        }
        if (end == addr) return want == addr;
        for (Mapping m : overlapping(addr, end)) {
            mappings.remove(m.start());
            long s = Math.max(m.start(), addr), e = Math.min(m.end(), end);
            if (m.start() < s) mappings.put(m.start(), slice(m, m.start(), s, m.prot()));
            mappings.put(s, slice(m, s, e, prot));
            if (m.end() > e) mappings.put(e, slice(m, e, m.end(), m.prot()));
        }
        for (long p = nextPopulated(addr, end); p < end; p = nextPopulated(p + PAGE_SIZE, end)) {
            Page page = lookup(p >>> PAGE_SHIFT);
            if (page != null) {
                page.prot = prot;
                if (page.code) { page.code = false; codeListener.codeChanged(p); }
            }
        }
        flushTlb(addr, end);
        return end == want;
    }

    /** True when every page of [addr, addr+len) belongs to some mapping. */
    public boolean isMapped(long addr, long len) {
        long end = addr + roundUp(len);
        long at = addr;
        while (at < end) {
            Mapping m = mappingAt(at);
            if (m == null) return false;
            at = m.end();
        }
        return true;
    }

    public Mapping mappingAt(long addr) {
        Map.Entry<Long, Mapping> e = mappings.floorEntry(addr);
        return e != null && e.getValue().end() > addr ? e.getValue() : null;
    }

    /** All mappings in address order (for /proc/self/maps and coverage). */
    public List<Mapping> mappings() { return List.copyOf(mappings.values()); }

    /**
     * Finds a free page-aligned gap of {@code len} bytes, searching down from
     * {@code below} (Linux's top-down mmap layout), or -1 when none fits.
     */
    public long findFree(long len, long below, long above) {
        long size = roundUp(len);
        long candidateEnd = below & ~PAGE_MASK;
        for (Mapping m : mappings.descendingMap().values()) {
            if (m.start() >= candidateEnd) { candidateEnd = Math.min(candidateEnd, m.start()); continue; }
            if (m.end() <= candidateEnd - size) break;
            candidateEnd = m.start();
        }
        long start = candidateEnd - size;
        return start >= above ? start : -1;
    }

    private List<Mapping> overlapping(long start, long end) {
        List<Mapping> out = new ArrayList<>();
        Map.Entry<Long, Mapping> first = mappings.floorEntry(start);
        long from = first != null && first.getValue().end() > start ? first.getKey() : start;
        for (Mapping m : mappings.subMap(from, true, end, false).values()) {
            if (m.end() > start) out.add(m);
        }
        return out;
    }

    private static Mapping slice(Mapping m, long s, long e, int prot) {
        return new Mapping(s, e, prot, m.backing(), m.backingOffset() + (s - m.start()), m.name());
    }

    private static void checkRange(long addr, long len) {
        if ((addr & PAGE_MASK) != 0 || len < 0 || addr < 0 || addr + len > ADDRESS_LIMIT || addr + len < addr)
            throw new IllegalArgumentException("bad range 0x" + Long.toHexString(addr) + "+" + len);
    }

    public static long roundUp(long len) { return (len + PAGE_MASK) & ~PAGE_MASK; }

    // ---------------------------------------------------------------- pages

    private Page lookup(long pn) {
        if (pn >>> (L2_BITS + L3_BITS) >= (1 << L1_BITS) || pn < 0) return null;
        Page[][] l2 = root[(int) (pn >>> (L2_BITS + L3_BITS))];
        if (l2 == null) return null;
        Page[] l3 = l2[(int) (pn >>> L3_BITS) & ((1 << L2_BITS) - 1)];
        return l3 == null ? null : l3[(int) pn & ((1 << L3_BITS) - 1)];
    }

    private void store(long pn, Page page) {
        int i1 = (int) (pn >>> (L2_BITS + L3_BITS));
        int i2 = (int) (pn >>> L3_BITS) & ((1 << L2_BITS) - 1);
        Page[][] l2 = root[i1];
        if (l2 == null) l2 = root[i1] = new Page[1 << L2_BITS][];
        Page[] l3 = l2[i2];
        if (l3 == null) l3 = l2[i2] = new Page[1 << L3_BITS];
        l3[(int) pn & ((1 << L3_BITS) - 1)] = page;
    }

    private void dropPage(long addr) {
        long pn = addr >>> PAGE_SHIFT;
        Page page = lookup(pn);
        if (page == null) return;
        if (page.code) codeListener.codeChanged(addr);
        List<Long> same = aliases.get(page.data);
        if (same != null) {
            same.remove(addr & ~PAGE_MASK);
            if (same.isEmpty()) aliases.remove(page.data);
        }
        store(pn, null);
        residentPages--;
    }

    /** The page at {@code addr}, populated from its mapping on first touch; null when unmapped. */
    private Page page(long addr, GuestFault.Access access) {
        long pn = addr >>> PAGE_SHIFT;
        Page page = lookup(pn);
        if (page != null) return page;
        if (addr < 0 || addr >= ADDRESS_LIMIT) return null;
        Mapping m = mappingAt(addr);
        if (m == null) return null;
        if (residentPages >= maxResidentPages) throw new GuestFault(addr, access, GuestFault.Cause.MEMORY_LIMIT);
        long pageStart = addr & ~PAGE_MASK;
        long offset = m.backingOffset() + (pageStart - m.start());
        byte[] shared = m.backing().sharedPage(offset);
        page = shared != null ? new Page(shared) : new Page();
        page.prot = m.prot();
        if (shared == null) m.backing().fill(offset, page.data, 0, PAGE_SIZE);
        else aliases.computeIfAbsent(shared, d -> new ArrayList<>(2)).add(pageStart);
        store(pn, page);
        residentPages++;
        return page;
    }

    private byte[] readablePage(long addr) {
        Page p = page(addr, GuestFault.Access.READ);
        if (p == null) throw new GuestFault(addr, GuestFault.Access.READ, GuestFault.Cause.UNMAPPED);
        if ((p.prot & PROT_READ) == 0) throw new GuestFault(addr, GuestFault.Access.READ, GuestFault.Cause.PROTECTION);
        int i = (int) (addr >>> PAGE_SHIFT) & TLB_MASK;
        rTag[i] = addr >>> PAGE_SHIFT;
        rData[i] = p.data;
        return p.data;
    }

    private byte[] writablePage(long addr) {
        Page p = page(addr, GuestFault.Access.WRITE);
        if (p == null) throw new GuestFault(addr, GuestFault.Access.WRITE, GuestFault.Cause.UNMAPPED);
        if ((p.prot & PROT_WRITE) == 0) throw new GuestFault(addr, GuestFault.Access.WRITE, GuestFault.Cause.PROTECTION);
        if (p.code) {
            // Self-modifying code: let the block cache drop what it decoded from this page (and its aliases).
            p.code = false;
            codeListener.codeChanged(addr & ~PAGE_MASK);
            List<Long> same = aliases.get(p.data);
            if (same != null) {
                for (long a : same) {
                    Page q = lookup(a >>> PAGE_SHIFT);
                    if (q != null && q.code) { q.code = false; codeListener.codeChanged(a); }
                }
            }
        }
        int i = (int) (addr >>> PAGE_SHIFT) & TLB_MASK;
        wTag[i] = addr >>> PAGE_SHIFT;
        wData[i] = p.data;
        return p.data;
    }

    /**
     * The bytes of the executable page at {@code addr}, marked as holding code so
     * later writes to it are reported. For the decoder only.
     */
    public byte[] codePage(long addr) {
        Page p = page(addr, GuestFault.Access.EXEC);
        if (p == null) throw new GuestFault(addr, GuestFault.Access.EXEC, GuestFault.Cause.UNMAPPED);
        if ((p.prot & PROT_EXEC) == 0) throw new GuestFault(addr, GuestFault.Access.EXEC, GuestFault.Cause.PROTECTION);
        if (!p.code) {
            markCode(p, addr & ~PAGE_MASK);
            // Another mapping of the same file page writes these very bytes: its stores must be seen too.
            List<Long> same = aliases.get(p.data);
            if (same != null) {
                for (long a : same) {
                    Page q = lookup(a >>> PAGE_SHIFT);
                    if (q != null && !q.code) markCode(q, a);
                }
            }
        }
        return p.data;
    }

    private void markCode(Page p, long pageAddr) {
        p.code = true;
        int i = (int) (pageAddr >>> PAGE_SHIFT) & TLB_MASK;
        if (wTag[i] == pageAddr >>> PAGE_SHIFT) wTag[i] = -1;
    }

    // ---------------------------------------------------------------- TLB
    public void flushTlb() {
        java.util.Arrays.fill(rTag, -1);
        java.util.Arrays.fill(wTag, -1);
        java.util.Arrays.fill(rData, null);
        java.util.Arrays.fill(wData, null);
    }

    /** Forgets the pages of [addr, end): page p can only sit at index p & TLB_MASK, so a small range is cheap. */
    private void flushTlb(long addr, long end) {
        if (end <= addr) return;
        long first = addr >>> PAGE_SHIFT, last = (end - 1) >>> PAGE_SHIFT;
        if (last - first >= TLB_SIZE) { flushTlb(); return; }
        for (long p = first; p <= last; p++) {
            int i = (int) p & TLB_MASK;
            if (rTag[i] == p) { rTag[i] = -1; rData[i] = null; }
            if (wTag[i] == p) { wTag[i] = -1; wData[i] = null; }
        }
    }

    // ---------------------------------------------------------------- access (hot)

    // Each access is a small fast path (a TLB hit: the tag of the page of the access's last byte, so an
    // access that crosses pages never hits: the next page's tag lives at the next index) that HotSpot inlines at hot call sites, and a
    // separate miss path for misses, page crossings and faults.

    public int read8(long a) {
        int i = (int) (a >>> PAGE_SHIFT) & TLB_MASK;
        byte[] d = rTag[i] == a >>> PAGE_SHIFT ? rData[i] : readablePage(a);
        return d[(int) a & (int) PAGE_MASK] & 0xFF;
    }

    public int read16(long a) {
        int i = (int) (a >>> PAGE_SHIFT) & TLB_MASK;
        if (rTag[i] == (a + 1) >>> PAGE_SHIFT) return (short) I16.get(rData[i], (int) a & (int) PAGE_MASK) & 0xFFFF;
        return read16Miss(a);
    }

    private int read16Miss(long a) {
        int off = (int) a & (int) PAGE_MASK;
        if (off > PAGE_SIZE - 2) return read8(a) | read8(a + 1) << 8;
        return (short) I16.get(readablePage(a), off) & 0xFFFF;
    }

    public int read32(long a) {
        int i = (int) (a >>> PAGE_SHIFT) & TLB_MASK;
        if (rTag[i] == (a + 3) >>> PAGE_SHIFT) return (int) I32.get(rData[i], (int) a & (int) PAGE_MASK);
        return read32Miss(a);
    }

    private int read32Miss(long a) {
        int off = (int) a & (int) PAGE_MASK;
        if (off > PAGE_SIZE - 4) return read16(a) | read16(a + 2) << 16;
        return (int) I32.get(readablePage(a), off);
    }

    public long read64(long a) {
        int i = (int) (a >>> PAGE_SHIFT) & TLB_MASK;
        if (rTag[i] == (a + 7) >>> PAGE_SHIFT) return (long) I64.get(rData[i], (int) a & (int) PAGE_MASK);
        return read64Miss(a);
    }

    private long read64Miss(long a) {
        int off = (int) a & (int) PAGE_MASK;
        if (off > PAGE_SIZE - 8) return (read32(a) & 0xFFFFFFFFL) | (long) read32(a + 4) << 32;
        return (long) I64.get(readablePage(a), off);
    }

    public void write8(long a, int v) {
        int i = (int) (a >>> PAGE_SHIFT) & TLB_MASK;
        byte[] d = wTag[i] == a >>> PAGE_SHIFT ? wData[i] : writablePage(a);
        d[(int) a & (int) PAGE_MASK] = (byte) v;
    }

    public void write16(long a, int v) {
        int i = (int) (a >>> PAGE_SHIFT) & TLB_MASK;
        if (wTag[i] == (a + 1) >>> PAGE_SHIFT) I16.set(wData[i], (int) a & (int) PAGE_MASK, (short) v);
        else write16Miss(a, v);
    }

    private void write16Miss(long a, int v) {
        int off = (int) a & (int) PAGE_MASK;
        if (off > PAGE_SIZE - 2) { checkWritable(a, 2); write8(a, v); write8(a + 1, v >>> 8); return; }
        I16.set(writablePage(a), off, (short) v);
    }

    public void write32(long a, int v) {
        int i = (int) (a >>> PAGE_SHIFT) & TLB_MASK;
        if (wTag[i] == (a + 3) >>> PAGE_SHIFT) I32.set(wData[i], (int) a & (int) PAGE_MASK, v);
        else write32Miss(a, v);
    }

    private void write32Miss(long a, int v) {
        int off = (int) a & (int) PAGE_MASK;
        if (off > PAGE_SIZE - 4) { checkWritable(a, 4); write16(a, v); write16(a + 2, v >>> 16); return; }
        I32.set(writablePage(a), off, v);
    }

    public void write64(long a, long v) {
        int i = (int) (a >>> PAGE_SHIFT) & TLB_MASK;
        if (wTag[i] == (a + 7) >>> PAGE_SHIFT) I64.set(wData[i], (int) a & (int) PAGE_MASK, v);
        else write64Miss(a, v);
    }

    private void write64Miss(long a, long v) {
        int off = (int) a & (int) PAGE_MASK;
        if (off > PAGE_SIZE - 8) { checkWritable(a, 8); write32(a, (int) v); write32(a + 4, (int) (v >>> 32)); return; }
        I64.set(writablePage(a), off, v);
    }

    /** A 16-byte store (SSE): as on the CPU, a store the second page refuses writes nothing. */
    public void write128(long a, long lo, long hi) {
        int i = (int) (a >>> PAGE_SHIFT) & TLB_MASK;
        if (wTag[i] == (a + 15) >>> PAGE_SHIFT) {
            byte[] d = wData[i];
            int off = (int) a & (int) PAGE_MASK;
            I64.set(d, off, lo);
            I64.set(d, off + 8, hi);
        } else {
            write128Miss(a, lo, hi);
        }
    }

    private void write128Miss(long a, long lo, long hi) {
        if ((a & PAGE_MASK) > PAGE_SIZE - 16) checkWritable(a, 16);
        write64(a, lo);
        write64(a + 8, hi);
    }

    // ---------------------------------------------------------------- access from translated code (TLB only)

    /**
     * What the {@code tlb*} accesses throw when the TLB cannot serve them (a miss, a page crossing, a page
     * holding code, a fault): the translated region leaves before the instruction and the interpreter runs it.
     * One shared instance without a stack trace, so HotSpot compiles the throw into a jump to the region's handler.
     */
    public static final class TlbMiss extends RuntimeException {
        private TlbMiss() { super(null, null, false, false); }
    }

    public static final TlbMiss MISS = new TlbMiss();

    // The tlb* accesses index the TLB arrays with p & (array.length - 1), the same slot as p & TLB_MASK (every TLB
    // array has TLB_SIZE entries): HotSpot's C2 turns the range check of such an index into "length > 0", which
    // the first access of a translated region decides for all the others, so no access keeps a range check (and
    // its deoptimization point) of its own. In the Go bench's C2-compiled regions: 20% fewer traps, 16% less code.

    public int tlbRead8(long a) {
        int p = (int) (a >>> PAGE_SHIFT);
        if (rTag[p & (rTag.length - 1)] == a >>> PAGE_SHIFT) return rData[p & (rData.length - 1)][(int) a & (int) PAGE_MASK] & 0xFF;
        throw MISS;
    }

    public int tlbRead16(long a) {
        int p = (int) (a >>> PAGE_SHIFT);
        if (rTag[p & (rTag.length - 1)] == (a + 1) >>> PAGE_SHIFT) return (short) I16.get(rData[p & (rData.length - 1)], (int) a & (int) PAGE_MASK) & 0xFFFF;
        throw MISS;
    }

    public int tlbRead32(long a) {
        int p = (int) (a >>> PAGE_SHIFT);
        if (rTag[p & (rTag.length - 1)] == (a + 3) >>> PAGE_SHIFT) return (int) I32.get(rData[p & (rData.length - 1)], (int) a & (int) PAGE_MASK);
        throw MISS;
    }

    public long tlbRead64(long a) {
        int p = (int) (a >>> PAGE_SHIFT);
        if (rTag[p & (rTag.length - 1)] == (a + 7) >>> PAGE_SHIFT) return (long) I64.get(rData[p & (rData.length - 1)], (int) a & (int) PAGE_MASK);
        throw MISS;
    }

    public void tlbWrite8(long a, int v) {
        int p = (int) (a >>> PAGE_SHIFT);
        if (wTag[p & (wTag.length - 1)] != a >>> PAGE_SHIFT) throw MISS;
        wData[p & (wData.length - 1)][(int) a & (int) PAGE_MASK] = (byte) v;
    }

    public void tlbWrite16(long a, int v) {
        int p = (int) (a >>> PAGE_SHIFT);
        if (wTag[p & (wTag.length - 1)] != (a + 1) >>> PAGE_SHIFT) throw MISS;
        I16.set(wData[p & (wData.length - 1)], (int) a & (int) PAGE_MASK, (short) v);
    }

    public void tlbWrite32(long a, int v) {
        int p = (int) (a >>> PAGE_SHIFT);
        if (wTag[p & (wTag.length - 1)] != (a + 3) >>> PAGE_SHIFT) throw MISS;
        I32.set(wData[p & (wData.length - 1)], (int) a & (int) PAGE_MASK, v);
    }

    public void tlbWrite64(long a, long v) {
        int p = (int) (a >>> PAGE_SHIFT);
        if (wTag[p & (wTag.length - 1)] != (a + 7) >>> PAGE_SHIFT) throw MISS;
        I64.set(wData[p & (wData.length - 1)], (int) a & (int) PAGE_MASK, v);
    }

    public void tlbWrite128(long a, long lo, long hi) {
        int p = (int) (a >>> PAGE_SHIFT);
        if (wTag[p & (wTag.length - 1)] != (a + 15) >>> PAGE_SHIFT) throw MISS;
        byte[] d = wData[p & (wData.length - 1)];
        int off = (int) a & (int) PAGE_MASK;
        I64.set(d, off, lo);
        I64.set(d, off + 8, hi);
    }

    /** A write that straddles pages must not land half-way: both pages are checked first. */
    private void checkWritable(long a, int len) {
        writablePage(a);
        writablePage(a + len - 1);
    }

    // ---------------------------------------------------------------- bulk access (syscalls)

    public void read(long a, byte[] dst, int off, int len) {
        while (len > 0) {
            int inPage = (int) Math.min(len, PAGE_SIZE - (a & PAGE_MASK));
            byte[] d = readablePage(a);
            System.arraycopy(d, (int) (a & PAGE_MASK), dst, off, inPage);
            a += inPage; off += inPage; len -= inPage;
        }
    }

    public byte[] read(long a, int len) {
        byte[] out = new byte[len];
        read(a, out, 0, len);
        return out;
    }

    public void write(long a, byte[] src, int off, int len) {
        // Check the whole destination first so a faulting write changes nothing.
        for (long p = a & ~PAGE_MASK; p < a + len; p += PAGE_SIZE) writablePage(p);
        while (len > 0) {
            int inPage = (int) Math.min(len, PAGE_SIZE - (a & PAGE_MASK));
            byte[] d = writablePage(a);
            System.arraycopy(src, off, d, (int) (a & PAGE_MASK), inPage);
            a += inPage; off += inPage; len -= inPage;
        }
    }

    public void write(long a, byte[] src) { write(a, src, 0, src.length); }

    public void fill(long a, int value, long len) {
        for (long i = 0; i < len; i++) write8(a + i, value);
    }

    /** Reads a NUL-terminated string of at most {@code max} bytes (UTF-8, as Linux treats paths: bytes). */
    public String readCString(long a, int max) {
        byte[] buf = new byte[Math.min(max, 256)];
        int n = 0;
        while (n < max) {
            int b = read8(a + n);
            if (b == 0) return new String(buf, 0, n, StandardCharsets.UTF_8);
            if (n == buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(max, buf.length * 2));
            buf[n++] = (byte) b;
        }
        return null; // too long: callers answer ENAMETOOLONG
    }
}
