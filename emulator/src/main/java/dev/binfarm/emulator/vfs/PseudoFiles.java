package dev.binfarm.emulator.vfs;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.mem.Backing;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Files the emulator makes up: /dev/null, /dev/zero, /dev/urandom, /proc files. */
final class PseudoFiles {
    private PseudoFiles() { }

    static final long INO_DEV = 0x100, INO_PROC = 0x101, INO_PROC_SELF = 0x102;
    static final long INO_NULL = 0x110, INO_ZERO = 0x111, INO_URANDOM = 0x112, INO_RANDOM = 0x113;
    static final long INO_EXE = 0x120, INO_CPUINFO = 0x121, INO_MAPS = 0x122, INO_MEMINFO = 0x123, INO_PROC_FD = 0x124;
    static final long INO_PROC_ROOT = 0x125, INO_CPU_ONLINE = 0x126, INO_CPU_POSSIBLE = 0x127, INO_SYS = 0x130;

    /** makedev(major, minor) as glibc encodes it. */
    static long makedev(int major, int minor) {
        return ((long) (major & 0xfff) << 8) | (minor & 0xff) | ((long) (minor & ~0xff) << 12);
    }

    static final class Null extends OpenFile {
        Null(String path, int flags) { super(path, flags); }
        @Override public int pread(byte[] buf, int len, long at) { return 0; }
        @Override public int read(byte[] buf, int len) { return 0; }
        @Override public int write(byte[] buf, int len) { return len; }
        @Override public int pwrite(byte[] buf, int len, long at) { return len; }
        @Override public long seek(long offset, int whence) { return 0; }
        @Override public Stat stat() { return Stat.pseudo(INO_NULL, Stat.S_IFCHR | 0666, makedev(1, 3), 0); }
    }

    static final class Zero extends OpenFile {
        Zero(String path, int flags) { super(path, flags); }
        @Override public int pread(byte[] buf, int len, long at) { java.util.Arrays.fill(buf, 0, len, (byte) 0); return len; }
        @Override public int read(byte[] buf, int len) { return pread(buf, len, 0); }
        @Override public int write(byte[] buf, int len) { return len; }
        @Override public long seek(long offset, int whence) { return 0; }
        @Override public Stat stat() { return Stat.pseudo(INO_ZERO, Stat.S_IFCHR | 0666, makedev(1, 5), 0); }
        @Override public Backing backing(long offset) { return Backing.ZERO; }
    }

    /** /dev/urandom and /dev/random: the run's seeded generator, so runs repeat. */
    static final class Random extends OpenFile {
        private final RandomGenerator rng;
        private final long ino;

        Random(String path, int flags, RandomGenerator rng, long ino) {
            super(path, flags);
            this.rng = rng;
            this.ino = ino;
        }

        @Override public int read(byte[] buf, int len) {
            byte[] b = new byte[len];
            rng.nextBytes(b);
            System.arraycopy(b, 0, buf, 0, len);
            return len;
        }
        @Override public int pread(byte[] buf, int len, long at) { return read(buf, len); }
        @Override public int write(byte[] buf, int len) { return len; }
        @Override public long seek(long offset, int whence) { return 0; }
        @Override public Stat stat() {
            return Stat.pseudo(ino, Stat.S_IFCHR | 0666, makedev(1, ino == INO_URANDOM ? 9 : 8), 0);
        }
    }

    /** A read-only file whose bytes the emulator knows up front (/proc/self/exe, /proc/cpuinfo). */
    static final class Bytes extends OpenFile {
        private final byte[] data;
        private final Stat stat;

        Bytes(String path, int flags, byte[] data, long ino, int mode, boolean reportSize) {
            super(path, flags);
            this.data = data;
            // /proc files report size 0 on Linux; /proc/self/exe reports the program's size.
            this.stat = Stat.pseudo(ino, mode, 0, reportSize ? data.length : 0);
        }

        @Override public int pread(byte[] buf, int len, long at) {
            if (at < 0) throw new ErrnoException(Errno.EINVAL);
            if (at >= data.length) return 0;
            int n = (int) Math.min(len, data.length - at);
            System.arraycopy(data, (int) at, buf, 0, n);
            return n;
        }
        @Override public long seek(long offset, int whence) {
            long base = whence == 2 ? data.length : whence == 1 ? pos : whence == 0 ? 0 : -1;
            if (base < 0 || base + offset < 0) throw new ErrnoException(Errno.EINVAL);
            pos = base + offset;
            return pos;
        }
        @Override public Stat stat() { return stat; }
        @Override public Backing backing(long offset) {
            if (offset < 0) throw new ErrnoException(Errno.EINVAL);
            return offset >= data.length ? Backing.ZERO
                    : Backing.of(java.util.Arrays.copyOfRange(data, (int) offset, data.length));
        }
    }

    /** /dev, /proc, /proc/self when the rootfs does not have them. */
    static final class Dir extends OpenFile {
        private final long ino;
        private final List<DirEntry> children;

        Dir(String path, int flags, long ino, List<DirEntry> children) {
            super(path, flags);
            this.ino = ino;
            List<DirEntry> all = new ArrayList<>();
            all.add(new DirEntry(".", ino, DirEntry.DT_DIR));
            all.add(new DirEntry("..", ino, DirEntry.DT_DIR));
            all.addAll(children);
            this.children = List.copyOf(all);
        }

        @Override public int read(byte[] buf, int len) { throw new ErrnoException(Errno.EISDIR); }
        @Override public Stat stat() { return Stat.pseudo(ino, Stat.S_IFDIR | 0555, 0, 0); }
        @Override public List<DirEntry> list() { return children; }
        @Override public long seek(long offset, int whence) {
            if (whence != 0 || offset < 0) throw new ErrnoException(Errno.EINVAL);
            pos = offset;
            return pos;
        }
    }

    static final long INO_FILESYSTEMS = 0x128;

    /**
     * /proc/filesystems of the emulated kernel: the virtual file systems it serves and ext4 for
     * the rootfs; no selinuxfs, so libselinux (ls, sed) finds SELinux absent, as on Debian.
     */
    static final String FILESYSTEMS = "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\nnodev\tpipefs\n"
            + "nodev\tdevpts\n\text4\nnodev\toverlay\n";
}
