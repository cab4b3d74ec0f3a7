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
    static final long INO_KERNEL_FILES = 0x140;

    /**
     * The /proc/sys and /sys/kernel files runtimes read at start-up (Go reads the THP
     * PMD size to size its heap arenas' huge-page advice; glibc and allocators read
     * overcommit and THP modes), with the values of a stock Linux 6.1 x86-64 machine
     * that agree with uname, sysinfo and sched_getaffinity.
     */
    static final java.util.SortedMap<String, String> KERNEL_FILES = new java.util.TreeMap<>(java.util.Map.of(
            "/proc/sys/kernel/ostype", "Linux\n",
            "/proc/sys/kernel/osrelease", "6.1.0\n",
            "/proc/sys/kernel/hostname", "binfarm\n",
            "/proc/sys/kernel/pid_max", "4194304\n",
            "/proc/sys/kernel/threads-max", "4096\n",
            "/proc/sys/vm/overcommit_memory", "0\n",
            "/proc/sys/vm/max_map_count", "65530\n",
            "/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n",
            "/sys/kernel/mm/transparent_hugepage/defrag", "always defer defer+madvise [madvise] never\n",
            "/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", "2097152\n"));

    /** The directories on the way to {@link #KERNEL_FILES}, which exist only as far as these files need. */
    static final java.util.Set<String> KERNEL_DIRS = java.util.Set.of("/proc/sys", "/proc/sys/kernel", "/proc/sys/vm",
            "/sys/kernel", "/sys/kernel/mm", "/sys/kernel/mm/transparent_hugepage");

    /** The text of a kernel file at a canonical path, or null. */
    static String kernelFile(String path) { return KERNEL_FILES.get(path); }

    private static long kernelInode(String path) {
        List<String> all = new ArrayList<>(KERNEL_DIRS.stream().sorted().toList());
        all.addAll(KERNEL_FILES.keySet());
        return INO_KERNEL_FILES + all.indexOf(path);
    }

    static Bytes kernelFileOpen(String path, int flags) {
        if ((flags & OpenFile.O_ACCMODE) != OpenFile.O_RDONLY) throw new ErrnoException(Errno.EACCES);
        byte[] text = KERNEL_FILES.get(path).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return new Bytes(path, flags, text, kernelInode(path), Stat.S_IFREG | 0444, false);
    }

    /** A directory of {@link #KERNEL_DIRS}: its children among the kernel files and directories. */
    static Dir kernelDir(String path, int flags) {
        java.util.SortedMap<String, DirEntry> children = new java.util.TreeMap<>();
        String prefix = path + "/";
        for (String p : KERNEL_DIRS) {
            if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0)
                children.put(p, new DirEntry(p.substring(prefix.length()), kernelInode(p), DirEntry.DT_DIR));
        }
        for (String p : KERNEL_FILES.keySet()) {
            if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0)
                children.put(p, new DirEntry(p.substring(prefix.length()), kernelInode(p), DirEntry.DT_REG));
        }
        return new Dir(path, flags, kernelInode(path), List.copyOf(children.values()));
    }

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
