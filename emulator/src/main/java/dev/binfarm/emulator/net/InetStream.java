package dev.binfarm.emulator.net;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.vfs.OpenFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * A TCP socket (AF_INET or AF_INET6) over a non-blocking host channel on
 * loopback. Bytes the host has queued are taken into {@link #rx} when the
 * guest polls, so readiness never needs a selector of its own.
 */
public final class InetStream extends SocketFile {
    private static final int RX = 64 * 1024;

    private SockAddr local, peer;
    private ServerSocketChannel server;
    private SocketChannel ch;
    private final ArrayDeque<SocketChannel> pending = new ArrayDeque<>();
    private ByteBuffer rx; // in read mode (flip()ped) between calls
    private boolean connecting, eof, shutRd, shutWr, writeBlocked, failed;
    /** A connect finished in poll() and the next connect() call reports it. */
    private boolean untold;
    private int hostPort;

    public InetStream(Net net, int family, int flags) {
        super(net, family, SOCK_STREAM, flags);
    }

    private InetStream(Net net, int family, SocketChannel ch, SockAddr local, SockAddr peer) {
        super(net, family, SOCK_STREAM, 0);
        this.ch = ch;
        this.local = local;
        this.peer = peer;
        connected();
    }

    private void connected() {
        if (local == null || local.port() == 0) {
            try {
                InetSocketAddress l = (InetSocketAddress) ch.getLocalAddress();
                if (l != null) local = SockAddr.ofHost(InetAddress.getByName("127.0.0.1"), l.getPort()).as(family);
            } catch (IOException ignored) { /* stays unnamed */ }
        }
        rx = ByteBuffer.allocate(RX);
        rx.flip();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, intOption(IPPROTO_TCP, TCP_NODELAY) != 0);
        } catch (IOException | UnsupportedOperationException ignored) { /* an option, not a failure */ }
    }

    private void checkFamily(SockAddr a) {
        if (a.family() != family) throw new ErrnoException(family == SockAddr.AF_INET ? NetErrno.EAFNOSUPPORT : Errno.EINVAL);
    }

    @Override public void bind(SockAddr a) {
        checkFamily(a);
        if (local != null) throw new ErrnoException(Errno.EINVAL);
        if (a.port() != 0 && net.tcpListeners.containsKey(a.port())) throw new ErrnoException(NetErrno.EADDRINUSE);
        if (!net.isLocal(a) && !a.isWildcard()) {
            // The guest's own address (from its config): accepted and remembered as local.
            net.bound(a);
        }
        local = a;
    }

    @Override public boolean listening() { return server != null; }

    @Override public void listen(int backlog) {
        if (ch != null) throw new ErrnoException(Errno.EINVAL);
        if (server != null) return;
        if (local == null) local = SockAddr.inet(family == SockAddr.AF_INET ? new byte[4] : new byte[16], 0);
        boolean v6only = family == SockAddr.AF_INET6 && intOption(IPPROTO_IPV6, IPV6_V6ONLY) != 0 && local.mappedV4() == null;
        try {
            InetAddress host = InetAddress.getByName(v6only ? "::1" : "127.0.0.1");
            ServerSocketChannel s = net.track(ServerSocketChannel.open());
            s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            s.configureBlocking(false);
            try {
                s.bind(new InetSocketAddress(host, net.hostPortFor(local.port())), Math.max(backlog, 128));
            } catch (IOException e) {
                net.untrack(s);
                throw new ErrnoException(NetErrno.EADDRINUSE);
            }
            server = s;
            hostPort = s.socket().getLocalPort();
            if (local.port() == 0) local = local.withPort(hostPort);
            net.tcpListeners.put(local.port(), new InetSocketAddress(host, hostPort));
            net.listeningOn(local.port(), hostPort);
        } catch (IOException e) {
            throw new ErrnoException(Net.errno(e));
        }
    }

    private boolean takeConnection() {
        try {
            SocketChannel c = server.accept();
            if (c == null) return false;
            pending.add(net.track(c));
            activity++;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override public SocketFile accept(int flags) {
        if (server == null) throw new ErrnoException(Errno.EINVAL);
        if (pending.isEmpty() && !takeConnection()) throw new ErrnoException(Errno.EAGAIN);
        SocketChannel c = pending.poll();
        try {
            c.configureBlocking(false);
            InetSocketAddress r = (InetSocketAddress) c.getRemoteAddress();
            SockAddr me = local.isWildcard() ? SockAddr.ofHost(InetAddress.getByName("127.0.0.1"), local.port()).as(family) : local;
            InetStream s = new InetStream(net, family, c, me, SockAddr.ofHost(r.getAddress(), r.getPort()).as(family));
            s.flags |= flags & OpenFile.O_NONBLOCK;
            if (intOption(IPPROTO_TCP, TCP_NODELAY) != 0) s.setsockopt(IPPROTO_TCP, TCP_NODELAY, int32(1));
            return s;
        } catch (IOException e) {
            net.untrack(c);
            throw new ErrnoException(NetErrno.ECONNABORTED);
        }
    }

    @Override public boolean connecting() { return connecting; }

    @Override public void connect(SockAddr a) {
        if (connecting) {
            finish();
            if (connecting) throw new ErrnoException(NetErrno.EALREADY);
        }
        if (server != null) throw new ErrnoException(Errno.EINVAL);
        if (untold) {
            // A connect that finished while the caller waited (poll saw it): this call reports how it ended.
            untold = false;
            if (failed) { int e = soError; soError = 0; throw new ErrnoException(e != 0 ? e : NetErrno.ECONNREFUSED); }
            return;
        }
        if (ch != null) throw new ErrnoException(NetErrno.EISCONN);
        checkFamily(a);
        InetSocketAddress target = net.tcpTarget(a);
        try {
            SocketChannel c = net.track(SocketChannel.open());
            c.configureBlocking(false);
            ch = c;
            peer = a;
            boolean done = c.connect(target);
            if (done) connected();
            else {
                connecting = true;
                throw new ErrnoException(NetErrno.EINPROGRESS);
            }
        } catch (IOException e) {
            ch = null;
            throw new ErrnoException(Net.errno(e));
        }
    }

    private void finish() {
        try {
            if (ch.finishConnect()) {
                connecting = false;
                untold = true;
                connected();
                activity++;
            }
        } catch (IOException e) {
            connecting = false;
            failed = true;
            untold = true;
            soError = Net.errno(e);
            activity++;
        }
    }

    /** Takes what the host has queued into rx (non-blocking). True when bytes arrived. */
    private boolean fill() {
        if (eof || ch == null || connecting || failed) return false;
        try {
            rx.compact();
            int n = ch.read(rx);
            rx.flip();
            if (n < 0) { eof = true; activity++; return false; }
            if (n > 0) activity++;
            return n > 0;
        } catch (IOException e) {
            rx.flip();
            eof = true;
            soError = Net.errno(e);
            activity++;
            return false;
        }
    }

    @Override public int recv(byte[] b, int len, int flags, Received r) {
        if (ch == null || connecting) throw new ErrnoException(NetErrno.ENOTCONN);
        if (!rx.hasRemaining() && !shutRd) fill();
        if (!rx.hasRemaining()) {
            if (eof || shutRd || failed) {
                if (soError != 0) { int e = soError; soError = 0; throw new ErrnoException(e); }
                return 0;
            }
            throw new ErrnoException(Errno.EAGAIN);
        }
        int n = Math.min(len, rx.remaining());
        if ((flags & MSG_PEEK) != 0) rx.duplicate().get(b, 0, n);
        else rx.get(b, 0, n);
        if (r != null) r.from = peer;
        return n;
    }

    @Override public int send(byte[] b, int off, int len, int flags, SockAddr to, OpenFile[] rights) {
        if (connecting) throw new ErrnoException(Errno.EAGAIN);
        if (ch == null) throw new ErrnoException(failed ? Errno.EPIPE : NetErrno.ENOTCONN);
        if (shutWr || failed) throw new ErrnoException(Errno.EPIPE);
        try {
            int n = ch.write(ByteBuffer.wrap(b, off, len));
            if (n == 0 && len > 0) {
                writeBlocked = true;
                throw new ErrnoException(Errno.EAGAIN);
            }
            writeBlocked = false;
            return n;
        } catch (IOException e) {
            int err = Net.errno(e);
            failed = true;
            throw new ErrnoException(err == NetErrno.ECONNREFUSED ? Errno.EPIPE : err);
        }
    }

    @Override public void shutdown(int how) {
        if (ch == null || connecting) throw new ErrnoException(NetErrno.ENOTCONN);
        try {
            if (how == 0 || how == 2) { shutRd = true; }
            if (how == 1 || how == 2) { if (!shutWr) ch.shutdownOutput(); shutWr = true; }
        } catch (IOException e) {
            throw new ErrnoException(Net.errno(e));
        }
    }

    @Override public SockAddr localAddress() {
        return local != null ? local : SockAddr.inet(family == SockAddr.AF_INET ? new byte[4] : new byte[16], 0);
    }

    @Override public SockAddr peerAddress() {
        if (ch == null || connecting || peer == null) throw new ErrnoException(NetErrno.ENOTCONN);
        return peer;
    }

    @Override public void setsockopt(int level, int name, byte[] value) {
        super.setsockopt(level, name, value);
        if (ch != null && level == IPPROTO_TCP && name == TCP_NODELAY) {
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, intOption(level, name) != 0);
            } catch (IOException ignored) { /* an option, not a failure */ }
        }
    }

    @Override public int poll() {
        if (server != null) return !pending.isEmpty() || takeConnection() ? POLLIN : 0;
        if (ch == null) return failed ? POLLOUT | POLLERR | POLLHUP : POLLOUT | POLLHUP;
        if (connecting) finish();
        if (connecting) return 0;
        if (failed && eof) return POLLIN | POLLOUT | POLLERR | POLLHUP;
        if (failed) return POLLOUT | POLLERR | POLLHUP;
        int r = 0;
        if (rx.hasRemaining() || fill() || rx.hasRemaining()) r |= POLLIN;
        if (eof || shutRd) r |= POLLIN | POLLRDHUP;
        if (eof && shutWr) r |= POLLHUP;
        if (soError != 0) r |= POLLERR;
        if (!shutWr && (!writeBlocked || net.readyNow(ch, SelectionKey.OP_WRITE))) {
            writeBlocked = false;
            r |= POLLOUT;
        }
        return r;
    }

    @Override public SelectableChannel channel() { return server != null ? server : ch; }

    @Override public int channelOps(int events) {
        if (server != null) return SelectionKey.OP_ACCEPT;
        if (ch == null) return 0;
        if (connecting) return SelectionKey.OP_CONNECT;
        int ops = 0;
        if ((events & (POLLIN | POLLRDHUP)) != 0 && !eof) ops |= SelectionKey.OP_READ;
        if ((events & POLLOUT) != 0 && writeBlocked) ops |= SelectionKey.OP_WRITE;
        return ops;
    }

    @Override protected void close() {
        if (server != null) {
            InetSocketAddress l = net.tcpListeners.get(local.port());
            if (l != null && l.getPort() == hostPort) net.tcpListeners.remove(local.port());
            net.untrack(server);
            for (SocketChannel c : pending) net.untrack(c);
            pending.clear();
        }
        if (ch != null) net.untrack(ch);
    }
}
