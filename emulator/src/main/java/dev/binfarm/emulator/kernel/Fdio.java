package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.vfs.OpenFile;

/** Reading and writing descriptors: read/write, readv/writev, pread64/pwrite64, lseek. */
final class Fdio {
    private Fdio() { }

    /** Largest single transfer; guests loop on short counts as POSIX allows. */
    static final int MAX_IO = 1 << 22;
    static final int IOV_MAX = 1024;

    static long read(Kernel k, long fd, long buf, long count) {
        OpenFile f = readable(k, fd);
        int len = length(count);
        if (len == 0) return 0;
        byte[] b = k.scratch(len);
        int n;
        try {
            n = f.read(b, len);
        } catch (ErrnoException e) {
            throw again(k, f, e, OpenFile.POLLIN);
        }
        if (n > 0) k.mem.write(buf, b, 0, n);
        return n;
    }

    /**
     * A socket, eventfd or timerfd that answered EAGAIN: a blocking
     * descriptor parks the thread until it is ready for {@code events}.
     */
    static RuntimeException again(Kernel k, OpenFile f, ErrnoException e, int events) {
        if (e.errno() != Errno.EAGAIN || !f.waitable() || (f.flags & OpenFile.O_NONBLOCK) != 0) return e;
        return k.block(dev.binfarm.emulator.net.Readiness.of(f, events, Long.MAX_VALUE));
    }

    static long write(Kernel k, long fd, long buf, long count) {
        OpenFile f = writable(k, fd);
        int len = length(count);
        if (len == 0) return 0;
        byte[] b = k.scratch(len);
        k.mem.read(buf, b, 0, len);
        try {
            return f.write(b, len);
        } catch (ErrnoException e) {
            throw again(k, f, e, OpenFile.POLLOUT);
        }
    }

    static long pread(Kernel k, long fd, long buf, long count, long offset) {
        OpenFile f = readable(k, fd);
        if (offset < 0) throw new ErrnoException(Errno.EINVAL);
        int len = length(count);
        byte[] b = k.scratch(Math.max(len, 1));
        int n = f.pread(b, len, offset);
        if (n > 0) k.mem.write(buf, b, 0, n);
        return n;
    }

    static long pwrite(Kernel k, long fd, long buf, long count, long offset) {
        OpenFile f = writable(k, fd);
        if (offset < 0) throw new ErrnoException(Errno.EINVAL);
        int len = length(count);
        byte[] b = k.scratch(Math.max(len, 1));
        k.mem.read(buf, b, 0, len);
        return f.pwrite(b, len, offset);
    }

    static long readv(Kernel k, long fd, long iov, long iovcnt) {
        OpenFile f = readable(k, fd);
        if (iovcnt < 0 || iovcnt > IOV_MAX) throw new ErrnoException(Errno.EINVAL);
        long total = 0;
        for (int i = 0; i < iovcnt; i++) {
            long base = k.mem.read64(iov + 16L * i);
            long len = k.mem.read64(iov + 16L * i + 8);
            if (len < 0) throw new ErrnoException(Errno.EINVAL);
            if (len == 0) continue;
            int want = (int) Math.min(len, MAX_IO);
            byte[] b = k.scratch(want);
            int n;
            try {
                n = f.read(b, want);
            } catch (ErrnoException e) {
                if (total > 0 && e.errno() == Errno.EAGAIN) break; // what arrived so far
                throw again(k, f, e, OpenFile.POLLIN);
            }
            if (n > 0) k.mem.write(base, b, 0, n);
            total += n;
            if (n < want || total >= MAX_IO) break; // one call moves at most MAX_IO, like read
        }
        return total;
    }

    /** Gathers all buffers first so the write reaches the file in one piece, as a pipe write would. */
    static long writev(Kernel k, long fd, long iov, long iovcnt) {
        OpenFile f = writable(k, fd);
        if (iovcnt < 0 || iovcnt > IOV_MAX) throw new ErrnoException(Errno.EINVAL);
        long total = 0;
        for (int i = 0; i < iovcnt; i++) {
            long len = k.mem.read64(iov + 16L * i + 8);
            if (len < 0) throw new ErrnoException(Errno.EINVAL);
            total += len;
        }
        int len = length(total);
        byte[] b = new byte[len];
        int at = 0;
        for (int i = 0; i < iovcnt && at < len; i++) {
            long base = k.mem.read64(iov + 16L * i);
            int n = (int) Math.min(k.mem.read64(iov + 16L * i + 8), len - at);
            k.mem.read(base, b, at, n);
            at += n;
        }
        try {
            return len == 0 ? 0 : f.write(b, len);
        } catch (ErrnoException e) {
            throw again(k, f, e, OpenFile.POLLOUT);
        }
    }

