package dev.binfarm.emulator.kernel;

/**
 * A syscall's failure, thrown from deep inside a handler or the VFS and turned
 * into {@code -errno} by the syscall dispatcher. Carries no stack trace: it is
 * ordinary control flow for the guest (ENOENT on a path probe is routine).
 */
public final class ErrnoException extends RuntimeException {
    private final int errno;

    public ErrnoException(int errno) {
        super(null, null, false, false);
        this.errno = errno;
    }

    public int errno() { return errno; }

    @Override
    public String getMessage() { return Errno.name(errno); }
}
