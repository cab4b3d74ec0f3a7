package dev.binfarm.emulator.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.kernel.Cc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 6: a guest with a writable rootfs tries every way out it has —
 * an absolute symlink to /etc/passwd, "../../..", /proc/self/root, a symlink
 * and a rename naming a host path, a hard link — and reaches only rootfs
 * files; the host file beside the rootfs is untouched and the rootfs's hash is
 * unchanged after the guest wrote and deleted files. Also the pseudo files
 * /proc/self/fd, /sys/devices/system/cpu/online and /proc/meminfo.
 */
class ConfinementTest {
    static final String PROGRAM = """
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <string.h>
            #include <errno.h>
            #include <fcntl.h>
            #include <unistd.h>
            #include <dirent.h>
            #include <stdlib.h>

            static void cat(const char *label, const char *path) {
                char buf[256] = {0};
                int fd = open(path, O_RDONLY);
                if (fd < 0) { printf("%s: %s\\n", label, strerrorname_np(errno)); return; }
                long n = read(fd, buf, 64);
                close(fd);
                printf("%s: [%.*s]\\n", label, (int) (n > 0 ? strcspn(buf, "\\n") : 0), buf);
            }

            static void show(const char *what, long r) {
                if (r < 0) printf("%s = -1 %s\\n", what, strerrorname_np(errno));
                else printf("%s = %ld\\n", what, r);
            }

            int main(int argc, char **argv) {
                const char *host = argv[1];   /* a host file outside the rootfs */
                char p[4096], t[256];
                cat("absolute symlink", "/data/abs");
                cat("relative symlink", "/data/rel");
                chdir("/data");
                cat("dotdot", "../../../../../../etc/passwd");
                cat("proc root", "/proc/self/root/../../../etc/passwd");
                long n = readlink("/proc/self/root", t, sizeof t); printf("readlink root = %.*s\\n", (int) n, t);
                cat("host path", host);
                snprintf(p, sizeof p, "../../../../../../..%s", host); cat("host path via dotdot", p);
                snprintf(p, sizeof p, "/proc/self/root/../..%s", host); cat("host path via proc root", p);
                show("symlink to host", symlink(host, "/data/esc")); cat("through it", "/data/esc");
                show("hard link to host", link(host, "/data/hard"));
                show("hard link inside", link("/etc/passwd", "/data/hard2"));
                show("hard link via proc root", link("/proc/self/root/../../etc/passwd", "/data/hard3"));
                snprintf(p, sizeof p, "/proc/self/root/../..%s", host);
                show("hard link to host via proc root", link(p, "/data/hard4"));
                int fd = open("/data/mine", O_CREAT | O_WRONLY, 0644); write(fd, "stolen", 6); close(fd);
                snprintf(p, sizeof p, "/../../..%s.stolen", host);
                show("rename out of the tree", rename("/data/mine", p));
                show("unlink rootfs file", unlink("/etc/passwd"));
                cat("after unlink", "/etc/passwd");
                cat("hard link after unlink", "/data/hard2");
                int wfd = open("/data/hard3", O_WRONLY | O_TRUNC); show("write through hard link", write(wfd, "mine\\n", 5)); close(wfd);
                cat("other name", "/data/hard2");
                show("write over rootfs file", (fd = open("/data/abs", O_WRONLY | O_TRUNC)) >= 0 ? write(fd, "x", 1) : -1);
                close(fd);

                fd = open("/data/mine", O_RDONLY);
                n = readlink("/proc/self/fd/3", t, sizeof t); printf("fd 3 -> %.*s (fd %d)\\n", (int) n, t, fd);
                DIR *d = opendir("/proc/self/fd");
                struct dirent *e; int count = 0;
                while ((e = readdir(d))) if (e->d_name[0] != '.') count++;
                printf("fds listed: %d\\n", count);   /* 0 1 2 3; Linux also lists the directory's own fd (known gap) */
                closedir(d);
                cat("reopen via fd link", "/proc/self/fd/3");
                cat("cpu online", "/sys/devices/system/cpu/online");
                fd = open("/proc/meminfo", O_RDONLY); n = read(fd, p, sizeof p - 1); p[n > 0 ? n : 0] = 0;
                printf("meminfo: %.9s %s\\n", p, strstr(p, "\\nMemFree:") && strstr(p, " kB\\n") ? "ok" : "bad");
                return 0;
            }
            """;

    @TempDir Path tmp;

    @Test
    void noPathReachesTheHostAndTheRootfsStaysByteIdentical() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path secret = Files.writeString(tmp.resolve("host-secret"), "host secret\n");
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("etc/passwd"), "guest passwd\n");
        Files.createSymbolicLink(root.resolve("data/abs"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("data/rel"), Path.of("../../../../../etc/passwd"));
        Cc.staticPie(tmp, "escape", PROGRAM);
        Files.copy(tmp.resolve("escape"), root.resolve("escape"));
        String before = UpperDirTest.treeHash(root);

        GuestOutcome out = Guest.builder().rootfs(root).argv("/escape", secret.toString()).writableRootfs(true)
                .timeout(Duration.ofSeconds(30)).build().run();

        String text = new String(out.stdout(), StandardCharsets.UTF_8);
        assertEquals(new GuestExit.Exited(0), out.exit(), text + new String(out.stderr()));
        assertEquals("""
                absolute symlink: [guest passwd]
                relative symlink: [guest passwd]
                dotdot: [guest passwd]
                proc root: [guest passwd]
                readlink root = /
                host path: ENOENT
                host path via dotdot: ENOENT
                host path via proc root: ENOENT
                symlink to host = 0
                through it: ENOENT
                hard link to host = -1 ENOENT
                hard link inside = 0
                hard link via proc root = 0
                hard link to host via proc root = -1 ENOENT
                rename out of the tree = -1 ENOENT
                unlink rootfs file = 0
                after unlink: ENOENT
                hard link after unlink: [guest passwd]
                write through hard link = 5
                other name: [mine]
                write over rootfs file = -1 ENOENT
                fd 3 -> /data/mine (fd 3)
                fds listed: 4
                reopen via fd link: [stolen]
                cpu online: [0]
                meminfo: MemTotal: ok
                """, text);
        assertEquals("host secret\n", Files.readString(secret));
        try (Stream<Path> s = Files.walk(tmp)) {
            assertFalse(s.anyMatch(f -> f.getFileName().toString().endsWith(".stolen")), "nothing was renamed onto the host");
        }
        assertEquals(before, UpperDirTest.treeHash(root), "the rootfs is byte-identical after writes and deletes");
    }
}
