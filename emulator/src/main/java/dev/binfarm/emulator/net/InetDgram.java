package dev.binfarm.emulator.net;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.vfs.OpenFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/** A UDP socket over a host DatagramChannel on loopback; guest ports map as for TCP. */
public final class InetDgram extends SocketFile {
    private DatagramChannel ch;
    private SockAddr local, peer;
    private final ByteBuffer rx = ByteBuffer.allocate(65536);
    private InetSocketAddress rxFrom; // a datagram taken in by poll, not yet received
    private int rxLen;

    public InetDgram(Net net, int family, int flags) {
        super(net, family, SOCK_DGRAM, flags);
    }

    private void open(SockAddr at) {
        try {
            DatagramChannel c = net.track(DatagramChannel.open());
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            int guestPort = at.port();
            try {
                c.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), guestPort == 0 ? 0 : net.hostPortFor(guestPort)));
            } catch (IOException e) {
                net.untrack(c);
                throw new ErrnoException(NetErrno.EADDRINUSE);
            }
            ch = c;
            int hostPort = ((InetSocketAddress) c.getLocalAddress()).getPort();
            local = at.withPort(guestPort == 0 ? hostPort : guestPort);
            net.udpPorts.put(local.port(), (InetSocketAddress) c.getLocalAddress());
            net.udpHostToGuest.put(hostPort, local.port());
        } catch (IOException e) {
            throw new ErrnoException(Net.errno(e));
        }
    }

    @Override public void bind(SockAddr a) {
        if (a.family() != family) throw new ErrnoException(Errno.EINVAL);
        if (ch != null) throw new ErrnoException(Errno.EINVAL);
        if (a.port() != 0 && net.udpPorts.containsKey(a.port())) throw new ErrnoException(NetErrno.EADDRINUSE);
        net.bound(a);
        open(a);
    }

    private void autobind() {
        if (ch == null) open(SockAddr.inet(family == SockAddr.AF_INET ? new byte[4] : new byte[16], 0));
    }

    @Override public void connect(SockAddr a) {
        net.udpTarget(a); // ENETUNREACH before anything is sent
        autobind();
        peer = a;
    }

    @Override public int send(byte[] b, int off, int len, int flags, SockAddr to, OpenFile[] rights) {
        SockAddr dest = to != null ? to : peer;
        if (dest == null) throw new ErrnoException(NetErrno.EDESTADDRREQ);
        InetSocketAddress target = net.udpTarget(dest);
        autobind();
        try {
            int n = ch.send(ByteBuffer.wrap(b, off, len), target);
            if (n == 0 && len > 0) throw new ErrnoException(Errno.EAGAIN);
            return len;
        } catch (IOException e) {
            throw new ErrnoException(Net.errno(e));
        }
    }

    private boolean fill() {
        if (rxFrom != null || ch == null) return rxFrom != null;
        try {
            rx.clear();
            InetSocketAddress from = (InetSocketAddress) ch.receive(rx);
            if (from == null) return false;
            rxFrom = from;
            rxLen = rx.position();
            activity++;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override public int recv(byte[] b, int len, int flags, Received r) {
        if (!fill()) throw new ErrnoException(Errno.EAGAIN);
        int n = Math.min(len, rxLen);
        System.arraycopy(rx.array(), 0, b, 0, n);
        if (rxLen > len) r.msgFlags |= MSG_TRUNC;
        r.from = net.guestViewUdp(rxFrom, family);
        int whole = rxLen;
        if ((flags & MSG_PEEK) == 0) rxFrom = null;
        return (flags & MSG_TRUNC) != 0 ? whole : n;
    }

    @Override public void shutdown(int how) {
        if (peer == null) throw new ErrnoException(NetErrno.ENOTCONN);
    }

    @Override public SockAddr localAddress() {
        return local != null ? local : SockAddr.inet(family == SockAddr.AF_INET ? new byte[4] : new byte[16], 0);
    }

    @Override public SockAddr peerAddress() {
        if (peer == null) throw new ErrnoException(NetErrno.ENOTCONN);
        return peer;
    }

    @Override public int poll() { return (fill() ? POLLIN : 0) | POLLOUT; }

    @Override public SelectableChannel channel() { return ch; }

    @Override public int channelOps(int events) { return (events & POLLIN) != 0 ? SelectionKey.OP_READ : 0; }

    @Override protected void close() {
        if (ch != null) {
            net.udpPorts.remove(local.port());
            try {
                net.udpHostToGuest.remove(((InetSocketAddress) ch.getLocalAddress()).getPort());
            } catch (IOException ignored) { /* closing */ }
            net.untrack(ch);
        }
    }
}
