package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.sched.Blocked;
import dev.binfarm.emulator.sched.Scheduler;
import dev.binfarm.emulator.sched.Wait;
import dev.binfarm.emulator.vfs.OpenFile;
import dev.binfarm.emulator.vfs.Stat;
import java.io.IOException;
import java.io.InputStream;

/**
 * Standard input from a host stream that may block (a terminal, a pipe from
 * another process): a daemon pump thread reads it into a bounded buffer, so a
 * guest read that finds nothing parks only its own thread, the others keep
 * running, and the run's timeout still applies. The pump calls
 * {@link Scheduler#wakeup()} when data or end of file arrives.
 */
final class HostStdin extends OpenFile {
    private static final int CAPACITY = 64 * 1024;
    static final long INO = 0x200;

    private final byte[] ring = new byte[CAPACITY];
    private int head, size;
    private boolean eof;
    private IOException error;
    private final Thread pump;

    HostStdin(InputStream in, Scheduler sched) {
        super("pipe:[stdin]", O_RDONLY);
        pump = Thread.ofPlatform().daemon().name("guest-stdin").unstarted(() -> pump(in, sched));
        pump.start();
    }

    private void pump(InputStream in, Scheduler sched) {
        byte[] buf = new byte[8192];
        try {
            while (true) {
                int n = in.read(buf);
                synchronized (this) {
                    if (n < 0) { eof = true; break; }
                    int off = 0;
                    while (off < n) {
                        while (size == CAPACITY) wait();
                        int tail = (head + size) % CAPACITY;
                        int k = Math.min(n - off, Math.min(CAPACITY - size, CAPACITY - tail));
                        System.arraycopy(buf, off, ring, tail, k);
                        size += k;
                        off += k;
                    }
                }
                sched.wakeup();
            }
        } catch (IOException e) {
            synchronized (this) { error = e; eof = true; }
        } catch (InterruptedException e) {
            synchronized (this) { eof = true; }
        }
        sched.wakeup();
    }

    private synchronized boolean hasInput() { return size > 0 || eof; }

    private final Wait dataOrEof = new Wait() {
        @Override public boolean ready() { return HostStdin.this.hasInput(); }
        @Override public boolean external() { return true; }
        @Override public String describe() { return "standard input"; }
    };

    @Override public synchronized int read(byte[] buf, int len) {
        if (len == 0) return 0;
        if (size == 0) {
            if (error != null) throw new ErrnoException(Errno.EIO);
            if (eof) return 0;
            if ((flags & O_NONBLOCK) != 0) throw new ErrnoException(Errno.EAGAIN);
            throw new Blocked(dataOrEof);
        }
        int n = Math.min(len, size);
        for (int i = 0; i < n; i++) buf[i] = ring[(head + i) % CAPACITY];
        head = (head + n) % CAPACITY;
        size -= n;
        notifyAll();
        return n;
    }

    @Override public long seek(long offset, int whence) { return espipe(); }

    @Override public Stat stat() {
        long t = GuestClock.EPOCH_SECONDS;
        return new Stat(0x5, INO, Stat.S_IFIFO | 0600, 1, 0, 0, 0, 0, 4096, 0, t, 0, t, 0, t, 0);
    }

    @Override protected void close() { pump.interrupt(); }
}
