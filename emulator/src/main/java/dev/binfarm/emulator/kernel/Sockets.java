package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.vfs.OpenFile;
import dev.binfarm.emulator.vfs.Stat;
import java.nio.charset.StandardCharsets;

/**
 * The start of sockets: AF_UNIX sockets that can be created but find nobody
 * to talk to (a lone process has no peers; glibc's nscd probe then falls back
 * exactly as it does in a chroot). Network families wait for net/.
 */
final class Sockets {
    private Sockets() { }

    static final int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_SEQPACKET = 5;
    static final int SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    static final int ENOTSOCK = 88, EAFNOSUPPORT = 97, ECONNREFUSED = 111, ENOTCONN = 107, EPROTONOSUPPORT = 93;

    /** An AF_UNIX socket with no peer. */
    static final class UnixSocket extends OpenFile {
        private final long ino;

        UnixSocket(int flags, long ino) {
            super("socket:[unix]", OpenFile.O_RDWR | flags);
            this.ino = ino;
        }

        @Override public int read(byte[] buf, int len) { throw new ErrnoException(ENOTCONN); }
        @Override public int write(byte[] buf, int len) { throw new ErrnoException(ENOTCONN); }
        @Override public long seek(long offset, int whence) { throw new ErrnoException(Errno.ESPIPE); }
        @Override public Stat stat() {
            return new Stat(0x7, ino, Stat.S_IFSOCK | 0777, 1, 0, 0, 0, 0, 4096, 0,
                    VirtualClock.EPOCH_SECONDS, 0, VirtualClock.EPOCH_SECONDS, 0, VirtualClock.EPOCH_SECONDS, 0);
        }
    }

    static long socket(Kernel k, long domain, long type, long protocol) {
        if (domain != AF_UNIX) throw new ErrnoException(EAFNOSUPPORT);
        int kind = (int) type & 0xf;
        if (kind != SOCK_STREAM && kind != SOCK_DGRAM && kind != SOCK_SEQPACKET) throw new ErrnoException(Errno.EINVAL);
        if ((type & ~(0xfL | SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) throw new ErrnoException(Errno.EINVAL);
        if (protocol != 0) throw new ErrnoException(EPROTONOSUPPORT);
        OpenFile s = new UnixSocket((int) type & SOCK_NONBLOCK, 0x300 + k.sockets++);
        return k.fds.install(s, 0, (type & SOCK_CLOEXEC) != 0);
    }

    /** connect: ENOENT when the socket path is not in the rootfs, ECONNREFUSED when nobody listens (always). */
    static long connect(Kernel k, long fd, long addr, long len) {
        if (!(k.fds.get(fd) instanceof UnixSocket)) throw new ErrnoException(ENOTSOCK);
        if (len < 2 || len > 110) throw new ErrnoException(Errno.EINVAL);
        if (k.mem.read16(addr) != AF_UNIX) throw new ErrnoException(EAFNOSUPPORT);
        byte[] raw = k.mem.read(addr + 2, (int) len - 2);
        if (raw.length == 0 || raw[0] == 0) throw new ErrnoException(ECONNREFUSED); // abstract names: nobody there
        int n = 0;
        while (n < raw.length && raw[n] != 0) n++;
        String path = new String(raw, 0, n, StandardCharsets.UTF_8);
        k.vfs.stat(null, path, true); // ENOENT (or ENOTDIR...) as Linux reports for a missing socket file
        throw new ErrnoException(ECONNREFUSED);
    }
}
