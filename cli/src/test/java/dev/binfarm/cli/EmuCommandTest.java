package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code farm emu} as a user runs it: each case starts a fresh JVM (small heap)
 * with the test class path, so exit statuses, stdio and heap bounds are real.
 */
class EmuCommandTest {
    static final String RAW = """
            static long sys(long n, long a, long b, long c) {
                long r;
                __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
                return r;
            }
            """;

    @TempDir static Path root;

    @BeforeAll
    static void compile() throws Exception {
        Files.writeString(root.resolve("input.txt"), "3\n4\n");
        gcc("hello", List.of("-static-pie"), "#include <stdio.h>\nint main(int c, char **v){ printf(\"hello %s\\n\", c > 1 ? v[1] : \"world\"); return 0; }");
        gcc("exit42", List.of("-static-pie"), "int main(){ return 42; }");
        gcc("abort", List.of("-static-pie"), "#include <stdlib.h>\nint main(){ abort(); }");
        gcc("sum", List.of("-static-pie"), "#include <stdio.h>\nint main(){ long s = 0, v; while (scanf(\"%ld\", &v) == 1) s += v; printf(\"%ld\\n\", s); return 0; }");
        gcc("env", List.of("-static-pie"), "#include <stdio.h>\n#include <stdlib.h>\nint main(){ printf(\"%s\\n\", getenv(\"GREETING\")); return 0; }");
        gcc("entropy", List.of("-static-pie"), """
                #include <stdio.h>
                #include <stdlib.h>
                #include <time.h>
                #include <sys/random.h>
                int main() {
                    unsigned long r; getrandom(&r, sizeof r, 0);
                    struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
                    int local; void *heap = malloc(64);
                    printf("%lx %ld.%09ld %p %p %p\\n", r, (long) ts.tv_sec, ts.tv_nsec, heap, (void *) &local, (void *) main);
                    return 0;
                }""");
        gcc("writer", List.of("-static-pie"), """
                #include <stdio.h>
                int main() {
                    FILE *f = fopen("/out.txt", "w"); if (!f) { perror("fopen"); return 1; }
                    fputs("kept in the run", f); fclose(f);
                    char b[64] = {0}; f = fopen("/out.txt", "r"); fgets(b, sizeof b, f); puts(b); return 0;
                }""");
        gcc("greeter", List.of("-static-pie"), """
                #include <netinet/in.h>
                #include <sys/socket.h>
                #include <unistd.h>
                int main() {
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(80)};
                    if (bind(s, (struct sockaddr *) &a, sizeof a) || listen(s, 1)) return 1;
                    int c = accept(s, 0, 0);
                    write(c, "hi from port 80\\n", 16);
                    close(c);
                    return 0;
                }""");
        gcc("spin", List.of("-static-pie", "-nostdlib", "-fcf-protection=none"), "void _start(void){ for(;;) __asm__ volatile(\"\"); }");
        gcc("flood", List.of("-static-pie", "-nostdlib", "-fcf-protection=none", "-fno-stack-protector"), RAW
                + "static char buf[4096];\nvoid _start(void){ for (int i = 0; i < 4096; i++) buf[i] = 'x'; for(;;) sys(1, 1, (long)buf, 4096); }");
    }

