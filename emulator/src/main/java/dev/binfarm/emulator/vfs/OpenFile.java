package dev.binfarm.emulator.vfs;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.mem.Backing;
import java.util.List;

/**
 * An open file description: what a file descriptor points at. Shared by dup'ed
 * descriptors (the offset and status flags are shared, as on Linux); closed
 * when the last descriptor lets go. Failures are thrown as {@link ErrnoException}.
 */
public abstract class OpenFile {
    public static final int O_ACCMODE = 3, O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;
    public static final int O_CREAT = 0x40, O_EXCL = 0x80, O_NOCTTY = 0x100, O_TRUNC = 0x200, O_APPEND = 0x400;
    public static final int O_NONBLOCK = 0x800, O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000;
    public static final int O_CLOEXEC = 0x80000, O_PATH = 0x200000, O_TMPFILE = 0x400000;

    /** The guest path it was opened by (for traces and /proc/self/fd). */
    public final String path;
    /** Open flags minus the ones that only matter at open time. */
    public int flags;
    protected long pos;
    private int refs = 1;

    protected OpenFile(String path, int flags) {
        this.path = path;
        this.flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
    }

    public boolean readable() { return (flags & O_PATH) == 0 && (flags & O_ACCMODE) != O_WRONLY; }
    public boolean writable() { return (flags & O_PATH) == 0 && (flags & O_ACCMODE) != O_RDONLY; }

    /** Reads at the current offset and advances it; returns the count (0 at end of file). */
    public int read(byte[] buf, int len) {
        int n = pread(buf, len, pos);
        pos += n;
        return n;
    }

    /** Reads at {@code at} without moving the offset. */
    public int pread(byte[] buf, int len, long at) {
        throw new ErrnoException(Errno.ESPIPE);
    }

    /** Writes at the current offset; returns the count. */
    public int write(byte[] buf, int len) {
        throw new ErrnoException(Errno.EBADF);
    }

    public int pwrite(byte[] buf, int len, long at) {
        throw new ErrnoException(Errno.ESPIPE);
    }

    /** lseek: SEEK_SET 0, SEEK_CUR 1, SEEK_END 2. */
    public long seek(long offset, int whence) {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> pos;
            case 2 -> stat().size();
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        long to = base + offset;
        if (to < 0) throw new ErrnoException(Errno.EINVAL);
        pos = to;
        return to;
    }

    /** ftruncate: EINVAL unless the file is open for writing in the copy-on-write layer. */
    public void truncate(long length) {
        throw new ErrnoException(Errno.EINVAL);
    }

    public long position() { return pos; }
    public void position(long p) { pos = p; }

    public abstract Stat stat();

    /** The entries of a directory, "." and ".." first, then sorted by name; ENOTDIR for other files. */
    public List<DirEntry> list() {
        throw new ErrnoException(Errno.ENOTDIR);
    }

    /**
     * Page contents for a private file mapping starting at file offset
     * {@code offset} (backing offset 0 = that file offset); ENODEV when the
     * file cannot be mapped. The backing may read the file lazily, so the
     * caller keeps this description retained while the mapping can fault.
     */
    public Backing backing(long offset) {
        throw new ErrnoException(Errno.ENODEV);
    }

    public final void retain() { refs++; }

    /** Drops one reference; the last one closes the underlying host resource. */
    public final void release() {
        if (--refs == 0) close();
    }

    protected void close() { }

    /** True once the last descriptor let go (epoll drops its interest in closed files). */
    public final boolean closed() { return refs <= 0; }

    // ------------------------------------------------------------------ readiness (poll, select, epoll)

    public static final int POLLIN = 1, POLLPRI = 2, POLLOUT = 4, POLLERR = 8, POLLHUP = 0x10, POLLNVAL = 0x20;
    public static final int POLLRDNORM = 0x40, POLLWRNORM = 0x100, POLLRDHUP = 0x2000;

    /**
     * What poll(2) would report now (POLLIN/POLLOUT/POLLHUP/POLLERR/POLLRDHUP
     * bits, before masking with the requested events). Files and devices are
     * always ready: reads return data or end of file at once. Must not block;
     * sockets may take in what the host has queued.
     */
    public int poll() {
        return (readable() ? POLLIN : 0) | (writable() ? POLLOUT : 0);
    }

    /**
     * Counts arrivals (data, connections, eventfd writes, timer expiries), so
     * an edge-triggered epoll sees a new edge even when the ready bits did not
     * change in between.
     */
    public long activity() { return 0; }

    /** The host channel whose readiness can change {@link #poll()} (host sockets), or null. */
    public java.nio.channels.SelectableChannel channel() { return null; }

    /** The SelectionKey ops of {@link #channel()} to wait on for the poll {@code events} (0: nothing to wait for). */
    public int channelOps(int events) { return 0; }

    /** True when a blocking read or write that got EAGAIN should park the thread until {@link #poll()} says ready. */
    public boolean waitable() { return false; }

    /** Streams (pipes, stdio) answer ESPIPE to lseek. */
    protected static long espipe() {
        throw new ErrnoException(Errno.ESPIPE);
    }
}
