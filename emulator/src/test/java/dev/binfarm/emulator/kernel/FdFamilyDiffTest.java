package dev.binfarm.emulator.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
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
 * The fd family beyond open/read/write against the host kernel in a chroot:
 * pipe2 within one process, sendfile, copy_file_range, umask, fcntl locks,
 * fsync, dup3 onto a pipe; SIGPIPE for a write without readers; then an
 * emulator-only check of a blocking read of an empty pipe that no one can ever
 * fill (a deadlock, not a hang).
 */
class FdFamilyDiffTest {
    static final String PROGRAM = """
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <string.h>
            #include <errno.h>
            #include <fcntl.h>
            #include <unistd.h>
            #include <signal.h>
            #include <poll.h>
            #include <sys/stat.h>
            #include <sys/sendfile.h>
            #include <sys/mman.h>

            static void show(const char *what, long r) {
                if (r < 0) printf("%s = -1 %s\\n", what, strerrorname_np(errno));
                else printf("%s = %ld\\n", what, r);
            }

            int main(void) {
                char buf[128];
                int p[2];
                signal(SIGPIPE, SIG_IGN);
                show("pipe2", pipe2(p, O_CLOEXEC));
                show("fd numbers", p[0] == 3 && p[1] == 4);
                struct stat st; fstat(p[0], &st); printf("fifo=%d\\n", S_ISFIFO(st.st_mode));
                show("F_GETFD", fcntl(p[0], F_GETFD));
                show("write", write(p[1], "hello pipe", 10));
                struct pollfd pf[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
                show("poll", poll(pf, 2, 0)); printf("revents %x %x\\n", pf[0].revents, pf[1].revents);
                show("read", read(p[0], buf, 4)); printf("  [%.4s]\\n", buf);
                show("lseek", lseek(p[0], 0, SEEK_SET));
                show("read rest", read(p[0], buf, sizeof buf)); printf("  [%.6s]\\n", buf);
                show("F_SETFL", fcntl(p[0], F_SETFL, O_NONBLOCK));
                show("read empty nonblock", read(p[0], buf, sizeof buf));
                show("close writer", close(p[1]));
                pf[0].revents = 0; show("poll hup", poll(pf, 1, 0)); printf("revents %x\\n", pf[0].revents);
                show("read eof", read(p[0], buf, sizeof buf));
                close(p[0]);
                show("pipe", pipe(p));
                show("close reader", close(p[0]));
                show("write no reader", write(p[1], "x", 1));
                close(p[1]);

                show("umask", umask(027));
                int fd = open("/data/made.txt", O_CREAT | O_RDWR, 0666);
                fstat(fd, &st); printf("mode=%o\\n", st.st_mode & 0777);
                int in = open("/data/file.txt", O_RDONLY);
                off_t off = 2;
                show("sendfile off", sendfile(fd, in, &off, 5)); printf("off=%ld pos=%ld\\n", (long) off, (long) lseek(in, 0, SEEK_CUR));
                show("sendfile pos", sendfile(fd, in, NULL, 4)); printf("pos=%ld\\n", (long) lseek(in, 0, SEEK_CUR));
                loff_t io = 10, oo = 20;
                show("copy_file_range", copy_file_range(in, &io, fd, &oo, 6, 0)); printf("io=%ld oo=%ld\\n", (long) io, (long) oo);
                show("copy_file_range pos", copy_file_range(in, NULL, fd, NULL, 3, 0));
                show("copy_file_range flags", copy_file_range(in, NULL, fd, NULL, 3, 1));
                show("fsync", fsync(fd));
                show("fdatasync", fdatasync(fd));
                struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
                show("F_SETLK", fcntl(fd, F_SETLK, &fl));
                fl.l_type = F_UNLCK; show("F_UNLCK", fcntl(fd, F_SETLK, &fl));
                show("fchmod", fchmod(fd, 0600)); fstat(fd, &st); printf("mode=%o\\n", st.st_mode & 0777);
                show("fchown", fchown(fd, 0, 0));
                show("pread", pread(fd, buf, sizeof buf, 0));
                for (int i = 0; i < 26; i++) putchar(buf[i] ? buf[i] : '.');
                putchar('\\n');
                show("mkdirat", mkdirat(AT_FDCWD, "/data/d", 0777)); stat("/data/d", &st); printf("dir mode=%o\\n", st.st_mode & 0777);
                show("renameat2 noreplace", renameat2(AT_FDCWD, "/data/made.txt", AT_FDCWD, "/data/file.txt", RENAME_NOREPLACE));
                show("renameat2", renameat2(AT_FDCWD, "/data/made.txt", AT_FDCWD, "/data/d/moved.txt", RENAME_NOREPLACE));
                show("symlinkat", symlinkat("d/moved.txt", AT_FDCWD, "/data/ln"));
                show("unlinkat dir", unlinkat(AT_FDCWD, "/data/d", AT_REMOVEDIR));
                show("unlinkat", unlinkat(AT_FDCWD, "/data/d/moved.txt", 0));
                show("unlinkat dir", unlinkat(AT_FDCWD, "/data/d", AT_REMOVEDIR));
                char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                show("msync", msync(m, 8192, MS_SYNC));
                show("msync bad flags", msync(m, 8192, MS_SYNC | MS_ASYNC));
                show("msync unaligned", msync(m + 1, 10, MS_ASYNC));
                munmap(m + 4096, 4096);
                show("msync unmapped", msync(m, 8192, MS_ASYNC));
                return 0;
            }
            """;

