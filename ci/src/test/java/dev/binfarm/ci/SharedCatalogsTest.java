package dev.binfarm.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1: {@code farm ci --reports out/} (its launcher, {@link CiLauncher}) over copies
 * of the shared catalogs ({@code ../shared/catalogs/*.git}, or $BINFARM_SHARED_CATALOGS) on
 * the emulator: one schema-valid XML file per catalog whose tests/failures/skipped counts
 * equal the run's cells in the database. Skipped, saying so, when the catalogs are absent.
 */
class SharedCatalogsTest {
    @TempDir Path tmp;

    static Path sharedCatalogs() {
        String env = System.getenv("BINFARM_SHARED_CATALOGS");
        if (env != null && !env.isBlank()) return Path.of(env);
        // The module runs in <worktree>/ci; the shared catalogs live next to the worktrees.
        return Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/catalogs");
    }

    @Test
    void xmlCountsEqualTheCellsOfTheRun() throws Exception {
        Path shared = sharedCatalogs();
        List<Path> repos;
        try (Stream<Path> s = Files.isDirectory(shared) ? Files.list(shared) : Stream.empty()) {
            repos = s.filter(p -> p.getFileName().toString().endsWith(".git")).sorted().toList();
        }
        Assumptions.assumeFalse(repos.isEmpty(), "no shared catalogs in " + shared + " (set BINFARM_SHARED_CATALOGS)");
        Map<String, String> cfg = new HashMap<>();
        for (Path repo : repos) {
            Path copy = tmp.resolve("catalogs").resolve(repo.getFileName().toString());
            copyTree(repo, copy);
            String name = repo.getFileName().toString().replaceFirst("\\.git$", "");
            cfg.put("binfarm.catalog." + name + ".url", copy.toUri().toString());
        }
        Path home = tmp.resolve("home"), out = tmp.resolve("out");
        var ran = CiSupport.ci(home, cfg, out, "previous");
        assertEquals(0, ran.outcome().exitCode(), "first run has nothing to regress against: " + ran.out());
        List<Path> files = CiSupport.validate(out);
        assertEquals(repos.size(), files.size(), "one XML file per catalog: " + files + "\n" + ran.out());
        CiSupport.Counts xml = CiSupport.sum(files);
        assertEquals(CiSupport.dbCounts(home, ran.outcome().run()), xml, ran.out());
        assertTrue(xml.tests() > 0, ran.out());
        assertEquals(xml.tests(), ran.outcome().cells());
        assertTrue(ran.out().contains("binfarm ci: run " + ran.outcome().run() + ": " + xml.tests() + " cells"), ran.out());
    }

    /** The shared repos are read-only and lack an empty refs/ (packed refs only); the copy gets one so git tools accept it. */
    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        Files.createDirectories(to.resolve("refs/heads"));
        Files.createDirectories(to.resolve("refs/tags"));
    }
}
