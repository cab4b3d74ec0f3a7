package dev.binfarm.emulator.vfs;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.mem.Backing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Files and directories of the rootfs, opened read-only on the host. */
final class HostFiles {
    private HostFiles() { }

    /** lstat/stat of a host path (no symlink is followed: the caller resolved them). */
    static Stat stat(Path host) {
        try {
            Map<String, Object> a = Files.readAttributes(host, "unix:*", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            long size = (Long) a.get("size");
            FileTime mt = (FileTime) a.get("lastModifiedTime");
            FileTime ct = (FileTime) a.get("ctime");
            // The guest is root in a read-only image: every file is owned by root, and atime is
            // shown as mtime because the host updates atime as files are read (runs must repeat).
            return new Stat((Long) a.get("dev"), (Long) a.get("ino"), mode, (Integer) a.get("nlink"), 0, 0,
                    (Long) a.get("rdev"), size, 4096, (size + 511) / 512,
                    sec(mt), nsec(mt), sec(mt), nsec(mt), sec(ct), nsec(ct));
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            throw new ErrnoException(errno(e));
        }
    }

    private static long sec(FileTime t) { return Math.floorDiv(t.toMillis(), 1000L); }
    private static long nsec(FileTime t) { return (t.to(java.util.concurrent.TimeUnit.NANOSECONDS)) % 1_000_000_000L; }

    static int errno(Exception e) {
        if (e instanceof NoSuchFileException) return Errno.ENOENT;
        if (e instanceof AccessDeniedException) return Errno.EACCES;
        if (e instanceof NotDirectoryException) return Errno.ENOTDIR;
        return Errno.EIO;
    }

    static OpenFile open(String guestPath, Path host, int flags) {
        Stat st = stat(host);
        if (st.isDirectory()) return new Dir(guestPath, host, flags, st);
        if ((flags & OpenFile.O_PATH) != 0) return new PathOnly(guestPath, flags, st);
        if (!st.isRegular()) throw new ErrnoException(Errno.ENXIO);
        try {
            return new Regular(guestPath, flags, FileChannel.open(host, StandardOpenOption.READ), st);
        } catch (IOException e) {
            throw new ErrnoException(errno(e));
        }
    }

    static final class Regular extends OpenFile {
        private final FileChannel channel;
        private final Stat stat;

        Regular(String path, int flags, FileChannel channel, Stat stat) {
            super(path, flags);
            this.channel = channel;
            this.stat = stat;
        }

        @Override
        public int pread(byte[] buf, int len, long at) {
            if (at < 0) throw new ErrnoException(Errno.EINVAL);
            try {
                int total = 0;
                while (total < len) {
                    int n = channel.read(ByteBuffer.wrap(buf, total, len - total), at + total);
                    if (n <= 0) break;
                    total += n;
                }
                return total;
            } catch (IOException e) {
                throw new ErrnoException(Errno.EIO);
            }
        }

        @Override
        public Stat stat() { return stat; }

        /** Pages are read from the file when first touched, so mapping a large file costs what is used. */
        @Override
        public Backing backing(long offset) {
            if (offset < 0) throw new ErrnoException(Errno.EINVAL);
            return (off, dst, dstOff, len) -> {
                try {
                    int total = 0;
                    while (total < len) {
                        int n = channel.read(ByteBuffer.wrap(dst, dstOff + total, len - total), offset + off + total);
                        if (n <= 0) break;
                        total += n;
                    }
                } catch (IOException | RuntimeException e) {
                    // Unreadable now (the host file changed under us): the page shows zeros, as past EOF.
                }
            };
        }

        @Override
        protected void close() {
            try { channel.close(); } catch (IOException ignored) { }
        }
    }

    /** O_PATH descriptors: usable for fstat and as dirfd, nothing else. */
    static final class PathOnly extends OpenFile {
        private final Stat stat;

        PathOnly(String path, int flags, Stat stat) {
            super(path, flags);
            this.stat = stat;
        }

        @Override
        public Stat stat() { return stat; }
    }

    static final class Dir extends OpenFile {
        private final Path host;
        private final Stat stat;
        private List<DirEntry> entries;

        Dir(String path, Path host, int flags, Stat stat) {
            super(path, flags);
            this.host = host;
            this.stat = stat;
        }

        @Override
        public int pread(byte[] buf, int len, long at) { throw new ErrnoException(Errno.EISDIR); }

        @Override
        public int read(byte[] buf, int len) { throw new ErrnoException(Errno.EISDIR); }

        @Override
        public Stat stat() { return stat; }

        @Override
        public List<DirEntry> list() {
            if (entries == null) entries = listHost(host, path, stat);
            return entries;
        }

        @Override
        public long seek(long offset, int whence) {
            if (whence == 0 && offset >= 0) { pos = offset; return offset; }
            if (whence == 1 && pos + offset >= 0) { pos += offset; return pos; }
            throw new ErrnoException(Errno.EINVAL);
        }
    }

    static List<DirEntry> listHost(Path host, String guestPath, Stat self) {
        List<DirEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(host)) {
            for (Path p : ds) {
                Stat s;
                try { s = stat(p); } catch (ErrnoException e) { continue; }
                out.add(new DirEntry(p.getFileName().toString(), s.ino(), DirEntry.typeOf(s.mode())));
            }
        } catch (IOException e) {
            throw new ErrnoException(errno(e));
        }
        // Host directory order differs between machines; sorted keeps runs identical everywhere.
        out.sort(Comparator.comparing(DirEntry::name));
        long parentIno = guestPath.equals("/") ? self.ino() : stat(host.getParent()).ino();
        out.add(0, new DirEntry("..", parentIno, DirEntry.DT_DIR));
        out.add(0, new DirEntry(".", self.ino(), DirEntry.DT_DIR));
        return out;
    }
}
