package dev.binfarm.emulator.net;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.vfs.OpenFile;
import dev.binfarm.emulator.vfs.Stat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * A socket as an open file description. Operations that would wait throw
 * EAGAIN; the kernel turns that into a parked thread for blocking sockets
 * (waiting until {@link #poll()} is ready) or returns it for non-blocking ones.
 */
public abstract class SocketFile extends OpenFile {
    public static final int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_SEQPACKET = 5;
    public static final int MSG_OOB = 1, MSG_PEEK = 2, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40, MSG_EOR = 0x80,
            MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000, MSG_CTRUNC = 8;
    public static final int SOL_SOCKET = 1, IPPROTO_IP = 0, IPPROTO_TCP = 6, IPPROTO_IPV6 = 41;
    public static final int SO_TYPE = 3, SO_ERROR = 4, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_KEEPALIVE = 9, SO_LINGER = 13,
            SO_PEERCRED = 17, SO_RCVTIMEO = 20, SO_SNDTIMEO = 21, SO_ACCEPTCONN = 30, SO_PROTOCOL = 38, SO_DOMAIN = 39;
    public static final int TCP_NODELAY = 1, IPV6_V6ONLY = 26;

    public final int family, type;
    protected final Net net;
    private final long ino;
    /** Values set by setsockopt, by (level << 32 | name); answered back by getsockopt. */
    private final Map<Long, byte[]> options = new HashMap<>();
    protected int soError;
    protected long activity;

    protected SocketFile(Net net, int family, int type, int flags) {
        super("socket:[" + (0x4000 + net.inodes) + "]", OpenFile.O_RDWR | (flags & OpenFile.O_NONBLOCK));
        this.net = net;
        this.family = family;
        this.type = type;
        this.ino = 0x4000 + net.inodes++;
    }

    public void bind(SockAddr a) { throw new ErrnoException(NetErrno.EOPNOTSUPP); }

    public void listen(int backlog) { throw new ErrnoException(NetErrno.EOPNOTSUPP); }

    /** A connection from the queue; EAGAIN when none waits. */
    public SocketFile accept(int flags) { throw new ErrnoException(NetErrno.EOPNOTSUPP); }

    /** Starts or completes a connection; EAGAIN while it is in progress (a blocking caller waits for POLLOUT, a non-blocking one gets EINPROGRESS). */
    public abstract void connect(SockAddr a);

    /** True while a connect is under way (connect re-executed after a wait finishes it). */
    public boolean connecting() { return false; }

    /** Sends; {@code to} may be null, {@code rights} (SCM_RIGHTS) may be null. */
    public abstract int send(byte[] b, int off, int len, int flags, SockAddr to, OpenFile[] rights);

    /** Receives into {@code b}; the sender's address, passed descriptors and MSG_TRUNC go to {@code r}. */
    public abstract int recv(byte[] b, int len, int flags, Received r);

    public abstract void shutdown(int how);

    public abstract SockAddr localAddress();

    /** ENOTCONN when not connected. */
    public abstract SockAddr peerAddress();

    public void setsockopt(int level, int name, byte[] value) {
        options.put(((long) level << 32) | name, value);
    }

    /** The option's value as getsockopt returns it. */
    public byte[] getsockopt(int level, int name) {
        if (level == SOL_SOCKET) {
            switch (name) {
                case SO_TYPE: return int32(type);
                case SO_ERROR: { int e = soError; soError = 0; return int32(e); }
                case SO_DOMAIN: return int32(family);
                case SO_PROTOCOL: return int32(family == SockAddr.AF_UNIX ? 0 : type == SOCK_STREAM ? 6 : 17);
                case SO_ACCEPTCONN: return int32(listening() ? 1 : 0);
                case SO_PEERCRED: return new byte[12]; // pid 0? uid 0 gid 0 (root in the rootfs)
                default: break;
            }
        }
        byte[] v = options.get(((long) level << 32) | name);
        if (v != null) return v;
        if (level == SOL_SOCKET) {
            switch (name) {
                case SO_SNDBUF: return int32(16384 * 2);
                case SO_RCVBUF: return int32(131072);
                case SO_LINGER: return new byte[8];
                case SO_RCVTIMEO, SO_SNDTIMEO: return new byte[16];
                default: return int32(0);
            }
        }
        if (level == IPPROTO_TCP || level == IPPROTO_IP || level == IPPROTO_IPV6) return int32(0);
        throw new ErrnoException(NetErrno.ENOPROTOOPT);
    }

    /** An int option that was set (0 when not). */
    protected int intOption(int level, int name) {
        byte[] v = options.get(((long) level << 32) | name);
        return v == null || v.length < 4 ? 0 : ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    public boolean listening() { return false; }

    static byte[] int32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    @Override public int read(byte[] buf, int len) { return recv(buf, len, 0, net.scratchReceived()); }

    @Override public int write(byte[] buf, int len) { return send(buf, 0, len, 0, null, null); }

    @Override public int pread(byte[] buf, int len, long at) { throw new ErrnoException(Errno.ESPIPE); }

    @Override public long seek(long offset, int whence) { return espipe(); }

    @Override public boolean waitable() { return true; }

    @Override public long activity() { return activity; }

    @Override public Stat stat() {
        long t = Readiness.FILE_TIME;
        return new Stat(0x8, ino, Stat.S_IFSOCK | 0777, 1, 0, 0, 0, 0, 4096, 0, t, 0, t, 0, t, 0);
    }

    /** What a receive produced besides the bytes. */
    public static final class Received {
        public SockAddr from;
        public OpenFile[] rights;
        public int msgFlags;

        void reset() { from = null; rights = null; msgFlags = 0; }
    }
}
