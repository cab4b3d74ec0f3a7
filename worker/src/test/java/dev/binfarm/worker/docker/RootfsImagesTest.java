package dev.binfarm.worker.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image content of a rootfs: its tar and its digest (no daemon needed). */
class RootfsImagesTest {
    @TempDir Path tmp;

    Path sample(String name) throws Exception {
        Path fs = tmp.resolve(name);
        Files.createDirectories(fs.resolve("usr/bin"));
        Files.writeString(fs.resolve("usr/bin/tool"), "#!tool\n");
        Files.setPosixFilePermissions(fs.resolve("usr/bin/tool"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(fs.resolve("data.txt"), "data\n");
        Files.createSymbolicLink(fs.resolve("bin"), Path.of("usr/bin"));
        Path deep = fs.resolve("a".repeat(60) + "/" + "b".repeat(60) + "/" + "c".repeat(60));
        Files.createDirectories(deep.getParent());
        Files.writeString(deep, "long name\n");
        return fs;
    }

    static String digest(Path fs) throws Exception { return RootfsImages.digest(fs, RootfsImages.entries(fs)); }

    @Test
    void sameContentSameDigestAnyChangeANewOne() throws Exception {
        Path a = sample("a");
        Path b = sample("b");
        String d = digest(a);
        assertEquals(64, d.length());
        assertEquals(d, digest(b), "the digest depends on content, not on where the rootfs is");
        Files.writeString(b.resolve("data.txt"), "datA\n");
        assertNotEquals(d, digest(b));
        Files.writeString(b.resolve("data.txt"), "data\n");
        assertEquals(d, digest(b));
        Files.setPosixFilePermissions(b.resolve("data.txt"), PosixFilePermissions.fromString("rwx------"));
        assertNotEquals(d, digest(b), "modes count");
        Path c = sample("c");
        Files.delete(c.resolve("bin"));
        Files.createSymbolicLink(c.resolve("bin"), Path.of("/usr/bin"));
        assertNotEquals(d, digest(c), "link targets count");
    }

    @Test
    void tarHoldsFilesDirectoriesLinksAndModes() throws Exception {
        Path fs = sample("t");
        Path tar = tmp.resolve("t.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            RootfsImages.writeTar(fs, RootfsImages.entries(fs), out);
        }
        Process p = new ProcessBuilder("tar", "-tvf", tar.toString()).redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), listing);
        assertTrue(listing.matches("(?s).*-rwxr-x--- .* usr/bin/tool\n.*"), listing);
        assertTrue(listing.matches("(?s).*lrwxrwxrwx .* bin -> usr/bin\n.*"), listing);
        assertTrue(listing.matches("(?s).*drwx.* usr/\n.*"), listing);
        assertTrue(listing.contains("c".repeat(60)), listing);
        Path out = tmp.resolve("x");
        Files.createDirectories(out);
        Process x = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", out.toString()).redirectErrorStream(true).start();
        String log = new String(x.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, x.waitFor(), log);
        assertEquals(digest(fs), digest(out), "extracting the tar gives the same rootfs back");
    }
}
