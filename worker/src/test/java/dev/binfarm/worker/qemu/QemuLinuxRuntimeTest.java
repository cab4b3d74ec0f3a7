package dev.binfarm.worker.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    @TempDir static Path tmp;
    static QemuLinuxRuntime qemu;
    static byte[] probe;

    @BeforeAll
    static void setUp() throws Exception {
        qemu = QemuFixture.runtime(tmp.resolve("runs"));
        probe = QemuFixture.staticPie(tmp.resolve("bin"), "probe", PROBE);
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
