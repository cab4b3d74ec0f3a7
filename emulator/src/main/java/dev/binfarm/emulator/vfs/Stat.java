package dev.binfarm.emulator.vfs;

/** The fields of Linux's struct stat, as the guest sees them. */
public record Stat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size,
                   long blksize, long blocks, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec,
                   long ctimeSec, long ctimeNsec) {
    public static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000;
    public static final int S_IFBLK = 060000, S_IFDIR = 040000, S_IFCHR = 020000, S_IFIFO = 010000;

    /** Device number of the emulator's pseudo files (/dev, /proc, stdio pipes). */
    static final long PSEUDO_DEV = 0x5;
    /** A fixed time for pseudo files, so traces and listings stay deterministic (2026-01-01T00:00:00Z). */
    static final long PSEUDO_TIME = 1_767_225_600L;

    /** A pseudo file: owned by root, fixed times. */
    static Stat pseudo(long ino, int mode, long rdev, long size) {
        return new Stat(PSEUDO_DEV, ino, mode, 1, 0, 0, rdev, size, 4096, (size + 511) / 512,
                PSEUDO_TIME, 0, PSEUDO_TIME, 0, PSEUDO_TIME, 0);
    }

    public boolean isDirectory() { return (mode & S_IFMT) == S_IFDIR; }
    public boolean isRegular() { return (mode & S_IFMT) == S_IFREG; }
    public boolean isSymlink() { return (mode & S_IFMT) == S_IFLNK; }
}
