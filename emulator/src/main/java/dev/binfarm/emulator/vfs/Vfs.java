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
    public String cwd() { return cwd; }

    public void chdir(String base, String path) {
        Rootfs.Lookup l = rootfs.resolve(base(base), path, true);
        Stat st = statLookup(l);
        if (!st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        cwd = l.path();
    }

    /** openat: {@code base} is the dirfd's guest path, or null for the current directory. */
    public OpenFile open(String base, String path, int flags) {
        boolean follow = (flags & OpenFile.O_NOFOLLOW) == 0;
        Rootfs.Lookup l = rootfs.resolve(base(base), path, follow);
        OpenFile pseudo = openPseudo(l.path(), flags);
        if (pseudo != null) return pseudo;
        boolean wantsWrite = (flags & OpenFile.O_ACCMODE) != OpenFile.O_RDONLY
                || (flags & (OpenFile.O_TRUNC | OpenFile.O_TMPFILE)) != 0;
        if (!l.exists()) {
            if ((flags & OpenFile.O_CREAT) != 0) throw new ErrnoException(Errno.EROFS);
            throw new ErrnoException(Errno.ENOENT);
        }
        if ((flags & (OpenFile.O_CREAT | OpenFile.O_EXCL)) == (OpenFile.O_CREAT | OpenFile.O_EXCL))
            throw new ErrnoException(Errno.EEXIST);
        if (Files.isSymbolicLink(l.host())) {
            // Only reachable with O_NOFOLLOW (or O_PATH|O_NOFOLLOW, which Linux allows).
            if ((flags & OpenFile.O_PATH) == 0) throw new ErrnoException(Errno.ELOOP);
        }
        Stat st = HostFiles.stat(l.host());
        if (st.isDirectory() && wantsWrite) throw new ErrnoException(Errno.EISDIR);
        if ((flags & OpenFile.O_DIRECTORY) != 0 && !st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        if (wantsWrite) throw new ErrnoException(Errno.EROFS);
        return HostFiles.open(l.path(), l.host(), flags);
    }

    /** stat/lstat/newfstatat by path. */
    public Stat stat(String base, String path, boolean follow) {
        Rootfs.Lookup l = rootfs.resolve(base(base), path, follow);
        return statLookup(l);
    }

    private Stat statLookup(Rootfs.Lookup l) {
        OpenFile pseudo = openPseudo(l.path(), OpenFile.O_PATH);
        if (pseudo != null) return pseudo.stat();
        if (!l.exists()) throw new ErrnoException(Errno.ENOENT);
        return HostFiles.stat(l.host());
    }

    /** readlink: the raw target of a symlink; EINVAL for anything else. */
    public String readlink(String base, String path) {
        Rootfs.Lookup l = rootfs.resolve(base(base), path, false);
        if (l.path().equals("/proc/self/exe")) return exePath;
        if (!l.exists()) throw new ErrnoException(Errno.ENOENT);
        if (!Files.isSymbolicLink(l.host())) throw new ErrnoException(Errno.EINVAL);
        try {
            return Files.readSymbolicLink(l.host()).toString();
        } catch (IOException e) {
            throw new ErrnoException(Errno.EIO);
        }
    }

    /** access/faccessat: W_OK fails with EROFS on the read-only rootfs. */
    public void access(String base, String path, int mode, boolean follow) {
        if ((mode & ~7) != 0) throw new ErrnoException(Errno.EINVAL);
        Rootfs.Lookup l = rootfs.resolve(base(base), path, follow);
        OpenFile pseudo = openPseudo(l.path(), OpenFile.O_PATH);
        if (pseudo != null) return;
        Stat st = statLookup(l);
        if ((mode & W_OK) != 0) throw new ErrnoException(Errno.EROFS);
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
            default -> { }
        }
        if (Rootfs.PSEUDO_DIRS.contains(path) && !Files.exists(rootfs.root().resolve(path.substring(1)), LinkOption.NOFOLLOW_LINKS)) {
            return switch (path) {
                case "/dev" -> new PseudoFiles.Dir(path, flags, PseudoFiles.INO_DEV, List.of(
                        new DirEntry("null", PseudoFiles.INO_NULL, DirEntry.DT_CHR),
                        new DirEntry("random", PseudoFiles.INO_RANDOM, DirEntry.DT_CHR),
                        new DirEntry("urandom", PseudoFiles.INO_URANDOM, DirEntry.DT_CHR),
                        new DirEntry("zero", PseudoFiles.INO_ZERO, DirEntry.DT_CHR)));
                case "/proc" -> new PseudoFiles.Dir(path, flags, PseudoFiles.INO_PROC, List.of(
                        new DirEntry("cpuinfo", PseudoFiles.INO_CPUINFO, DirEntry.DT_REG),
                        new DirEntry("self", PseudoFiles.INO_PROC_SELF, DirEntry.DT_DIR)));
                default -> new PseudoFiles.Dir(path, flags, PseudoFiles.INO_PROC_SELF, List.of(
                        new DirEntry("exe", PseudoFiles.INO_EXE, DirEntry.DT_LNK),
                        new DirEntry("maps", PseudoFiles.INO_MAPS, DirEntry.DT_REG)));
            };
        }
        return null;
    }
}
