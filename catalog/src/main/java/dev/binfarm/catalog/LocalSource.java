package dev.binfarm.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.transport.URIish;

/**
 * Works around bare repositories without a {@code refs/} folder (such as the
 * read-only copies in ../shared/catalogs, whose refs all live in packed-refs).
 * Git and JGit refuse them as "not a git repository" even though they are
 * complete. Rather than touch the source, we fetch from a throw-away shadow
 * repository that has the source's HEAD and packed-refs and borrows its objects
 * through {@code objects/info/alternates}.
 */
final class LocalSource {
    private LocalSource() { }

    /** A shadow to fetch from instead of {@code uri}, or null when the source needs none. */
    static Path shadowIfNeeded(URIish uri, Path tempParent) throws IOException {
        if (uri.getScheme() != null && !uri.getScheme().equals("file")) return null;
        if (uri.getScheme() == null && uri.getHost() != null) return null;
        Path src = Path.of(uri.getPath());
        if (!Files.isDirectory(src.resolve("objects")) || !Files.isRegularFile(src.resolve("HEAD"))
                || Files.isDirectory(src.resolve("refs"))) return null;
        Path shadow = Files.createTempDirectory(tempParent, ".shadow-");
        Files.createDirectories(shadow.resolve("refs/heads"));
        Files.createDirectories(shadow.resolve("refs/tags"));
        Files.createDirectories(shadow.resolve("objects/info"));
        Files.copy(src.resolve("HEAD"), shadow.resolve("HEAD"));
        if (Files.isRegularFile(src.resolve("packed-refs"))) Files.copy(src.resolve("packed-refs"), shadow.resolve("packed-refs"));
        Files.writeString(shadow.resolve("config"), "[core]\n\trepositoryformatversion = 0\n\tbare = true\n");
        Files.writeString(shadow.resolve("objects/info/alternates"), src.resolve("objects").toAbsolutePath() + "\n");
        return shadow;
    }
}
