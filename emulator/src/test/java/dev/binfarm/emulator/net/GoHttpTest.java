package dev.binfarm.emulator.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 3: a Go net/http server (go build, CGO_ENABLED=0) in the emulator answers Java's HttpClient. */
class GoHttpTest {
    static final Path GO = Path.of("/usr/bin/go");

    @TempDir Path tmp;

    static Path build() throws Exception {
        Path src = NetPrograms.source("gohttp/main.go");
        Path cache = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target", "net-cache"));
        Path out = cache.resolve("gohttp-" + Integer.toHexString(Files.readString(src).hashCode()));
        if (Files.isRegularFile(out)) return out;
        ProcessBuilder pb = new ProcessBuilder(GO.toString(), "build", "-trimpath", "-o", out.toString(), src.toString())
                .redirectErrorStream(true);
        pb.environment().put("CGO_ENABLED", "0");
        pb.environment().put("GO111MODULE", "off");
        pb.environment().put("GOCACHE", cache.resolve("go-build").toString());
        pb.environment().put("GOPATH", cache.resolve("gopath").toString());
        pb.environment().put("HOME", cache.toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, "go build: " + log);
        return out;
    }

    @Test
    void goNetHttpServerAnswersHttpClient() throws Exception {
        assumeTrue(Files.isExecutable(GO), "Go is not installed");
        Path exe = build();
        Files.createDirectories(tmp.resolve("etc"));
        var server = NetPrograms.start(Guest.builder().rootfs(tmp).exe(exe).argv("/gohttp", ":8090")
                .env("GOMAXPROCS", "2").timeout(Duration.ofMinutes(5)));
        int port = server.port(8090);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            for (int i = 1; i <= 50; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello?name=java" + i))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("hello java" + i + " #" + i + "\n", r.body());
            }
            // Concurrent requests: goroutines on several guest threads.
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int k = 1; k <= 20; k++) {
                all.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sum?n=" + k * 1000))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (int k = 1; k <= 20; k++) {
                long n = k * 1000L;
                assertEquals(n * (n + 1) / 2 + "\n", all.get(k - 1).get(120, TimeUnit.SECONDS).body());
            }
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/none")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            http.close();
            server.control().stop();
        }
        GuestOutcome o = server.await();
        assertEquals(new GuestExit.Signaled(15, "stopped by request"), o.exit(), NetPrograms.text(o.stderr()));
        assertEquals("serving on :8090\n", NetPrograms.text(o.stdout()));
    }
}
