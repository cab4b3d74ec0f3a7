package dev.binfarm.worker.qemu;

import dev.binfarm.catalog.Fixtures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.worker.RunOutcome;
import dev.binfarm.worker.RunRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real boots of Debian's cloud kernel under QEMU (TCG here) with programs compiled at test time. */
class QemuLinuxRuntimeTest {
    static final String PROBE = """
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                char buf[256]; size_t n = fread(buf, 1, sizeof buf - 1, stdin); buf[n] = 0;
                char cwd[256]; getcwd(cwd, sizeof cwd);
                printf("argc=%d argv1=[%s] stdin=[%s] env=[%s] home=[%s] cwd=[%s]\\n", argc, argv[1], buf,
                       getenv("GREETING"), getenv("HOME") ? getenv("HOME") : "unset", cwd);
                fprintf(stderr, "to stderr\\n");
                FILE *f = fopen("/out/made.txt", "w"); fputs("made in the guest\\n", f); fclose(f);
                if (argc > 2 && strcmp(argv[2], "segv") == 0) *(volatile int *)8 = 1;
                if (argc > 2 && strcmp(argv[2], "loop") == 0) for (;;);
                return 3;
            }
            """;

    /** Binds the address upstream's redis.conf binds, after a delay, and answers every line with +PONG. */
    static final String SERVER = """
            #include <arpa/inet.h>
            #include <netinet/in.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <unistd.h>
            int main(void) {
                usleep(1500000); /* QEMU's forward accepts long before this: the runtime must not publish it yet */
                int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
                setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
                struct sockaddr_in a = {0};
                a.sin_family = AF_INET; a.sin_port = htons(7777); inet_pton(AF_INET, "172.44.0.2", &a.sin_addr);
                if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 8)) { perror("bind"); return 1; }
                printf("listening\\n"); fflush(stdout);
                for (;;) {
                    int c = accept(s, 0, 0); char buf[256]; ssize_t n;
                    while ((n = read(c, buf, sizeof buf)) > 0) if (memchr(buf, '\\n', n)) write(c, "+PONG\\r\\n", 7);
                    close(c);
                }
            }
            """;

    @TempDir static Path tmp;
    static QemuLinuxRuntime qemu;
    static byte[] probe;

    @BeforeAll
    static void setUp() throws Exception {
        qemu = QemuFixture.runtime(tmp.resolve("runs"));
        probe = Fixtures.staticPie(tmp.resolve("bin"), "probe", PROBE);
    }

    static Path rootfs(String name) throws IOException {
        Path root = tmp.resolve(name);
        Files.createDirectories(root.resolve("out"));
        Files.createDirectories(root.resolve("work dir"));
        Files.write(root.resolve("probe"), probe);
        root.resolve("probe").toFile().setExecutable(true);
        return root;
    }

    static RunRequest request(Path root, String mode, String cwd, Duration timeout) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GREETING", "it's a \"test\" $HOME");
        return new RunRequest(root, null, List.of("/probe", "one arg", mode), env, cwd, "from stdin".getBytes(StandardCharsets.UTF_8),
                timeout, 1L << 30, 1 << 20, "linux", 1);
    }

    @Test
    void runsTheProgramAndReportsItsStreamsStatusAndFiles() throws Exception {
        Path root = rootfs("plain");
        RunOutcome out = qemu.run(request(root, "plain", "/work dir", Duration.ofSeconds(20)));
        assertNull(out.error(), out.error());
        assertEquals(3, out.exitCode());
        assertNull(out.signal());
        assertEquals("argc=3 argv1=[one arg] stdin=[from stdin] env=[it's a \"test\" $HOME] home=[unset] cwd=[/work dir]\n",
                new String(out.stdout(), StandardCharsets.UTF_8));
        assertEquals("to stderr\n", new String(out.stderr(), StandardCharsets.UTF_8));
        assertEquals("made in the guest\n", Files.readString(root.resolve("out/made.txt")));
        assertTrue(qemu.version().contains("accel="), qemu.version());
        System.out.println("qemu-linux version: " + qemu.version());
    }

    @Test
    void aFatalSignalIsReportedAsTheSignal() throws Exception {
        RunOutcome out = qemu.run(request(rootfs("segv"), "segv", "/", Duration.ofSeconds(20)));
        assertNull(out.error(), out.error());
        assertNull(out.exitCode());
        assertEquals(11, out.signal());
    }

    @Test
    void aTimeoutKillsTheVm() throws Exception {
        long t0 = System.nanoTime();
        RunOutcome out = qemu.run(request(rootfs("loop"), "loop", "/", Duration.ofSeconds(2)));
        assertTrue(out.timedOut(), String.valueOf(out));
        assertNull(out.error());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(40));
        QemuFixture.assertNoLeftovers(tmp.resolve("runs"));
    }

    /** A server in the guest is reachable at 127.0.0.1 on its own port only once it listens, and the VM dies with the run. */
    @Test
    void aServerIsPublishedOnLoopbackOnceItListens() throws Exception {
        Path root = tmp.resolve("server");
        Files.createDirectories(root);
        Files.write(root.resolve("server"), Fixtures.staticPie(tmp.resolve("bin"), "server", SERVER));
        root.resolve("server").toFile().setExecutable(true);
        RunRequest req = new RunRequest(root, null, List.of("/server"), Map.of(), "/", null, Duration.ofSeconds(60),
                1L << 30, 1 << 20, "linux", 1, List.of(7777));
        java.util.concurrent.CompletableFuture<RunOutcome> done = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                done.complete(qemu.run(req));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        t.start();
        String reply = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (reply == null && System.nanoTime() < deadline && !done.isDone()) {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", 7777), 500);
                    // The first connection that is accepted must already reach the server: no premature publishing.
                    s.setSoTimeout(5000);
                    s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                    reply = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                    assertEquals("+PONG", reply);
                } catch (java.net.ConnectException notYet) {
                    Thread.sleep(100);
                }
            }
        } finally {
            t.interrupt();
            t.join(20_000);
        }
        String why = done.isDone() && !done.isCompletedExceptionally() ? "run ended: " + done.getNow(null) : "no answer in 60 s";
        assertEquals("+PONG", reply, why);
        assertFalse(t.isAlive());
        try (java.net.Socket s = new java.net.Socket()) {
            assertThrows(java.net.ConnectException.class, () -> s.connect(new java.net.InetSocketAddress("127.0.0.1", 7777), 500),
                    "the port is closed with the run");
        }
        QemuFixture.assertNoLeftovers(tmp.resolve("runs"));
    }

    @Test
    void aMissingProgramIsAnExitStatusNotACrashOfTheRunner() throws Exception {
        Path root = rootfs("missing");
        RunOutcome out = qemu.run(new RunRequest(root, null, List.of("/nope"), Map.of(), "/", null, Duration.ofSeconds(10),
                1L << 30, 1 << 20, "linux", 1));
        assertNull(out.error(), out.error());
        assertEquals(127, out.exitCode());
        assertFalse(new String(out.stderr(), StandardCharsets.UTF_8).isEmpty());
    }
}
