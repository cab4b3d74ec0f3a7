package dev.binfarm.emulator.net;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.vfs.OpenFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * An AF_UNIX socket between threads of the guest, entirely in the emulator:
 * stream, datagram and seqpacket, path and abstract names (kept in the run's
 * {@link Net}), SCM_RIGHTS (the open file descriptions travel with the bytes,
 * retained while in flight).
 */
public final class UnixSocket extends SocketFile {
    /** Bytes a receive queue holds before senders wait (Linux's default wmem). */
    static final int CAPACITY = 212_992;

    private record Seg(byte[] data, OpenFile[] rights, SockAddr from) { }

    private UnixSocket peer;
    private final ArrayDeque<Seg> inbox = new ArrayDeque<>();
    private int head; // bytes of inbox.peek() already read (stream)
    private int queued;
    private SockAddr name;
    private boolean listening, shutRd, shutWr, peerGone, closed;
    private final ArrayDeque<UnixSocket> backlog = new ArrayDeque<>();
    private int backlogMax;

    public UnixSocket(Net net, int type, int flags) {
        super(net, SockAddr.AF_UNIX, type, flags);
    }

    /** socketpair: two connected sockets. */
    public static UnixSocket[] pair(Net net, int type, int flags) {
        UnixSocket a = new UnixSocket(net, type, flags), b = new UnixSocket(net, type, flags);
        a.peer = b;
        b.peer = a;
        return new UnixSocket[] {a, b};
    }

    static String key(SockAddr a) { return new String(a.unix(), StandardCharsets.ISO_8859_1); }

    @Override public void bind(SockAddr a) {
        if (a.family() != SockAddr.AF_UNIX) throw new ErrnoException(Errno.EINVAL);
        if (name != null) throw new ErrnoException(Errno.EINVAL);
        if (a.unix().length == 0) return; // autobind: stays unnamed here
        if (net.unixNames.containsKey(key(a))) throw new ErrnoException(NetErrno.EADDRINUSE);
        net.unixNames.put(key(a), this);
        name = a;
    }

    @Override public boolean listening() { return listening; }

    @Override public void listen(int backlog) {
        if (type == SOCK_DGRAM) throw new ErrnoException(NetErrno.EOPNOTSUPP);
        if (peer != null) throw new ErrnoException(Errno.EINVAL);
        listening = true;
        backlogMax = Math.max(1, Math.min(backlog, 4096));
    }

    @Override public SocketFile accept(int flags) {
        if (!listening) throw new ErrnoException(Errno.EINVAL);
        UnixSocket s = backlog.poll();
        if (s == null) throw new ErrnoException(Errno.EAGAIN);
        s.flags |= flags & OpenFile.O_NONBLOCK;
        return s;
    }

    /** The socket bound to {@code a}, or null (the kernel then tells ENOENT from ECONNREFUSED). */
    public UnixSocket lookup(SockAddr a) { return net.unixNames.get(key(a)); }

    @Override public void connect(SockAddr a) {
        if (a.family() != SockAddr.AF_UNIX) throw new ErrnoException(Errno.EINVAL);
        UnixSocket target = lookup(a);
        if (target == null) throw new ErrnoException(NetErrno.ECONNREFUSED);
        if (type == SOCK_DGRAM) {
            if (target.type != SOCK_DGRAM) throw new ErrnoException(NetErrno.EPROTOTYPE);
            peer = target;
            return;
        }
        if (peer != null) throw new ErrnoException(NetErrno.EISCONN);
        if (!target.listening || target.type != type) throw new ErrnoException(NetErrno.ECONNREFUSED);
        if (target.backlog.size() >= target.backlogMax) throw new ErrnoException(Errno.EAGAIN);
        UnixSocket server = new UnixSocket(net, type, 0);
        server.name = target.name;
        server.peer = this;
        peer = server;
        target.backlog.add(server);
        target.activity++;
    }

    @Override public int send(byte[] b, int off, int len, int flags, SockAddr to, OpenFile[] rights) {
        UnixSocket dest = peer;
        if (type == SOCK_DGRAM && to != null && to.family() == SockAddr.AF_UNIX && to.unix().length > 0) {
            dest = lookup(to);
            if (dest == null) throw new ErrnoException(NetErrno.ECONNREFUSED);
        }
        if (shutWr) throw new ErrnoException(Errno.EPIPE);
        if (dest == null) throw new ErrnoException(type == SOCK_DGRAM ? NetErrno.EDESTADDRREQ : NetErrno.ENOTCONN);
        if (dest.closed || dest.shutRd || peerGone) throw new ErrnoException(type == SOCK_DGRAM ? NetErrno.ECONNREFUSED : Errno.EPIPE);
        int room = CAPACITY - dest.queued;
        int n;
        if (type == SOCK_STREAM) {
            if (room <= 0) throw new ErrnoException(Errno.EAGAIN);
            n = Math.min(len, room);
        } else {
            if (len > CAPACITY) throw new ErrnoException(NetErrno.EMSGSIZE);
            if (len > room && dest.queued > 0) throw new ErrnoException(Errno.EAGAIN);
            n = len;
        }
        if (rights != null) for (OpenFile f : rights) f.retain();
        byte[] data = java.util.Arrays.copyOfRange(b, off, off + n);
        dest.inbox.add(new Seg(data, rights, name != null ? name : SockAddr.unnamed()));
        dest.queued += n;
        dest.activity++;
        return n;
    }

