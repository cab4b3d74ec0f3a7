package dev.binfarm.emulator.net;

import dev.binfarm.emulator.kernel.ErrnoException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * The network of one run. Guest listeners live on host loopback: a bind to
 * any address (0.0.0.0, ::, 127.0.0.1, the guest's own 172.44.0.2...) listens
 * on 127.0.0.1 (::1 for IPv6-only sockets) at the published host port, or an
 * ephemeral one reported through {@link ListenListener}. Outbound traffic
 * reaches host loopback only: a connect to a loopback address or to an
 * address a guest socket is bound to goes to the guest's listener on that
 * port (or the host's loopback port); any other destination is ENETUNREACH
 * before a packet is sent. AF_UNIX names live here too (in-emulator only).
 * {@link #close()} closes every host channel the run opened.
 */
public final class Net implements Closeable {
    /** Told when a guest socket starts listening: its guest port and the host loopback port that reaches it. */
    public interface ListenListener {
        void listening(int guestPort, int hostPort);
    }

    private final Map<Integer, Integer> published;
    private final ListenListener listener;
    /** Guest TCP port -> host address of its listener. */
    final Map<Integer, InetSocketAddress> tcpListeners = new HashMap<>();
    /** Guest UDP port -> host address of the bound socket, and back. */
    final Map<Integer, InetSocketAddress> udpPorts = new HashMap<>();
    final Map<Integer, Integer> udpHostToGuest = new HashMap<>();
    /** Addresses guest sockets bound explicitly (the guest's own addresses, e.g. 172.44.0.2). */
    final List<SockAddr> own = new ArrayList<>();
    /** AF_UNIX names: path or abstract bytes as a string key. */
    final Map<String, UnixSocket> unixNames = new HashMap<>();
    private final Set<Closeable> channels = Collections.newSetFromMap(new IdentityHashMap<>());
    private Selector probe;
    long inodes;
    private final SocketFile.Received scratch = new SocketFile.Received();
    /** Ports the guest listened on, guest -> host, in order. */
    private final Map<Integer, Integer> listened = Collections.synchronizedMap(new java.util.LinkedHashMap<>());

    public Net(Map<Integer, Integer> published, ListenListener listener) {
        this.published = published == null ? Map.of() : published;
        this.listener = listener;
    }

    /** Guest port -> host port of every port the guest listened on. */
    public Map<Integer, Integer> listened() {
        synchronized (listened) { return Map.copyOf(listened); }
    }

    SocketFile.Received scratchReceived() { scratch.reset(); return scratch; }

    int hostPortFor(int guestPort) {
        Integer p = published.get(guestPort);
        return p == null ? 0 : p;
    }

    void listeningOn(int guestPort, int hostPort) {
        listened.put(guestPort, hostPort);
        if (listener != null) listener.listening(guestPort, hostPort);
    }

    <T extends Closeable> T track(T ch) { channels.add(ch); return ch; }

    void untrack(Closeable ch) {
        channels.remove(ch);
        try { ch.close(); } catch (IOException ignored) { /* closing anyway */ }
    }

    /** A guest address is local when it is loopback, wildcard, or one a guest socket bound. */
    boolean isLocal(SockAddr a) {
        if (a.isLoopback() || a.isWildcard()) return true;
        for (SockAddr o : own) if (o.sameIp(a)) return true;
        return false;
    }

    void bound(SockAddr a) {
        if (!a.isLoopback() && !a.isWildcard() && !isLocal(a)) own.add(a);
    }

    /**
     * The host address a guest TCP connect to {@code a} goes to: a guest
     * listener, else host loopback at that port; ENETUNREACH for any address
     * that is not local, ECONNREFUSED for an own address nobody listens on.
     */
    InetSocketAddress tcpTarget(SockAddr a) {
        if (!isLocal(a)) throw new ErrnoException(NetErrno.ENETUNREACH);
        InetSocketAddress l = tcpListeners.get(a.port());
        if (l != null) return l;
        if (!a.isLoopback()) throw new ErrnoException(NetErrno.ECONNREFUSED);
        return new InetSocketAddress(loopback(a), a.port());
    }

    InetSocketAddress udpTarget(SockAddr a) {
        if (!isLocal(a)) throw new ErrnoException(NetErrno.ENETUNREACH);
        InetSocketAddress l = udpPorts.get(a.port());
        if (l != null) return l;
        return new InetSocketAddress(loopback(a), a.port());
    }

    /** The guest's view of a host peer address: its guest port when it is a guest's UDP socket. */
    SockAddr guestViewUdp(InetSocketAddress host, int family) {
        Integer g = udpHostToGuest.get(host.getPort());
        return SockAddr.ofHost(host.getAddress(), g != null ? g : host.getPort()).as(family);
    }

    static InetAddress loopback(SockAddr a) {
        try {
            return a.ip().length == 16 && a.mappedV4() == null ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when {@code ch} is ready for {@code ops} right now (a non-blocking check). */
    boolean readyNow(SelectableChannel ch, int ops) {
        try {
            if (probe == null) probe = track(Selector.open());
            SelectionKey k = ch.keyFor(probe);
            if (k == null || !k.isValid()) k = ch.register(probe, ops);
            else k.interestOps(ops);
            probe.selectNow();
            boolean r = k.isValid() && (k.readyOps() & ops) != 0;
            probe.selectedKeys().clear();
            return r;
        } catch (IOException e) {
            return true; // closed: the operation will report the error
        }
    }

    /** Closes every host channel of the run (sockets still open, in flight, the probe selector). */
    @Override public void close() {
        for (Closeable c : new ArrayList<>(channels)) {
            try { c.close(); } catch (IOException ignored) { /* best effort */ }
        }
        channels.clear();
    }

    /** Open host channels (for leak checks). */
    public int openChannels() { return channels.size(); }

    /** Maps a host socket failure to the errno Linux reports. */
    static int errno(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase();
        if (e instanceof java.net.ConnectException || m.contains("refused")) return NetErrno.ECONNREFUSED;
        if (m.contains("reset")) return NetErrno.ECONNRESET;
        if (m.contains("broken pipe")) return dev.binfarm.emulator.kernel.Errno.EPIPE;
        if (m.contains("in use")) return NetErrno.EADDRINUSE;
        if (m.contains("unreachable")) return NetErrno.ENETUNREACH;
        if (m.contains("timed out")) return dev.binfarm.emulator.kernel.Errno.ETIMEDOUT;
        if (e instanceof java.nio.channels.ClosedChannelException) return dev.binfarm.emulator.kernel.Errno.EPIPE;
        return NetErrno.ECONNRESET;
    }
}
