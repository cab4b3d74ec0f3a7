package dev.binfarm.emulator.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host kernel is the oracle: a program that exercises the shim's syscalls
 * and prints only what a confined Linux process would print the same way runs
 * natively under chroot (root is available here and in CI) and in the
 * emulator; the outputs must match line for line. (Writes and /dev are left
 * out: the chroot is writable and has no /dev, the emulator's rootfs is
 * read-only and has pseudo devices; KernelTest covers those.)
 */
class SyscallDiffTest {
    static final String PROGRAM = """
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <errno.h>
            #include <fcntl.h>
            #include <unistd.h>
            #include <dirent.h>
            #include <sys/stat.h>
            #include <sys/mman.h>
            #include <sys/uio.h>
            #include <sys/utsname.h>
            #include <sys/resource.h>
            #include <time.h>
            #include <signal.h>
            #include <sys/random.h>
            #include <sys/syscall.h>
            #include <sys/socket.h>
            #include <sys/un.h>

            static void show(const char *what, long r) {
                if (r < 0) printf("%s = -1 %s\\n", what, strerrorname_np(errno));
                else printf("%s = %ld\\n", what, r);
            }

            static int cmp(const void *a, const void *b) { return strcmp(*(char **) a, *(char **) b); }

            int main(int argc, char **argv) {
                char buf[256];
                int fd = open("/data/file.txt", O_RDONLY);
                show("open", fd >= 0 ? 3 : -1);
                show("read", read(fd, buf, 5)); printf("  [%.5s]\\n", buf);
                show("lseek cur", lseek(fd, 0, SEEK_CUR));
                show("lseek end", lseek(fd, 0, SEEK_END));
                show("lseek neg", lseek(fd, -100, SEEK_SET));
                show("pread", pread(fd, buf, 4, 6)); printf("  [%.4s]\\n", buf);
                show("read at end", read(fd, buf, 10));
                struct stat st;
                show("fstat", fstat(fd, &st)); printf("  size=%ld reg=%d\\n", (long) st.st_size, S_ISREG(st.st_mode));
                int d = dup(fd); show("dup", d);
                show("dup2", dup2(fd, 10));
                show("fcntl getfd", fcntl(10, F_GETFD));
                show("fcntl setfd", fcntl(10, F_SETFD, FD_CLOEXEC));
                show("fcntl getfd", fcntl(10, F_GETFD));
                show("fcntl getfl", fcntl(fd, F_GETFL) & O_ACCMODE);
                show("fcntl dupfd", fcntl(fd, F_DUPFD, 20));
                show("close", close(d));
                show("close again", close(d));
                show("read bad fd", read(99, buf, 1));
                show("write to ro fd", write(fd, "x", 1));
                show("open missing", open("/data/missing", O_RDONLY));
                show("open dir as file", open("/data/file.txt/x", O_RDONLY));
                show("open excl", open("/data/file.txt", O_RDONLY | O_CREAT | O_EXCL, 0644));
                show("open dir for write", open("/data", O_WRONLY));
                show("open directory flag", open("/data/file.txt", O_RDONLY | O_DIRECTORY));
                show("open nofollow link", open("/data/link", O_RDONLY | O_NOFOLLOW));
                show("stat link", stat("/data/link", &st)); printf("  size=%ld\\n", (long) st.st_size);
                show("lstat link", lstat("/data/link", &st)); printf("  islnk=%d\\n", S_ISLNK(st.st_mode));
                ssize_t n = readlink("/data/link", buf, sizeof buf); show("readlink", n); printf("  [%.*s]\\n", (int) n, buf);
                show("readlink file", readlink("/data/file.txt", buf, sizeof buf));
                show("access r", access("/data/file.txt", R_OK));
                show("access missing", access("/data/nope", F_OK));
                show("access x", access("/data/file.txt", X_OK));
                show("chdir", chdir("/data"));
                show("getcwd", getcwd(buf, sizeof buf) ? (long) strlen(buf) : -1); printf("  [%s]\\n", buf);
                show("getcwd small", getcwd(buf, 3) ? 0 : -1);
                show("open relative", open("file.txt", O_RDONLY) >= 0 ? 0 : -1);
                show("chdir file", chdir("/data/file.txt"));
                DIR *dir = opendir("/data");
                char *names[32]; int count = 0;
                struct dirent *e;
                while (dir && (e = readdir(dir)) && count < 32) names[count++] = strdup(e->d_name);
                qsort(names, count, sizeof *names, cmp);
                for (int i = 0; i < count; i++) printf("  entry %s\\n", names[i]);
                char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                show("mmap", p == MAP_FAILED ? -1 : ((long) p & 0xfff));
                p[0] = 1; p[3 * 4096 - 1] = 2;
                show("mprotect", mprotect(p, 4096, PROT_READ));
                show("munmap middle", munmap(p + 4096, 4096));
                show("munmap unaligned", munmap(p + 1, 4096));
                show("mmap zero len", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
                char *q = mremap(p + 2 * 4096, 4096, 8 * 4096, MREMAP_MAYMOVE);
                show("mremap", q == MAP_FAILED ? -1 : q[4095]);
                int mf = open("/data/file.txt", O_RDONLY);
                char *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, mf, 0);
                show("mmap file", m == MAP_FAILED ? -1 : 0); printf("  [%.10s] tail=%d\\n", m, m[100]);
                show("mmap file shared write", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, mf, 0) == MAP_FAILED ? -1 : 0);
                void *b0 = sbrk(0); void *b1 = sbrk(100000);
                show("sbrk", b1 == b0 ? 0 : -1);
                memset(b1, 7, 100000);
                struct iovec iov[2] = {{"wri", 3}, {"tev\\n", 4}};
                show("writev", writev(1, iov, 2));
                struct utsname u; uname(&u); printf("uname %s %s\\n", u.sysname, u.machine);
                struct rlimit rl; show("getrlimit nofile", getrlimit(RLIMIT_NOFILE, &rl));
                struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
                struct timespec ns = {0, 1000000}; show("nanosleep", nanosleep(&ns, NULL));
                clock_gettime(CLOCK_MONOTONIC, &t1);
                long slept = (t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec);
                printf("slept at least 1ms: %d\\n", slept >= 1000000);
                show("clock_gettime bad", clock_gettime(12345, &t0));
                show("kill 0", kill(getpid(), 0));
                sigset_t set; sigemptyset(&set); sigaddset(&set, SIGUSR1);
                show("sigprocmask", sigprocmask(SIG_BLOCK, &set, NULL));
                show("raise blocked", raise(SIGUSR1));
                show("signal ignore", signal(SIGUSR2, SIG_IGN) == SIG_ERR ? -1 : 0);
                show("raise ignored", raise(SIGUSR2));
                show("ioctl tcgets", ioctl_probe());
                int dfd = open("/data", O_RDONLY | O_DIRECTORY);
                show("openat dirfd", openat(dfd, "file.txt", O_RDONLY) >= 0 ? 0 : -1);
                show("openat dirfd abs", openat(dfd, "/data/file.txt", O_RDONLY) >= 0 ? 0 : -1);
                show("openat notdir fd", openat(fd, "x", O_RDONLY));
                show("fstatat dirfd", fstatat(dfd, "link", &st, AT_SYMLINK_NOFOLLOW)); printf("  islnk=%d\\n", S_ISLNK(st.st_mode));
                show("fstatat empty", fstatat(fd, "", &st, AT_EMPTY_PATH)); printf("  size=%ld\\n", (long) st.st_size);
                show("faccessat", faccessat(dfd, "file.txt", R_OK, 0));
                n = readlinkat(dfd, "link", buf, 4); show("readlinkat short", n); printf("  [%.*s]\\n", (int) n, buf);
                show("read dir", read(dfd, buf, 10));
                show("lseek dir", lseek(dfd, 0, SEEK_SET));
                struct statx sx; show("statx", statx(AT_FDCWD, "/data/file.txt", 0, STATX_BASIC_STATS, &sx));
                printf("  size=%lld mode=%o nlink=%u\\n", (long long) sx.stx_size, sx.stx_mode & 07777, sx.stx_nlink);
                show("statx missing", statx(AT_FDCWD, "/nope", 0, STATX_BASIC_STATS, &sx));
                int pfd = open("/data/file.txt", O_PATH); show("o_path", pfd >= 0 ? 0 : -1);
                show("o_path read", read(pfd, buf, 1));
                show("o_path fstat", fstat(pfd, &st));
                show("dup3 same", dup3(fd, fd, 0));
                show("dup3 cloexec", dup3(fd, 30, O_CLOEXEC)); show("  getfd", fcntl(30, F_GETFD));
                show("dupfd_cloexec", fcntl(fd, F_DUPFD_CLOEXEC, 40)); show("  getfd", fcntl(40, F_GETFD));
                show("pread past eof", pread(fd, buf, 10, 1000));
                show("pread neg", pread(fd, buf, 10, -1));
                char a1[3], a2[4]; struct iovec rv[2] = {{a1, 3}, {a2, 4}};
                lseek(fd, 0, SEEK_SET); show("readv", readv(fd, rv, 2)); printf("  [%.3s|%.4s]\\n", a1, a2);
                show("lseek bad whence", lseek(fd, 0, 7));
                show("dup2 stdin", dup2(0, 50)); show("close 50", close(50));
                show("getdents on file", syscall(217, fd, buf, sizeof buf));
                show("getdents small", syscall(217, dfd, buf, 8));
                show("mprotect unmapped", mprotect((void *) 0x100000000000, 4096, PROT_READ));
                show("munmap unmapped ok", munmap((void *) 0x100000000000, 4096));
                show("mmap fixed low", mmap((void *) 0x1000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0);
                show("mmap bad flags", mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
                show("mmap bad fd", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED ? -1 : 0);
                show("mmap dir", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, dfd, 0) == MAP_FAILED ? -1 : 0);
                show("getrandom", getrandom(buf, 16, 0));
                show("sched_getaffinity", syscall(204, 0, 128, buf) > 0 ? 0 : -1);
                show("set_robust_list bad", syscall(273, 0, 5));
                show("arch_prctl bad", syscall(158, 0x9999, 0));
                show("tgkill other", syscall(234, 12345, 12345, 0));
                show("kill other", kill(54321, 0));
                show("rt_sigaction kill", sigaction(SIGKILL, &(struct sigaction){0}, NULL));
                show("clock_getres", clock_getres(CLOCK_MONOTONIC, &t0));
                show("nanosleep bad", nanosleep(&(struct timespec){0, 2000000000L}, NULL));
                show("umask", umask(022)); show("umask again", umask(077));
                show("chdir missing", chdir("/nope"));
                show("getcwd after", getcwd(buf, sizeof buf) ? 0 : -1); printf("  [%s]\\n", buf);
                int so = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0); show("socket unix", so >= 0 ? 0 : -1);
                struct sockaddr_un un = {.sun_family = AF_UNIX}; strcpy(un.sun_path, "/var/run/nscd/socket");
                show("connect missing", connect(so, (struct sockaddr *) &un, sizeof un));
                strcpy(un.sun_path, "/data/file.txt");
                show("connect not listening", connect(so, (struct sockaddr *) &un, sizeof un));
                show("connect not a socket fd", connect(fd, (struct sockaddr *) &un, sizeof un));
                show("socket bad type", socket(AF_UNIX, 77, 0));
                show("fstat socket", fstat(so, &st)); printf("  issock=%d\\n", S_ISSOCK(st.st_mode));
                show("close socket", close(so));
                show("unknown syscall", syscall(400));
                fflush(stdout);
                return 17;
            }
            """;

