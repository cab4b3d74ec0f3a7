package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.net.Epoll;
import dev.binfarm.emulator.net.EventFd;
import dev.binfarm.emulator.net.Readiness;
import dev.binfarm.emulator.net.TimerFd;
import dev.binfarm.emulator.sched.GuestThread;
import dev.binfarm.emulator.sched.Resume;
import dev.binfarm.emulator.vfs.OpenFile;

/**
 * Readiness APIs: poll/ppoll, select/pselect6, epoll, eventfd, timerfd. All
 * ask {@link Readiness#poll} of each descriptor; with nothing ready and time
 * left the thread parks on a wait over the same descriptors (host sockets
 * join the scheduler's selector), timeouts on the guest's CLOCK_MONOTONIC.
 * Signal masks given to ppoll/pselect6/epoll_pwait are not applied.
 */
final class Polling {
    private Polling() { }

    static final int POLLIN = OpenFile.POLLIN, POLLPRI = OpenFile.POLLPRI, POLLOUT = OpenFile.POLLOUT,
            POLLERR = OpenFile.POLLERR, POLLHUP = OpenFile.POLLHUP, POLLNVAL = OpenFile.POLLNVAL;

    /** The absolute deadline of a call with a relative timeout (-1 = none), kept across re-executions. */
    private static long deadline(Kernel k, long timeoutNanos) {
        GuestThread t = k.thread();
        if (t.resumed() && t.wait instanceof Readiness.Files w) return w.userDeadline;
        if (t.resumed() && t.wait != null && t.resume != Resume.NONE && t.wait instanceof DeadlineWait d) return d.userDeadline();
        if (timeoutNanos < 0) return Long.MAX_VALUE;
        long now = k.monotonicNow();
        return now + timeoutNanos;
    }

    /** Marker for waits that carry the caller's own deadline. */
    interface DeadlineWait { long userDeadline(); }

    private static boolean expired(Kernel k, long deadline) {
        return deadline != Long.MAX_VALUE && k.monotonicNow() >= deadline;
    }

    /** poll bits reported for {@code events}, with the RDNORM/WRNORM aliases. */
    private static int revents(OpenFile f, int events) {
        int bits = Readiness.poll(f);
        if ((bits & POLLIN) != 0) bits |= OpenFile.POLLRDNORM;
        if ((bits & POLLOUT) != 0) bits |= OpenFile.POLLWRNORM;
        return bits & (events | POLLERR | POLLHUP);
    }

    static long poll(Kernel k, long fds, long nfds, long timeoutNanos) {
        if (nfds < 0 || nfds > FdTable.MAX_FDS) throw new ErrnoException(Errno.EINVAL);
        int n = (int) nfds;
        OpenFile[] files = new OpenFile[n];
        int[] events = new int[n];
        int ready = 0;
        for (int i = 0; i < n; i++) {
            long at = fds + 8L * i;
            int fd = k.mem.read32(at);
            int ev = k.mem.read16(at + 4) & 0xffff;
            int rev = 0;
            if (fd >= 0) {
                if (!k.fds.isOpen(fd)) rev = POLLNVAL;
                else {
                    files[i] = k.fds.get(fd);
                    events[i] = ev;
                    rev = revents(files[i], ev);
                }
            }
            k.mem.write16(at + 6, rev);
            if (rev != 0) ready++;
        }
        if (ready > 0 || timeoutNanos == 0) return ready;
        long deadline = deadline(k, timeoutNanos);
        if (expired(k, deadline)) return 0;
        k.thread().restartable = false;
        throw k.block(new Readiness.Files(files, events, deadline));
    }

    static long timespec(Kernel k, long tsp) {
        if (tsp == 0) return -1;
        long sec = k.mem.read64(tsp), nsec = k.mem.read64(tsp + 8);
        if (sec < 0 || nsec < 0 || nsec >= GuestClock.NANOS) throw new ErrnoException(Errno.EINVAL);
        return sec * GuestClock.NANOS + nsec;
    }

    static long ppoll(Kernel k, long fds, long nfds, long tsp) {
        return poll(k, fds, nfds, timespec(k, tsp));
    }

