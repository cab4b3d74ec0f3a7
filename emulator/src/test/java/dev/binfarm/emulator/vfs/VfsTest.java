package dev.binfarm.emulator.vfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VfsTest {
    @TempDir Path tmp;
    Path root, outside;
    Vfs vfs;
    final byte[] exe = "ELF bytes".getBytes(StandardCharsets.US_ASCII);

    @BeforeEach
    void rootfs() throws Exception {
        root = Files.createDirectories(tmp.resolve("rootfs"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "host secret");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/:/bin/sh\n");
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("usr/lib/libx.so"), "lib");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("deep-escape"), Path.of("../../../../../../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("host-abs"), outside.resolve("secret.txt").toAbsolutePath());
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(root.resolve("etc/up"), Path.of(".."));
        vfs = new Vfs(new Rootfs(root), "/bin/prog", exe, new SplittableRandom(1), "cpuinfo\n");
    }

    @org.junit.jupiter.api.AfterEach
    void dropAbsoluteLinks() throws Exception {
        // JUnit warns about links pointing out of the temp dir; they are the point of this test.
        Files.deleteIfExists(root.resolve("abs"));
        Files.deleteIfExists(root.resolve("host-abs"));
    }

    String read(String path) {
        OpenFile f = vfs.open(null, path, OpenFile.O_RDONLY);
        byte[] buf = new byte[4096];
        int n = f.read(buf, buf.length);
        f.release();
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    int errno(Runnable r) {
        return assertThrows(ErrnoException.class, r::run).errno();
    }

    @Test
    void dotDotStopsAtTheRoot() {
        assertEquals("root:x:0:0::/:/bin/sh\n", read("../../../../etc/passwd"));
        assertEquals("root:x:0:0::/:/bin/sh\n", read("/etc/../../../etc/./passwd"));
        assertEquals("/etc/passwd", vfs.rootfs().resolve("/", "/../../etc//passwd", true).path());
        assertEquals("/etc", vfs.rootfs().resolve("/", "/etc/up/etc/up/etc", true).path());
        assertEquals("/", vfs.rootfs().resolve("/", "/etc/up/../..", true).path());
    }

    @Test
    void relativeSymlinksCannotEscape() {
        // ../outside/secret.txt from / is /outside/secret.txt inside the rootfs, which does not exist.
        assertEquals(Errno.ENOENT, errno(() -> read("/escape")));
        assertEquals(Errno.ENOENT, errno(() -> read("/deep-escape")));
    }

    @Test
    void absoluteSymlinksAreReRooted() throws Exception {
        assertEquals("root:x:0:0::/:/bin/sh\n", read("/abs"));
        // A link naming a host path resolves inside the rootfs: not found there...
        assertEquals(Errno.ENOENT, errno(() -> read("/host-abs")));
        // ...and once the rootfs has a file at that path, that file (never the host's) is read.
        Path inside = root.resolve(outside.toAbsolutePath().toString().substring(1)).resolve("secret.txt");
        Files.createDirectories(inside.getParent());
        Files.writeString(inside, "rootfs copy");
        assertEquals("rootfs copy", read("/host-abs"));
        Files.writeString(root.resolve("outside-decoy"), "x");
    }

    @Test
    void directorySymlinksAndLoops() {
        assertEquals("lib", read("/lib/libx.so"));
        assertEquals("/usr/lib/libx.so", vfs.rootfs().resolve("/", "/lib/libx.so", true).path());
        assertEquals(Errno.ELOOP, errno(() -> read("/loop1")));
        assertEquals(Errno.ENOTDIR, errno(() -> read("/etc/passwd/x")));
        assertEquals(Errno.ENOENT, errno(() -> read("/nope/x")));
    }

    @Test
    void readlinkAndLstatSeeTheLinkItself() {
        assertEquals("usr/lib", vfs.readlink(null, "/lib"));
        assertTrue(vfs.stat(null, "/lib", false).isSymlink());
        assertTrue(vfs.stat(null, "/lib", true).isDirectory());
        assertEquals(Errno.EINVAL, errno(() -> vfs.readlink(null, "/etc/passwd")));
    }

    @Test
    void procSelfExeNamesTheProgramAndReadsItsBytes() {
        assertEquals("/bin/prog", vfs.readlink(null, "/proc/self/exe"));
        OpenFile f = vfs.open(null, "/proc/self/exe", OpenFile.O_RDONLY);
        byte[] buf = new byte[100];
        assertEquals(exe.length, f.read(buf, 100));
        assertArrayEquals(exe, java.util.Arrays.copyOf(buf, exe.length));
        assertEquals(exe.length, f.stat().size());
        assertTrue(vfs.stat(null, "/proc/self", true).isDirectory());
    }

    @Test
    void rootfsIsReadOnly() {
        assertEquals(Errno.EROFS, errno(() -> vfs.open(null, "/etc/passwd", OpenFile.O_WRONLY)));
        assertEquals(Errno.EROFS, errno(() -> vfs.open(null, "/etc/passwd", OpenFile.O_RDWR)));
        assertEquals(Errno.EROFS, errno(() -> vfs.open(null, "/new", OpenFile.O_WRONLY | OpenFile.O_CREAT)));
        assertEquals(Errno.ENOENT, errno(() -> vfs.open(null, "/new", OpenFile.O_RDONLY)));
        assertEquals(Errno.EISDIR, errno(() -> vfs.open(null, "/etc", OpenFile.O_WRONLY)));
        assertEquals(Errno.ENOTDIR, errno(() -> vfs.open(null, "/etc/passwd", OpenFile.O_DIRECTORY)));
        assertEquals(Errno.ELOOP, errno(() -> vfs.open(null, "/abs", OpenFile.O_NOFOLLOW)));
        assertEquals(Errno.EROFS, errno(() -> vfs.access(null, "/etc/passwd", Vfs.W_OK, true)));
        vfs.access(null, "/etc/passwd", Vfs.R_OK, true);
    }

    @Test
    void pseudoDevices() {
        OpenFile nul = vfs.open(null, "/dev/null", OpenFile.O_RDWR);
        assertEquals(0, nul.read(new byte[10], 10));
        assertEquals(10, nul.write(new byte[10], 10));
        OpenFile zero = vfs.open(null, "/dev/zero", OpenFile.O_RDONLY);
        byte[] z = {1, 2, 3};
        assertEquals(3, zero.read(z, 3));
        assertArrayEquals(new byte[3], z);
        assertEquals(Errno.ENXIO, errno(() -> vfs.open(null, "/dev/tty", OpenFile.O_RDWR)));
        byte[] r1 = new byte[16], r2 = new byte[16];
        vfs.open(null, "/dev/urandom", 0).read(r1, 16);
        new Vfs(vfs.rootfs(), "/p", exe, new SplittableRandom(1), "").open(null, "/dev/urandom", 0).read(r2, 16);
        assertArrayEquals(r1, r2, "/dev/urandom is seeded");
        assertEquals("cpuinfo\n", read("/proc/cpuinfo"));
    }

    @Test
    void directoriesListSortedWithDotEntries() {
        OpenFile d = vfs.open(null, "/", OpenFile.O_RDONLY | OpenFile.O_DIRECTORY);
        List<String> names = d.list().stream().map(DirEntry::name).toList();
        assertEquals(List.of(".", "..", "abs", "deep-escape", "escape", "etc", "host-abs", "lib", "loop1", "loop2", "usr"), names);
        assertEquals(DirEntry.DT_LNK, d.list().get(2).type());
        assertEquals(DirEntry.DT_DIR, d.list().get(5).type());
    }

    @Test
    void cwdAndRelativePaths() {
        vfs.chdir(null, "/lib");
        assertEquals("/usr/lib", vfs.cwd());
        assertEquals("lib", read("libx.so"));
        assertEquals("root:x:0:0::/:/bin/sh\n", read("../../etc/passwd"));
        assertEquals(Errno.ENOTDIR, errno(() -> vfs.chdir(null, "/etc/passwd")));
    }
}
