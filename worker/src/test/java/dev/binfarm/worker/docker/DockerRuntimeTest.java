package dev.binfarm.worker.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.worker.RunOutcome;
import dev.binfarm.worker.RunRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single runs on the real daemon, with programs compiled at test time. */
class DockerRuntimeTest {
    static final String PROG = """
            #include <errno.h>
            #include <fcntl.h>
            #include <signal.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <unistd.h>
            #include <sys/syscall.h>
            int main(int argc, char **argv) {
                const char *m = argc > 1 ? argv[1] : "";
                if (!strcmp(m, "exit")) { printf("out %s\\n", getenv("GREETING")); fprintf(stderr, "err\\n"); return atoi(argv[2]); }
                if (!strcmp(m, "cat")) { char b[256]; ssize_t n; while ((n = read(0, b, sizeof b)) > 0) write(1, b, n); return 0; }
                if (!strcmp(m, "segv")) { *(volatile int *)8 = 1; return 0; }
                if (!strcmp(m, "loop")) { for (;;) pause(); }
                if (!strcmp(m, "cwd")) { char b[256]; puts(getcwd(b, sizeof b)); return 0; }
                if (!strcmp(m, "write")) { FILE *f = fopen("/out/made.txt", "w"); fputs("made\\n", f); fclose(f); unlink("/gone.txt"); return 0; }
                if (!strcmp(m, "hog")) { for (;;) { char *p = malloc(1 << 20); if (!p) return 3; memset(p, 1, 1 << 20); } }
                if (!strcmp(m, "getppid")) { long r = syscall(SYS_getppid); printf("%ld %d\\n", r, r < 0 ? errno : 0); return 0; }
                if (!strcmp(m, "mknodat")) { long r = syscall(SYS_mknodat, AT_FDCWD, "/x", 0, 0); printf("%ld %d\\n", r, r < 0 ? errno : 0); return 0; }
                return 99;
            }
            """;

    @TempDir static Path tmp;
    static DockerRuntime docker;
    static Path rootfs;

    @BeforeAll
    static void setUp() throws Exception {
        docker = DockerTests.runtime();
        rootfs = tmp.resolve("rootfs");
        DockerTests.staticPie(rootfs, "prog", PROG);
        Files.createDirectories(rootfs.resolve("out"));
        Files.createDirectories(rootfs.resolve("work/dir"));
    }

