package dev.binfarm.emulator.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 2: Debian's nginx in the emulator serves a static page to Java's HttpClient and to wrk. */
class NginxTest {
    @TempDir Path tmp;

    @Test
    void servesAThousandGetsAndWrk() throws Exception {
        assumeTrue(Nginx.available(), "nginx is not installed");
        Path root = Nginx.rootfs(tmp.resolve("rootfs"), 1);
        var server = NetPrograms.start(Nginx.guest(root));
        int port = server.port(8080);
        String page = Nginx.page();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < 1000; i++) {
                String path = i % 2 == 0 ? "/" : "/index.html";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), path);
                assertEquals(page, r.body(), path);
                assertEquals("text/html", r.headers().firstValue("content-type").orElse(""));
            }
            System.out.printf("nginx in the emulator: 1000 sequential GETs in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nope"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            double rps = Wrk.run(port, 5);
            assertTrue(rps > 0, "wrk requests/s");
            System.out.printf("nginx in the emulator: wrk -d5s %.0f requests/s%n", rps);
        } finally {
            http.close();
            server.control().stop();
        }
        GuestOutcome o = server.await();
        System.out.printf("nginx in the emulator: %d instructions, %.1f MIPS over %s%n", o.instructions(), o.mips(), o.wallTime());
        assertEquals(new GuestExit.Signaled(15, "stopped by request"), o.exit(), NetPrograms.text(o.stderr()));
    }
}
