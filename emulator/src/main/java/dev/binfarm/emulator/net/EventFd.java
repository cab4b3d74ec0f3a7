package dev.binfarm.emulator.net;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.vfs.OpenFile;
import dev.binfarm.emulator.vfs.Stat;

/** eventfd: a 64-bit counter; EFD_SEMAPHORE reads count down by one. */
public final class EventFd extends OpenFile {
    public static final int EFD_SEMAPHORE = 1;
    private static final long MAX = 0xffff_ffff_ffff_fffeL;

    private long count;
    private final boolean semaphore;
    private long activity;

    public EventFd(long initial, int flags) {
        super("anon_inode:[eventfd]", O_RDWR | (flags & O_NONBLOCK));
        this.count = initial;
        this.semaphore = (flags & EFD_SEMAPHORE) != 0;
    }

    @Override public int read(byte[] buf, int len) {
        if (len < 8) throw new ErrnoException(Errno.EINVAL);
        if (count == 0) throw new ErrnoException(Errno.EAGAIN);
        long v = semaphore ? 1 : count;
        count -= v;
        put(buf, v);
        return 8;
    }

    @Override public int write(byte[] buf, int len) {
        if (len < 8) throw new ErrnoException(Errno.EINVAL);
        long v = get(buf);
        if (v == -1L) throw new ErrnoException(Errno.EINVAL);
        if (Long.compareUnsigned(v, MAX - count) > 0) throw new ErrnoException(Errno.EAGAIN);
        count += v;
        if (v != 0) activity++;
        return 8;
    }

    static void put(byte[] b, long v) {
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
    }

    static long get(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (b[i] & 0xffL) << (8 * i);
        return v;
    }

    @Override public int poll() {
        return (count != 0 ? POLLIN : 0) | (Long.compareUnsigned(count, MAX) < 0 ? POLLOUT : 0);
    }

    @Override public long activity() { return activity; }
    @Override public boolean waitable() { return true; }
    @Override public int pread(byte[] buf, int len, long at) { throw new ErrnoException(Errno.ESPIPE); }
    @Override public long seek(long offset, int whence) { return espipe(); }

    @Override public Stat stat() {
        long t = Readiness.FILE_TIME;
        return new Stat(0xd, 0x9001, 0600, 1, 0, 0, 0, 0, 4096, 0, t, 0, t, 0, t, 0);
    }
}