    /**
     * sendfile: a read then a write inside the emulator. With an offset
     * pointer the input's file offset stays put and the pointer advances.
     */
    static long sendfile(Kernel k, long outFd, long inFd, long offPtr, long count) {
        OpenFile in = readable(k, inFd);
        OpenFile out = writable(k, outFd);
        if (in.stat().isDirectory()) throw new ErrnoException(Errno.EINVAL);
        long at = offPtr != 0 ? k.mem.read64(offPtr) : -1;
        if (offPtr != 0 && at < 0) throw new ErrnoException(Errno.EINVAL);
        long n;
        try {
            n = transfer(in, at, out, -1, count);
        } catch (ErrnoException e) {
            throw again(k, out, e, OpenFile.POLLOUT);
        }
        if (offPtr != 0) k.mem.write64(offPtr, at + n);
        return n;
    }

    /** copy_file_range between regular files; flags must be 0. */
    static long copyFileRange(Kernel k, long inFd, long inOffPtr, long outFd, long outOffPtr, long len, long flags) {
        if (flags != 0) throw new ErrnoException(Errno.EINVAL);
        OpenFile in = readable(k, inFd);
        OpenFile out = writable(k, outFd);
        if (!in.stat().isRegular() || !out.stat().isRegular()) throw new ErrnoException(in.stat().isDirectory()
                || out.stat().isDirectory() ? Errno.EISDIR : Errno.EINVAL);
        if ((out.flags & OpenFile.O_APPEND) != 0) throw new ErrnoException(Errno.EBADF);
        long inAt = inOffPtr != 0 ? k.mem.read64(inOffPtr) : -1, outAt = outOffPtr != 0 ? k.mem.read64(outOffPtr) : -1;
        if ((inOffPtr != 0 && inAt < 0) || (outOffPtr != 0 && outAt < 0)) throw new ErrnoException(Errno.EINVAL);
        long n = transfer(in, inAt, out, outAt, len);
        if (inOffPtr != 0) k.mem.write64(inOffPtr, inAt + n);
        if (outOffPtr != 0) k.mem.write64(outOffPtr, outAt + n);
        return n;
    }

    /** Copies up to {@code count} bytes; an offset of -1 means the file's own position (which then moves). */
    private static long transfer(OpenFile in, long inAt, OpenFile out, long outAt, long count) {
        if (count < 0) throw new ErrnoException(Errno.EINVAL);
        long limit = Math.min(count, 0x7ffff000L), done = 0;
        byte[] b = new byte[(int) Math.min(limit, 1 << 16)];
        while (done < limit) {
            int want = (int) Math.min(b.length, limit - done);
            int r = inAt >= 0 ? in.pread(b, want, inAt + done) : in.read(b, want);
            if (r <= 0) break;
            int w = 0;
            while (w < r) {
                byte[] chunk = w == 0 ? b : java.util.Arrays.copyOfRange(b, w, r);
                int m;
                try {
                    m = outAt >= 0 ? out.pwrite(chunk, r - w, outAt + done + w) : out.write(chunk, r - w);
                } catch (ErrnoException e) {
                    // A full socket: report what went out (the caller's offset says where to go on).
                    if (inAt < 0) in.position(in.position() - (r - w)); // unread what did not go out
                    if (e.errno() == Errno.EAGAIN && done + w > 0) return done + w;
                    throw e;
                }
                if (m <= 0) break;
                w += m;
            }
            done += w;
            if (w < r) break;
        }
        return done;
    }

    static long lseek(Kernel k, long fd, long offset, long whence) {
        return k.fds.get(fd).seek(offset, (int) whence);
    }

    private static OpenFile readable(Kernel k, long fd) {
        OpenFile f = k.fds.get(fd);
        if (!f.readable()) throw new ErrnoException(Errno.EBADF);
        blocking(k, f);
        return f;
    }

    private static OpenFile writable(Kernel k, long fd) {
        OpenFile f = k.fds.get(fd);
        if (!f.writable()) throw new ErrnoException(Errno.EBADF);
        blocking(k, f);
        return f;
    }

    /**
     * A pipe end that would wait: O_NONBLOCK gets EAGAIN, a blocking call parks
     * the thread until another thread fills or drains the pipe (or closes the
     * other end); the scheduler ends the run as a deadlock if none can.
     */
    private static void blocking(Kernel k, OpenFile f) {
        if (!(f instanceof dev.binfarm.emulator.vfs.Pipe.End p) || !p.wouldBlock()) return;
        if ((f.flags & OpenFile.O_NONBLOCK) != 0) throw new ErrnoException(Errno.EAGAIN);
        throw k.block(p.readiness());
    }

    private static int length(long count) {
        if (count < 0) throw new ErrnoException(Errno.EINVAL);
        return (int) Math.min(count, MAX_IO);
    }
}
