package dev.binfarm.emulator.vfs;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import java.util.Map;
import java.util.TreeMap;

/**
 * The page cache of one file of the copy-on-write layer, for its MAP_SHARED
 * mappings: one array per file page, handed to every mapping of that page
 * ({@link #sharedPage}), so the guest's stores through any mapping are seen by
 * all the others at once, as on Linux.
 *
 * <p>The file's bytes stay in {@link Upper.File}; the cached pages are written
 * back into them before the file is read, written or truncated through a
 * descriptor, and before the layer is read after the run ({@link #flush}); a
 * write through a descriptor is copied into the cached pages ({@link #written}).
 * Pages stay cached for the rest of the run (bounded by the file's mapped size).
 */
public final class FileMapping implements Backing {
    private static final int PAGE = GuestMemory.PAGE_SIZE;

    private final Upper upper;
    private final Upper.File file;
    private final TreeMap<Long, byte[]> pages = new TreeMap<>();

    FileMapping(Upper upper, Upper.File file) {
        this.upper = upper;
        this.file = file;
    }

    @Override
    public void fill(long offset, byte[] dst, int dstOff, int len) {
        if (offset < 0 || offset >= file.size) return;
        int n = (int) Math.min(len, file.size - offset);
        System.arraycopy(file.data, (int) offset, dst, dstOff, n);
    }

    @Override
    public byte[] sharedPage(long offset) {
        byte[] page = pages.get(offset);
        if (page == null) {
            page = new byte[PAGE];
            fill(offset, page, 0, PAGE);
            pages.put(offset, page);
        }
        return page;
    }

    /**
     * Stores the cached pages into the file: only what lies inside it (a mapping never extends a
     * file; the tail of its last page is not written, as on Linux). The modification time moves
     * only when a byte changed.
     */
    void flush() {
        flush(0, Long.MAX_VALUE);
    }

    /** {@link #flush()} for the cached pages holding bytes of [from, to) only: a read or write of that range. */
    void flush(long from, long to) {
        if (to <= from) return;
        for (Map.Entry<Long, byte[]> e : pages.subMap(from & ~(long) (PAGE - 1), true, to, false).entrySet()) {
            long offset = e.getKey();
            if (offset >= file.size) break;
            int n = (int) Math.min(PAGE, file.size - offset);
            if (java.util.Arrays.mismatch(e.getValue(), 0, n, file.data, (int) offset, (int) offset + n) < 0) continue;
            System.arraycopy(e.getValue(), 0, file.data, (int) offset, n);
            file.mtime = upper.now();
        }
    }

    /** The file's bytes [from, to) changed through a descriptor (flushed before): the cached pages show them. */
    void written(long from, long to) {
        for (Map.Entry<Long, byte[]> e : pages.subMap(from & ~(long) (PAGE - 1), true, to, false).entrySet()) {
            java.util.Arrays.fill(e.getValue(), (byte) 0);
            fill(e.getKey(), e.getValue(), 0, PAGE);
        }
    }
}
