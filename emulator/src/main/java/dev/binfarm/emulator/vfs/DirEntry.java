package dev.binfarm.emulator.vfs;

/** One directory entry as getdents64 reports it (d_type uses the DT_* values). */
public record DirEntry(String name, long ino, int type) {
    public static final int DT_UNKNOWN = 0, DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_REG = 8, DT_LNK = 10;

    static int typeOf(int mode) {
        return switch (mode & Stat.S_IFMT) {
            case Stat.S_IFDIR -> DT_DIR;
            case Stat.S_IFREG -> DT_REG;
            case Stat.S_IFLNK -> DT_LNK;
            case Stat.S_IFCHR -> DT_CHR;
            case Stat.S_IFIFO -> DT_FIFO;
            default -> DT_UNKNOWN;
        };
    }
}
