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
 * A program that creates, changes, renames and deletes files runs natively in
 * a chroot of one copy of the rootfs and in the emulator with a writable
 * rootfs over another: same output; the emulator's copy is left as it was.
 */
class WritableRootfsDiffTest {
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
            static int cmp(const void *a, const void *b) { return strcmp(*(char **) a, *(char **) b); }
            static void list(const char *dir) {
                DIR *d = opendir(dir); char *n[64]; int c = 0; struct dirent *e;
                while (d && (e = readdir(d)) && c < 64) n[c++] = strdup(e->d_name);
                qsort(n, c, sizeof *n, cmp);
                printf("%s:", dir); for (int i = 0; i < c; i++) printf(" %s", n[i]); printf("\\n");
                if (d) closedir(d);
            }
            static void cat(const char *path) {
                char b[256]; int fd = open(path, O_RDONLY); long n = fd < 0 ? -1 : read(fd, b, sizeof b - 1);
                if (n < 0) { printf("%s: %s\\n", path, strerrorname_np(errno)); return; }
                b[n] = 0; printf("%s: [%s]\\n", path, b); close(fd);
            }
            int main(void) {
                umask(022);
                FILE *f = fopen("/data/log.txt", "w"); fprintf(f, "line one\\n"); fclose(f);
                f = fopen("/data/log.txt", "a"); fprintf(f, "line two\\n"); fclose(f);
                cat("/data/log.txt");
                struct stat st; stat("/data/log.txt", &st); printf("size=%ld mode=%o\\n", (long) st.st_size, st.st_mode & 0777);
                int fd = open("/data/input.txt", O_RDWR); show("open rw", fd >= 0 ? 0 : -1);
                show("pwrite", pwrite(fd, "XY", 2, 3)); show("ftruncate", ftruncate(fd, 8)); close(fd);
                cat("/data/input.txt");
                show("truncate grow", truncate("/data/input.txt", 10));
                stat("/data/input.txt", &st); printf("size=%ld\\n", (long) st.st_size);
                show("mkdir", mkdir("/data/sub/deeper", 0755));
                show("mkdir parent", mkdir("/data/sub", 0750));
                show("mkdir again", mkdir("/data/sub", 0750));
                stat("/data/sub", &st); printf("dir mode=%o\\n", st.st_mode & 0777);
                show("rename into", rename("/data/log.txt", "/data/sub/log.txt"));
                list("/data"); list("/data/sub");
                show("symlink", symlink("sub/log.txt", "/data/ln"));
                cat("/data/ln");
                char t[64]; long n = readlink("/data/ln", t, sizeof t); printf("readlink=%.*s\\n", (int) n, t);
                show("unlink lower", unlink("/data/input.txt"));
                show("unlink again", unlink("/data/input.txt"));
                show("rmdir nonempty", rmdir("/data/sub"));
                show("unlink dir", unlink("/data/sub"));
                show("unlink moved", unlink("/data/sub/log.txt"));
                show("rmdir", rmdir("/data/sub"));
                list("/data");
                show("excl", open("/data/ln", O_CREAT | O_EXCL | O_WRONLY, 0600));
                show("creat", creat("/data/made", 0600) >= 0 ? 0 : -1);
                stat("/data/made", &st); printf("made mode=%o size=%ld\\n", st.st_mode & 0777, (long) st.st_size);
                show("chmod", chmod("/data/made", 0640)); stat("/data/made", &st); printf("chmod mode=%o\\n", st.st_mode & 0777);
                show("rename over", rename("/data/made", "/data/ln"));
                list("/data");
                show("access w", access("/data/ln", W_OK));
                return 0;
            }
            """;

    @TempDir Path tmp;

    @Test
    void changesMatchTheHostAndStayInTheRun() throws Exception {
        Path emuRoot = Files.createDirectories(tmp.resolve("emu"));
        Path natRoot = Files.createDirectories(tmp.resolve("native"));
        for (Path r : List.of(emuRoot, natRoot)) {
            Files.createDirectories(r.resolve("data"));
            Files.writeString(r.resolve("data/input.txt"), "0123456789abcdef\n");
            Cc.staticPie(r, "files", PROGRAM);
        }
        GuestOutcome emu = Guest.builder().rootfs(emuRoot).argv("/files").writableRootfs(true)
                .timeout(Duration.ofSeconds(30)).build().run();
        String out = new String(emu.stdout(), StandardCharsets.UTF_8);
        assertEquals(0, emu.exit().status(), out + emu.exit());
        assertEquals("0123456789abcdef\n", Files.readString(emuRoot.resolve("data/input.txt")), "the host rootfs is untouched");
        assertFalse(Files.exists(emuRoot.resolve("data/ln")));
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/chroot")), "chroot not available");
        Cc.Result nat = Cc.exec(natRoot, List.of("/usr/sbin/chroot", natRoot.toString(), "/files"), new byte[0]);
        Assumptions.assumeFalse(nat.stderr().contains("Operation not permitted"), "chroot needs root");
        assertEquals(nat.stdout(), out);
        assertTrue(out.contains("/data/ln: [line one\nline two\n]"), out);
    }
}
