package dev.binfarm.emulator.vfs;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The guest's file system: the read-only rootfs plus a few pseudo files, and
 * the current directory. Every method throws {@link ErrnoException} on failure.
 * Writes to the rootfs fail with EROFS (a copy-on-write upper layer comes later).
 */
public final class Vfs {
    public static final int F_OK = 0, X_OK = 1, W_OK = 2, R_OK = 4;

    private final Rootfs rootfs;
    private final String exePath;
    private final byte[] exeBytes;
    private final RandomGenerator random;
    private final byte[] cpuinfo;
    private String cwd = "/";
    private java.util.function.Supplier<String> maps = () -> "";
    private java.util.function.Supplier<String> meminfo = () -> "";
    private java.util.function.Supplier<java.util.SortedMap<Integer, String>> fds = java.util.TreeMap::new;

    /** The descriptor's path when {@code path} is /proc/self/fd/N for an open N, else null. */
    private String fdLink(String path) {
        if (!path.startsWith("/proc/self/fd/") || Files.exists(rootfs.root().resolve("proc"), LinkOption.NOFOLLOW_LINKS)) return null;
        String n = path.substring("/proc/self/fd/".length());
        if (n.isEmpty() || n.length() > 4 || !n.chars().allMatch(Character::isDigit)) return null;
        return fds.get().get(Integer.parseInt(n));
    }

    /**
     * @param exePath  the program's path inside the rootfs (what /proc/self/exe names)
     * @param exeBytes the program's bytes (from the rootfs or the host, with --exe)
     * @param random   the run's seeded generator behind /dev/urandom
     * @param cpuinfo  the text of /proc/cpuinfo
     */
    public Vfs(Rootfs rootfs, String exePath, byte[] exeBytes, RandomGenerator random, String cpuinfo) {
        this.rootfs = rootfs;
        this.exePath = exePath;
        this.exeBytes = exeBytes;
        this.random = random;
        this.cpuinfo = cpuinfo.getBytes(StandardCharsets.US_ASCII);
    }

    public Rootfs rootfs() { return rootfs; }

    /** Where /proc/self/maps gets its text (the kernel knows the address space, the VFS does not). */
    public void mapsSource(java.util.function.Supplier<String> source) { this.maps = source; }
    /** Where /proc/meminfo gets its text. */
    public void meminfoSource(java.util.function.Supplier<String> source) { this.meminfo = source; }
    /** The open descriptors and the paths they were opened by, for /proc/self/fd. */
    public void fdsSource(java.util.function.Supplier<java.util.SortedMap<Integer, String>> source) { this.fds = source; }
    public String cwd() { return cwd; }

