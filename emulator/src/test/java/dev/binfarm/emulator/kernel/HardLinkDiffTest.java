package dev.binfarm.emulator.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hard links (link, linkat with AT_SYMLINK_FOLLOW and AT_EMPTY_PATH) of rootfs files and of files
 * the guest made: the same answers as Linux in a chroot of a copy of the rootfs; the emulator's
 * rootfs stays as it was, and the exported layer keeps two names of one file as one file.
 */
class HardLinkDiffTest {
    static final String PROGRAM = """
            #define _GNU_SOURCE
            #include <dirent.h>
            #include <errno.h>
            #include <fcntl.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/stat.h>
            #include <unistd.h>
            static void show(const char *what, long r) {
                if (r < 0) printf("%s = -1 %s\\n", what, strerrorname_np(errno)); else printf("%s = %ld\\n", what, r);
            }
            static void cat(const char *path) {
                char b[256]; int fd = open(path, O_RDONLY); long n = fd < 0 ? -1 : read(fd, b, sizeof b - 1);
                if (n < 0) { printf("%s: %s\\n", path, strerrorname_np(errno)); return; }
                b[n] = 0; printf("%s: [%s]\\n", path, b); close(fd);
            }
            static void links(const char *a, const char *b) {
                struct stat x, y;
                if (lstat(a, &x) || lstat(b, &y)) { printf("links %s %s: %s\\n", a, b, strerrorname_np(errno)); return; }
                printf("links %s=%ld %s=%ld same inode %d, size %ld\\n", a, (long) x.st_nlink, b, (long) y.st_nlink,
                       x.st_ino == y.st_ino && x.st_dev == y.st_dev, (long) y.st_size);
            }
            static int cmp(const void *a, const void *b) { return strcmp(*(char **) a, *(char **) b); }
            static void list(const char *dir) {
                DIR *d = opendir(dir); char *n[64]; int c = 0; struct dirent *e;
                while (d && (e = readdir(d)) && c < 64) if (e->d_name[0] != '.') n[c++] = strdup(e->d_name);
                qsort(n, c, sizeof *n, cmp);
                printf("%s:", dir); for (int i = 0; i < c; i++) printf(" %s", n[i]); printf("\\n");
                if (d) closedir(d);
            }
            int main(void) {
                show("link rootfs file", link("/data/input.txt", "/data/second"));
                links("/data/input.txt", "/data/second");
                int fd = open("/data/second", O_WRONLY | O_APPEND); write(fd, "more\\n", 5); close(fd);
                cat("/data/input.txt");
                show("link onto existing", link("/data/input.txt", "/data/second"));
                show("link a directory", link("/data", "/data/dir"));
                show("link missing", link("/data/nope", "/data/x"));
                show("link into missing dir", link("/data/input.txt", "/nodir/x"));
                show("link into a file", link("/data/input.txt", "/data/second/x"));
                show("unlink first name", unlink("/data/input.txt"));
                links("/data/second", "/data/second");
                cat("/data/second");
                fd = creat("/data/new", 0644); write(fd, "abc", 3); close(fd);
                show("link new file", link("/data/new", "/data/new2"));
                show("rename link onto link", rename("/data/new", "/data/new2"));
                links("/data/new", "/data/new2");
                show("rename link away", rename("/data/new2", "/data/sub/new3"));
                links("/data/new", "/data/sub/new3");
                show("truncate one name", truncate("/data/sub/new3", 1));
                cat("/data/new");
                show("symlink", symlink("new", "/data/sl"));
                show("linkat symlink itself", linkat(AT_FDCWD, "/data/sl", AT_FDCWD, "/data/sl2", 0));
                char t[64]; long n = readlink("/data/sl2", t, sizeof t); printf("sl2 -> %.*s\\n", (int) (n < 0 ? 0 : n), t);
                show("linkat following", linkat(AT_FDCWD, "/data/sl", AT_FDCWD, "/data/sl3", AT_SYMLINK_FOLLOW));
                links("/data/new", "/data/sl3");
                chdir("/data/sub");
                int dfd = open("/data", O_RDONLY | O_DIRECTORY);
                show("linkat relative", linkat(dfd, "new", AT_FDCWD, "rel", 0));
                fd = open("/data/new", O_RDONLY);
                show("linkat empty path", linkat(fd, "", dfd, "viafd", AT_EMPTY_PATH));
                show("linkat empty path without flag", linkat(fd, "", dfd, "viafd2", 0));
                show("linkat bad flag", linkat(dfd, "new", dfd, "bad", 0x8000));
                close(fd); close(dfd);
                links("/data/new", "/data/viafd");
                show("unlink", unlink("/data/new"));
                links("/data/viafd", "/data/sub/rel");
                list("/data"); list("/data/sub");
                return 0;
            }
            """;

    @TempDir Path tmp;

    @Test
    void hardLinksMatchTheHostAndStayInTheRun() throws Exception {
        Path emuRoot = Files.createDirectories(tmp.resolve("emu"));
        Path natRoot = Files.createDirectories(tmp.resolve("native"));
        for (Path r : List.of(emuRoot, natRoot)) {
            Files.createDirectories(r.resolve("data/sub"));
            Files.writeString(r.resolve("data/input.txt"), "rootfs line\n");
            Cc.staticPie(r, "links", PROGRAM);
        }
        Path upper = tmp.resolve("upper");
        GuestOutcome emu = Guest.builder().rootfs(emuRoot).argv("/links").writableRootfs(upper)
                .timeout(Duration.ofSeconds(30)).build().run();
        String out = new String(emu.stdout(), StandardCharsets.UTF_8);
        assertEquals(0, emu.exit().status(), out + emu.exit());
        assertEquals("rootfs line\n", Files.readString(emuRoot.resolve("data/input.txt")), "the host rootfs is untouched");
        assertFalse(Files.exists(emuRoot.resolve("data/second")));
        assertTrue(out.contains("links /data/input.txt=2 /data/second=2 same inode 1"), out);
        // The saved layer: the names of one file are hard links of one host file.
        assertEquals(Files.getAttribute(upper.resolve("data/viafd"), "unix:ino"),
                Files.getAttribute(upper.resolve("data/sub/rel"), "unix:ino"));
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/chroot")), "chroot not available");
        Cc.Result nat = Cc.exec(natRoot, List.of("/usr/sbin/chroot", natRoot.toString(), "/links"), new byte[0]);
        Assumptions.assumeFalse(nat.stderr().contains("Operation not permitted"), "chroot needs root");
        assertEquals(nat.stdout(), out);
    }
}
