package dev.binfarm.emulator.vfs;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The guest's fd 0, 1 and 2. They look like pipes (S_IFIFO, not a tty) however
 * the emulator itself was started, so a guest's buffering never depends on the
 * host terminal and runs stay deterministic.
 */
public final class Stdio {
    private Stdio() { }

    static final long INO_STDIN = 0x200, INO_STDOUT = 0x201, INO_STDERR = 0x202;

    /**
     * The total number of bytes the guest may write to stdout and stderr
     * together. Past it, one marker line is written and the guest is stopped.
     */
    public static final class OutputCap {
        private final long limit;
        private long written;
        private boolean exceeded;

        public OutputCap(long limit) { this.limit = limit; }

        public boolean exceeded() { return exceeded; }
        public long limit() { return limit; }
        public long written() { return written; }
    }

    public static OpenFile stdin(InputStream in) { return new Input(in); }

    public static OpenFile output(String name, OutputStream sink, OutputCap cap, long ino) {
        return new Output(name, sink, cap, ino);
    }

    public static OpenFile stdout(OutputStream sink, OutputCap cap) { return output("pipe:[stdout]", sink, cap, INO_STDOUT); }
    public static OpenFile stderr(OutputStream sink, OutputCap cap) { return output("pipe:[stderr]", sink, cap, INO_STDERR); }

    private static final class Input extends OpenFile {
        private final InputStream in;

        Input(InputStream in) {
            super("pipe:[stdin]", O_RDONLY);
            this.in = in;
        }

        @Override public int read(byte[] buf, int len) {
            if (in == null || len == 0) return 0;
            try {
                int n = in.read(buf, 0, len);
                return Math.max(n, 0);
            } catch (IOException e) {
                throw new ErrnoException(Errno.EIO);
            }
        }
        @Override public long seek(long offset, int whence) { return espipe(); }
        @Override public Stat stat() { return Stat.pseudo(INO_STDIN, Stat.S_IFIFO | 0600, 0, 0); }
        @Override protected void close() {
            try { if (in != null && in != System.in) in.close(); } catch (IOException ignored) { }
        }
    }

    private static final class Output extends OpenFile {
        private final OutputStream sink;
        private final OutputCap cap;
        private final long ino;

        Output(String name, OutputStream sink, OutputCap cap, long ino) {
            super(name, O_WRONLY);
            this.sink = sink;
            this.cap = cap;
            this.ino = ino;
        }

        @Override public int write(byte[] buf, int len) {
            if (cap.exceeded) throw new ErrnoException(Errno.EFBIG);
            long room = cap.limit - cap.written;
            int n = (int) Math.min(len, room);
            try {
                sink.write(buf, 0, n);
                cap.written += n;
                if (n < len) {
                    cap.exceeded = true;
                    sink.write(("\n[binfarm: output truncated after " + cap.limit + " bytes]\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                sink.flush();
            } catch (IOException e) {
                throw new ErrnoException(Errno.EPIPE);
            }
            return n == 0 && len > 0 ? failFull() : n;
        }

        private static int failFull() { throw new ErrnoException(Errno.EFBIG); }

        @Override public long seek(long offset, int whence) { return espipe(); }
        @Override public Stat stat() { return Stat.pseudo(ino, Stat.S_IFIFO | 0600, 0, 0); }
    }
}
