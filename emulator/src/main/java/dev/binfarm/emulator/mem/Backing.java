package dev.binfarm.emulator.mem;

/**
 * Where the initial contents of a mapping's pages come from. Pages are filled
 * lazily, on first touch, so a guest that maps 1 GiB and touches a little costs
 * a little.
 */
public interface Backing {
    /** Anonymous memory: pages start zeroed. */
    Backing ZERO = (offset, dst, dstOff, len) -> { };

    /**
     * Copies up to {@code len} bytes starting at {@code offset} (relative to the
     * start of the backing object) into {@code dst}; bytes past the end of the
     * object stay zero, as Linux fills the tail of a file's last page.
     */
    void fill(long offset, byte[] dst, int dstOff, int len);

    /**
     * The one array holding the page at {@code offset} (page aligned) for every mapping of this
     * backing, or null when each mapping gets its own copy filled by {@link #fill}. Shared file
     * mappings use it, so all their views of a page, and the file, stay coherent.
     */
    default byte[] sharedPage(long offset) {
        return null;
    }

    /** A backing over an in-memory byte array (an ELF image, a file's bytes). */
    static Backing of(byte[] data) {
        return (offset, dst, dstOff, len) -> {
            if (offset >= data.length) return;
            int n = (int) Math.min(len, data.length - offset);
            System.arraycopy(data, (int) offset, dst, dstOff, n);
        };
    }
}
