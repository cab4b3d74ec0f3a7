package dev.binfarm.emulator.net;

import dev.binfarm.emulator.sched.Wait;
import dev.binfarm.emulator.vfs.OpenFile;
import dev.binfarm.emulator.vfs.Pipe;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/** The one readiness rule poll, select and epoll share, and the waits they park on. */
public final class Readiness {
    private Readiness() { }

    /** Times of sockets and anonymous inodes (the rootfs epoch, as pseudo files). */
    static final long FILE_TIME = 1_767_225_600L;

    /** poll(2) bits of {@code f} now (pipes by their own rule, everything else by {@link OpenFile#poll()}). */
    public static int poll(OpenFile f) {
        if (f instanceof Pipe.End p) {
            int r = 0;
            if (f.readable()) r |= (p.hasData() ? OpenFile.POLLIN : 0) | (p.writerGone() ? OpenFile.POLLHUP : 0);
            if (f.writable()) r |= p.readerGone() ? OpenFile.POLLERR : p.readyOut() ? OpenFile.POLLOUT : 0;
            return r;
        }
        return f.poll();
    }

    /** The deadline a file itself imposes on a wait (a timerfd's next expiry), else Long.MAX_VALUE. */
    public static long deadline(OpenFile f) {
        return f instanceof TimerFd t ? t.deadline() : Long.MAX_VALUE;
    }

    static void interest(Selector s, SelectableChannel ch, int ops) throws ClosedChannelException {
        if (ch == null || ops == 0) return;
        SelectionKey k = ch.keyFor(s);
        if (k != null && k.isValid()) k.interestOps(k.interestOps() | ops);
        else ch.register(s, ops);
    }

    /**
     * Waiting until one of {@code files} has one of its {@code events} (or an
     * error or hang-up), or {@code deadline} (CLOCK_MONOTONIC; the user's
     * timeout, kept in {@link #userDeadline} when timers shorten the wait).
     */
    public static final class Files implements Wait {
        private final OpenFile[] files;
        private final int[] events;
        public final long userDeadline;
        private final long deadline;
        private final boolean host;

        public Files(OpenFile[] files, int[] events, long userDeadline) {
            this.files = files;
            this.events = events;
            this.userDeadline = userDeadline;
            long d = userDeadline;
            boolean h = false;
            for (OpenFile f : files) {
                if (f == null) continue;
                d = Math.min(d, deadline(f));
                h |= f.channel() != null;
            }
            this.deadline = d;
            this.host = h;
        }

        @Override public boolean ready() {
            for (int i = 0; i < files.length; i++) {
                OpenFile f = files[i];
                if (f == null) continue;
                if (f.closed() || (poll(f) & (events[i] | OpenFile.POLLERR | OpenFile.POLLHUP)) != 0) return true;
            }
            return false;
        }

        @Override public long deadlineNanos() { return deadline; }
        @Override public boolean external() { return host; }

        @Override public void register(Selector s) throws ClosedChannelException {
            for (int i = 0; i < files.length; i++) {
                OpenFile f = files[i];
                if (f != null && !f.closed()) interest(s, f.channel(), f.channelOps(events[i]));
            }
        }

        @Override public String describe() {
            return files.length == 1 && files[0] != null ? "readiness of " + files[0].path : "readiness of " + files.length + " descriptors";
        }
    }

    /** One file, for a blocking read, write, accept or connect. */
    public static Files of(OpenFile f, int events, long deadline) {
        return new Files(new OpenFile[] {f}, new int[] {events}, deadline);
    }
}
