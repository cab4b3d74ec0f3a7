package dev.binfarm.worker.qemu;

import dev.binfarm.catalog.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.binfarm.catalog.App;
import dev.binfarm.catalog.Catalog;
import dev.binfarm.catalog.CatalogStore;
import dev.binfarm.catalog.Catalogs;
import dev.binfarm.results.AppEntry;
import dev.binfarm.results.CatalogDao;
import dev.binfarm.results.CatalogRevision;
import dev.binfarm.results.Database;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.worker.CellExecutor;
import dev.binfarm.worker.CellOutcome;
import dev.binfarm.worker.CellSpec;
import dev.binfarm.worker.RunOutcome;
import dev.binfarm.worker.RunRequest;
import dev.binfarm.worker.Runtimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: the shared catalogs' workloads PASS on qemu-linux through the worker's CellExecutor:
 * every dynamic-apps batch app, redis7 through its probes (user-mode network + loopback forward),
 * and the static-pie apps (gzip among them: it refused input files dated 0 before the initramfs
 * carried real mtimes, and it deletes its input, which the host rootfs must show too).
 */
class QemuLinuxCatalogTest {
    @TempDir static Path tmp;
    static Database db;
    static CellExecutor executor;
    static String dynamic;
    static String staticPie;
    static QemuLinuxRuntime qemu;

    @BeforeAll
    static void farm() throws Exception {
        qemu = QemuFixture.runtime(tmp.resolve("runs"));
        Path home = tmp.resolve("home");
        db = Database.openHome(home);
        Catalogs catalogs = new Catalogs(home.resolve("catalogs"), new DbStore(db.catalogs()));
        Path copy = Fixtures.copyShared("dynamic-apps.git", tmp.resolve("src"));
        catalogs.add("dynamic-apps", copy.toUri().toString(), null);
        dynamic = catalogs.sync("dynamic-apps").commit();
        catalogs.add("static-pie-apps", Fixtures.copyShared("static-pie-apps.git", tmp.resolve("src")).toUri().toString(), null);
        staticPie = catalogs.sync("static-pie-apps").commit();
        executor = new CellExecutor(home, db, Runtimes.of(qemu));
    }

    @AfterAll
    static void close() {
        if (db != null) db.close();
    }

    @Test
    void sharedAppsPassOnQemuLinux() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String app : List.of("echo", "sqlite3", "gzip", "bc", "sed", "grep", "ls", "redis7")) {
            CellOutcome o = executor.execute(new CellSpec("dynamic-apps", dynamic, app, "qemu-linux", "linux"));
            if (o.status() != ResultStatus.PASS) failures.add(app + ": " + o.status() + " " + o.reason());
        }
        for (String app : List.of("bc", "gzip", "sqlite3")) {
            CellOutcome o = executor.execute(new CellSpec("static-pie-apps", staticPie, app, "qemu-linux", "linux"));
            if (o.status() != ResultStatus.PASS) failures.add("static " + app + ": " + o.status() + " " + o.reason());
        }
        assertEquals(List.of(), failures);
        try (Stream<Path> s = Files.list(executor.workRoot())) {
            assertEquals(List.of(), s.toList(), "work dirs left");
        }
        QemuFixture.assertNoLeftovers(tmp.resolve("runs"));
    }

    /** Acceptance 5, QEMU half: 30 boots leave no QEMU process and no temp dir (a trivial app: the boot dominates). */
    @Test
    void thirtyRunsLeaveNothingBehind() throws Exception {
        Path root = tmp.resolve("trivial");
        Files.createDirectories(root);
        Files.write(root.resolve("true"), Fixtures.staticPie(tmp.resolve("bin"), "true", "int main(void){return 7;}\n"));
        root.resolve("true").toFile().setExecutable(true);
        long t0 = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            RunOutcome o = qemu.run(new RunRequest(root, null, List.of("/true"), Map.of(), "/", null, Duration.ofSeconds(10),
                    1L << 30, 1 << 20, "linux", 1));
            assertNull(o.error(), o.error());
            assertEquals(7, o.exitCode());
        }
        System.out.printf("30 qemu-linux runs took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        QemuFixture.assertNoLeftovers(tmp.resolve("runs"));
    }

    /** The results database as the catalog store, as the cli and the worker tests wire it. */
    static final class DbStore implements CatalogStore {
        private final CatalogDao dao;

        DbStore(CatalogDao dao) { this.dao = dao; }

        @Override public void register(String name, String url, String branch) { dao.registerOrUpdate(name, url, branch, false); }

        @Override public void registerIfAbsent(String name, String url, String branch) { dao.ensure(name, url, branch, true); }

        @Override public Optional<Catalog> find(String name) { return dao.get(name).map(this::catalog); }

        @Override public List<Catalog> list() { return dao.list().stream().map(this::catalog).toList(); }

        @Override
        public void recordRevision(String name, String commit, Instant syncedAt, List<App> apps) {
            long id = dao.get(name).orElseThrow().id();
            dao.recordRevision(id, commit, syncedAt, apps.stream().map(a -> new AppEntry(a.name(), a.root(), a.filesystem(),
                    a.kind().label(), a.elf(), a.elfPath(), a.interpreter(), a.sha256(), a.size(), a.spec().source(), a.notes()))
                    .toList());
        }

        private Catalog catalog(dev.binfarm.results.Catalog c) {
            Catalog.Revision rev = null;
            Optional<CatalogRevision> r = dao.currentRevision(c.id());
            if (r.isPresent()) rev = new Catalog.Revision(r.get().commit(), r.get().syncedAt(), dao.currentApps(c.id()).size());
            return new Catalog(c.name(), c.url(), c.branch(), rev);
        }
    }
}
