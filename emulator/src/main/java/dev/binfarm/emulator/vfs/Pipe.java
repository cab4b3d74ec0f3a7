package dev.binfarm.emulator.vfs;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import dev.binfarm.emulator.sched.Wait;

/**
 * pipe2 within the process: a bounded byte queue with a read end and a write
 * end shared by the process's threads. Where Linux would block, the caller is
 * told so ({@link End#wouldBlock}) and the kernel decides: EAGAIN for
 * O_NONBLOCK, else the thread parks on {@link End#readiness()} until another
 * thread reads, writes or closes. An empty pipe whose writers are all closed
 * reads as end of file; writing without readers is EPIPE.
 */
public final class Pipe {
    /** Linux's default pipe capacity. */
    public static final int CAPACITY = 65536;
    static final long DEV = 0xc;

    private final byte[] ring = new byte[CAPACITY];
    private int head, size;
    private int readers = 1, writers = 1;
    private final long ino;

    private Pipe(long ino) { this.ino = ino; }

    /** The two ends, read end first; {@code flags} may carry O_NONBLOCK. */
    public static End[] create(long ino, int flags) {
        Pipe p = new Pipe(ino);
        int keep = flags & OpenFile.O_NONBLOCK;
        return new End[] {new End(p, OpenFile.O_RDONLY | keep), new End(p, OpenFile.O_WRONLY | keep)};
    }

    /** One end of a pipe, as an open file description. */
    public static final class End extends OpenFile {
        final Pipe pipe;
        private boolean closed;

        End(Pipe pipe, int flags) {
            super("pipe:[" + pipe.ino + "]", flags);
            this.pipe = pipe;
        }

        /** True when the call would wait forever: nothing to read with a writer open, or no room to write. */
        public boolean wouldBlock() {
            return readable() ? pipe.size == 0 && pipe.writers > 0 : pipe.readers > 0 && pipe.size == CAPACITY;
        }

        /** What a thread blocked on this end waits for: data (or EOF) to read, room (or no reader) to write. */
        public Wait readiness() {
            End self = this;
            return new Wait() {
                @Override public boolean ready() { return !self.wouldBlock() || self.closed; }
                @Override public String describe() { return (self.readable() ? "a read of " : "a write to ") + self.path; }
            };
        }

        /** poll: readable when data is queued or every writer is gone (end of file), writable when there is room. */
        public boolean readyIn() { return pipe.size > 0 || pipe.writers == 0; }
        public boolean readyOut() { return pipe.readers == 0 || pipe.size < CAPACITY; }
        public boolean hasData() { return pipe.size > 0; }
        public boolean writerGone() { return pipe.writers == 0; }
        public boolean readerGone() { return pipe.readers == 0; }

        @Override public int read(byte[] buf, int len) {
            if (pipe.size == 0) {
                if (pipe.writers == 0) return 0;
                throw new ErrnoException(Errno.EAGAIN);
            }
            int n = Math.min(len, pipe.size);
            for (int i = 0; i < n; i++) buf[i] = pipe.ring[(pipe.head + i) % CAPACITY];
            pipe.head = (pipe.head + n) % CAPACITY;
            pipe.size -= n;
            return n;
        }

        @Override public int pread(byte[] buf, int len, long at) { throw new ErrnoException(Errno.ESPIPE); }

        @Override public int write(byte[] buf, int len) {
            if (pipe.readers == 0) throw new ErrnoException(Errno.EPIPE);
            int n = Math.min(len, CAPACITY - pipe.size);
            if (n == 0) throw new ErrnoException(Errno.EAGAIN);
            int tail = (pipe.head + pipe.size) % CAPACITY;
            for (int i = 0; i < n; i++) pipe.ring[(tail + i) % CAPACITY] = buf[i];
            pipe.size += n;
            return n;
        }

        @Override public long seek(long offset, int whence) { return espipe(); }

        @Override public Stat stat() {
            long t = Stat.PSEUDO_TIME;
            return new Stat(DEV, pipe.ino, Stat.S_IFIFO | 0600, 1, 0, 0, 0, 0, 4096, 0, t, 0, t, 0, t, 0);
        }

        @Override protected void close() {
            if (closed) return;
            closed = true;
            if (readable()) pipe.readers--;
            else pipe.writers--;
        }
    }
}
