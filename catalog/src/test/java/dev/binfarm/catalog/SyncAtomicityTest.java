package dev.binfarm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A failed sync prints one line, records nothing and leaves the previous revision usable. */
class SyncAtomicityTest {
    @TempDir Path tmp;
    MemoryCatalogStore store;
    Catalogs catalogs;
    Path source;
    ObjectId first;

    @BeforeEach
    void syncOnce() throws Exception {
        source = tmp.resolve("src.git");
        first = Fixtures.commit(source, Map.of("hello/hello", Fixtures.Entry.exe(elf()), "hello/rootfs/x.txt",
                Fixtures.Entry.file("x\n")), "first");
        store = new MemoryCatalogStore();
        catalogs = new Catalogs(tmp.resolve("home/catalogs"), store);
        catalogs.add("cat", Fixtures.fileUrl(source), null);
        catalogs.sync("cat");
    }

    @TempDir static Path buildDir;
    static byte[] staticPie;

    @BeforeAll
    static void build() throws Exception {
        staticPie = Fixtures.gcc(buildDir, "hello", Fixtures.HELLO, "-static-pie");
    }

    static byte[] elf() { return staticPie; }

    @ParameterizedTest
    @ValueSource(strings = {"file:///nonexistent/repo.git", "http://127.0.0.1:1/x.git", "/nonexistent/path.git"})
    void unreachableUrl(String url) throws Exception {
        store.register("cat", url, null);
        assertFailsCleanly(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://", "ht!tp://x/y", "ht!tp:/nowhere", "relative/path", "gopher://example.com/x", "file:// with space"})
    void malformedUrl(String url) throws Exception {
        store.register("cat", url, null);
        assertFailsCleanly(url);
        assertThrows(CatalogException.class, () -> catalogs.add("other", url, null), "add must refuse it too");
        assertFalse(store.find("other").isPresent());
    }

    @Test
    void missingBranch() throws Exception {
        store.register("cat", Fixtures.fileUrl(source), "no-such-branch");
        String msg = assertFailsCleanly(Fixtures.fileUrl(source));
        assertTrue(msg.endsWith("branch 'no-such-branch' not found"), msg);
    }

    @Test
    void corruptRepository() throws Exception {
        Fixtures.commit(source, Map.of("other/other", Fixtures.Entry.exe(elf()), "other/rootfs/big.txt",
                Fixtures.Entry.file("y".repeat(100_000))), "second");
        // Clobber every loose object: the new commit and its tree can no longer be read.
        try (Stream<Path> s = Files.walk(source.resolve("objects"))) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().length() == 2).toList()) {
                try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                    f.seek(Math.min(8, f.length() - 1));
                    f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
                }
            }
        }
        String msg = assertFailsCleanly(Fixtures.fileUrl(source));
        assertTrue(msg.contains(": repository is corrupt: "), msg);
        assertTrue(msg.length() < 300, msg);
    }

    @Test
    void brokenSpecInTheRepoFailsTheSync() throws Exception {
        Fixtures.commit(source, Map.of("hello/hello", Fixtures.Entry.exe(elf()),
                "binfarm.yaml", Fixtures.Entry.file("apps:\n  hello:\n    timout: 5\n")), "bad spec");
        String msg = assertFailsCleanly(Fixtures.fileUrl(source));
        assertTrue(msg.endsWith("binfarm.yaml:3: apps.hello: unknown key 'timout' (did you mean 'timeout'?)"), msg);
    }

    @Test
    void storeFailureIsOneLineAndTheNextSyncRecovers() throws Exception {
        ObjectId second = Fixtures.commit(source, Map.of("two/two", Fixtures.Entry.exe(elf())), "second");
        MemoryCatalogStore failing = new MemoryCatalogStore() {
            @Override
            public synchronized void recordRevision(String name, String commit, java.time.Instant at, List<App> found) {
                throw new IllegalStateException("database is read-only");
            }
        };
        failing.catalogs.putAll(store.catalogs);
        CatalogException e = assertThrows(CatalogException.class,
                () -> new Catalogs(tmp.resolve("home/catalogs"), failing).sync("cat"));
        assertEquals("cannot sync cat from " + Fixtures.fileUrl(source) + ": cannot record the revision: database is read-only", e.getMessage());
        assertEquals(first.name(), failing.find("cat").orElseThrow().revision().commit());
        assertEquals(second.name(), catalogs.sync("cat").commit());
    }

    @Test
    void oneSyncAtATime() throws Exception {
        try (SyncLock held = SyncLock.take(tmp.resolve("home/catalogs"), "cat")) {
            CatalogException e = assertThrows(CatalogException.class, () -> catalogs.sync("cat"));
            assertTrue(e.getMessage().endsWith(": another sync of cat is running"), e.getMessage());
        }
        assertEquals(first.name(), catalogs.sync("cat").commit());
    }

    @Test
    void failedFirstSyncLeavesNoMirrorBehind() throws Exception {
        catalogs.add("fresh", "file:///nonexistent/x.git", null);
        assertThrows(CatalogException.class, () -> catalogs.sync("fresh"));
        assertFalse(Files.exists(tmp.resolve("home/catalogs/fresh.git")));
        try (Stream<Path> s = Files.list(tmp.resolve("home/catalogs"))) {
            assertEquals(List.of("cat.git", "cat.lock", "fresh.lock"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folders left");
        }
    }

    @Test
    void successfulResyncMovesToTheNewCommitAndKeepsTheOld() throws Exception {
        assertFalse(catalogs.sync("cat").changed());
        ObjectId second = Fixtures.commit(source, Map.of("hello/hello", Fixtures.Entry.exe(elf()),
                "two/two", Fixtures.Entry.exe(elf())), "second");
        Catalogs.SyncResult r = catalogs.sync("cat");
        assertTrue(r.changed());
        assertEquals(second.name(), r.commit());
        assertEquals(first.name(), r.previousCommit());
        assertEquals(List.of("hello", "two"), catalogs.apps("cat").apps().stream().map(App::name).toList());
        try (Repository mirror = new FileRepositoryBuilder().setGitDir(tmp.resolve("home/catalogs/cat.git").toFile()).build()) {
            assertTrue(mirror.getObjectDatabase().has(first), "earlier revisions stay in the mirror");
            assertEquals(first, mirror.resolve(CatalogMirror.REVISIONS + first.name()));
        }
    }

    /** Syncs, expects the one-line failure, and checks that nothing moved. Returns the message. */
    private String assertFailsCleanly(String url) throws Exception {
        Catalog before = store.find("cat").orElseThrow();
        int recorded = store.revisionsRecorded;
        List<App> appsBefore = store.apps.get("cat");
        CatalogException e = assertThrows(CatalogException.class, () -> catalogs.sync("cat"));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("cannot sync cat from " + url + ": "), msg);
        assertFalse(msg.contains("\n"), msg);
        assertTrue(msg.length() > ("cannot sync cat from " + url + ": ").length() + 3, "a reason is given: " + msg);
        assertEquals(recorded, store.revisionsRecorded, "nothing recorded");
        assertEquals(before.revision(), store.find("cat").orElseThrow().revision());
        assertEquals(appsBefore, store.apps.get("cat"));
        assertEquals(first.name(), store.find("cat").orElseThrow().revision().commit());
        assertEquals(List.of("hello"), catalogs.apps("cat").apps().stream().map(App::name).toList(), "previous revision still listed");
        return msg;
    }
}
