package dev.binfarm.emulator.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Acceptance 1: redis7 of dynamic-apps.git started as shipped
 * ({@code /usr/bin/redis-server /etc/redis/redis.conf}, which binds
 * 172.44.0.2:6379) answers a Java RESP client, and redis-benchmark.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisTest {
    static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "HOME", "/tmp", "LANG", "C", "TZ", "UTC");

    Path work, app;

    @BeforeAll
    void cloneCatalog() throws Exception {
        app = redisApp();
        assumeTrue(app != null, "the shared dynamic-apps catalog is not here");
        work = app.getParent().getParent();
    }

    /** Clones dynamic-apps.git into a temp dir; its redis7 folder, or null without the catalog. */
    static Path redisApp() throws Exception {
        Path catalogs = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && catalogs == null; dir = dir.getParent()) {
            Path p = dir.resolveSibling("shared").resolve("catalogs");
            if (Files.isDirectory(p.resolve("dynamic-apps.git"))) catalogs = p;
        }
        if (catalogs == null) return null;
        Path work = Files.createTempDirectory("redis-net");
        Path bare = work.resolve("dynamic-apps.git");
        copyTree(catalogs.resolve("dynamic-apps.git"), bare);
        Files.createDirectories(bare.resolve("refs"));
        Path checkout = work.resolve("checkout");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(checkout.toFile()).call()) {
            return checkout.resolve("redis7");
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) Files.createSymbolicLink(dst, Files.readSymbolicLink(p));
                else if (Files.isDirectory(p)) Files.createDirectories(dst);
                else Files.copy(p, dst, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    static void delete(Path dir) throws IOException {
        if (dir == null) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) p.toFile().delete();
        }
    }

    @AfterAll
    void clean() throws IOException { delete(work); }

    static Guest.Builder redis(Path app) {
        return Guest.builder().rootfs(app).argv("/usr/bin/redis-server", "/etc/redis/redis.conf").env(ENV)
                .writableRootfs(true).timeout(Duration.ofMinutes(5)).maxMemory(2L << 30);
    }

    @Test
    void answersAJavaClientAsShipped() throws Exception {
        var server = NetPrograms.start(redis(app));
        int port = server.port(6379);
        try (Resp r = new Resp(port)) {
            assertEquals("PONG", r.call("PING"));
            for (int i = 0; i < 1000; i++) r.send("SET", "key:" + i, "value-" + i * 7);
            for (int i = 0; i < 1000; i++) assertEquals("OK", r.read());
            for (int i = 0; i < 1000; i++) r.send("GET", "key:" + i);
            for (int i = 0; i < 1000; i++) assertEquals("value-" + i * 7, r.read());
            assertEquals(null, r.call("GET", "missing"));
            assertEquals(1L, r.call("INCR", "counter"));
            assertEquals(42L, r.call("INCRBY", "counter", "41"));
            assertEquals(3L, r.call("LPUSH", "list", "a", "b", "c"));
            assertEquals(List.of("c", "b", "a"), r.call("LRANGE", "list", "0", "-1"));
            assertEquals(1L, r.call("EXPIRE", "key:1", "100"));
            long ttl = (Long) r.call("TTL", "key:1");
            assertTrue(ttl > 90 && ttl <= 100, "ttl " + ttl);
            assertEquals(1002L, r.call("DBSIZE"));
            r.send("SHUTDOWN", "NOSAVE");
            try {
                Object reply = r.read();
                throw new AssertionError("SHUTDOWN answered " + reply);
            } catch (IOException closed) {
                // redis closes the connection as it exits
            }
        }
        GuestOutcome o = server.await();
        assertEquals(0, o.exit().status(), () -> o.exit() + "\n" + NetPrograms.text(o.stdout()) + NetPrograms.text(o.stderr()));
        assertTrue(NetPrograms.text(o.stdout()).contains("Ready to accept connections"), NetPrograms.text(o.stdout()));
    }

    /** redis-benchmark (Debian redis-tools) against the port; its CSV lines ("test","rps",...). */
    static List<String> benchmark(int port, int requests, String tests) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-n", String.valueOf(requests), "-c", "20", "--csv"));
        if (tests != null) { cmd.add("-t"); cmd.add(tests); }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(600, java.util.concurrent.TimeUnit.SECONDS), "redis-benchmark finished");
        assertEquals(0, p.exitValue(), out);
        List<String> rows = new ArrayList<>();
        for (String line : out.split("\n")) if (line.startsWith("\"") && !line.startsWith("\"test\"")) rows.add(line.trim());
        return rows;
    }

    static double rps(String csvRow) {
        return Double.parseDouble(csvRow.split(",")[1].replace("\"", ""));
    }

    @Test
    void redisBenchmarkCompletes() throws Exception {
        var server = NetPrograms.start(redis(app));
        int port = server.port(6379);
        List<String> rows = benchmark(port, 20000, "ping,set,get,incr,lpush");
        assertEquals(6, rows.size(), String.join("\n", rows)); // PING_INLINE and PING_MBULK, SET, GET, INCR, LPUSH
        for (String row : rows) assertTrue(rps(row) > 0, row);
        System.out.println("redis-benchmark -n 20000 (emulated redis7):\n" + String.join("\n", rows));
        try (Resp r = new Resp(port)) {
            assertTrue(((Long) r.call("DBSIZE")) >= 2, "the benchmark wrote keys");
            r.send("SHUTDOWN", "NOSAVE");
            try { r.read(); } catch (IOException closed) { /* exits */ }
        }
        assertEquals(0, server.await().exit().status());
    }
}
