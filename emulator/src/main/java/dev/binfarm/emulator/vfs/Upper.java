package dev.binfarm.emulator.vfs;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The per-run copy-on-write layer over the read-only rootfs, in memory: files
 * the guest creates or changes (copied up on first write), directories and
 * symlinks it makes, and whiteouts for what it deletes. Discarded with the
 * run, so the rootfs on the host never changes. Its total size is bounded.
 */
public final class Upper {
    /** One entry of the layer, keyed by canonical guest path. */
    sealed interface Node permits File, Dir, Link, Whiteout { }

    static final class File implements Node {
        byte[] data = new byte[0];
        int size;
        int mode;
        long mtime;
        final long ino;
        /** Names the file has in the layer (hard links share one File). */
        int nlink = 1;
        /** Its pages as shared mappings see them; made by the first MAP_SHARED mmap. */
        FileMapping mapping;

        File(int mode, long mtime, long ino) {
            this.mode = mode;
            this.mtime = mtime;
            this.ino = ino;
        }
    }

    /** A directory made by the guest; {@code opaque} when it replaced a deleted lower one (hides its entries). */
    record Dir(int mode, boolean opaque, long ino, long mtime) implements Node { }

    record Link(String target, long ino, long mtime) implements Node { }

    /** A lower entry the guest deleted. */
    enum Whiteout implements Node { INSTANCE }

    static final long DEV = 0x6;

    private final Map<String, Node> nodes = new HashMap<>();
    private final long limit;
    private long used;
    private long nextIno = 0x1000_0000L;
    private LongSupplier clock = () -> Stat.PSEUDO_TIME * 1_000_000_000L;

    /** @param limit the most bytes the guest may write into the layer (ENOSPC past it) */
    public Upper(long limit) {
        this.limit = limit;
    }

    /** Where modification times come from (the run's virtual clock, in nanoseconds). */
    public void clock(LongSupplier nanos) { this.clock = nanos; }

    long now() { return clock.getAsLong(); }

    Node get(String path) { return nodes.get(path); }

    void put(String path, Node n) { nodes.put(path, n); }

    /**
     * Deletes {@code path}: a whiteout when the lower rootfs has it, else the entry simply goes. A
     * file's bytes are freed with its last name.
     */
    void remove(String path, boolean lowerHasIt) {
        Node old = take(path, lowerHasIt);
        if (old instanceof File f && --f.nlink == 0) used -= f.data.length;
    }

    /** Takes the entry at {@code path} out (to put it elsewhere: rename), leaving a whiteout when the rootfs has one. */
    Node take(String path, boolean lowerHasIt) {
        Node old = nodes.remove(path);
        if (lowerHasIt) nodes.put(path, Whiteout.INSTANCE);
        return old;
    }

    long newIno() { return nextIno++; }

    /** True when an ancestor of {@code path} is an opaque directory, so the lower rootfs is not consulted. */
    boolean lowerHidden(String path) {
        String p = path;
        while (!p.equals("/")) {
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "/" : p.substring(0, slash);
            if (nodes.get(p) instanceof Dir d && d.opaque()) return true;
        }
        return false;
    }

