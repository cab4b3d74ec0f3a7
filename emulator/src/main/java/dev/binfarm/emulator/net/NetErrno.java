package dev.binfarm.emulator.net;

/** Socket errno values (the general ones are in {@link dev.binfarm.emulator.kernel.Errno}). */
public final class NetErrno {
    private NetErrno() { }

    public static final int ENOTSOCK = 88, EDESTADDRREQ = 89, EMSGSIZE = 90, EPROTOTYPE = 91, ENOPROTOOPT = 92,
            EPROTONOSUPPORT = 93, EOPNOTSUPP = 95, EAFNOSUPPORT = 97, EADDRINUSE = 98, EADDRNOTAVAIL = 99,
            ENETUNREACH = 101, ECONNABORTED = 103, ECONNRESET = 104, EISCONN = 106, ENOTCONN = 107,
            ECONNREFUSED = 111, EALREADY = 114, EINPROGRESS = 115;
}
