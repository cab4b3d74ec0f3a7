package dev.binfarm.emulator.net;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.sched.Wait;
import dev.binfarm.emulator.vfs.OpenFile;
import dev.binfarm.emulator.vfs.Stat;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An epoll instance: interest entries by descriptor, level or edge
 * triggered, EPOLLONESHOT. Readiness comes from {@link Readiness#poll} at
 * each epoll_wait; an edge is a ready bit that was not set at the previous
 * look, or new {@link OpenFile#activity()} since.
 */
public final class Epoll extends OpenFile {
    public static final int EPOLLIN = 1, EPOLLOUT = 4, EPOLLRDHUP = 0x2000, EPOLLEXCLUSIVE = 1 << 28,
            EPOLLWAKEUP = 1 << 29, EPOLLONESHOT = 1 << 30, EPOLLET = 1 << 31;
    public static final int CTL_ADD = 1, CTL_DEL = 2, CTL_MOD = 3;

    private static final class Entry {
        final OpenFile file;
        int events;
        long data;
        boolean disabled;
        int lastBits;
        long lastActivity;

        Entry(OpenFile file) { this.file = file; }
    }

    private final Map<Integer, Entry> entries = new LinkedHashMap<>();

    public Epoll(int flags) {
        super("anon_inode:[eventpoll]", O_RDWR | (flags & O_NONBLOCK));
    }

    public void ctl(int op, int fd, OpenFile f, int events, long data) {
        if (f == this) throw new ErrnoException(Errno.EINVAL);
        if (f.stat().isRegular() || f.stat().isDirectory()) throw new ErrnoException(Errno.EPERM);
        Entry e = entries.get(fd);
        if (e != null && (e.file.closed() || e.file != f)) { entries.remove(fd); e = null; }
        switch (op) {
            case CTL_ADD -> {
                if (e != null) throw new ErrnoException(Errno.EEXIST);
                e = new Entry(f);
                e.events = events;
                e.data = data;
                e.lastActivity = f.activity();
                entries.put(fd, e);
            }
            case CTL_MOD -> {
                if (e == null) throw new ErrnoException(Errno.ENOENT);
                if ((events & EPOLLEXCLUSIVE) != 0) throw new ErrnoException(Errno.EINVAL);
                e.events = events;
                e.data = data;
                e.disabled = false;
                e.lastBits = 0;
            }
            case CTL_DEL -> {
                if (e == null) throw new ErrnoException(Errno.ENOENT);
                entries.remove(fd);
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    /**
     * Ready entries: up to {@code max} (events, data) pairs into the arrays,
     * consuming edges and one-shots when {@code commit}; the count.
     */
    public int collect(int max, int[] evOut, long[] dataOut, boolean commit) {
        int n = 0;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && n < max; ) {
            Entry e = it.next();
            if (e.file.closed()) { if (commit) it.remove(); continue; }
            if (e.disabled) continue;
            int want = (e.events & 0xffff) | POLLERR | POLLHUP;
            int bits = Readiness.poll(e.file) & want;
            long act = e.file.activity();
            if ((e.events & EPOLLET) != 0) {
                boolean edge = (bits & ~e.lastBits) != 0 || (bits != 0 && act != e.lastActivity);
                if (commit) { e.lastBits = bits; if (edge) e.lastActivity = act; }
                if (!edge) continue;
            }
            if (bits == 0) continue;
            if (evOut != null) {
                evOut[n] = bits;
                dataOut[n] = e.data;
            }
            n++;
            if (commit && (e.events & EPOLLONESHOT) != 0) e.disabled = true;
        }
        return n;
    }

    /** What an epoll_wait parks on: any entry ready, the timeout, or a timerfd among the entries. */
    public Wait waitFor(long userDeadline) {
        Epoll self = this;
        long d = userDeadline;
        boolean h = false;
        for (Entry e : entries.values()) {
            d = Math.min(d, Readiness.deadline(e.file));
            h |= e.file.channel() != null;
        }
        long deadline = d;
        boolean host = h;
        return new Wait() {
            @Override public boolean ready() { return self.collect(1, null, null, false) > 0; }
            @Override public long deadlineNanos() { return deadline; }
            @Override public boolean external() { return host; }
            @Override public void register(Selector s) throws ClosedChannelException {
                for (Entry e : self.entries.values()) {
                    if (!e.file.closed() && !e.disabled) Readiness.interest(s, e.file.channel(), e.file.channelOps(e.events & 0xffff));
                }
            }
            @Override public String describe() { return "epoll_wait on " + self.entries.size() + " descriptors"; }
        };
    }

    @Override public int poll() { return collect(1, null, null, false) > 0 ? POLLIN : 0; }
    @Override public int read(byte[] buf, int len) { throw new ErrnoException(Errno.EINVAL); }
    @Override public int write(byte[] buf, int len) { throw new ErrnoException(Errno.EINVAL); }
    @Override public long seek(long offset, int whence) { return espipe(); }

    @Override public Stat stat() {
        long t = Readiness.FILE_TIME;
        return new Stat(0xd, 0x9003, 0600, 1, 0, 0, 0, 0, 4096, 0, t, 0, t, 0, t, 0);
    }

    @Override protected void close() { entries.clear(); }
}