    /** select and pselect6: fd_set bitmaps in, ready bits out. */
    static long select(Kernel k, long nfds, long rfds, long wfds, long efds, long timeoutNanos) {
        if (nfds < 0 || nfds > FdTable.MAX_FDS) throw new ErrnoException(Errno.EINVAL);
        int n = (int) nfds, words = (n + 63) / 64;
        long[] r = bits(k, rfds, words), w = bits(k, wfds, words), e = bits(k, efds, words);
        long[] ro = new long[words], wo = new long[words], eo = new long[words];
        OpenFile[] files = new OpenFile[n];
        int[] events = new int[n];
        int ready = 0;
        for (int fd = 0; fd < n; fd++) {
            long bit = 1L << (fd & 63);
            int word = fd >> 6;
            int ev = ((r[word] & bit) != 0 ? POLLIN : 0) | ((w[word] & bit) != 0 ? POLLOUT : 0) | ((e[word] & bit) != 0 ? POLLPRI : 0);
            if (ev == 0) continue;
            OpenFile f = k.fds.get(fd); // EBADF for a closed descriptor in a set
            files[fd] = f;
            events[fd] = ev;
            int bitsNow = Readiness.poll(f);
            if ((ev & POLLIN) != 0 && (bitsNow & (POLLIN | POLLHUP | POLLERR)) != 0) { ro[word] |= bit; ready++; }
            if ((ev & POLLOUT) != 0 && (bitsNow & (POLLOUT | POLLERR)) != 0) { wo[word] |= bit; ready++; }
            if ((ev & POLLPRI) != 0 && (bitsNow & POLLPRI) != 0) { eo[word] |= bit; ready++; }
        }
        if (ready == 0 && timeoutNanos != 0) {
            long deadline = deadline(k, timeoutNanos);
            if (!expired(k, deadline)) {
                k.thread().restartable = false;
                throw k.block(new Readiness.Files(files, events, deadline));
            }
        }
        put(k, rfds, ro);
        put(k, wfds, wo);
        put(k, efds, eo);
        return ready;
    }

    private static long[] bits(Kernel k, long addr, int words) {
        long[] b = new long[words];
        if (addr != 0) for (int i = 0; i < words; i++) b[i] = k.mem.read64(addr + 8L * i);
        return b;
    }

    private static void put(Kernel k, long addr, long[] b) {
        if (addr != 0) for (int i = 0; i < b.length; i++) k.mem.write64(addr + 8L * i, b[i]);
    }

    static long selectTimeval(Kernel k, long nfds, long r, long w, long e, long tvp) {
        long timeout = -1;
        if (tvp != 0) {
            long sec = k.mem.read64(tvp), usec = k.mem.read64(tvp + 8);
            if (sec < 0 || usec < 0) throw new ErrnoException(Errno.EINVAL);
            timeout = sec * GuestClock.NANOS + Math.min(usec, 999_999) * 1000;
        }
        return select(k, nfds, r, w, e, timeout);
    }

    // ------------------------------------------------------------------ epoll

    static long epollCreate(Kernel k, long flags) {
        if ((flags & ~(long) OpenFile.O_CLOEXEC) != 0) throw new ErrnoException(Errno.EINVAL);
        return k.fds.install(new Epoll(0), 0, (flags & OpenFile.O_CLOEXEC) != 0);
    }

    static Epoll epoll(Kernel k, long fd) {
        if (!(k.fds.get(fd) instanceof Epoll ep)) throw new ErrnoException(Errno.EINVAL);
        return ep;
    }

    static long epollCtl(Kernel k, long epfd, long op, long fd, long event) {
        Epoll ep = epoll(k, epfd);
        OpenFile f = k.fds.get(fd);
        int events = 0;
        long data = 0;
        if (op != Epoll.CTL_DEL) {
            events = k.mem.read32(event);
            data = k.mem.read64(event + 4);
        }
        ep.ctl((int) op, (int) fd, f, events, data);
        return 0;
    }

