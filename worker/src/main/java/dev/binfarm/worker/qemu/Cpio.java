package dev.binfarm.worker.qemu;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A writer of the cpio "newc" format the Linux kernel unpacks as an initramfs. Files from a
 * host tree keep their modification time; generated entries get the time the writer was made.
 * Never mtime 0: gzip refuses to stamp a file dated 0 ("file timestamp out of range for gzip
 * format", exit status 2), and the native reference (chroot, Docker) sees the real times.
 * Owner root, modes as given.
 */
final class Cpio implements AutoCloseable {
    static final int DIR = 0040000, FILE = 0100000, LINK = 0120000, CHR = 0020000;

    private final OutputStream out;
    private long written;
    private int ino = 1;
    /** Seconds since the epoch for generated entries. */
    private final long now = System.currentTimeMillis() / 1000;

    Cpio(OutputStream out) { this.out = out; }

    void dir(String name, int perm) throws IOException {
        entry(name, DIR | perm, 0, 0, new byte[0], now);
    }

    void file(String name, int perm, byte[] data) throws IOException {
        entry(name, FILE | perm, 0, 0, data, now);
    }

    void symlink(String name, String target) throws IOException {
        entry(name, LINK | 0777, 0, 0, target.getBytes(StandardCharsets.UTF_8), now);
    }

    void charDevice(String name, int perm, int major, int minor) throws IOException {
        entry(name, CHR | perm, major, minor, new byte[0], now);
    }

    /** Adds the host tree {@code dir} under {@code prefix} (no leading slash), parents first; keeps symlinks as links. */
    void tree(Path dir, String prefix) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = new ArrayList<>(s.sorted().toList());
        }
        for (Path p : all) {
            String rel = dir.relativize(p).toString();
            String name = rel.isEmpty() ? prefix : prefix + "/" + rel;
            long mtime = mtime(p);
            if (Files.isSymbolicLink(p)) {
                entry(name, LINK | 0777, 0, 0, Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8), mtime);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                entry(name, DIR | 0755, 0, 0, new byte[0], mtime);
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                entry(name, FILE | (Files.isExecutable(p) ? 0755 : 0644), 0, 0, Files.readAllBytes(p), mtime);
            } // sockets, fifos, devices in a catalog tree: not carried
        }
    }

    // The host file's mtime, clamped to what newc's 32-bit field holds and never 0 (see the class comment).
    private long mtime(Path p) throws IOException {
        long s = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000;
        return s < 1 || s > 0xffffffffL ? now : s;
    }

    private void entry(String name, int mode, int rdevMajor, int rdevMinor, byte[] data, long mtime) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(110).append("070701");
        for (int v : new int[] {ino++, mode, 0, 0, (mode & 0170000) == DIR ? 2 : 1, (int) mtime, data.length, 0, 0, rdevMajor, rdevMinor,
                n.length + 1, 0}) {
            h.append(String.format("%08x", v));
        }
        write(h.toString().getBytes(StandardCharsets.US_ASCII));
        write(n);
        write(new byte[] {0});
        pad();
        write(data);
        pad();
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    private void pad() throws IOException {
        while ((written & 3) != 0) write(new byte[] {0});
    }

    /** Writes the trailer; the caller closes the stream. */
    @Override
    public void close() throws IOException {
        entry("TRAILER!!!", 0, 0, 0, new byte[0], 0);
        out.flush();
    }
}