    public void chdir(String base, String path) {
        Rootfs.Lookup l = rootfs.resolve(base(base), path, true);
        Stat st = statLookup(l);
        if (!st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        cwd = l.path();
    }

    /** openat: {@code base} is the dirfd's guest path, or null for the current directory. */
    public OpenFile open(String base, String path, int flags) {
        return open(base, path, flags, 0644);
    }

    /** openat with the mode for O_CREAT (the umask already applied). */
    public OpenFile open(String base, String path, int flags, int mode) {
        // O_CREAT|O_EXCL never follows a final symlink: even a dangling one makes it fail with EEXIST.
        boolean exclusive = (flags & (OpenFile.O_CREAT | OpenFile.O_EXCL)) == (OpenFile.O_CREAT | OpenFile.O_EXCL);
        boolean follow = (flags & OpenFile.O_NOFOLLOW) == 0 && !exclusive;
        Rootfs.Lookup l = rootfs.resolve(base(base), path, follow);
        OpenFile pseudo = openPseudo(l.path(), flags);
        if (pseudo != null) return pseudo;
        String fd = fdLink(l.path());
        if (fd != null) {
            // Linux reopens the file the descriptor names; pipes and stdio have no path to reopen here.
            if (!follow || !fd.startsWith("/")) throw new ErrnoException(follow ? Errno.ENXIO : Errno.ELOOP);
            return open("/", fd, flags & ~OpenFile.O_CREAT, mode);
        }
        boolean wantsWrite = (flags & OpenFile.O_PATH) == 0 && ((flags & OpenFile.O_ACCMODE) != OpenFile.O_RDONLY
                || (flags & (OpenFile.O_TRUNC | OpenFile.O_TMPFILE)) != 0);
        Upper upper = rootfs.upper();
        if (!l.exists()) {
            if ((flags & OpenFile.O_CREAT) == 0) throw new ErrnoException(Errno.ENOENT);
            if (upper == null) throw new ErrnoException(Errno.EROFS);
            if (path.endsWith("/")) throw new ErrnoException(Errno.EISDIR);
            requireParentDir(l.path());
            Upper.File f = new Upper.File(mode & 07777, upper.now(), upper.newIno());
            upper.put(l.path(), f);
            return new UpperFiles.Regular(l.path(), flags, upper, f);
        }
        if (exclusive) throw new ErrnoException(Errno.EEXIST);
        boolean isLink = l.node() != null ? l.node() instanceof Upper.Link : Files.isSymbolicLink(l.host());
        if (isLink) {
            // Only reachable with O_NOFOLLOW (or O_PATH|O_NOFOLLOW, which Linux allows).
            if ((flags & OpenFile.O_PATH) == 0) throw new ErrnoException(Errno.ELOOP);
            return new HostFiles.PathOnly(l.path(), flags, statLookup(l));
        }
        Stat st = statLookup(l);
        if (st.isDirectory() && wantsWrite) throw new ErrnoException(Errno.EISDIR);
        if ((flags & OpenFile.O_DIRECTORY) != 0 && !st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        if (l.node() instanceof Upper.File f) {
            UpperFiles.Regular r = new UpperFiles.Regular(l.path(), flags, upper, f);
            if ((flags & OpenFile.O_TRUNC) != 0 && wantsWrite) UpperFiles.truncate(upper, f, 0);
            return r;
        }
        if (st.isDirectory()) {
            if (upper == null) return HostFiles.open(l.path(), l.host(), flags);
            List<DirEntry> lower = l.lower() ? HostFiles.listHost(l.host(), l.path(), HostFiles.stat(l.host())) : List.of();
            return new UpperFiles.MergedDir(l.path(), flags, st, lower, upper);
        }
        if (wantsWrite) {
            if (upper == null) throw new ErrnoException(Errno.EROFS);
            if (!st.isRegular()) throw new ErrnoException(Errno.ENXIO);
            Upper.File f = copyUp(l, st);
            if ((flags & OpenFile.O_TRUNC) != 0) UpperFiles.truncate(upper, f, 0);
            return new UpperFiles.Regular(l.path(), flags, upper, f);
        }
        return HostFiles.open(l.path(), l.host(), flags);
    }

    /** The rootfs file at {@code l}, copied into the layer (its first write). */
    private Upper.File copyUp(Rootfs.Lookup l, Stat st) {
        Upper upper = rootfs.upper();
        Upper.File f = new Upper.File(st.mode() & 07777, st.mtimeSec() * 1_000_000_000L + st.mtimeNsec(), upper.newIno());
        OpenFile lower = HostFiles.open(l.path(), l.host(), OpenFile.O_RDONLY);
        try {
            upper.ensure(f, st.size());
            int n = st.size() == 0 ? 0 : lower.pread(f.data, (int) st.size(), 0);
            f.size = n;
        } finally {
            lower.release();
        }
        upper.put(l.path(), f);
        return f;
    }

    private void requireParentDir(String path) {
        String parent = parent(path);
        Stat st = statLookup(rootfs.resolve("/", parent, true));
        if (!st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private Upper writable() {
        Upper upper = rootfs.upper();
        if (upper == null) throw new ErrnoException(Errno.EROFS);
        return upper;
    }

    /** unlink/unlinkat without AT_REMOVEDIR. */
    public void unlink(String base, String path) {
        Upper upper = writable();
        Rootfs.Lookup l = rootfs.resolve(base(base), path, false);
        if (!l.exists()) throw new ErrnoException(Errno.ENOENT);
        if (statLookup(l).isDirectory()) throw new ErrnoException(Errno.EISDIR);
        upper.remove(l.path(), lowerExists(l));
    }

    /** rmdir/unlinkat with AT_REMOVEDIR: only empty directories. */
    public void rmdir(String base, String path) {
        Upper upper = writable();
        Rootfs.Lookup l = rootfs.resolve(base(base), path, false);
        if (l.path().equals("/")) throw new ErrnoException(Errno.EBUSY);
        if (!l.exists()) throw new ErrnoException(Errno.ENOENT);
        if (!statLookup(l).isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        OpenFile d = open("/", l.path(), OpenFile.O_RDONLY | OpenFile.O_DIRECTORY);
        int entries = d.list().size();
        d.release();
        if (entries > 2) throw new ErrnoException(Errno.ENOTEMPTY);
        upper.remove(l.path(), lowerExists(l));
    }

    public void mkdir(String base, String path, int mode) {
        Upper upper = writable();
        Rootfs.Lookup l = rootfs.resolve(base(base), path, false);
        if (l.exists() || openPseudo(l.path(), OpenFile.O_PATH) != null) throw new ErrnoException(Errno.EEXIST);
        requireParentDir(l.path());
        // A directory made where a rootfs one was deleted must not show the old entries.
        boolean opaque = l.node() instanceof Upper.Whiteout;
        upper.put(l.path(), new Upper.Dir(mode & 07777, opaque, upper.newIno(), upper.now()));
    }

    public void symlink(String target, String base, String path) {
        Upper upper = writable();
        if (target.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        Rootfs.Lookup l = rootfs.resolve(base(base), path, false);
        if (l.exists()) throw new ErrnoException(Errno.EEXIST);
        requireParentDir(l.path());
        upper.put(l.path(), new Upper.Link(target, upper.newIno(), upper.now()));
    }

    /**
     * rename: files and symlinks anywhere, directories only when the layer
     * made them (EXDEV for a rootfs directory, as overlayfs answers; mv then copies).
     */
    public void rename(String oldBase, String oldPath, String newBase, String newPath) {
        Upper upper = writable();
        Rootfs.Lookup from = rootfs.resolve(base(oldBase), oldPath, false);
        Rootfs.Lookup to = rootfs.resolve(base(newBase), newPath, false);
        if (!from.exists()) throw new ErrnoException(Errno.ENOENT);
        if (from.path().equals(to.path())) return;
        if (to.path().startsWith(from.path() + "/")) throw new ErrnoException(Errno.EINVAL);
        requireParentDir(to.path());
        Stat st = statLookup(from);
        // Renaming one hard link of a file onto another leaves both, as on Linux.
        if (from.node() instanceof Upper.File f && to.node() == f) return;
        if (to.exists()) {
            Stat dst = statLookup(to);
            if (st.isDirectory() != dst.isDirectory()) throw new ErrnoException(st.isDirectory() ? Errno.ENOTDIR : Errno.EISDIR);
            if (dst.isDirectory()) rmdir("/", to.path());
        }
        if (st.isDirectory()) {
            if (!(from.node() instanceof Upper.Dir) || lowerExists(from)) throw new ErrnoException(Errno.EXDEV);
            for (String p : upper.subtree(from.path())) {
                upper.put(to.path() + p.substring(from.path().length()), upper.take(p, false));
            }
            return;
        }
        Upper.Node n = from.node();
        if (n == null) {
            n = st.isSymlink() ? new Upper.Link(readlink("/", from.path()), upper.newIno(), upper.now()) : copyUp(from, st);
        }
        upper.take(from.path(), lowerExists(from));
        upper.remove(to.path(), lowerExists(to));
        upper.put(to.path(), n);
    }

    /**
     * link/linkat: a second name for a file, within the copy-on-write layer. A rootfs file is
     * copied up first and both names then share the layer's copy, so the rootfs on the host is
     * never linked to (and a host path outside it cannot even be named).
     */
    public void link(String oldBase, String oldPath, String newBase, String newPath, boolean follow) {
        Upper upper = writable();
        Rootfs.Lookup from = rootfs.resolve(base(oldBase), oldPath, follow);
        Rootfs.Lookup to = rootfs.resolve(base(newBase), newPath, false);
        if (!from.exists() && openPseudo(from.path(), OpenFile.O_PATH) == null && fdLink(from.path()) == null)
            throw new ErrnoException(Errno.ENOENT);
        if (to.exists() || openPseudo(to.path(), OpenFile.O_PATH) != null) throw new ErrnoException(Errno.EEXIST);
        // /dev, /proc and /sys are other file systems.
        if (openPseudo(from.path(), OpenFile.O_PATH) != null || fdLink(from.path()) != null) throw new ErrnoException(Errno.EXDEV);
        Stat st = statLookup(from);
        if (st.isDirectory()) throw new ErrnoException(Errno.EPERM);
        if (newPath.endsWith("/")) throw new ErrnoException(Errno.ENOENT);
        requireParentDir(to.path());
        Upper.Node n = from.node();
        if (n == null) {
            if (st.isSymlink()) {
                n = new Upper.Link(readlink("/", from.path()), upper.newIno(), upper.now());
                upper.put(from.path(), n);
            } else if (st.isRegular()) {
                n = copyUp(from, st);
            } else {
                throw new ErrnoException(Errno.EPERM); // a rootfs fifo or device: not copied up
            }
        }
        if (n instanceof Upper.File f) f.nlink++;
        upper.put(to.path(), n);
    }

    /** truncate(2) by path. */
    public void truncate(String base, String path, long length) {
        writable();
        OpenFile f = open(base, path, OpenFile.O_WRONLY);
        try {
            f.truncate(length);
        } finally {
            f.release();
        }
    }

    /** chmod: files are copied up to change their mode; rootfs directories keep theirs. */
    public void chmod(String base, String path, int mode, boolean follow) {
        Upper upper = writable();
        Rootfs.Lookup l = rootfs.resolve(base(base), path, follow);
        if (!l.exists()) throw new ErrnoException(Errno.ENOENT);
        Stat st = statLookup(l);
        if (l.node() instanceof Upper.File f) f.mode = mode & 07777;
        else if (l.node() instanceof Upper.Dir d) upper.put(l.path(), new Upper.Dir(mode & 07777, d.opaque(), d.ino(), d.mtime()));
        else if (st.isRegular()) copyUp(l, st).mode = mode & 07777;
    }

    /** chown, utimensat: the path must exist; ownership and times of rootfs files are not tracked. */
    public void touch(String base, String path, boolean follow) {
        writable();
        Rootfs.Lookup l = rootfs.resolve(base(base), path, follow);
        if (!l.exists()) throw new ErrnoException(Errno.ENOENT);
    }

    /** True when the host rootfs has an entry at this path that the layer would have to hide. */
    private static boolean lowerExists(Rootfs.Lookup l) {
        return !l.lowerHidden() && Files.exists(l.host(), LinkOption.NOFOLLOW_LINKS);
    }

    /** stat/lstat/newfstatat by path. */
    public Stat stat(String base, String path, boolean follow) {
        Rootfs.Lookup l = rootfs.resolve(base(base), path, follow);
        String fd = fdLink(l.path());
        if (fd != null) {
            if (!follow || !fd.startsWith("/")) return Stat.pseudo(0x200, Stat.S_IFLNK | 0700, 0, 64);
            return stat("/", fd, true);
        }
        return statLookup(l);
    }

    private Stat statLookup(Rootfs.Lookup l) {
        OpenFile pseudo = openPseudo(l.path(), OpenFile.O_PATH);
        if (pseudo != null) return pseudo.stat();
        if (!l.exists()) throw new ErrnoException(Errno.ENOENT);
        if (l.node() != null) return rootfs.upper().stat(l.node());
        return HostFiles.stat(l.host());
    }

    /** readlink: the raw target of a symlink; EINVAL for anything else. */
    public String readlink(String base, String path) {
        Rootfs.Lookup l = rootfs.resolve(base(base), path, false);
        if (l.path().equals("/proc/self/exe")) return exePath;
        if (l.path().equals(Rootfs.PROC_ROOT) && !l.exists()) return "/";
        String fd = fdLink(l.path());
        if (fd != null) return fd;
        if (!l.exists()) throw new ErrnoException(Errno.ENOENT);
        if (l.node() instanceof Upper.Link link) return link.target();
        if (l.node() != null || !Files.isSymbolicLink(l.host())) throw new ErrnoException(Errno.EINVAL);
        try {
            return Files.readSymbolicLink(l.host()).toString();
        } catch (IOException e) {
            throw new ErrnoException(Errno.EIO);
        }
    }

    /** access/faccessat: W_OK fails with EROFS when the rootfs is read-only. */
    public void access(String base, String path, int mode, boolean follow) {
        if ((mode & ~7) != 0) throw new ErrnoException(Errno.EINVAL);
        Rootfs.Lookup l = rootfs.resolve(base(base), path, follow);
        OpenFile pseudo = openPseudo(l.path(), OpenFile.O_PATH);
        if (pseudo != null) return;
        Stat st = statLookup(l);
        if ((mode & W_OK) != 0 && rootfs.upper() == null) throw new ErrnoException(Errno.EROFS);
        // Root may execute a file when any x bit is set; directories are always searchable for root.
        if ((mode & X_OK) != 0 && !st.isDirectory() && (st.mode() & 0111) == 0)
            throw new ErrnoException(Errno.EACCES);
    }

    private String base(String base) { return base == null ? cwd : base; }

    /** The pseudo file at a canonical guest path, or null when the rootfs serves it. */
    private OpenFile openPseudo(String path, int flags) {
        switch (path) {
            case "/dev/null": return new PseudoFiles.Null(path, flags);
            case "/dev/zero": return new PseudoFiles.Zero(path, flags);
            case "/dev/urandom": return new PseudoFiles.Random(path, flags, random, PseudoFiles.INO_URANDOM);
            case "/dev/random": return new PseudoFiles.Random(path, flags, random, PseudoFiles.INO_RANDOM);
            case "/dev/tty":
                if ((flags & OpenFile.O_PATH) != 0) return new PseudoFiles.Null(path, flags);
                throw new ErrnoException(Errno.ENXIO); // no controlling terminal, as under a daemon
            default:
        }
        boolean readOnly = (flags & OpenFile.O_ACCMODE) == OpenFile.O_RDONLY;
        switch (path) {
            case "/proc/self/exe" -> {
                if (!readOnly) throw new ErrnoException(Errno.EACCES);
                return new PseudoFiles.Bytes(path, flags, exeBytes, PseudoFiles.INO_EXE, Stat.S_IFREG | 0755, true);
            }
            case "/proc/self/maps" -> {
                if (!readOnly) throw new ErrnoException(Errno.EACCES);
                byte[] text = maps.get().getBytes(StandardCharsets.US_ASCII);
                return new PseudoFiles.Bytes(path, flags, text, PseudoFiles.INO_MAPS, Stat.S_IFREG | 0444, false);
            }
            case "/proc/cpuinfo" -> {
                if (!readOnly) throw new ErrnoException(Errno.EACCES);
                return new PseudoFiles.Bytes(path, flags, cpuinfo, PseudoFiles.INO_CPUINFO, Stat.S_IFREG | 0444, false);
            }
            case "/proc/filesystems" -> {
                if (!readOnly) throw new ErrnoException(Errno.EACCES);
                return new PseudoFiles.Bytes(path, flags, PseudoFiles.FILESYSTEMS.getBytes(StandardCharsets.US_ASCII),
                        PseudoFiles.INO_FILESYSTEMS, Stat.S_IFREG | 0444, false);
            }
            case "/proc/meminfo" -> {
                if (!readOnly) throw new ErrnoException(Errno.EACCES);
                byte[] text = meminfo.get().getBytes(StandardCharsets.US_ASCII);
                return new PseudoFiles.Bytes(path, flags, text, PseudoFiles.INO_MEMINFO, Stat.S_IFREG | 0444, false);
            }
            case "/sys/devices/system/cpu/online", "/sys/devices/system/cpu/possible" -> {
                if (!readOnly) throw new ErrnoException(Errno.EACCES);
                // One CPU, as sched_getaffinity and /proc/cpuinfo say.
                return new PseudoFiles.Bytes(path, flags, "0\n".getBytes(StandardCharsets.US_ASCII),
                        path.endsWith("online") ? PseudoFiles.INO_CPU_ONLINE : PseudoFiles.INO_CPU_POSSIBLE, Stat.S_IFREG | 0444, false);
            }
            default -> { }
        }
        if (PseudoFiles.kernelFile(path) != null) return PseudoFiles.kernelFileOpen(path, flags);
        if (Rootfs.PSEUDO_DIRS.contains(path) && !Files.exists(rootfs.root().resolve(path.substring(1)), LinkOption.NOFOLLOW_LINKS)) {
            if (PseudoFiles.KERNEL_DIRS.contains(path)) return PseudoFiles.kernelDir(path, flags);
            return switch (path) {
                case "/dev" -> new PseudoFiles.Dir(path, flags, PseudoFiles.INO_DEV, List.of(
                        new DirEntry("null", PseudoFiles.INO_NULL, DirEntry.DT_CHR),
                        new DirEntry("random", PseudoFiles.INO_RANDOM, DirEntry.DT_CHR),
                        new DirEntry("urandom", PseudoFiles.INO_URANDOM, DirEntry.DT_CHR),
                        new DirEntry("zero", PseudoFiles.INO_ZERO, DirEntry.DT_CHR)));
                case "/proc" -> new PseudoFiles.Dir(path, flags, PseudoFiles.INO_PROC, List.of(
                        new DirEntry("cpuinfo", PseudoFiles.INO_CPUINFO, DirEntry.DT_REG),
                        new DirEntry("filesystems", PseudoFiles.INO_FILESYSTEMS, DirEntry.DT_REG),
                        new DirEntry("meminfo", PseudoFiles.INO_MEMINFO, DirEntry.DT_REG),
                        new DirEntry("self", PseudoFiles.INO_PROC_SELF, DirEntry.DT_DIR),
                        new DirEntry("sys", PseudoFiles.kernelDir("/proc/sys", 0).stat().ino(), DirEntry.DT_DIR)));
                case "/proc/self/fd" -> {
                    List<DirEntry> entries = new java.util.ArrayList<>();
                    for (int fd : fds.get().keySet()) entries.add(new DirEntry(Integer.toString(fd), 0x200 + fd, DirEntry.DT_LNK));
                    yield new PseudoFiles.Dir(path, flags, PseudoFiles.INO_PROC_FD, entries);
                }
                case "/sys" -> new PseudoFiles.Dir(path, flags, PseudoFiles.INO_SYS, List.of(
                        new DirEntry("devices", PseudoFiles.INO_SYS + 1, DirEntry.DT_DIR),
                        new DirEntry("kernel", PseudoFiles.kernelDir("/sys/kernel", 0).stat().ino(), DirEntry.DT_DIR)));
                case "/sys/devices" -> new PseudoFiles.Dir(path, flags, PseudoFiles.INO_SYS + 1, List.of(
                        new DirEntry("system", PseudoFiles.INO_SYS + 2, DirEntry.DT_DIR)));
                case "/sys/devices/system" -> new PseudoFiles.Dir(path, flags, PseudoFiles.INO_SYS + 2, List.of(
                        new DirEntry("cpu", PseudoFiles.INO_SYS + 3, DirEntry.DT_DIR)));
                case "/sys/devices/system/cpu" -> new PseudoFiles.Dir(path, flags, PseudoFiles.INO_SYS + 3, List.of(
                        new DirEntry("online", PseudoFiles.INO_CPU_ONLINE, DirEntry.DT_REG),
                        new DirEntry("possible", PseudoFiles.INO_CPU_POSSIBLE, DirEntry.DT_REG)));
                default -> new PseudoFiles.Dir(path, flags, PseudoFiles.INO_PROC_SELF, List.of(
                        new DirEntry("exe", PseudoFiles.INO_EXE, DirEntry.DT_LNK),
                        new DirEntry("fd", PseudoFiles.INO_PROC_FD, DirEntry.DT_DIR),
                        new DirEntry("maps", PseudoFiles.INO_MAPS, DirEntry.DT_REG),
                        new DirEntry("root", PseudoFiles.INO_PROC_ROOT, DirEntry.DT_LNK)));
            };
        }
        return null;
    }
}
