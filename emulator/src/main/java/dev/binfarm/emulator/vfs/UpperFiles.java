package dev.binfarm.emulator.vfs;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.mem.Backing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Open files of the copy-on-write layer, and directories that merge it with the rootfs. */
final class UpperFiles {
    private UpperFiles() { }

    /** A regular file living in the {@link Upper} layer. */
    static final class Regular extends OpenFile {
        private final Upper upper;
        private final Upper.File file;

        Regular(String path, int flags, Upper upper, Upper.File file) {
            super(path, flags);
            this.upper = upper;
            this.file = file;
        }

        @Override public int pread(byte[] buf, int len, long at) {
            if (at < 0) throw new ErrnoException(Errno.EINVAL);
            if (file.mapping != null) file.mapping.flush(at, at + len); // stores through shared mappings first
            if (at >= file.size) return 0;
            int n = (int) Math.min(len, file.size - at);
            System.arraycopy(file.data, (int) at, buf, 0, n);
            return n;
        }

        @Override public int write(byte[] buf, int len) {
            if ((flags & O_APPEND) != 0) pos = file.size;
            int n = pwrite(buf, len, pos);
            pos += n;
            return n;
        }

        @Override public int pwrite(byte[] buf, int len, long at) {
            if (at < 0) throw new ErrnoException(Errno.EINVAL);
            if (file.mapping != null) file.mapping.flush(at, at + len);
            upper.ensure(file, at + len);
            System.arraycopy(buf, 0, file.data, (int) at, len);
            if (at > file.size) java.util.Arrays.fill(file.data, file.size, (int) at, (byte) 0);
            long from = Math.min(at, file.size);
            file.size = (int) Math.max(file.size, at + len);
            file.mtime = upper.now();
            if (file.mapping != null) file.mapping.written(from, at + len);
            return len;
        }

        @Override public FileMapping sharedMapping() {
            if (file.mapping == null) file.mapping = new FileMapping(upper, file);
            return file.mapping;
        }

        @Override public Stat stat() { return upper.stat(file); }

        @Override public Backing backing(long offset) {
            if (offset < 0) throw new ErrnoException(Errno.EINVAL);
            if (file.mapping != null) file.mapping.flush();
            // A private mapping sees the file as it is now (writes after mmap are not shared with it).
            return offset >= file.size ? Backing.ZERO
                    : Backing.of(java.util.Arrays.copyOfRange(file.data, (int) offset, file.size));
        }

        @Override public void truncate(long length) {
            if (!writable()) throw new ErrnoException(Errno.EINVAL);
            UpperFiles.truncate(upper, file, length);
        }
    }

    static void truncate(Upper upper, Upper.File file, long length) {
        if (length < 0) throw new ErrnoException(Errno.EINVAL);
        if (file.mapping != null) file.mapping.flush();
        long old = file.size;
        if (length > file.size) {
            upper.ensure(file, length);
            java.util.Arrays.fill(file.data, file.size, (int) length, (byte) 0);
        }
        file.size = (int) length;
        file.mtime = upper.now();
        if (file.mapping != null) file.mapping.written(Math.min(old, length), Math.max(old, length));
    }

    /**
     * A directory as the guest sees it with the layer on top: the rootfs's
     * entries (unless deleted or hidden by an opaque directory), replaced or
     * joined by the layer's. Sorted by name, like every listing here.
     */
    static final class MergedDir extends OpenFile {
        private final Stat stat;
        private final List<DirEntry> entries;

        MergedDir(String path, int flags, Stat stat, List<DirEntry> lower, Upper upper) {
            super(path, flags);
            this.stat = stat;
            TreeMap<String, DirEntry> byName = new TreeMap<>();
            DirEntry dot = null, dotdot = null;
            for (DirEntry e : lower) {
                if (e.name().equals(".")) dot = e;
                else if (e.name().equals("..")) dotdot = e;
                else byName.put(e.name(), e);
            }
            for (Map.Entry<String, Upper.Node> e : upper.children(path).entrySet()) {
                switch (e.getValue()) {
                    case Upper.Whiteout w -> byName.remove(e.getKey());
                    case Upper.File f -> byName.put(e.getKey(), new DirEntry(e.getKey(), f.ino, DirEntry.DT_REG));
                    case Upper.Dir d -> byName.put(e.getKey(), new DirEntry(e.getKey(), d.ino(), DirEntry.DT_DIR));
                    case Upper.Link l -> byName.put(e.getKey(), new DirEntry(e.getKey(), l.ino(), DirEntry.DT_LNK));
                }
            }
            List<DirEntry> all = new ArrayList<>();
            all.add(dot != null ? dot : new DirEntry(".", stat.ino(), DirEntry.DT_DIR));
            all.add(dotdot != null ? dotdot : new DirEntry("..", stat.ino(), DirEntry.DT_DIR));
            all.addAll(byName.values());
            this.entries = List.copyOf(all);
        }

        @Override public int read(byte[] buf, int len) { throw new ErrnoException(Errno.EISDIR); }
        @Override public int pread(byte[] buf, int len, long at) { throw new ErrnoException(Errno.EISDIR); }
        @Override public Stat stat() { return stat; }
        @Override public List<DirEntry> list() { return entries; }
        @Override public long seek(long offset, int whence) {
            if (whence == 0 && offset >= 0) { pos = offset; return offset; }
            if (whence == 1 && pos + offset >= 0) { pos += offset; return pos; }
            throw new ErrnoException(Errno.EINVAL);
        }
    }
}
