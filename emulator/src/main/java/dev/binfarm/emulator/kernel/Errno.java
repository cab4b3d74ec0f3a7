package dev.binfarm.emulator.kernel;

/** Linux errno values as handlers return them (negated) and their names for traces. */
public final class Errno {
    private Errno() { }

    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7,
            ENOEXEC = 8, EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14,
            EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
            ENFILE = 23, EMFILE = 24, ENOTTY = 25, EFBIG = 27, ENOSPC = 28, ESPIPE = 29, EROFS = 30,
            EMLINK = 31, EPIPE = 32, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39,
            ELOOP = 40, ENODATA = 61, EOVERFLOW = 75, ENOTSUP = 95, ETIMEDOUT = 110;

    private static final String[] NAMES = new String[134];

    static {
        String[] pairs = {
            "1", "EPERM", "2", "ENOENT", "3", "ESRCH", "4", "EINTR", "5", "EIO", "6", "ENXIO", "7", "E2BIG",
            "8", "ENOEXEC", "9", "EBADF", "10", "ECHILD", "11", "EAGAIN", "12", "ENOMEM", "13", "EACCES",
            "14", "EFAULT", "16", "EBUSY", "17", "EEXIST", "18", "EXDEV", "19", "ENODEV", "20", "ENOTDIR",
            "21", "EISDIR", "22", "EINVAL", "23", "ENFILE", "24", "EMFILE", "25", "ENOTTY", "27", "EFBIG",
            "28", "ENOSPC", "29", "ESPIPE", "30", "EROFS", "31", "EMLINK", "32", "EPIPE", "34", "ERANGE",
            "36", "ENAMETOOLONG", "38", "ENOSYS", "39", "ENOTEMPTY", "40", "ELOOP", "61", "ENODATA",
            "75", "EOVERFLOW", "88", "ENOTSOCK", "93", "EPROTONOSUPPORT", "95", "ENOTSUP", "97", "EAFNOSUPPORT",
            "107", "ENOTCONN", "110", "ETIMEDOUT", "111", "ECONNREFUSED",
        };
        for (int i = 0; i < pairs.length; i += 2) NAMES[Integer.parseInt(pairs[i])] = pairs[i + 1];
    }

    /** "ENOENT" for 2; "E123" for numbers without a name here. */
    public static String name(int errno) {
        return errno > 0 && errno < NAMES.length && NAMES[errno] != null ? NAMES[errno] : "E" + errno;
    }

    /** True when a raw syscall result is an error (-4095..-1, as the libcs test it). */
    public static boolean isError(long result) {
        return result < 0 && result >= -4095;
    }
}
