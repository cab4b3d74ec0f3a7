package dev.binfarm.emulator.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A socket address as the guest sees it: AF_INET (4-byte ip), AF_INET6
 * (16-byte ip) with a port, or AF_UNIX with the raw sun_path bytes (empty =
 * unnamed; a leading NUL = abstract).
 */
public record SockAddr(int family, byte[] ip, int port, byte[] unix) {
    public static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;

    public static SockAddr inet(byte[] ip, int port) {
        return new SockAddr(ip.length == 4 ? AF_INET : AF_INET6, ip, port, null);
    }

    public static SockAddr unix(byte[] path) { return new SockAddr(AF_UNIX, null, 0, path); }

    public static SockAddr unnamed() { return unix(new byte[0]); }

    public boolean isWildcard() {
        if (ip == null) return false;
        for (byte b : ip) if (b != 0) return false;
        return true;
    }

    /** 127/8, ::1 and ::ffff:127/104. */
    public boolean isLoopback() {
        if (ip == null) return false;
        if (ip.length == 4) return ip[0] == 127;
        byte[] v4 = mappedV4();
        if (v4 != null) return v4[0] == 127;
        for (int i = 0; i < 15; i++) if (ip[i] != 0) return false;
        return ip[15] == 1;
    }

    /** The IPv4 address of an ::ffff:a.b.c.d address, or null. */
    public byte[] mappedV4() {
        if (ip == null || ip.length != 16) return null;
        for (int i = 0; i < 10; i++) if (ip[i] != 0) return null;
        if (ip[10] != (byte) 0xff || ip[11] != (byte) 0xff) return null;
        return Arrays.copyOfRange(ip, 12, 16);
    }

    /** The address in the guest's family {@code family} (an IPv4 address shown to an AF_INET6 socket is v4-mapped). */
    public SockAddr as(int family) {
        if (this.family == family || ip == null) return this;
        if (family == AF_INET6 && ip.length == 4) {
            byte[] v6 = new byte[16];
            v6[10] = v6[11] = (byte) 0xff;
            System.arraycopy(ip, 0, v6, 12, 4);
            return new SockAddr(AF_INET6, v6, port, null);
        }
        byte[] v4 = mappedV4();
        if (family == AF_INET && v4 != null) return new SockAddr(AF_INET, v4, port, null);
        if (family == AF_INET && isLoopback()) return new SockAddr(AF_INET, new byte[] {127, 0, 0, 1}, port, null);
        return this;
    }

    public SockAddr withPort(int p) { return new SockAddr(family, ip, p, unix); }

    /** Same address bytes (ports ignored). */
    public boolean sameIp(SockAddr o) {
        if (ip == null || o.ip == null) return false;
        byte[] a = ip.length == 16 && mappedV4() != null ? mappedV4() : ip;
        byte[] b = o.ip.length == 16 && o.mappedV4() != null ? o.mappedV4() : o.ip;
        return Arrays.equals(a, b);
    }

    static SockAddr ofHost(InetAddress a, int port) {
        return inet(a.getAddress(), port);
    }

    InetAddress hostAddress() {
        try {
            return ip.length == 16 ? Inet6Address.getByAddress(null, ip, null) : InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public String toString() {
        if (family == AF_UNIX) return "unix:" + (unix.length > 0 && unix[0] == 0 ? "@" + new String(unix, 1, unix.length - 1) : new String(unix));
        return hostAddress().getHostAddress() + ":" + port;
    }

    @Override public boolean equals(Object o) {
        return o instanceof SockAddr s && s.family == family && s.port == port && Arrays.equals(s.ip, ip) && Arrays.equals(s.unix, unix);
    }

    @Override public int hashCode() { return family * 31 + port + Arrays.hashCode(ip) * 7 + Arrays.hashCode(unix); }
}
