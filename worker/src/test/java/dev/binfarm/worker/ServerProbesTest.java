package dev.binfarm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.catalog.spec.HttpProbe;
import dev.binfarm.catalog.spec.Probe;
import dev.binfarm.catalog.spec.RedisProbe;
import dev.binfarm.catalog.spec.TcpProbe;
import dev.binfarm.results.ResultStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server machinery against real host servers (the emulator has no sockets yet): probes
 * against a Redis-style line server written here, and the whole start / wait for the port /
 * probe / stop cycle with {@code python3 -m http.server} as the server a runtime starts.
 */
class ServerProbesTest {
    @TempDir Path tmp;

    /** A tiny Redis-ish server: answers PING with +PONG and anything else with -ERR. */
    static ServerSocket redisLike() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream();
                    for (String line; (line = in.readLine()) != null; ) {
                        out.write((line.equals("PING") ? "+PONG\r\n" : "-ERR unknown command '" + line + "'\r\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // a probe closed early, or the server is closing
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void tcpAndRedisProbes() throws Exception {
        try (ServerSocket server = redisLike()) {
            int port = server.getLocalPort();
            assertNull(Probes.check(new TcpProbe(port), "127.0.0.1"));
            assertNull(Probes.check(new RedisProbe(port, List.of("PING", "PING"), List.of("+PONG", "+PONG")), "127.0.0.1"));
            assertEquals("redis [GET x] on port " + port + ": got '-ERR unknown command 'GET x'', expected '$-1'",
                    Probes.check(new RedisProbe(port, List.of("GET x"), List.of("$-1")), "127.0.0.1"));
        }
        int closed = freePort();
        String why = Probes.check(new TcpProbe(closed), "127.0.0.1");
        assertTrue(why != null && why.startsWith("tcp port " + closed + ": "), why);
    }

    /** Runs python3's HTTP server in the request's rootfs; an interrupt stops it, as the SPI promises. */
    static final class HostHttpServer implements Runtime {
        final List<Process> started = new ArrayList<>();

        @Override public String kind() { return "host"; }
        @Override public String name() { return "host"; }
        @Override public String version() { return "test"; }

        @Override
        public RunOutcome run(RunRequest request) throws InterruptedException {
            Process p;
            try {
                p = new ProcessBuilder(request.argv()).directory(request.rootfs().toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                return RunOutcome.failed("cannot start " + request.argv() + ": " + e.getMessage(), Duration.ZERO);
            }
            synchronized (started) { started.add(p); }
            try {
                int code = p.waitFor();
                return new RunOutcome(code, null, false, null, null, null, Duration.ZERO, 0, List.of(), null);
            } finally {
                p.destroy();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        }
    }

    static void needPython() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import http.server").start();
            Assumptions.assumeTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "python3 with http.server is needed");
        } catch (IOException | InterruptedException e) {
            Assumptions.abort("python3 is not installed");
        }
    }

    RunRequest httpServer(Path rootfs, int port, Duration timeout) {
        return new RunRequest(rootfs, null, List.of("python3", "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1"),
                Map.of(), "/", null, timeout, 1 << 30, 1 << 16, "linux", 1);
    }

    @Test
    void aServerIsStartedProbedAndStopped() throws Exception {
        needPython();
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(rootfs.resolve("index.html"), "<h1>hello from binfarm</h1>\n");
        int port = freePort();
        HostHttpServer rt = new HostHttpServer();
        List<Probe> probes = List.of(new TcpProbe(port), new HttpProbe(port, "GET", "/", 200, "hello from binfarm"));
        ServerCheck.Result r = ServerCheck.run(rt, httpServer(rootfs, port, Duration.ofSeconds(20)), probes, "127.0.0.1");
        assertEquals(Verdict.PASS, r.verdict());
        assertEquals(1, rt.started.size());
        assertTrue(rt.started.getFirst().waitFor(3, TimeUnit.SECONDS), "the server was stopped");
        assertTrue(!Probes.listening("127.0.0.1", port), "nothing listens any more");
    }

    @Test
    void aFailingProbeIsFailWithTheProbeAsReason() throws Exception {
        needPython();
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        int port = freePort();
        HostHttpServer rt = new HostHttpServer();
        List<Probe> probes = List.of(new HttpProbe(port, "GET", "/missing.html", 200, null));
        ServerCheck.Result r = ServerCheck.run(rt, httpServer(rootfs, port, Duration.ofSeconds(20)), probes, "127.0.0.1");
        assertEquals(Verdict.fail("probe http GET /missing.html on port " + port + ": status 404, expected 200"), r.verdict());
        assertTrue(rt.started.getFirst().waitFor(3, TimeUnit.SECONDS), "the server was stopped");
    }

    @Test
    void aServerThatNeverListensIsTimeoutAndOneThatExitsIsFail() throws Exception {
        needPython();
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        int port = freePort();
        RunRequest sleeper = new RunRequest(rootfs, null, List.of("python3", "-c", "import time; time.sleep(30)"), Map.of(), "/",
                null, Duration.ofSeconds(1), 1 << 30, 1024, "linux", 1);
        HostHttpServer rt = new HostHttpServer();
        long t0 = System.nanoTime();
        ServerCheck.Result r = ServerCheck.run(rt, sleeper, List.of(new TcpProbe(port)), "127.0.0.1");
        assertEquals(new Verdict(ResultStatus.TIMEOUT, "not listening on port " + port + " after 1 s"), r.verdict());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000);
        assertTrue(rt.started.getFirst().waitFor(3, TimeUnit.SECONDS), "the server was stopped");

        RunRequest quitter = new RunRequest(rootfs, null, List.of("python3", "-c", "raise SystemExit(3)"), Map.of(), "/",
                null, Duration.ofSeconds(10), 1 << 30, 1024, "linux", 1);
        r = ServerCheck.run(new HostHttpServer(), quitter, List.of(new TcpProbe(port)), "127.0.0.1");
        assertEquals(Verdict.fail("the server ended before listening on port " + port + " (exit status 3)"), r.verdict());
    }
}