    @TempDir static Path root;
    static Path prog;

    @BeforeAll
    static void build() throws Exception {
        Files.createDirectories(root.resolve("data/sub"));
        Files.writeString(root.resolve("data/file.txt"), "0123456789abcdefghij\n");
        Files.createSymbolicLink(root.resolve("data/link"), Path.of("file.txt"));
        String src = PROGRAM.replace("show(\"ioctl tcgets\", ioctl_probe());",
                "{ struct termios tio; show(\"ioctl tcgets\", tcgetattr(1, &tio)); }")
                .replace("#include <signal.h>", "#include <signal.h>\n#include <termios.h>");
        prog = Cc.staticPie(root, "probe", src);
    }

    @Test
    void matchesTheHostKernelInAChroot() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/chroot")), "chroot not available");
        Cc.Result nat = Cc.exec(root, List.of("/usr/sbin/chroot", root.toString(), "/probe"), new byte[0]);
        Assumptions.assumeFalse(nat.stderr().contains("Operation not permitted"), "chroot needs root");
        GuestOutcome emu = Guest.builder().rootfs(root).argv("/probe").timeout(Duration.ofSeconds(30)).build().run();
        String out = new String(emu.stdout(), StandardCharsets.UTF_8);
        assertEquals(nat.stdout(), out, "emulator exit " + emu.exit());
        assertEquals(new GuestExit.Exited(nat.status()), emu.exit());
        assertEquals(17, nat.status());
        assertTrue(out.contains("entry sub"), out);
    }
}