    /** Entries directly inside {@code dir}, whiteouts included. */
    Map<String, Node> children(String dir) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        Map<String, Node> out = new HashMap<>();
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            String k = e.getKey();
            if (k.length() > prefix.length() && k.startsWith(prefix) && k.indexOf('/', prefix.length()) < 0)
                out.put(k.substring(prefix.length()), e.getValue());
        }
        return out;
    }

    /** Paths at or below {@code dir} (for renaming a directory made in this layer). */
    List<String> subtree(String dir) {
        List<String> out = new ArrayList<>();
        for (String k : nodes.keySet()) if (k.equals(dir) || k.startsWith(dir + "/")) out.add(k);
        return out;
    }

    /** Grows a file's buffer to hold {@code size} bytes, charging the growth to the layer's budget. */
    void ensure(File f, long size) {
        if (size > Integer.MAX_VALUE - 16) throw new ErrnoException(Errno.EFBIG);
        if (size <= f.data.length) return;
        long cap = Math.max(size, Math.min(Integer.MAX_VALUE - 16, (long) f.data.length * 2));
        if (used + (cap - f.data.length) > limit) {
            cap = size;
            if (used + (cap - f.data.length) > limit) throw new ErrnoException(Errno.ENOSPC);
        }
        used += cap - f.data.length;
        f.data = java.util.Arrays.copyOf(f.data, (int) cap);
    }

    /** The AUFS whiteout prefix: {@code .wh.name} in a directory hides {@code name} of the rootfs below. */
    public static final String WHITEOUT_PREFIX = ".wh.";
    /** In a directory of the exported layer: the rootfs directory below is hidden entirely. */
    public static final String OPAQUE_MARKER = ".wh..wh..opq";

    /**
     * Writes the layer into {@code dir} on the host, in the AUFS layout (regular
     * files, directories and symlinks as themselves, {@code .wh.name} files for
     * deletions, {@link #OPAQUE_MARKER} in replaced directories), so whoever ran
     * the guest can look at what it produced after the run. Unprivileged, unlike
     * overlayfs's 0/0 character devices. Symlinks are written as the guest made
     * them: readers must resolve them inside the rootfs, never on the host.
     */
    public void exportTo(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir);
        java.util.List<String> paths = new ArrayList<>(nodes.keySet());
        java.util.Collections.sort(paths); // parents before children
        java.util.Map<File, java.nio.file.Path> written = new java.util.IdentityHashMap<>();
        for (String path : paths) {
            Node n = nodes.get(path);
            String rel = path.substring(1);
            java.nio.file.Path host = dir.resolve(rel);
            switch (n) {
                case File f -> {
                    if (f.mapping != null) f.mapping.flush();
                    java.nio.file.Files.createDirectories(host.getParent());
                    java.nio.file.Path first = written.putIfAbsent(f, host);
                    if (first != null) java.nio.file.Files.createLink(host, first); // a hard link stays one
                    else java.nio.file.Files.write(host, java.util.Arrays.copyOf(f.data, f.size));
                }
                case Dir d -> {
                    java.nio.file.Files.createDirectories(host);
                    if (d.opaque()) java.nio.file.Files.write(host.resolve(OPAQUE_MARKER), new byte[0]);
                }
                case Link l -> {
                    java.nio.file.Files.createDirectories(host.getParent());
                    java.nio.file.Files.createSymbolicLink(host, java.nio.file.Path.of(l.target()));
                }
                case Whiteout w -> {
                    java.nio.file.Files.createDirectories(host.getParent());
                    java.nio.file.Files.write(host.resolveSibling(WHITEOUT_PREFIX + host.getFileName()), new byte[0]);
                }
            }
        }
    }

    /** The bytes of a file of the layer (a copy). */
    static byte[] contents(File f) {
        if (f.mapping != null) f.mapping.flush();
        return java.util.Arrays.copyOf(f.data, f.size);
    }

    Stat stat(Node n) {
        long t;
        return switch (n) {
            case File f -> { t = f.mtime; yield stat(f.ino, Stat.S_IFREG | (f.mode & 07777), f.nlink, f.size, t); }
            case Dir d -> stat(d.ino(), Stat.S_IFDIR | (d.mode() & 07777), 1, 4096, d.mtime());
            case Link l -> stat(l.ino(), Stat.S_IFLNK | 0777, 1, l.target().length(), l.mtime());
            case Whiteout w -> throw new ErrnoException(Errno.ENOENT);
        };
    }

    private static Stat stat(long ino, int mode, int nlink, long size, long nanos) {
        long s = Math.floorDiv(nanos, 1_000_000_000L), ns = Math.floorMod(nanos, 1_000_000_000L);
        return new Stat(DEV, ino, mode, nlink, 0, 0, 0, size, 4096, (size + 511) / 512, s, ns, s, ns, s, ns);
    }
}
