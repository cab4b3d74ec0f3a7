package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.net.InetDgram;
import dev.binfarm.emulator.net.InetStream;
import dev.binfarm.emulator.net.NetErrno;
import dev.binfarm.emulator.net.Readiness;
import dev.binfarm.emulator.net.SockAddr;
import dev.binfarm.emulator.net.SocketFile;
import dev.binfarm.emulator.net.UnixSocket;
import dev.binfarm.emulator.vfs.OpenFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The socket system calls: guest memory in and out (sockaddr, msghdr, iovec,
 * cmsg) around the sockets of net/. An operation that would wait throws
 * EAGAIN from net/; here it becomes EAGAIN for non-blocking sockets and
 * MSG_DONTWAIT, or a parked thread waiting for the socket's readiness.
 */
final class Sockets {
    private Sockets() { }

    static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
    static final int SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    static final int SCM_RIGHTS = 1;

    static long socket(Kernel k, long domain, long type, long protocol) {
        int kind = (int) type & 0xf;
        if ((type & ~(0xfL | SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) throw new ErrnoException(Errno.EINVAL);
        int flags = (int) type & SOCK_NONBLOCK;
        OpenFile s;
        switch ((int) domain) {
            case AF_UNIX -> {
                if (kind != SocketFile.SOCK_STREAM && kind != SocketFile.SOCK_DGRAM && kind != SocketFile.SOCK_SEQPACKET)
                    throw new ErrnoException(NetErrno.EPROTONOSUPPORT);
                if (protocol != 0) throw new ErrnoException(NetErrno.EPROTONOSUPPORT);
                s = new UnixSocket(k.net, kind, flags);
            }
            case AF_INET, AF_INET6 -> {
                if (kind == SocketFile.SOCK_STREAM && (protocol == 0 || protocol == 6)) s = new InetStream(k.net, (int) domain, flags);
                else if (kind == SocketFile.SOCK_DGRAM && (protocol == 0 || protocol == 17)) s = new InetDgram(k.net, (int) domain, flags);
                else if (kind == 3) throw new ErrnoException(Errno.EPERM); // raw sockets need privileges the guest lacks
                else throw new ErrnoException(NetErrno.EPROTONOSUPPORT);
            }
            default -> throw new ErrnoException(NetErrno.EAFNOSUPPORT);
        }
        return k.fds.install(s, 0, (type & SOCK_CLOEXEC) != 0);
    }

    static long socketpair(Kernel k, long domain, long type, long protocol, long sv) {
        if (domain != AF_UNIX) throw new ErrnoException(domain == AF_INET || domain == AF_INET6 ? NetErrno.EOPNOTSUPP : NetErrno.EAFNOSUPPORT);
        int kind = (int) type & 0xf;
        if (kind != SocketFile.SOCK_STREAM && kind != SocketFile.SOCK_DGRAM && kind != SocketFile.SOCK_SEQPACKET)
            throw new ErrnoException(NetErrno.EPROTONOSUPPORT);
        if ((type & ~(0xfL | SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) throw new ErrnoException(Errno.EINVAL);
        if (protocol != 0) throw new ErrnoException(NetErrno.EPROTONOSUPPORT);
        k.mem.write32(sv, 0); // EFAULT before anything is created
        k.mem.write32(sv + 4, 0);
        UnixSocket[] p = UnixSocket.pair(k.net, kind, (int) type & SOCK_NONBLOCK);
        boolean cloexec = (type & SOCK_CLOEXEC) != 0;
        int a = k.fds.install(p[0], 0, cloexec);
        int b;
        try {
            b = k.fds.install(p[1], 0, cloexec);
        } catch (ErrnoException e) {
            k.fds.close(a);
            throw e;
        }
        k.mem.write32(sv, a);
        k.mem.write32(sv + 4, b);
        return 0;
    }

    static SocketFile sock(Kernel k, long fd) {
        if (!(k.fds.get(fd) instanceof SocketFile s)) throw new ErrnoException(NetErrno.ENOTSOCK);
        return s;
    }

    /** A sockaddr from guest memory. */
    static SockAddr readAddr(Kernel k, long addr, long len) {
        if (len < 2 || len > 128) throw new ErrnoException(Errno.EINVAL);
        int family = k.mem.read16(addr);
        switch (family) {
            case AF_INET -> {
                if (len < 16) throw new ErrnoException(Errno.EINVAL);
                int port = Short.reverseBytes((short) k.mem.read16(addr + 2)) & 0xffff;
                return SockAddr.inet(k.mem.read(addr + 4, 4), port);
            }
            case AF_INET6 -> {
                if (len < 24) throw new ErrnoException(Errno.EINVAL);
                int port = Short.reverseBytes((short) k.mem.read16(addr + 2)) & 0xffff;
                return SockAddr.inet(k.mem.read(addr + 8, 16), port);
            }
            case AF_UNIX -> {
                byte[] raw = k.mem.read(addr + 2, (int) len - 2);
                if (raw.length == 0 || raw[0] == 0) return SockAddr.unix(raw);
                int n = 0;
                while (n < raw.length && raw[n] != 0) n++;
                return SockAddr.unix(java.util.Arrays.copyOf(raw, n));
            }
            default -> throw new ErrnoException(NetErrno.EAFNOSUPPORT);
        }
    }

    static byte[] encode(SockAddr a) {
        byte[] b;
        switch (a.family()) {
            case AF_INET -> {
                b = new byte[16];
                System.arraycopy(a.ip(), 0, b, 4, 4);
            }
            case AF_INET6 -> {
                b = new byte[28];
                System.arraycopy(a.ip(), 0, b, 8, 16);
            }
            default -> {
                byte[] u = a.unix();
                boolean path = u.length > 0 && u[0] != 0;
                b = new byte[2 + u.length + (path ? 1 : 0)];
                System.arraycopy(u, 0, b, 2, u.length);
            }
        }
        b[0] = (byte) a.family();
        if (a.family() != AF_UNIX) {
            b[2] = (byte) (a.port() >> 8);
            b[3] = (byte) a.port();
        }
        return b;
    }

    /** Writes a sockaddr to {@code addr} (truncated to *lenPtr) and its full length to *lenPtr. */
    static void writeAddr(Kernel k, long addr, long lenPtr, SockAddr a) {
        if (addr == 0 || lenPtr == 0) return;
        int room = k.mem.read32(lenPtr);
        if (room < 0) throw new ErrnoException(Errno.EINVAL);
        byte[] b = encode(a);
        k.mem.write(addr, b, 0, Math.min(room, b.length));
        k.mem.write32(lenPtr, b.length);
    }

    /** EAGAIN for a non-blocking call, else park the thread until the socket is ready for {@code events}. */
    static RuntimeException wouldBlock(Kernel k, OpenFile f, int msgFlags, int events) {
        if ((f.flags & OpenFile.O_NONBLOCK) != 0 || (msgFlags & SocketFile.MSG_DONTWAIT) != 0) return new ErrnoException(Errno.EAGAIN);
        return k.block(Readiness.of(f, events, Long.MAX_VALUE));
    }

    static long bind(Kernel k, long fd, long addr, long len) {
        SocketFile s = sock(k, fd);
        SockAddr a = readAddr(k, addr, len);
        if (s.family == AF_UNIX && a.family() == AF_UNIX && a.unix().length > 0 && a.unix()[0] != 0) {
            String path = new String(a.unix(), StandardCharsets.UTF_8);
            try {
                k.vfs.stat(null, path, false);
                throw new ErrnoException(NetErrno.EADDRINUSE); // a file is already there
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT) throw e;
            }
        } else if (s.family != AF_UNIX && a.family() != s.family) {
            throw new ErrnoException(s.family == AF_INET ? NetErrno.EAFNOSUPPORT : Errno.EINVAL);
        }
        s.bind(a);
        return 0;
    }

    static long listen(Kernel k, long fd, long backlog) {
        sock(k, fd).listen((int) Math.max(0, Math.min(backlog, 65535)));
        return 0;
    }

    static long accept(Kernel k, long fd, long addr, long lenPtr, long flags) {
        if ((flags & ~(long) (SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) throw new ErrnoException(Errno.EINVAL);
        SocketFile s = sock(k, fd);
        if (addr != 0 && k.mem.read32(lenPtr) < 0) throw new ErrnoException(Errno.EINVAL);
        SocketFile c;
        try {
            c = s.accept((int) flags & SOCK_NONBLOCK);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EAGAIN) throw wouldBlock(k, s, 0, OpenFile.POLLIN);
            throw e;
        }
        int nfd = k.fds.install(c, 0, (flags & SOCK_CLOEXEC) != 0);
        if (addr != 0) {
            SockAddr peer;
            try {
                peer = c.peerAddress();
            } catch (ErrnoException e) {
                peer = SockAddr.unnamed();
            }
            writeAddr(k, addr, lenPtr, peer);
        }
        return nfd;
    }

    static long connect(Kernel k, long fd, long addr, long len) {
        SocketFile s = sock(k, fd);
        SockAddr a = readAddr(k, addr, len);
        if (s.family == AF_UNIX) {
            if (a.family() != AF_UNIX) throw new ErrnoException(Errno.EINVAL);
            if (a.unix().length > 0 && a.unix()[0] != 0 && ((UnixSocket) s).lookup(a) == null) {
                // ENOENT (or ENOTDIR...) for a missing socket file, else nobody listens on it.
                k.vfs.stat(null, new String(a.unix(), StandardCharsets.UTF_8), true);
                throw new ErrnoException(NetErrno.ECONNREFUSED);
            }
        } else if (a.family() != s.family && !(s.type == SocketFile.SOCK_DGRAM && a.family() == 0)) {
            throw new ErrnoException(NetErrno.EAFNOSUPPORT);
        }
        boolean wasConnecting = s.connecting();
        try {
            s.connect(a);
            return 0;
        } catch (ErrnoException e) {
            boolean nonblock = (s.flags & OpenFile.O_NONBLOCK) != 0;
            if (e.errno() == NetErrno.EINPROGRESS || (e.errno() == NetErrno.EALREADY && wasConnecting && !nonblock)) {
                if (nonblock) throw e;
                k.thread().restartable = false;
                throw k.block(Readiness.of(s, OpenFile.POLLOUT, Long.MAX_VALUE));
            }
            if (e.errno() == Errno.EAGAIN) throw wouldBlock(k, s, 0, OpenFile.POLLOUT);
            throw e;
        }
    }

    static long sendto(Kernel k, long fd, long buf, long len, long flags, long addr, long alen) {
        SocketFile s = sock(k, fd);
        SockAddr to = addr != 0 && s.type != SocketFile.SOCK_STREAM ? readAddr(k, addr, alen) : null;
        int n = (int) Math.min(Math.max(len, 0), Fdio.MAX_IO);
        if (len < 0) throw new ErrnoException(Errno.EINVAL);
        byte[] b = k.scratch(Math.max(n, 1));
        k.mem.read(buf, b, 0, n);
        return send(k, s, b, n, (int) flags, to, null);
    }

    private static long send(Kernel k, SocketFile s, byte[] b, int n, int flags, SockAddr to, OpenFile[] rights) {
        try {
            return s.send(b, 0, n, flags, to, rights);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EAGAIN) throw wouldBlock(k, s, flags, OpenFile.POLLOUT);
            if (e.errno() == Errno.EPIPE && (flags & SocketFile.MSG_NOSIGNAL) != 0) k.noSigpipe = true;
            throw e;
        }
    }

    static long recvfrom(Kernel k, long fd, long buf, long len, long flags, long addr, long lenPtr) {
        SocketFile s = sock(k, fd);
        if (len < 0) throw new ErrnoException(Errno.EINVAL);
        int n = (int) Math.min(len, Fdio.MAX_IO);
        byte[] b = k.scratch(Math.max(n, 1));
        SocketFile.Received r = new SocketFile.Received();
        int got = recv(k, s, b, n, (int) flags, r);
        k.mem.write(buf, b, 0, Math.min(got, n));
        if (addr != 0 && r.from != null) writeAddr(k, addr, lenPtr, r.from);
        else if (addr != 0 && lenPtr != 0) k.mem.write32(lenPtr, 0);
        return got;
    }

    private static int recv(Kernel k, SocketFile s, byte[] b, int n, int flags, SocketFile.Received r) {
        try {
            return s.recv(b, n, flags, r);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EAGAIN) throw wouldBlock(k, s, flags, OpenFile.POLLIN);
            throw e;
        }
    }

    static long sendmsg(Kernel k, long fd, long msg, long flags) {
        SocketFile s = sock(k, fd);
        long name = k.mem.read64(msg), namelen = k.mem.read32(msg + 8) & 0xffffffffL;
        long iov = k.mem.read64(msg + 16), iovlen = k.mem.read64(msg + 24);
        long control = k.mem.read64(msg + 32), controllen = k.mem.read64(msg + 40);
        if (iovlen < 0 || iovlen > Fdio.IOV_MAX) throw new ErrnoException(NetErrno.EMSGSIZE);
        SockAddr to = name != 0 && namelen > 0 && s.type != SocketFile.SOCK_STREAM ? readAddr(k, name, namelen) : null;
        long total = 0;
        for (int i = 0; i < iovlen; i++) total += k.mem.read64(iov + 16L * i + 8);
        int n = (int) Math.min(total, Fdio.MAX_IO);
        byte[] b = new byte[Math.max(n, 1)];
        int at = 0;
        for (int i = 0; i < iovlen && at < n; i++) {
            long base = k.mem.read64(iov + 16L * i);
            int len = (int) Math.min(k.mem.read64(iov + 16L * i + 8), n - at);
            k.mem.read(base, b, at, len);
            at += len;
        }
        OpenFile[] rights = null;
        if (control != 0 && controllen >= 16) {
            List<OpenFile> files = new ArrayList<>();
            long off = 0;
            while (off + 16 <= controllen) {
                long clen = k.mem.read64(control + off);
                int level = k.mem.read32(control + off + 8), type = k.mem.read32(control + off + 12);
                if (clen < 16 || off + clen > controllen) throw new ErrnoException(Errno.EINVAL);
                if (level == SocketFile.SOL_SOCKET && type == SCM_RIGHTS) {
                    if (s.family != AF_UNIX) throw new ErrnoException(Errno.EINVAL);
                    for (long p = 16; p + 4 <= clen; p += 4) files.add(k.fds.get(k.mem.read32(control + off + p)));
                }
                off += (clen + 7) & ~7L;
            }
            if (!files.isEmpty()) rights = files.toArray(new OpenFile[0]);
        }
        return send(k, s, b, n, (int) flags, to, rights);
    }

    static long recvmsg(Kernel k, long fd, long msg, long flags) {
        SocketFile s = sock(k, fd);
        long name = k.mem.read64(msg);
        long iov = k.mem.read64(msg + 16), iovlen = k.mem.read64(msg + 24);
        long control = k.mem.read64(msg + 32), controllen = k.mem.read64(msg + 40);
        if (iovlen < 0 || iovlen > Fdio.IOV_MAX) throw new ErrnoException(Errno.EINVAL);
        long total = 0;
        for (int i = 0; i < iovlen; i++) total += k.mem.read64(iov + 16L * i + 8);
        int n = (int) Math.min(total, Fdio.MAX_IO);
        byte[] b = new byte[Math.max(n, 1)];
        SocketFile.Received r = new SocketFile.Received();
        int got = recv(k, s, b, n, (int) flags, r);
        int at = 0, copy = Math.min(got, n);
        for (int i = 0; i < iovlen && at < copy; i++) {
            long base = k.mem.read64(iov + 16L * i);
            int len = (int) Math.min(k.mem.read64(iov + 16L * i + 8), copy - at);
            k.mem.write(base, b, at, len);
            at += len;
        }
        if (name != 0) {
            if (r.from != null) {
                byte[] a = encode(r.from);
                int room = k.mem.read32(msg + 8);
                k.mem.write(name, a, 0, Math.max(0, Math.min(room, a.length)));
                k.mem.write32(msg + 8, a.length);
            } else k.mem.write32(msg + 8, 0);
        }
        int msgFlags = r.msgFlags;
        long used = 0;
        if (r.rights != null) {
            int fit = controllen >= 16 ? (int) Math.min(r.rights.length, (controllen - 16) / 4) : 0;
            if (fit < r.rights.length) msgFlags |= SocketFile.MSG_CTRUNC;
            boolean cloexec = (flags & SocketFile.MSG_CMSG_CLOEXEC) != 0;
            if (fit > 0) {
                k.mem.write64(control, 16 + 4L * fit);
                k.mem.write32(control + 8, SocketFile.SOL_SOCKET);
                k.mem.write32(control + 12, SCM_RIGHTS);
                for (int i = 0; i < fit; i++) k.mem.write32(control + 16 + 4L * i, k.fds.install(r.rights[i], 0, cloexec));
                used = (16 + 4L * fit + 7) & ~7L;
            }
            for (int i = fit; i < r.rights.length; i++) r.rights[i].release();
        }
        k.mem.write64(msg + 40, used);
        k.mem.write32(msg + 48, msgFlags);
        return got;
    }

    static long shutdown(Kernel k, long fd, long how) {
        if (how < 0 || how > 2) throw new ErrnoException(Errno.EINVAL);
        sock(k, fd).shutdown((int) how);
        return 0;
    }

    static long getsockname(Kernel k, long fd, long addr, long lenPtr) {
        SocketFile s = sock(k, fd);
        if (k.mem.read32(lenPtr) < 0) throw new ErrnoException(Errno.EINVAL);
        writeAddr(k, addr, lenPtr, s.localAddress());
        return 0;
    }

    static long getpeername(Kernel k, long fd, long addr, long lenPtr) {
        SocketFile s = sock(k, fd);
        if (k.mem.read32(lenPtr) < 0) throw new ErrnoException(Errno.EINVAL);
        writeAddr(k, addr, lenPtr, s.peerAddress());
        return 0;
    }

    static long setsockopt(Kernel k, long fd, long level, long name, long val, long len) {
        SocketFile s = sock(k, fd);
        if (len < 0 || len > 4096) throw new ErrnoException(Errno.EINVAL);
        byte[] v = val == 0 ? new byte[0] : k.mem.read(val, (int) len);
        s.setsockopt((int) level, (int) name, v);
        return 0;
    }

    static long getsockopt(Kernel k, long fd, long level, long name, long val, long lenPtr) {
        SocketFile s = sock(k, fd);
        int room = k.mem.read32(lenPtr);
        if (room < 0) throw new ErrnoException(Errno.EINVAL);
        byte[] v = s.getsockopt((int) level, (int) name);
        int n = Math.min(room, v.length);
        if (n > 0) k.mem.write(val, v, 0, n);
        k.mem.write32(lenPtr, n);
        return 0;
    }
}