    static RunOutcome run(Path fs, String profile, Duration timeout, byte[] stdin, String... args) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GREETING", "hi");
        return docker.run(new RunRequest(fs, null, List.of(args), env, "/work/dir", stdin, timeout, 256L << 20, 1 << 16,
                profile, 1));
    }

    static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    @Test
    void exitStatusOutputAndEnvironment() throws Exception {
        RunOutcome o = run(rootfs, "linux", Duration.ofSeconds(30), null, "/prog", "exit", "7");
        assertNull(o.error(), o.error());
        assertEquals(7, o.exitCode());
        assertEquals("out hi\n", text(o.stdout()));
        assertEquals("err\n", text(o.stderr()));
        assertFalse(o.timedOut());
    }

    @Test
    void outputIsBoundedPerStream() throws Exception {
        RunOutcome o = docker.run(new RunRequest(rootfs, null, List.of("/prog", "exit", "0"), Map.of("GREETING", "a long greeting"),
                "/", null, Duration.ofSeconds(30), 256L << 20, 5, "linux", 1));
        assertEquals(0, o.exitCode());
        assertEquals("out a", text(o.stdout()));
        assertEquals("err\n", text(o.stderr()));
    }

    @Test
    void workingDirectoryIsTheRequests() throws Exception {
        RunOutcome o = run(rootfs, "linux", Duration.ofSeconds(30), null, "/prog", "cwd");
        assertEquals("/work/dir\n", text(o.stdout()));
    }

    @Test
    void stdinIsFedAndClosed() throws Exception {
        RunOutcome o = run(rootfs, "linux", Duration.ofSeconds(30), "two\nlines\n".getBytes(StandardCharsets.UTF_8), "/prog", "cat");
        assertNull(o.error(), o.error());
        assertFalse(o.timedOut(), "stdin was not closed");
        assertEquals(0, o.exitCode());
        assertEquals("two\nlines\n", text(o.stdout()));
    }

    @Test
    void fatalSignalIsReported() throws Exception {
        RunOutcome o = run(rootfs, "linux", Duration.ofSeconds(30), null, "/prog", "segv");
        assertNull(o.exitCode());
        assertEquals(11, o.signal());
        assertNotNull(o.crash());
    }

    @Test
    void timeoutKillsTheContainer() throws Exception {
        long t0 = System.nanoTime();
        RunOutcome o = run(rootfs, "linux", Duration.ofSeconds(2), null, "/prog", "loop");
        assertTrue(o.timedOut());
        assertNull(o.exitCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 20, "took too long to stop");
    }

    @Test
    void producedFilesAndDeletionsReachTheHostRootfs() throws Exception {
        Path fs = tmp.resolve("writable");
        DockerTests.staticPie(fs, "prog", PROG);
        Files.createDirectories(fs.resolve("out"));
        Files.writeString(fs.resolve("gone.txt"), "bye\n");
        RunOutcome o = run(fs, "linux", Duration.ofSeconds(30), null, "/prog", "write");
        assertEquals(0, o.exitCode(), o.error());
        assertEquals("made\n", Files.readString(fs.resolve("out/made.txt")));
        assertFalse(Files.exists(fs.resolve("gone.txt")));
    }

    static final Set<String> STARTUP = Set.of("exit_group", "brk", "arch_prctl", "set_tid_address", "set_robust_list", "rseq",
            "prlimit64", "mprotect", "readlinkat", "getrandom", "uname", "mmap", "munmap", "newfstatat", "fstat", "ioctl");

    static RunOutcome profiled(Set<String> allowed, String... argv) throws Exception {
        DockerRuntime r = DockerRuntime.detect(ProfileResolver.of(Map.of("p", allowed)));
        return r.run(new RunRequest(rootfs, null, List.of(argv), Map.of(), "/", null, Duration.ofSeconds(30),
                256L << 20, 1 << 16, "p", 1));
    }

    @Test
    void syscallsOutsideTheProfileFailWithEnosysAndExactlyTheProfileApplies() throws Exception {
        Set<String> withWrite = new java.util.TreeSet<>(STARTUP);
        withWrite.addAll(Set.of("write", "getppid"));
        RunOutcome denied = profiled(withWrite, "/prog", "mknodat");
        assertEquals(0, denied.exitCode(), denied.error() + " " + text(denied.stderr()));
        assertEquals("-1 38\n", text(denied.stdout()), "mknodat is not in the profile: ENOSYS");
        RunOutcome allowed = profiled(withWrite, "/prog", "getppid");
        assertEquals("0 0\n", text(allowed.stdout()), "getppid is in the profile (pid 1 has parent 0)");
        Set<String> noGetppid = new java.util.TreeSet<>(withWrite);
        noGetppid.remove("getppid");
        assertEquals("-1 38\n", text(profiled(noGetppid, "/prog", "getppid").stdout()),
                "nothing the container runtime needs leaks into the profile");
        RunOutcome mute = profiled(STARTUP, "/prog", "getppid");
        assertEquals(0, mute.exitCode(), mute.error());
        assertEquals("", text(mute.stdout()), "without write the program cannot print");
        Set<String> noExit = new java.util.TreeSet<>(withWrite);
        noExit.remove("exit_group");
        RunOutcome stuck = profiled(noExit, "/prog", "exit", "3");
        assertTrue(stuck.exitCode() == null || stuck.exitCode() != 3, "exit_group denied: the program cannot exit with 3");
    }

    @Test
    void memoryLimitKillsAHog() throws Exception {
        RunOutcome o = docker.run(new RunRequest(rootfs, null, List.of("/prog", "hog"), Map.of(), "/", null,
                Duration.ofSeconds(60), 64L << 20, 1 << 16, "linux", 1));
        assertEquals(9, o.signal(), o.error() + " exit " + o.exitCode());
        assertNotNull(o.crash());
    }

    @Test
    void anInterruptEndsTheRunAndRemovesTheContainer() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Object> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(run(rootfs, "linux", Duration.ofSeconds(60), null, "/prog", "loop"));
            } catch (InterruptedException e) {
                result.set(e);
            } catch (Exception e) {
                result.set(e);
            }
        });
        t.start();
        Thread.sleep(1500);
        t.interrupt();
        t.join(20_000);
        assertFalse(t.isAlive(), "the run did not end on interrupt");
        assertTrue(result.get() instanceof InterruptedException, String.valueOf(result.get()));
        String label = DockerRuntime.LABEL + "=" + ProcessHandle.current().pid();
        assertEquals(List.of(), docker.client().listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()
                .stream().map(c -> c.getId()).toList(), "container left behind");
    }

    @Test
    void withoutADaemonTheRuntimeSaysWhyAndRunsNothing() throws Exception {
        DockerRuntime none = DockerRuntime.detect("unix:///nonexistent/binfarm-docker.sock", ProfileResolver.standard());
        assertFalse(none.available().ok());
        assertTrue(none.available().why().contains("/nonexistent/binfarm-docker.sock"), none.available().why());
        RunOutcome o = none.run(new RunRequest(rootfs, null, List.of("/prog"), Map.of(), "/", null, Duration.ofSeconds(5),
                1 << 26, 1 << 16, "linux", 1));
        assertEquals(none.available().why(), o.error());
    }

    @Test
    void aMissingProgramIsAnErrorWithAndWithoutAProfile() throws Exception {
        RunOutcome plain = run(rootfs, "linux", Duration.ofSeconds(30), null, "/no-such-program");
        assertNotNull(plain.error(), "exit " + plain.exitCode());
        RunOutcome shimmed = profiled(STARTUP, "/no-such-program");
        assertNotNull(shimmed.error(), "exit " + shimmed.exitCode());
        assertTrue(shimmed.error().contains("/no-such-program"), shimmed.error());
    }

    @Test
    void unknownProfileIsAnError() throws Exception {
        RunOutcome o = run(rootfs, "no-such-profile", Duration.ofSeconds(30), null, "/prog", "exit", "0");
        assertNotNull(o.error());
        assertTrue(o.error().contains("no-such-profile"), o.error());
    }
}
