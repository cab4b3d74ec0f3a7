package dev.binfarm.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * The speed-table workloads of FACTS.md (sqlite3 recursive CTE over 1e6 rows, {@code bc -l} computing
 * pi to 1500 digits, gzip -c of a 20 MB generated text), with the dynamic glibc builds of the shared
 * dynamic-apps catalog: each app's folder is its complete rootfs (ELF, libraries, loader), which the
 * native run chroots into, qemu-x86_64 gets as {@code -L} and the emulator as its root. The catalog is
 * cloned once into the bench directory; gzip's input is written into a copy of its app folder.
 */
final class CatalogWorkloads {
    static final String REPO = "dynamic-apps.git";

    private CatalogWorkloads() { }

    static String cte(int rows) {
        return "WITH RECURSIVE c(x) AS (VALUES(1) UNION ALL SELECT x+1 FROM c WHERE x<" + rows + ") SELECT count(*), sum(x) FROM c;";
    }

    /** Full sizes as FACTS.md, or small ones (about a second in the emulator) for {@code --short}. */
    static List<BenchCommand.Workload> prepare(Path catalogs, Path work, boolean small) {
        Path apps = apps(catalogs, work);
        int rows = small ? 20_000 : 1_000_000;
        int scale = small ? 200 : 1500;
        int mib = small ? 1 : 20;
        Path gzipRoot = work.resolve("catalog-run/gzip");
        copyTree(apps.resolve("gzip"), gzipRoot);
        writeText(gzipRoot.resolve("big-" + mib + "m.txt"), (long) mib << 20);
        return List.of(
                new BenchCommand.Workload("sqlite3 recursive CTE, " + rows + " rows", apps.resolve("sqlite3"),
                        apps.resolve("sqlite3/usr/bin/sqlite3"), List.of("/usr/bin/sqlite3", ":memory:", cte(rows)), new byte[0]),
                new BenchCommand.Workload("bc -l: 4*a(1) with scale=" + scale, apps.resolve("bc"), apps.resolve("bc/usr/bin/bc"),
                        List.of("/usr/bin/bc", "-l"), ("scale=" + scale + "\n4*a(1)\n").getBytes(StandardCharsets.US_ASCII)),
                new BenchCommand.Workload("gzip -c of a " + mib + " MB text file", gzipRoot, gzipRoot.resolve("bin/gzip"),
                        List.of("/bin/gzip", "-c", "/big-" + mib + "m.txt"), new byte[0]));
    }

    /** The dynamic-apps checkout (cloned on first use); its sqlite3 folder is the start-to-main subject. */
    static Path apps(Path catalogs, Path work) {
        Path bare = catalogs.resolve(REPO);
        if (!Files.isDirectory(bare)) throw new UserError("--catalogs: no " + REPO + " in " + catalogs);
        return checkout(bare, work.resolve("catalog"));
    }

    /** ../shared/catalogs next to the working directory or one of its parents, when it holds the catalog. */
    static Path findShared() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolveSibling("shared").resolve("catalogs");
            if (Files.isDirectory(p.resolve(REPO))) return p;
        }
        return null;
    }

    /** Clones a copy of the bare repository (the stored one lacks refs/ and must stay untouched). */
    private static Path checkout(Path bare, Path dir) {
        Path apps = dir.resolve("dynamic-apps");
        if (Files.isDirectory(apps.resolve("sqlite3"))) return apps;
        Path copy = dir.resolve(REPO);
        copyTree(bare, copy);
        try {
            Files.createDirectories(copy.resolve("refs"));
            try (Git git = Git.cloneRepository().setURI(copy.toUri().toString()).setDirectory(apps.toFile()).call()) {
                return apps;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new UserError("cannot clone " + bare + ": " + e.getMessage());
        }
    }

    /** A deterministic, compressible text of about {@code bytes} bytes (made once, then reused). */
    private static void writeText(Path file, long bytes) {
        if (Files.isRegularFile(file) && sizeOf(file) >= bytes) return;
        String[] words = {"lorem", "ipsum", "binfarm", "emulator", "syscall", "guest", "kernel", "page", "block", "farm",
                "catalog", "static", "pie", "unikraft", "elf", "loader", "x86", "register", "flags", "vector"};
        long seed = 42;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            long written = 0;
            int col = 0;
            while (written < bytes) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                String word = words[(int) ((seed >>> 33) % words.length)];
                w.write(word);
                written += word.length();
                col += word.length();
                if (col > 70) { w.write('\n'); col = 0; } else w.write(' ');
                written++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void copyTree(Path from, Path to) {
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(d).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.copy(f, to.resolve(from.relativize(f).toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
