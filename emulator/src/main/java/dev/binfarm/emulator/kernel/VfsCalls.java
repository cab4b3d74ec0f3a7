package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.vfs.DirEntry;
import dev.binfarm.emulator.vfs.OpenFile;
import dev.binfarm.emulator.vfs.Stat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Path syscalls over the {@link dev.binfarm.emulator.vfs.Vfs}: open, stat, access, getdents64, cwd, readlink. */
final class VfsCalls {
    private VfsCalls() { }

    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;
    static final int STAT_SIZE = 144;

    /** The guest directory a *at() call is relative to: null for the cwd. */
    private static String base(Kernel k, long dirfd, String path) {
        if (path.startsWith("/") || (int) dirfd == AT_FDCWD) return null;
        OpenFile dir = k.fds.get(dirfd);
        if (!dir.stat().isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        return dir.path;
    }

    static long openat(Kernel k, long dirfd, long pathAddr, long flags, long mode) {
        String path = k.path(pathAddr);
        OpenFile f = k.vfs.open(base(k, dirfd, path), path, (int) flags, (int) mode & ~k.umask & 07777);
        return k.fds.install(f, 0, (flags & OpenFile.O_CLOEXEC) != 0);
    }

    /**
     * getxattr family: no file carries extended attributes (no SELinux label,
     * no ACL), so an existing path answers ENODATA and lists are empty, as on
     * an ext4 file without any; a missing path is ENOENT.
     */
    static long getxattr(Kernel k, long pathAddr, boolean follow) {
        k.vfs.stat(null, k.path(pathAddr), follow);
        throw new ErrnoException(Errno.ENODATA);
    }

    static long fgetxattr(Kernel k, long fd) {
        k.fds.get(fd);
        throw new ErrnoException(Errno.ENODATA);
    }

    static long listxattr(Kernel k, long pathAddr, boolean follow) {
        k.vfs.stat(null, k.path(pathAddr), follow);
        return 0;
    }

    static long stat(Kernel k, long pathAddr, long buf, boolean follow) {
        String path = k.path(pathAddr);
        Stat st = k.vfs.stat(null, path, follow);
        writeStat(k, buf, st);
        return 0;
    }

    static long fstat(Kernel k, long fd, long buf) {
        writeStat(k, buf, k.fds.get(fd).stat());
        return 0;
    }

    static long newfstatat(Kernel k, long dirfd, long pathAddr, long buf, long flags) {
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */)) != 0)
            throw new ErrnoException(Errno.EINVAL);
        String path = k.path(pathAddr);
        Stat st;
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            st = (int) dirfd == AT_FDCWD ? k.vfs.stat(null, ".", true) : k.fds.get(dirfd).stat();
        } else {
            st = k.vfs.stat(base(k, dirfd, path), path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        }
        writeStat(k, buf, st);
        return 0;
    }

    static void writeStat(Kernel k, long addr, Stat s) {
        ByteBuffer b = ByteBuffer.allocate(STAT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, s.dev()).putLong(8, s.ino()).putLong(16, s.nlink()).putInt(24, s.mode())
                .putInt(28, s.uid()).putInt(32, s.gid()).putLong(40, s.rdev()).putLong(48, s.size())
                .putLong(56, s.blksize()).putLong(64, s.blocks())
                .putLong(72, s.atimeSec()).putLong(80, s.atimeNsec())
                .putLong(88, s.mtimeSec()).putLong(96, s.mtimeNsec())
                .putLong(104, s.ctimeSec()).putLong(112, s.ctimeNsec());
        k.mem.write(addr, b.array());
    }

    static final int STATX_BASIC_STATS = 0x7ff, STATX_SIZE = 256;

    static long statx(Kernel k, long dirfd, long pathAddr, long flags, long mask, long buf) {
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 | 0x6000)) != 0 || (flags & 0x6000) == 0x6000)
            throw new ErrnoException(Errno.EINVAL);
        if ((mask & 0x80000000L) != 0) throw new ErrnoException(Errno.EINVAL); // STATX__RESERVED
        String path = k.path(pathAddr);
        Stat st;
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            st = (int) dirfd == AT_FDCWD ? k.vfs.stat(null, ".", true) : k.fds.get(dirfd).stat();
        } else {
            st = k.vfs.stat(base(k, dirfd, path), path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        }
        ByteBuffer b = ByteBuffer.allocate(STATX_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, STATX_BASIC_STATS).putInt(4, (int) st.blksize()).putInt(16, (int) st.nlink())
                .putInt(20, st.uid()).putInt(24, st.gid()).putShort(28, (short) st.mode())
                .putLong(32, st.ino()).putLong(40, st.size()).putLong(48, st.blocks());
        b.putLong(64, st.atimeSec()).putInt(72, (int) st.atimeNsec());
        b.putLong(96, st.ctimeSec()).putInt(104, (int) st.ctimeNsec());
        b.putLong(112, st.mtimeSec()).putInt(120, (int) st.mtimeNsec());
        b.putInt(128, major(st.rdev())).putInt(132, minor(st.rdev()));
        b.putInt(136, major(st.dev())).putInt(140, minor(st.dev()));
        k.mem.write(buf, b.array());
        return 0;
    }

    /** glibc's gnu_dev_major/gnu_dev_minor. */
    static int major(long dev) { return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL)); }
    static int minor(long dev) { return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL)); }

    static long faccessat(Kernel k, long dirfd, long pathAddr, long mode, long flags) {
        String path = k.path(pathAddr);
        k.vfs.access(base(k, dirfd, path), path, (int) mode, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        return 0;
    }

    static long getdents64(Kernel k, long fd, long dirp, long count) {
        return getdents(k, fd, dirp, count, true);
    }

    /**
     * getdents64 (linux_dirent64: ino, off, reclen, type, name) and the old
     * getdents (linux_dirent: ino, off, reclen, name, NUL, type in the last byte).
     */
    static long getdents(Kernel k, long fd, long dirp, long count, boolean is64) {
        OpenFile f = k.fds.get(fd);
        List<DirEntry> entries = f.list();
        int cap = (int) Math.min(Math.max(count, 0), 1 << 20);
        ByteBuffer out = ByteBuffer.allocate(cap).order(ByteOrder.LITTLE_ENDIAN);
        int i = (int) Math.min(f.position(), entries.size());
        for (; i < entries.size(); i++) {
            DirEntry e = entries.get(i);
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int reclen = ((is64 ? 19 + name.length + 1 : 18 + name.length + 2) + 7) & ~7;
            if (out.position() + reclen > cap) {
                if (out.position() == 0) throw new ErrnoException(Errno.EINVAL);
                break;
            }
            int at = out.position();
            out.putLong(at, e.ino()).putLong(at + 8, i + 1).putShort(at + 16, (short) reclen);
            if (is64) {
                out.put(at + 18, (byte) e.type());
                out.put(at + 19, name);
            } else {
                out.put(at + 18, name);
                out.put(at + reclen - 1, (byte) e.type());
            }
            out.position(at + reclen);
        }
        f.position(i);
        int n = out.position();
        if (n > 0) k.mem.write(dirp, out.array(), 0, n);
        return n;
    }

    static long getcwd(Kernel k, long buf, long size) {
        byte[] b = (k.vfs.cwd() + "\0").getBytes(StandardCharsets.UTF_8);
        if (size < b.length) throw new ErrnoException(Errno.ERANGE);
        k.mem.write(buf, b);
        return b.length;
    }

    static long chdir(Kernel k, long pathAddr) {
        k.vfs.chdir(null, k.path(pathAddr));
        return 0;
    }

    static long fchdir(Kernel k, long fd) {
        OpenFile f = k.fds.get(fd);
        if (!f.stat().isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        k.vfs.chdir(null, f.path);
        return 0;
    }

    static long readlinkat(Kernel k, long dirfd, long pathAddr, long buf, long size) {
        if (size <= 0) throw new ErrnoException(Errno.EINVAL);
        String path = k.path(pathAddr);
        byte[] target = k.vfs.readlink(base(k, dirfd, path), path).getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(target.length, size);
        k.mem.write(buf, target, 0, n);
        return n;
    }

    static final int AT_REMOVEDIR = 0x200, RENAME_NOREPLACE = 1;

    static long mkdirat(Kernel k, long dirfd, long pathAddr, long mode) {
        String path = k.path(pathAddr);
        k.vfs.mkdir(base(k, dirfd, path), path, (int) mode & ~k.umask & 07777);
        return 0;
    }

    static long unlinkat(Kernel k, long dirfd, long pathAddr, long flags) {
        if ((flags & ~AT_REMOVEDIR) != 0) throw new ErrnoException(Errno.EINVAL);
        String path = k.path(pathAddr);
        if ((flags & AT_REMOVEDIR) != 0) k.vfs.rmdir(base(k, dirfd, path), path);
        else k.vfs.unlink(base(k, dirfd, path), path);
        return 0;
    }

    static long renameat(Kernel k, long olddirfd, long oldAddr, long newdirfd, long newAddr, long flags) {
        if ((flags & ~RENAME_NOREPLACE) != 0) throw new ErrnoException(Errno.EINVAL);
        String from = k.path(oldAddr), to = k.path(newAddr);
        String toBase = base(k, newdirfd, to);
        if ((flags & RENAME_NOREPLACE) != 0) {
            try {
                k.vfs.stat(toBase, to, false);
                throw new ErrnoException(Errno.EEXIST);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT) throw e;
            }
        }
        k.vfs.rename(base(k, olddirfd, from), from, toBase, to);
        return 0;
    }

    static long symlinkat(Kernel k, long targetAddr, long dirfd, long pathAddr) {
        String target = k.path(targetAddr), path = k.path(pathAddr);
        k.vfs.symlink(target, base(k, dirfd, path), path);
        return 0;
    }

    static long fchmodat(Kernel k, long dirfd, long pathAddr, long mode) {
        String path = k.path(pathAddr);
        k.vfs.chmod(base(k, dirfd, path), path, (int) mode, true);
        return 0;
    }

    static long fchmod(Kernel k, long fd, long mode) {
        OpenFile f = k.fds.get(fd);
        k.vfs.chmod("/", f.path, (int) mode, true);
        return 0;
    }

    static long truncate(Kernel k, long pathAddr, long length) {
        k.vfs.truncate(null, k.path(pathAddr), length);
        return 0;
    }

    static long ftruncate(Kernel k, long fd, long length) {
        k.fds.get(fd).truncate(length);
        return 0;
    }

    /** chown family and utimensat: accepted for existing paths, not tracked. */
    static long touch(Kernel k, long dirfd, long pathAddr, boolean follow) {
        String path = pathAddr == 0 ? "" : k.path(pathAddr);
        if (path.isEmpty()) {
            if ((int) dirfd != AT_FDCWD) k.fds.get(dirfd);
            k.vfs.touch(null, ".", true);
        } else {
            k.vfs.touch(base(k, dirfd, path), path, follow);
        }
        return 0;
    }

    static final int AT_SYMLINK_FOLLOW = 0x400;

    /** link/linkat: hard links live in the copy-on-write layer (EROFS when the rootfs is read-only). */
    static long linkat(Kernel k, long olddirfd, long oldAddr, long newdirfd, long newAddr, long flags) {
        if ((flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        String from = k.path(oldAddr), to = k.path(newAddr);
        String fromBase;
        if (from.isEmpty()) {
            if ((flags & AT_EMPTY_PATH) == 0) throw new ErrnoException(Errno.ENOENT);
            // The descriptor's file itself: link it by the path it was opened with.
            OpenFile f = k.fds.get(olddirfd);
            if (f.path == null || !f.path.startsWith("/")) throw new ErrnoException(Errno.ENOENT);
            from = f.path;
            fromBase = "/";
        } else {
            fromBase = base(k, olddirfd, from);
        }
        k.vfs.link(fromBase, from, base(k, newdirfd, to), to, (flags & AT_SYMLINK_FOLLOW) != 0);
        return 0;
    }
}
