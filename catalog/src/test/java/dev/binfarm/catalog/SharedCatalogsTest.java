package dev.binfarm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.catalog.spec.Spec;
import dev.binfarm.emulator.elf.ElfKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact listings of the shared catalogs, synced through file:// URLs from copies. */
class SharedCatalogsTest {
    @TempDir static Path tmp;
    static MemoryCatalogStore store;
    static Catalogs catalogs;
    static String sourceBefore, sourceAfter;

    @BeforeAll
    static void syncBoth() throws Exception {
        Path dyn = Fixtures.copyShared("dynamic-apps.git", tmp.resolve("src"));
        Path spie = Fixtures.copyShared("static-pie-apps.git", tmp.resolve("src"));
        // One copy as shipped (no refs/ folder: the sync must cope), one repaired the way git would want it.
        Files.createDirectories(spie.resolve("refs"));
        sourceBefore = listing(dyn);
        store = new MemoryCatalogStore();
        catalogs = new Catalogs(tmp.resolve("home/catalogs"), store);
        catalogs.add("dynamic-apps", Fixtures.fileUrl(dyn), null);
        catalogs.add("static-pie-apps", Fixtures.fileUrl(spie), null);
        catalogs.sync("dynamic-apps");
        catalogs.sync("static-pie-apps");
        sourceAfter = listing(dyn);
    }

    @Test
    void syncNeverWritesIntoTheSource() {
        assertEquals(sourceBefore, sourceAfter);
        assertFalse(sourceAfter.lines().anyMatch(l -> l.startsWith("refs ")), "no refs/ folder was created in the source");
    }

    @Test
    void dynamicAppsListsExactlyItsEightDynamicApps() throws Exception {
        List<App> apps = catalogs.apps("dynamic-apps").apps();
        assertEquals(List.of("bc", "echo", "grep", "gzip", "ls", "redis7", "sed", "sqlite3"), apps.stream().map(App::name).toList());
        for (App a : apps) {
            assertEquals(ElfKind.DYNAMIC, a.kind(), a.name());
            assertEquals("/lib64/ld-linux-x86-64.so.2", a.interpreter(), a.name());
            assertEquals(a.name(), a.root());
            assertEquals(a.name(), a.filesystem());
            assertTrue(a.notes().isEmpty(), a.name() + " " + a.notes());
        }
        assertEquals("/usr/bin/sqlite3", find(apps, "sqlite3").elf());
        assertEquals("/bin/gzip", find(apps, "gzip").elf());
        assertEquals("/usr/bin/redis-server", find(apps, "redis7").elf());
        assertEquals(8, store.apps.get("dynamic-apps").size());
    }

    @Test
    void staticPieAppsListsExactlyBcGzipSqlite3() throws Exception {
        List<App> apps = catalogs.apps("static-pie-apps").apps();
        assertEquals(List.of("bc", "gzip", "sqlite3"), apps.stream().map(App::name).toList());
        for (App a : apps) {
            assertEquals(ElfKind.STATIC_PIE, a.kind(), a.name());
            assertNull(a.interpreter());
            assertEquals("/" + a.name(), a.elf());
            assertEquals(a.name() + "/" + a.name(), a.elfPath());
        }
        assertEquals("sqlite3/rootfs", find(apps, "sqlite3").filesystem());
        assertEquals("gzip/rootfs", find(apps, "gzip").filesystem());
        assertEquals("bc", find(apps, "bc").filesystem());
        assertTrue(find(apps, "sqlite3").elfOutsideFilesystem());
    }

    @Test
    void everySharedAppHasAWrittenSpec() throws Exception {
        for (String c : List.of("dynamic-apps", "static-pie-apps")) {
            for (App a : catalogs.apps(c).apps()) {
                Spec s = a.spec();
                assertTrue(s.source().startsWith("builtin:" + c + ".yaml:"), c + "/" + a.name() + " " + s.source());
                assertEquals(a.elf(), s.argv().get(0), c + "/" + a.name());
                assertTrue(s.isServer() || s.expect().exit() != null, c + "/" + a.name() + " has no exit expectation");
            }
        }
        App sqlite = find(catalogs.apps("dynamic-apps").apps(), "sqlite3");
        assertEquals(List.of("/usr/bin/sqlite3", "/chinook.db", "select count(*) from Album;"), sqlite.spec().argv());
        assertEquals("347\n", sqlite.spec().expect().stdout().equals());
        assertTrue(find(catalogs.apps("dynamic-apps").apps(), "redis7").spec().isServer());
    }

    @Test
    void recordedShaIsTheShaOfTheProgram() throws Exception {
        App bc = find(catalogs.apps("static-pie-apps").apps(), "bc");
        Path dir = catalogs.materialize("static-pie-apps", bc, tmp.resolve("run-bc"));
        byte[] bytes = Files.readAllBytes(dir.resolve("bc"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), bc.sha256());
        assertEquals(bytes.length, bc.size());
    }

    @Test
    void staticPieAppMaterialisesAsRootfsPlusProgram() throws Exception {
        App sqlite = find(catalogs.apps("static-pie-apps").apps(), "sqlite3");
        Path dir = catalogs.materialize("static-pie-apps", sqlite, tmp.resolve("run-sqlite"));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("chinook.db", "sqlite3"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.getPosixFilePermissions(dir.resolve("sqlite3")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertFalse(Files.getPosixFilePermissions(dir.resolve("chinook.db")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertEquals(917504, Files.size(dir.resolve("chinook.db")));
    }

    @Test
    void twoMaterialisationsAreIndependentAndLeaveTheMirrorAlone() throws Exception {
        App gzip = find(catalogs.apps("dynamic-apps").apps(), "gzip");
        Path mirror = tmp.resolve("home/catalogs/dynamic-apps.git");
        String before = listing(mirror);
        Path a = catalogs.materialize("dynamic-apps", gzip, tmp.resolve("run-a"));
        Path b = catalogs.materialize("dynamic-apps", gzip, tmp.resolve("run-b"));
        assertEquals("hello\n", Files.readString(a.resolve("input.txt")));
        Files.writeString(a.resolve("input.txt"), "changed by run a\n");
        Files.delete(a.resolve("bin/gzip"));
        assertEquals("hello\n", Files.readString(b.resolve("input.txt")));
        assertTrue(Files.isExecutable(b.resolve("bin/gzip")));
        assertTrue(Files.isExecutable(b.resolve("lib64/ld-linux-x86-64.so.2")));
        assertEquals(before, listing(mirror));
        Path c = catalogs.materialize("dynamic-apps", gzip, tmp.resolve("run-c"));
        assertEquals("hello\n", Files.readString(c.resolve("input.txt")));
        assertNotEquals(a, c);
    }

    static App find(List<App> apps, String name) {
        return apps.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no app " + name));
    }

    static String listing(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) sb.append(dir.relativize(p)).append(' ').append(Files.isRegularFile(p) ? Files.size(p) : -1)
                    .append(' ').append(Files.getLastModifiedTime(p)).append('\n');
        }
        return sb.toString();
    }
}
