package dev.binfarm.emulator.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * The shared static-pie-apps catalog (../shared/catalogs, FACTS.md), cloned into a temp dir. The
 * shared bare repository is never touched: it is copied first, and the copy gets the empty refs/
 * directory the stored repository lacks so that it is clonable.
 */
final class StaticPieCatalog implements AutoCloseable {
    static final String REPO = "static-pie-apps.git";

    private final Path work;
    private final Path checkout;

    private StaticPieCatalog(Path work, Path checkout) {
        this.work = work;
        this.checkout = checkout;
    }

    /** The shared catalogs directory, or null when this machine has none (a fresh user machine). */
    static Path sharedCatalogs() {
        String explicit = System.getProperty("binfarm.shared", System.getenv("BINFARM_SHARED"));
        if (explicit != null) {
            Path p = Path.of(explicit, "catalogs");
            return Files.isDirectory(p.resolve(REPO)) ? p : null;
        }
        // ../shared next to the project root; the tests run from a module directory one level down.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolveSibling("shared").resolve("catalogs");
            if (Files.isDirectory(p.resolve(REPO))) return p;
        }
        return null;
    }

    static StaticPieCatalog cloneFrom(Path catalogs) {
        try {
            Path work = Files.createTempDirectory("static-pie-apps");
            Path bare = work.resolve(REPO);
            CorpusRootfs.copyTree(catalogs.resolve(REPO), bare);
            Files.createDirectories(bare.resolve("refs"));
            Path checkout = work.resolve("checkout");
            try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(checkout.toFile()).call()) {
                return new StaticPieCatalog(work, checkout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot clone " + REPO + ": " + e.getMessage(), e);
        }
    }

    /** A path inside the checked-out catalog, e.g. {@code bc/bc} or {@code sqlite3/rootfs}. */
    Path resolve(String relative) { return checkout.resolve(relative); }

    @Override
    public void close() { CorpusRootfs.deleteTree(work); }
}