    @Override public int recv(byte[] b, int len, int flags, Received r) {
        if (listening) throw new ErrnoException(Errno.EINVAL);
        if (inbox.isEmpty()) {
            if (shutRd || peerGone || (type != SOCK_DGRAM && peer == null && name == null)) {
                if (type != SOCK_DGRAM && peer == null && !peerGone) throw new ErrnoException(NetErrno.ENOTCONN);
                return 0;
            }
            throw new ErrnoException(Errno.EAGAIN);
        }
        boolean peek = (flags & MSG_PEEK) != 0;
        if (type != SOCK_STREAM) {
            Seg s = peek ? inbox.peek() : inbox.poll();
            int n = Math.min(len, s.data.length);
            System.arraycopy(s.data, 0, b, 0, n);
            if (s.data.length > len) r.msgFlags |= MSG_TRUNC;
            if (!peek) { queued -= s.data.length; r.rights = s.rights; }
            r.from = s.from;
            return (flags & MSG_TRUNC) != 0 ? s.data.length : n;
        }
        // Stream: bytes from consecutive segments; descriptors come with the first byte of their segment and
        // a segment carrying descriptors is never merged after others (as Linux's unix_stream_read_generic).
        int done = 0, at = head;
        for (Seg s : inbox) {
            if (done == len) break;
            if (done > 0 && s.rights != null) break;
            int n = Math.min(len - done, s.data.length - at);
            System.arraycopy(s.data, at, b, done, n);
            if (!peek && at == 0 && s.rights != null) r.rights = s.rights;
            done += n;
            at = 0;
            if (r.rights != null) break;
        }
        if (!peek) {
            int left = done;
            while (left > 0) {
                Seg s = inbox.peek();
                int n = Math.min(left, s.data.length - head);
                head += n;
                left -= n;
                if (head == s.data.length) { inbox.poll(); head = 0; }
            }
            queued -= done;
        }
        r.from = peer != null ? peer.name : null;
        return done;
    }

    @Override public void shutdown(int how) {
        if (peer == null && type != SOCK_DGRAM) throw new ErrnoException(NetErrno.ENOTCONN);
        if (how == 0 || how == 2) shutRd = true;
        if (how == 1 || how == 2) {
            shutWr = true;
            if (peer != null && type != SOCK_DGRAM) { peer.peerGone = true; peer.activity++; }
        }
    }

    @Override public SockAddr localAddress() { return name != null ? name : SockAddr.unnamed(); }

    @Override public SockAddr peerAddress() {
        if (peer == null) throw new ErrnoException(NetErrno.ENOTCONN);
        return peer.name != null ? peer.name : SockAddr.unnamed();
    }

    @Override public int poll() {
        if (listening) return backlog.isEmpty() ? 0 : POLLIN;
        int r = 0;
        if (!inbox.isEmpty()) r |= POLLIN;
        if (type == SOCK_DGRAM) {
            if (peer == null || (!peer.closed && peer.queued < CAPACITY)) r |= POLLOUT;
            return r;
        }
        if (peer == null) return peerGone ? POLLIN | POLLOUT | POLLHUP | POLLRDHUP : POLLOUT | POLLHUP;
        if (peerGone || shutRd) r |= POLLIN | POLLRDHUP;
        if (peerGone && shutWr || peer.closed) r |= POLLHUP;
        if (!shutWr && !peer.closed && peer.queued < CAPACITY) r |= POLLOUT;
        if (peer.closed) r |= POLLOUT;
        return r;
    }

    @Override protected void close() {
        closed = true;
        if (name != null && net.unixNames.get(key(name)) == this) net.unixNames.remove(key(name));
        if (peer != null && type != SOCK_DGRAM) {
            peer.peerGone = true;
            peer.activity++;
        }
        for (Seg s : inbox) if (s.rights != null) for (OpenFile f : s.rights) f.release();
        inbox.clear();
        for (UnixSocket s : backlog) s.release();
        backlog.clear();
    }
}
