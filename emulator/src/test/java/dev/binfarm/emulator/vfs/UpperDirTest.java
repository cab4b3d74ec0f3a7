package dev.binfarm.emulator.vfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.kernel.Cc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy-on-write layer saved to a host directory at the end of a run, the
 * merged read view in the outcome, and the start directory: the rootfs's hash
 * never changes, deletions show as AUFS whiteouts, files made relative to the
 * cwd land there, and a symlink the guest points at a host path stays confined.
 */
class UpperDirTest {
    static final String PROGRAM = """
            #include <stdio.h>
            #include <unistd.h>
            #include <fcntl.h>
            #include <sys/stat.h>
            #include <string.h>
            int main(void) {
                char cwd[256];
                if (!getcwd(cwd, sizeof cwd)) return 2;
                printf("cwd=%s\\n", cwd);
                int fd = open("made.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd < 0) return 3;
                write(fd, "hello upper\\n", 12);
                close(fd);
                if (mkdir("/out", 0755) != 0) return 4;
                fd = open("/out/deep.txt", O_WRONLY | O_CREAT, 0600);
                write(fd, "deep", 4);
                close(fd);
                if (unlink("/data/gone.txt") != 0) return 5;
                fd = open("/data/keep.txt", O_WRONLY | O_APPEND);
                write(fd, "+more", 5);
                close(fd);
                if (symlink("/etc/hostfile", "/out/escape") != 0) return 6;
                puts("done");
                return 0;
            }
            """;

    @Test
    void layerIsSavedToHostDirAndReadableThroughTheOutcome(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("data/sub"));
        Files.writeString(root.resolve("data/gone.txt"), "bye");
        Files.writeString(root.resolve("data/keep.txt"), "keep");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostfile"), "inside");
        Cc.staticPie(tmp, "w", PROGRAM);
        Files.copy(tmp.resolve("w"), root.resolve("w"));
        String before = treeHash(root);
        Path upper = tmp.resolve("upper");

        GuestOutcome out = Guest.builder().rootfs(root).argv("/w").cwd("/data/sub").writableRootfs(upper).build().run();

        assertInstanceOf(GuestExit.Exited.class, out.exit(), () -> out.exit() + new String(out.stderr()));
        assertEquals(0, ((GuestExit.Exited) out.exit()).code());
        assertEquals("cwd=/data/sub\ndone\n", new String(out.stdout(), StandardCharsets.UTF_8));
        assertEquals(before, treeHash(root), "the rootfs on the host is byte-identical");

        RootfsView view = out.files();
        assertArrayEquals("hello upper\n".getBytes(), view.read("/data/sub/made.txt").orElseThrow());
        assertArrayEquals("keep+more".getBytes(), view.read("/data/keep.txt").orElseThrow());
        assertArrayEquals("deep".getBytes(), view.read("/out/deep.txt").orElseThrow());
        assertFalse(view.exists("/data/gone.txt"));
        assertTrue(view.exists("/data/keep.txt"));
        // The guest's absolute symlink resolves inside the rootfs, not on the host.
        assertArrayEquals("inside".getBytes(), view.read("/out/escape").orElseThrow());
        assertTrue(view.read("/data/sub").isEmpty(), "a directory is not a file");

        assertEquals("hello upper\n", Files.readString(upper.resolve("data/sub/made.txt")));
        assertEquals("keep+more", Files.readString(upper.resolve("data/keep.txt")));
        assertTrue(Files.exists(upper.resolve("data/.wh.gone.txt")), "deletion recorded as a whiteout");
        assertFalse(Files.exists(upper.resolve("data/gone.txt")));
        assertEquals("/etc/hostfile", Files.readSymbolicLink(upper.resolve("out/escape")).toString());
    }

    @Test
    void readOnlyRunHasAViewButNoLayer(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("f"), "x");
        Cc.staticPie(tmp, "w", PROGRAM);
        Files.copy(tmp.resolve("w"), root.resolve("w"));
        GuestOutcome out = Guest.builder().rootfs(root).argv("/w").build().run();
        assertEquals(new GuestExit.Exited(3), out.exit(), "open(O_CREAT) fails with EROFS");
        assertArrayEquals("x".getBytes(), out.files().read("/f").orElseThrow());
    }

    @Test
    void missingCwdFailsToLoad(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Cc.staticPie(tmp, "w", PROGRAM);
        Files.copy(tmp.resolve("w"), root.resolve("w"));
        GuestOutcome out = Guest.builder().rootfs(root).argv("/w").cwd("/nope").build().run();
        assertInstanceOf(GuestExit.LoadFailed.class, out.exit());
    }

    static String treeHash(Path root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted().toList();
        }
        for (Path p : all) {
            md.update(root.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
            if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) md.update(Files.readAllBytes(p));
            md.update(Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).toString().getBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
