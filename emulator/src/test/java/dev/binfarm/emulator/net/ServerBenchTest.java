package dev.binfarm.emulator.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of issue 6: redis-benchmark and wrk against the emulated server
 * and against the same server native (chroot into the same rootfs), measured
 * in the same run, after warm-up runs (translated guest code is slow until
 * HotSpot compiles it). Opt-in ({@code -Dnet.bench=true}): it takes minutes
 * and the numbers depend on the machine.
 */
class ServerBenchTest {
    @TempDir Path tmp;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) { return s.getLocalPort(); }
    }

    static Process chroot(Path root, String... argv) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("chroot", root.toString()));
        cmd.addAll(List.of(argv));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/bin");
        return pb.start();
    }

    static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listens on " + port);
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
    }

    static long sequentialGets(int port, int n) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
            }
            return (System.nanoTime() - t0) / 1000 / n;
        }
    }

    @Test
    void redisEmulatedVersusNative() throws Exception {
        assumeTrue(Boolean.getBoolean("net.bench"), "opt-in: -Dnet.bench=true");
        Path app = RedisTest.redisApp();
        assumeTrue(app != null, "no dynamic-apps catalog");
        try {
            // Both servers run without RDB snapshots: a snapshot forks, which the emulator does not do (redis then
            // refuses writes with MISCONF after its first save point), and the native one gets the same options.
            var server = NetPrograms.start(dev.binfarm.emulator.Guest.builder().rootfs(app)
                    .argv("/usr/bin/redis-server", "/etc/redis/redis.conf", "--save", "").env(RedisTest.ENV)
                    .writableRootfs(true).timeout(Duration.ofMinutes(20)).maxMemory(2L << 30));
            int port = server.port(6379);
            for (int i = 0; i < 2; i++) RedisTest.benchmark(port, 20000, null); // warm-up: see nginxEmulatedVersusNative
            List<String> emu = RedisTest.benchmark(port, 20000, null);
            server.control().stop();
            server.await();
            int nativePort = freePort();
            Process p = chroot(app, "/usr/bin/redis-server", "/etc/redis/redis.conf", "--bind", "127.0.0.1", "--port",
                    String.valueOf(nativePort), "--save", "");
            List<String> nat;
            try {
                awaitListening(nativePort);
                nat = RedisTest.benchmark(nativePort, 20000, null);
            } finally {
                stop(p);
            }
            assertEquals(nat.size(), emu.size());
            System.out.println("redis-benchmark -n 20000 -c 20 requests/s: test, emulated, native, ratio");
            for (int i = 0; i < emu.size(); i++) {
                double e = RedisTest.rps(emu.get(i)), n = RedisTest.rps(nat.get(i));
                System.out.printf("  %-24s %10.0f %10.0f %6.1f%%%n", emu.get(i).split(",")[0].replace("\"", ""), e, n, 100 * e / n);
            }
        } finally {
            RedisTest.delete(app.getParent().getParent());
        }
    }

    @Test
    void nginxEmulatedVersusNative() throws Exception {
        assumeTrue(Boolean.getBoolean("net.bench"), "opt-in: -Dnet.bench=true");
        assumeTrue(Nginx.available(), "nginx is not installed");
        int nativePort = freePort();
        Path root = Nginx.rootfs(tmp.resolve("rootfs"), nativePort);
        var server = NetPrograms.start(Nginx.guest(root));
        int port = server.port(8080);
        // Translated blocks run in HotSpot's bytecode interpreter until HotSpot compiles them: warm up first.
        for (int i = 0; i < 4; i++) System.out.printf("nginx emulated warm-up %d: %.0f requests/s%n", i, Wrk.run(port, 5));
        long emuLatency = sequentialGets(port, 1000);
        double emu = Wrk.run(port, 5);
        server.control().stop();
        server.await();
        Process p = chroot(root, "/usr/sbin/nginx", "-c", "/etc/nginx/native.conf");
        double nat;
        long natLatency;
        try {
            awaitListening(nativePort);
            Wrk.run(nativePort, 2);
            natLatency = sequentialGets(nativePort, 1000);
            nat = Wrk.run(nativePort, 5);
        } finally {
            stop(p);
        }
        assertTrue(emu > 0 && nat > 0);
        System.out.printf("nginx wrk -t2 -c10 -d5s requests/s: emulated %.0f, native %.0f (%.1f%%); sequential GET: emulated %d us, native %d us%n",
                emu, nat, 100 * emu / nat, emuLatency, natLatency);
    }
}
