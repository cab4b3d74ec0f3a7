package dev.binfarm.results;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract through a real H2 TCP server on an ephemeral loopback port, as workers
 * on other machines will reach it; plus sharing between threads and between processes.
 */
class TcpStoreTest extends StoreContractTest {
    @TempDir
    Path home;

    Database owner;
    DatabaseServer server;

    @Override
    Database openStore() {
        owner = Database.openHome(home);
        server = owner.serve(0);
        assertTrue(server.url().startsWith("jdbc:h2:tcp://localhost:" + server.port() + "/"), server.url());
        assertNotEquals(0, server.port());
        return Database.open(server.url(), Database.USER, Database.PASSWORD);
    }

    @Override
    void closeStore() {
        server.close();
        owner.close();
    }

    @Test
    void theServingProcessAndTheRemoteClientSeeTheSameRows() {
        Catalog remote = db.catalogs().register("via-tcp", "file:///r", null, false);
        assertEquals(List.of(remote), owner.catalogs().list());
        Catalog local = owner.catalogs().register("embedded", "file:///e", null, false);
        assertEquals(List.of(local, remote), db.catalogs().list());
    }

    @Test
    void twoClientThreadsSeeEachOthersCommittedRows() throws Exception {
        try (Database second = Database.open(server.url(), Database.USER, Database.PASSWORD)) {
            CountDownLatch written = new CountDownLatch(1);
            CompletableFuture<Catalog> writer = CompletableFuture.supplyAsync(() -> {
                Catalog c = db.catalogs().register("from-thread-a", "file:///a", null, false);
                db.catalogs().recordRevision(c.id(), "aaaa", List.of(dynamicApp("ls")));
                written.countDown();
                return c;
            });
            CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    assertTrue(written.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                Catalog seen = second.catalogs().get("from-thread-a").orElseThrow();
                second.catalogs().recordRevision(seen.id(), "bbbb", List.of(dynamicApp("gzip")));
                return second.catalogs().currentApps(seen.id()).stream().map(App::name).toList();
            });
            Catalog c = writer.get(60, TimeUnit.SECONDS);
            assertEquals(List.of("gzip"), reader.get(60, TimeUnit.SECONDS));
            assertEquals("bbbb", db.catalogs().currentRevision(c.id()).orElseThrow().commit());
        }
    }

    @Test
    void anotherJvmProcessReadsAndWritesThroughTheServer() throws Exception {
        Catalog mine = db.catalogs().register("written-here", "file:///h", null, false);
        db.catalogs().recordRevision(mine.id(), "1234", List.of(dynamicApp("ls"), dynamicApp("sed")));

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RemoteClient.class.getName(), server.url(), "written-here")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("apps of written-here: ls,sed", out);

        Catalog theirs = db.catalogs().get("written-there").orElseThrow();
        assertEquals("cafe", db.catalogs().currentRevision(theirs.id()).orElseThrow().commit());
        assertEquals(List.of("echo"), db.catalogs().currentApps(theirs.id()).stream().map(App::name).toList());
    }

    /** The other process: reads a catalog's apps, then writes a catalog of its own. */
    static final class RemoteClient {
        public static void main(String[] args) {
            try (Database db = Database.open(args[0], Database.USER, Database.PASSWORD)) {
                Catalog c = db.catalogs().get(args[1]).orElseThrow();
                System.out.println("apps of " + args[1] + ": "
                        + String.join(",", db.catalogs().currentApps(c.id()).stream().map(App::name).toList()));
                Catalog theirs = db.catalogs().register("written-there", "file:///t", null, false);
                db.catalogs().recordRevision(theirs.id(), "cafe", List.of(dynamicApp("echo")));
            }
        }
    }
}
