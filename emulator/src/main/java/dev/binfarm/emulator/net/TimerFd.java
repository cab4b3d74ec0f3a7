package dev.binfarm.emulator.net;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.vfs.OpenFile;
import dev.binfarm.emulator.vfs.Stat;
import java.util.function.LongSupplier;

/**
 * timerfd on the guest clock: expiries are instants of CLOCK_MONOTONIC
 * (CLOCK_REALTIME settings are converted), so a guest waiting only on a
 * timer makes the virtual clock jump to it.
 */
public final class TimerFd extends OpenFile {
    public static final int TFD_TIMER_ABSTIME = 1;

    private final LongSupplier monotonic;
    private final long realtimeOffset;
    private final boolean realtime;
    /** Next expiry (monotonic ns), 0 = disarmed. */
    private long next;
    private long interval;
    private long seen;

    /** @param realtimeOffset CLOCK_REALTIME minus CLOCK_MONOTONIC */
    public TimerFd(int clockId, int flags, LongSupplier monotonic, long realtimeOffset) {
        super("anon_inode:[timerfd]", O_RDWR | (flags & O_NONBLOCK));
        this.monotonic = monotonic;
        this.realtimeOffset = realtimeOffset;
        this.realtime = clockId == 0 || clockId == 8;
    }

    /** Expirations since the last read. */
    private long due() {
        if (next == 0) return 0;
        long now = monotonic.getAsLong();
        if (now < next) return 0;
        return interval == 0 ? 1 : 1 + (now - next) / interval;
    }

    /** The next expiry on CLOCK_MONOTONIC (Long.MAX_VALUE when disarmed): the wait's deadline. */
    public long deadline() { return next == 0 ? Long.MAX_VALUE : next; }

    /** {value, interval} remaining, as timerfd_gettime. */
    public long[] get() {
        if (next == 0) return new long[] {0, interval};
        long now = monotonic.getAsLong();
        long left = next - now;
        if (left <= 0 && interval > 0) left = interval - Math.floorMod(now - next, interval);
        return new long[] {Math.max(left, 1), interval};
    }

    /** timerfd_settime: returns the old setting. */
    public long[] set(int flags, long value, long intervalNs) {
        long[] old = get();
        interval = intervalNs;
        if (value == 0) { next = 0; return old; }
        long now = monotonic.getAsLong();
        if ((flags & TFD_TIMER_ABSTIME) != 0) next = realtime ? value - realtimeOffset : value;
        else next = now + value;
        if (next <= 0) next = 1;
        return old;
    }

    @Override public int read(byte[] buf, int len) {
        if (len < 8) throw new ErrnoException(Errno.EINVAL);
        long n = due();
        if (n == 0) throw new ErrnoException(Errno.EAGAIN);
        if (interval == 0) next = 0;
        else next += n * interval;
        EventFd.put(buf, n);
        return 8;
    }

    @Override public int write(byte[] buf, int len) { throw new ErrnoException(Errno.EINVAL); }

    @Override public int poll() {
        long n = due();
        if (n != 0 && next != seen) seen = next;
        return n != 0 ? POLLIN : 0;
    }

    @Override public long activity() { return seen; }
    @Override public boolean waitable() { return true; }
    @Override public int pread(byte[] buf, int len, long at) { throw new ErrnoException(Errno.ESPIPE); }
    @Override public long seek(long offset, int whence) { return espipe(); }

    @Override public Stat stat() {
        long t = Readiness.FILE_TIME;
        return new Stat(0xd, 0x9002, 0600, 1, 0, 0, 0, 0, 4096, 0, t, 0, t, 0, t, 0);
    }
}