    @TempDir Path tmp;

    @Test
    void matchesTheHostKernelInAChroot() throws Exception {
        Path emuRoot = Files.createDirectories(tmp.resolve("emu"));
        Path natRoot = Files.createDirectories(tmp.resolve("native"));
        for (Path r : List.of(emuRoot, natRoot)) {
            Files.createDirectories(r.resolve("data"));
            Files.writeString(r.resolve("data/file.txt"), "0123456789abcdefghijklmnop\n");
            Cc.staticPie(r, "fds", PROGRAM);
        }
        GuestOutcome emu = Guest.builder().rootfs(emuRoot).argv("/fds").writableRootfs(true)
                .timeout(Duration.ofSeconds(30)).build().run();
        String out = new String(emu.stdout(), StandardCharsets.UTF_8);
        assertEquals(new GuestExit.Exited(0), emu.exit(), out);
        assertTrue(out.contains("read eof = 0"), out);
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/chroot")), "chroot not available");
        Cc.Result nat = Cc.exec(natRoot, List.of("/usr/sbin/chroot", natRoot.toString(), "/fds"), new byte[0]);
        Assumptions.assumeFalse(nat.stderr().contains("Operation not permitted"), "chroot needs root");
        assertEquals(nat.stdout(), out);
    }

    /**
     * A write to a pipe without readers raises SIGPIPE once: the handler runs and the write fails with
     * EPIPE; back to the default action, the next one kills the writer. (The handler's rt_sigreturn
     * restores RAX = -EPIPE; the emulator once took that for another failed write and raised SIGPIPE
     * again, forever: a Go program piped into `head` spun instead of exiting.)
     */
    @Test
    void aWriteWithoutReadersRaisesSigpipeOnce() throws Exception {
        String program = """
                #define _GNU_SOURCE
                #include <stdio.h>
                #include <string.h>
                #include <errno.h>
                #include <signal.h>
                #include <unistd.h>
                static volatile int caught;
                static void on_pipe(int sig) { caught++; }
                int main(void) {
                    setvbuf(stdout, NULL, _IONBF, 0);
                    int p[2];
                    pipe(p);
                    close(p[0]);
                    struct sigaction sa;
                    memset(&sa, 0, sizeof sa);
                    sa.sa_handler = on_pipe;
                    sigaction(SIGPIPE, &sa, NULL);
                    for (int i = 0; i < 2; i++) {
                        long r = write(p[1], "x", 1);
                        printf("write = %ld %s, handler ran %d times\\n", r, strerrorname_np(errno), caught);
                    }
                    signal(SIGPIPE, SIG_DFL);
                    write(p[1], "x", 1);
                    printf("still alive\\n");
                    return 0;
                }
                """;
        Path emuRoot = Files.createDirectories(tmp.resolve("emu"));
        Path natRoot = Files.createDirectories(tmp.resolve("native"));
        for (Path r : List.of(emuRoot, natRoot)) Cc.staticPie(r, "sigpipe", program);
        GuestOutcome emu = Guest.builder().rootfs(emuRoot).argv("/sigpipe").timeout(Duration.ofSeconds(10)).build().run();
        String out = new String(emu.stdout(), StandardCharsets.UTF_8);
        assertEquals(Signals.SIGPIPE, assertInstanceOf(GuestExit.Signaled.class, emu.exit(), out).signal(), out);
        assertEquals("write = -1 EPIPE, handler ran 1 times\nwrite = -1 EPIPE, handler ran 2 times\n", out);
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/chroot")), "chroot not available");
        Cc.Result nat = Cc.exec(natRoot, List.of("/usr/sbin/chroot", natRoot.toString(), "/sigpipe"), new byte[0]);
        Assumptions.assumeFalse(nat.stderr().contains("Operation not permitted"), "chroot needs root");
        assertEquals(nat.stdout(), out);
        assertEquals(128 + Signals.SIGPIPE, nat.status());
    }

    @Test
    void aBlockingReadOfAPipeNobodyCanFillIsADeadlock() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Cc.staticPie(root, "hang", """
                #include <unistd.h>
                int main(void) { int p[2]; char c; pipe(p); return read(p[0], &c, 1) == 0 ? 7 : 8; }
                """);
        GuestOutcome out = Guest.builder().rootfs(root).argv("/hang").timeout(Duration.ofSeconds(30)).build().run();
        GuestExit.Signaled s = (GuestExit.Signaled) out.exit();
        assertEquals(9, s.signal());
        assertTrue(s.reason().contains("deadlock"), s.reason());
    }
}
