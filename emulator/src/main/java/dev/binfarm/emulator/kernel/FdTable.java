package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.vfs.OpenFile;

/** The descriptor table: fd -> open file description, plus the close-on-exec bit. */
final class FdTable {
    static final int MAX_FDS = 1024;

    private final OpenFile[] files = new OpenFile[MAX_FDS];
    private final boolean[] cloexec = new boolean[MAX_FDS];

    OpenFile get(long fd) {
        if (fd < 0 || fd >= MAX_FDS || files[(int) fd] == null) throw new ErrnoException(Errno.EBADF);
        return files[(int) fd];
    }

    boolean isOpen(long fd) { return fd >= 0 && fd < MAX_FDS && files[(int) fd] != null; }

    /** Installs {@code f} at the lowest free descriptor >= {@code min}; the caller's reference moves in. */
    int install(OpenFile f, long min, boolean closeOnExec) {
        if (min < 0 || min >= MAX_FDS) throw new ErrnoException(Errno.EINVAL);
        for (int fd = (int) min; fd < MAX_FDS; fd++) {
            if (files[fd] == null) {
                files[fd] = f;
                cloexec[fd] = closeOnExec;
                return fd;
            }
        }
        f.release();
        throw new ErrnoException(Errno.EMFILE);
    }

    /** Puts {@code f} at exactly {@code fd}, closing what was there (dup2). */
    void installAt(OpenFile f, long fd, boolean closeOnExec) {
        if (fd < 0 || fd >= MAX_FDS) throw new ErrnoException(Errno.EBADF);
        OpenFile old = files[(int) fd];
        files[(int) fd] = f;
        cloexec[(int) fd] = closeOnExec;
        if (old != null) old.release();
    }

    void close(long fd) {
        OpenFile f = get(fd);
        files[(int) fd] = null;
        cloexec[(int) fd] = false;
        f.release();
    }

    boolean cloexec(long fd) { get(fd); return cloexec[(int) fd]; }

    void setCloexec(long fd, boolean on) { get(fd); cloexec[(int) fd] = on; }

    void closeAll() {
        for (int fd = 0; fd < MAX_FDS; fd++) if (files[fd] != null) close(fd);
    }
}
