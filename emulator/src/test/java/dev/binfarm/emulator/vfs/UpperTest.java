package dev.binfarm.emulator.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** The copy-on-write layer: the guest sees its changes, the host rootfs never changes. */
class UpperTest {
    @TempDir Path root;
    Vfs vfs;

    @BeforeEach
    void rootfs() throws Exception {
        Files.createDirectories(root.resolve("etc/conf.d"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0\n");
        Files.writeString(root.resolve("etc/conf.d/a.conf"), "a\n");
        Files.createSymbolicLink(root.resolve("conf"), Path.of("etc/conf.d"));
        vfs = new Vfs(new Rootfs(root, new Upper(1 << 20)), "/p", new byte[0], new SplittableRandom(1), "");
    }

    String read(String path) {
        OpenFile f = vfs.open(null, path, OpenFile.O_RDONLY);
        byte[] b = new byte[4096];
        int n = f.read(b, b.length);
        f.release();
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    void write(String path, int flags, String text) {
        OpenFile f = vfs.open(null, path, flags, 0644);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(b.length, f.write(b, b.length));
        f.release();
    }

    List<String> names(String dir) {
        return vfs.open(null, dir, OpenFile.O_RDONLY).list().stream().map(DirEntry::name).toList();
    }

    int errno(Runnable r) { return assertThrows(ErrnoException.class, r::run).errno(); }

    @Test
    void newFilesAndCopyUpLeaveTheHostUntouched() throws Exception {
        write("/etc/new.txt", OpenFile.O_WRONLY | OpenFile.O_CREAT, "fresh");
        assertEquals("fresh", read("/etc/new.txt"));
        write("/etc/passwd", OpenFile.O_WRONLY | OpenFile.O_APPEND, "guest:x:1:1\n");
        assertEquals("root:x:0:0\nguest:x:1:1\n", read("/etc/passwd"));
        write("/conf/a.conf", OpenFile.O_WRONLY | OpenFile.O_TRUNC, "b\n");
        assertEquals("b\n", read("/etc/conf.d/a.conf"));
        assertEquals(2, vfs.stat(null, "/etc/conf.d/a.conf", true).size());
        assertEquals("root:x:0:0\n", Files.readString(root.resolve("etc/passwd")));
        assertEquals("a\n", Files.readString(root.resolve("etc/conf.d/a.conf")));
        assertFalse(Files.exists(root.resolve("etc/new.txt")));
        assertEquals(List.of(".", "..", "conf.d", "new.txt", "passwd"), names("/etc"));
        assertEquals(Errno.EEXIST, errno(() -> vfs.open(null, "/etc/new.txt", OpenFile.O_CREAT | OpenFile.O_EXCL | OpenFile.O_WRONLY)));
        assertEquals(Errno.ENOENT, errno(() -> vfs.open(null, "/nodir/x", OpenFile.O_CREAT | OpenFile.O_WRONLY)));
    }

    @Test
    void deletionsAndRenames() throws Exception {
        vfs.unlink(null, "/etc/passwd");
        assertEquals(Errno.ENOENT, errno(() -> read("/etc/passwd")));
        assertEquals(List.of(".", "..", "conf.d"), names("/etc"));
        assertTrue(Files.exists(root.resolve("etc/passwd")));
        write("/etc/passwd", OpenFile.O_WRONLY | OpenFile.O_CREAT, "again\n");
        assertEquals("again\n", read("/etc/passwd"));
        vfs.rename(null, "/etc/passwd", null, "/etc/shadow");
        assertEquals("again\n", read("/etc/shadow"));
        assertEquals(Errno.ENOENT, errno(() -> read("/etc/passwd")));
        assertEquals(Errno.EXDEV, errno(() -> vfs.rename(null, "/etc/conf.d", null, "/etc/other")));
        assertEquals(Errno.ENOTEMPTY, errno(() -> vfs.rmdir(null, "/etc/conf.d")));
        vfs.unlink(null, "/etc/conf.d/a.conf");
        vfs.rmdir(null, "/etc/conf.d");
        vfs.mkdir(null, "/etc/conf.d", 0755);
        assertEquals(List.of(".", ".."), names("/etc/conf.d"), "a directory made over a deleted one starts empty");
        assertEquals(Errno.ENOENT, errno(() -> read("/etc/conf.d/a.conf")));
        vfs.mkdir(null, "/work", 0700);
        write("/work/out", OpenFile.O_WRONLY | OpenFile.O_CREAT, "x");
        vfs.rename(null, "/work", null, "/done");
        assertEquals("x", read("/done/out"));
        assertEquals(Errno.ENOENT, errno(() -> read("/work/out")));
        vfs.symlink("done/out", null, "/link");
        assertEquals("done/out", vfs.readlink(null, "/link"));
        assertEquals("x", read("/link"));
        assertTrue(Files.exists(root.resolve("etc/conf.d/a.conf")));
    }

    @Test
    void theLayerIsBounded() throws Exception {
        Vfs small = new Vfs(new Rootfs(root, new Upper(1000)), "/p", new byte[0], new SplittableRandom(1), "");
        OpenFile f = small.open(null, "/big", OpenFile.O_WRONLY | OpenFile.O_CREAT, 0644);
        assertEquals(900, f.write(new byte[900], 900));
        assertEquals(Errno.ENOSPC, errno(() -> f.write(new byte[200], 200)));
    }

    @Test
    void readOnlyRootfsStillSaysErofs() throws Exception {
        Vfs ro = new Vfs(new Rootfs(root), "/p", new byte[0], new SplittableRandom(1), "");
        assertEquals(Errno.EROFS, errno(() -> ro.unlink(null, "/etc/passwd")));
        assertEquals(Errno.EROFS, errno(() -> ro.mkdir(null, "/x", 0755)));
        assertEquals(Errno.EROFS, errno(() -> ro.open(null, "/etc/passwd", OpenFile.O_RDWR)));
    }
}
