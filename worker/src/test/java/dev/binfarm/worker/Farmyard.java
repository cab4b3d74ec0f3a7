package dev.binfarm.worker;

import dev.binfarm.catalog.Catalogs;
import dev.binfarm.results.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A farm home for tests: a real H2 database, catalogs synced from copies of the shared
 * catalogs or from repositories built with JGit, programs compiled with gcc at test time.
 */
final class Farmyard implements AutoCloseable {
    final Path home;
    final Database db;
    final Catalogs catalogs;

    Farmyard(Path home) {
        this.home = home;
        this.db = Database.openHome(home);
        this.catalogs = new Catalogs(home.resolve("catalogs"), new DbStore(db.catalogs()));
    }

    /** Registers and syncs a catalog; returns the synced commit. */
    String sync(String name, Path repo) throws Exception {
        catalogs.add(name, repo.toUri().toString(), null);
        return catalogs.sync(name).commit();
    }

    @Override
    public void close() { db.close(); }

    // ---- shared catalogs (copied, never touched)

    static Path sharedCatalogs() {
        String env = System.getenv("BINFARM_SHARED");
        if (env != null && Files.isDirectory(Path.of(env, "catalogs"))) return Path.of(env, "catalogs");
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/catalogs");
            if (Files.isDirectory(c.resolve("static-pie-apps.git"))) return c;
        }
        return null;
    }

    static Path copyShared(String repo, Path dir) throws IOException {
        Path shared = sharedCatalogs();
        Assumptions.assumeTrue(shared != null, "../shared/catalogs is absent on this machine: shared-catalog tests skipped");
        Path to = dir.resolve(repo);
        try (Stream<Path> s = Files.walk(shared.resolve(repo))) {
            for (Path p : s.toList()) {
                Path t = to.resolve(shared.resolve(repo).relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
                t.toFile().setWritable(true, true);
            }
        }
        return to;
    }

    /** Path -> SHA-256 of every file under {@code dir}, to show a tree was not touched. */
    static String digest(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                sb.append(dir.relativize(p));
                if (Files.isRegularFile(p)) sb.append(' ').append(HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
