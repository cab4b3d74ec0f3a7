package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.vfs.OpenFile;

/** The descriptor table: close, dup/dup2/dup3, fcntl. */
final class Fdtab {
    private Fdtab() { }

    static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5, F_SETLK = 6;
    static final int F_SETLKW = 7, F_DUPFD_CLOEXEC = 1030, F_GETPIPE_SZ = 1032, FD_CLOEXEC = 1;

    static long close(Kernel k, long fd) {
        k.fds.close(fd);
        return 0;
    }

    static long dup(Kernel k, long fd) {
        OpenFile f = k.fds.get(fd);
        f.retain();
        return k.fds.install(f, 0, false);
    }

    static long dup2(Kernel k, long oldfd, long newfd) {
        OpenFile f = k.fds.get(oldfd);
        if (oldfd == newfd) return newfd;
        if (newfd < 0 || newfd >= FdTable.MAX_FDS) throw new ErrnoException(Errno.EBADF);
        f.retain();
        k.fds.installAt(f, newfd, false);
        return newfd;
    }

    static long dup3(Kernel k, long oldfd, long newfd, long flags) {
        if ((flags & ~OpenFile.O_CLOEXEC) != 0 || oldfd == newfd) throw new ErrnoException(Errno.EINVAL);
        OpenFile f = k.fds.get(oldfd);
        if (newfd < 0 || newfd >= FdTable.MAX_FDS) throw new ErrnoException(Errno.EBADF);
        f.retain();
        k.fds.installAt(f, newfd, (flags & OpenFile.O_CLOEXEC) != 0);
        return newfd;
    }

    static long fcntl(Kernel k, long fd, long cmd, long arg) {
        OpenFile f = k.fds.get(fd);
        switch ((int) cmd) {
            case F_DUPFD, F_DUPFD_CLOEXEC -> {
                if (arg < 0 || arg >= FdTable.MAX_FDS) throw new ErrnoException(Errno.EINVAL);
                f.retain();
                return k.fds.install(f, arg, cmd == F_DUPFD_CLOEXEC);
            }
            case F_GETFD -> { return k.fds.cloexec(fd) ? FD_CLOEXEC : 0; }
            case F_SETFD -> { k.fds.setCloexec(fd, (arg & FD_CLOEXEC) != 0); return 0; }
            case F_GETFL -> { return f.flags; }
            case F_SETFL -> {
                int settable = OpenFile.O_APPEND | OpenFile.O_NONBLOCK;
                f.flags = (f.flags & ~settable) | ((int) arg & settable);
                return 0;
            }
            case F_GETLK -> {
                // No other process can hold a lock: report the region as unlocked (l_type = F_UNLCK).
                k.mem.write16(arg, 2);
                return 0;
            }
            case F_SETLK, F_SETLKW -> { return 0; }
            case F_GETPIPE_SZ -> { return 65536; }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }
}