    static void gcc(String name, List<String> flags, String source) throws Exception {
        Path c = root.resolve(name + ".c");
        Files.writeString(c, source);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O1"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-o", root.resolve(name).toString(), c.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    record Run(int status, byte[] stdout, long stdoutBytes, String stderr) {
        String out() { return new String(stdout, StandardCharsets.UTF_8); }
    }

    /** Runs {@code farm emu ARGS} in a JVM with {@code heapMb} of heap; keeps at most 64 KiB of stdout. */
    static Run farm(int heapMb, byte[] stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-Xss16m", "-cp", System.getProperty("java.class.path"),
                Farm.class.getName(), "emu"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<long[]> counted = new CompletableFuture<>();
        byte[] head = new byte[64 * 1024];
        Thread reader = new Thread(() -> {
            long total = 0;
            int kept = 0;
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    int keep = Math.min(n, head.length - kept);
                    System.arraycopy(buf, 0, head, kept, keep);
                    kept += keep;
                    total += n;
                }
            } catch (IOException ignored) { }
            counted.complete(new long[] {total, kept});
        });
        reader.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try { return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8); }
            catch (IOException e) { return e.toString(); }
        });
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "farm emu did not finish");
        long[] c = counted.get(10, TimeUnit.SECONDS);
        return new Run(p.exitValue(), java.util.Arrays.copyOf(head, (int) c[1]), c[0], err.get(10, TimeUnit.SECONDS));
    }

    static String r() { return root.toString(); }

    @Test
    void runsAProgramWithArgumentsAndReturnsItsStatus() throws Exception {
        Run run = farm(128, null, "--rootfs", r(), "--", "/hello", "farm");
        assertEquals(0, run.status(), run.stderr());
        assertEquals("hello farm\n", run.out());
        assertEquals("", run.stderr());
        assertEquals(42, farm(128, null, "--rootfs", r(), "--", "/exit42").status());
    }

    @Test
    void signalsBecome128PlusN() throws Exception {
        Run run = farm(128, null, "--rootfs", r(), "--", "/abort");
        assertEquals(134, run.status());
        assertTrue(run.stderr().contains("signal 6"), run.stderr());
    }

    @Test
    void stdinIsTheCommandsOwnOrAFile() throws Exception {
        assertEquals("10\n", farm(128, "4\n6\n".getBytes(), "--rootfs", r(), "--", "/sum").out());
        assertEquals("7\n", farm(128, "100\n".getBytes(), "--rootfs", r(), "--stdin", root.resolve("input.txt").toString(), "--", "/sum").out());
    }

    @Test
    void environmentAndExeFromTheHost() throws Exception {
        assertEquals("hi there\n", farm(128, null, "--rootfs", r(), "--env", "GREETING=hi there", "--", "/env").out());
        Path empty = Files.createDirectories(root.resolve("empty"));
        Run run = farm(128, null, "--rootfs", empty.toString(), "--exe", root.resolve("hello").toString(), "--", "/hello", "exe");
        assertEquals("hello exe\n", run.out(), run.stderr());
    }

    @Test
    void writableRootfsKeepsChangesInTheRun() throws Exception {
        Run ro = farm(128, null, "--rootfs", r(), "--", "/writer");
        assertEquals(1, ro.status());
        assertTrue(ro.stderr().contains("Read-only file system"), ro.stderr());
        Run rw = farm(128, null, "--rootfs", r(), "--writable", "--", "/writer");
        assertEquals(0, rw.status(), rw.stderr());
        assertEquals("kept in the run\n", rw.out());
        assertFalse(Files.exists(root.resolve("out.txt")), "the host rootfs is never written");
    }

    @Test
    void statsAndTraceGoToStderr() throws Exception {
        Run run = farm(128, null, "--rootfs", r(), "--stats", "--trace", "--", "/hello");
        assertEquals("hello world\n", run.out());
        assertTrue(run.stderr().contains("write(1, "), run.stderr());
        assertTrue(run.stderr().contains("exit_group(0)"), run.stderr());
        assertTrue(run.stderr().matches("(?s).*farm: \\d+ instructions, [0-9.]+ s, [0-9.]+ guest MIPS, static-pie.*"), run.stderr());
    }

    @Test
    void separateJvmsGiveTheSameOutputAndTraceForTheSameSeed() throws Exception {
        Run a = farm(128, null, "--rootfs", r(), "--trace", "--seed", "9", "--", "/entropy");
        Run b = farm(128, null, "--rootfs", r(), "--trace", "--seed", "9", "--", "/entropy");
        Run c = farm(128, null, "--rootfs", r(), "--trace", "--seed", "10", "--", "/entropy");
        assertEquals(0, a.status(), a.stderr());
        assertEquals(a.out(), b.out());
        assertEquals(a.stderr(), b.stderr(), "the syscall trace repeats");
        assertTrue(a.stderr().contains("getrandom("), a.stderr());
        assertFalse(a.out().equals(c.out()), "another seed, other addresses and random bytes");
    }

    @Test
    void loopingGuestStopsAtTheTimeoutWith124() throws Exception {
        long t0 = System.nanoTime();
        Run run = farm(128, null, "--rootfs", r(), "--timeout", "1", "--", "/spin");
        assertEquals(124, run.status());
        assertEquals("farm: guest timed out after 1 s\n", run.stderr());
        assertTrue(System.nanoTime() - t0 < 15_000_000_000L);
    }

    @Test
    void floodingGuestIsCappedInASmallHeap() throws Exception {
        // 200 MiB through a 48 MiB heap: the output streams, nothing accumulates.
        Run run = farm(48, null, "--rootfs", r(), "--output-limit", "200", "--", "/flood");
        String marker = "\n[binfarm: output truncated after " + (200L << 20) + " bytes]\n";
        assertEquals((200L << 20) + marker.length(), run.stdoutBytes(), run.stderr());
        assertEquals(128 + 25, run.status(), run.stderr());
        assertTrue(run.stderr().contains("output limit"), run.stderr());
        assertFalse(run.stderr().contains("OutOfMemoryError"), run.stderr());
    }

    @Test
    void writingIntoAClosedPipeEndsWithSigpipe() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), Farm.class.getName(), "emu", "--rootfs", r(), "--", "/flood"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] first = p.getInputStream().readNBytes(100);
        assertEquals(100, first.length);
        p.getInputStream().close();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "guest kept running after its reader went away");
        assertEquals(128 + 13, p.exitValue());
    }

    @Test
    void usageErrorsAreOneLineWithStatus2() throws Exception {
        Run missingRootfs = farm(64, null, "--rootfs", root.resolve("nope").toString(), "--", "/hello");
        assertEquals(2, missingRootfs.status());
        assertEquals("farm: rootfs " + root.resolve("nope") + " is not a directory\n", missingRootfs.stderr());
        Run notElf = farm(64, null, "--rootfs", r(), "--", "/input.txt");
        assertEquals(2, notElf.status());
        assertEquals("farm: /input.txt: not an ELF file\n", notElf.stderr());
        Run missingProgram = farm(64, null, "--rootfs", r());
        assertEquals(2, missingProgram.status());
        assertFalse(missingProgram.stderr().contains("\tat "), missingProgram.stderr());
    }

    /** Starts farm emu for the greeter; reads the stderr line naming the host port; fetches the greeting. */
    private static String greet(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-Xss16m", "-cp", System.getProperty("java.class.path"), Farm.class.getName(), "emu",
                "--rootfs", r(), "--timeout", "60"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("--", "/greeter"));
        Process p = new ProcessBuilder(cmd).start();
        try {
            var err = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String line = err.readLine();
            assertTrue(line != null && line.matches("farm emu: guest port 80 listens on 127\\.0\\.0\\.1:\\d+"), String.valueOf(line));
            int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
            try (java.net.Socket c = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                String got = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue());
                return port + " " + got;
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aServerIsReachedAtTheReportedOrPublishedPort() throws Exception {
        String ephemeral = greet();
        assertTrue(ephemeral.endsWith(" hi from port 80\n"), ephemeral);
        int free;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) { free = probe.getLocalPort(); }
        assertEquals(free + " hi from port 80\n", greet("--publish", "80:" + free));
        Run bad = farm(128, null, "--rootfs", r(), "--publish", "80", "--", "/hello");
        assertEquals(2, bad.status(), bad.stderr());
        assertTrue(bad.stderr().contains("GUEST_PORT:HOST_PORT"), bad.stderr());
    }
}