    static long epollWait(Kernel k, long epfd, long events, long max, long timeoutNanos) {
        Epoll ep = epoll(k, epfd);
        if (max <= 0 || max > (Integer.MAX_VALUE / 12)) throw new ErrnoException(Errno.EINVAL);
        int m = (int) Math.min(max, 4096);
        int[] ev = new int[m];
        long[] data = new long[m];
        k.mem.write32(events, k.mem.read32(events)); // EFAULT before anything is consumed
        int n = ep.collect(m, ev, data, true);
        if (n == 0 && timeoutNanos != 0) {
            long deadline = deadline(k, timeoutNanos);
            if (!expired(k, deadline)) {
                k.thread().restartable = false;
                throw k.block(new EpollWait(ep, deadline));
            }
        }
        for (int i = 0; i < n; i++) {
            k.mem.write32(events + 12L * i, ev[i]);
            k.mem.write64(events + 12L * i + 4, data[i]);
        }
        return n;
    }

    /** An epoll wait that remembers the caller's deadline (timers among the entries may end it earlier). */
    private record EpollWait(dev.binfarm.emulator.sched.Wait inner, long userDeadline) implements dev.binfarm.emulator.sched.Wait, DeadlineWait {
        EpollWait(Epoll ep, long userDeadline) { this(ep.waitFor(userDeadline), userDeadline); }
        @Override public boolean ready() { return inner.ready(); }
        @Override public long deadlineNanos() { return inner.deadlineNanos(); }
        @Override public boolean external() { return inner.external(); }
        @Override public void register(java.nio.channels.Selector s) throws java.nio.channels.ClosedChannelException { inner.register(s); }
        @Override public String describe() { return inner.describe(); }
    }

    static long msTimeout(long ms) { return (int) ms < 0 ? -1 : (int) ms * 1_000_000L; }

    // ------------------------------------------------------------------ eventfd, timerfd

    static long eventfd(Kernel k, long initval, long flags) {
        if ((flags & ~(long) (OpenFile.O_CLOEXEC | OpenFile.O_NONBLOCK | EventFd.EFD_SEMAPHORE)) != 0) throw new ErrnoException(Errno.EINVAL);
        return k.fds.install(new EventFd(initval & 0xffffffffL, (int) flags), 0, (flags & OpenFile.O_CLOEXEC) != 0);
    }

    static long timerfdCreate(Kernel k, long clock, long flags) {
        if (clock != 0 && clock != 1 && clock != 7 && clock != 8 && clock != 9) throw new ErrnoException(Errno.EINVAL);
        if ((flags & ~(long) (OpenFile.O_CLOEXEC | OpenFile.O_NONBLOCK)) != 0) throw new ErrnoException(Errno.EINVAL);
        TimerFd t = new TimerFd((int) clock, (int) flags, k::monotonicNow, k.clock.realtimeOffset());
        return k.fds.install(t, 0, (flags & OpenFile.O_CLOEXEC) != 0);
    }

    private static TimerFd timer(Kernel k, long fd) {
        if (!(k.fds.get(fd) instanceof TimerFd t)) throw new ErrnoException(Errno.EINVAL);
        return t;
    }

    static long timerfdSettime(Kernel k, long fd, long flags, long newValue, long oldValue) {
        TimerFd t = timer(k, fd);
        if ((flags & ~3L) != 0) throw new ErrnoException(Errno.EINVAL);
        long interval = timespec(k, newValue), value = timespec(k, newValue + 16);
        long[] old = t.set((int) flags, value, interval);
        if (oldValue != 0) writeItimerspec(k, oldValue, old);
        return 0;
    }

    static long timerfdGettime(Kernel k, long fd, long cur) {
        writeItimerspec(k, cur, timer(k, fd).get());
        return 0;
    }

    private static void writeItimerspec(Kernel k, long at, long[] valueInterval) {
        k.mem.write64(at, valueInterval[1] / GuestClock.NANOS);
        k.mem.write64(at + 8, valueInterval[1] % GuestClock.NANOS);
        k.mem.write64(at + 16, valueInterval[0] / GuestClock.NANOS);
        k.mem.write64(at + 24, valueInterval[0] % GuestClock.NANOS);
    }
}
