package dev.binfarm.catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.URIish;

/**
 * Works around bare repositories without a {@code refs/} folder (such as the
 * read-only copies in ../shared/catalogs, whose refs all live in packed-refs).
 * Git and JGit refuse them as "not a git repository" even though they are
 * complete. Rather than touch the source, we fetch from a throw-away shadow
 * repository that has the source's HEAD and packed-refs and borrows its objects
 * through {@code objects/info/alternates}.
 *
 * <p>Also reads every object a local fetch would copy before fetching: JGit
 * serves local fetches from an in-process upload-pack thread that prints a
 * stack trace on a corrupt object, and the user must see one line instead.
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

    /** The git dir a {@code uri} names on this machine, or null when it is remote. */
    static Path localGitDir(URIish uri) {
        if (uri.getScheme() != null && !uri.getScheme().equals("file")) return null;
        if (uri.getScheme() == null && uri.getHost() != null) return null;
        Path p = Path.of(uri.getPath());
        if (Files.isDirectory(p.resolve(".git"))) p = p.resolve(".git");
        return Files.isDirectory(p.resolve("objects")) ? p : null;
    }

    /**
     * Reads every object reachable from the source's branches that {@code mirror}
     * does not already have, so corruption is reported here, in one line.
     */
    static void verify(Path gitDir, Repository mirror) throws IOException, CatalogException {
        try (Repository src = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
             ObjectReader reader = src.newObjectReader();
             ObjectWalk walk = new ObjectWalk(reader)) {
            for (Ref r : src.getRefDatabase().getRefsByPrefix("refs/heads/")) {
                if (r.getObjectId() != null) walk.markStart(walk.parseAny(r.getObjectId()));
            }
            for (Ref r : mirror.getRefDatabase().getRefsByPrefix("refs/binfarm/")) {
                ObjectId id = r.getObjectId();
                if (id != null && src.getObjectDatabase().has(id)) walk.markUninteresting(walk.parseAny(id));
            }
            for (RevObject o = walk.next(); o != null; o = walk.next()) { /* commits: parsed by the walk */ }
            for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
                read(reader, o);
            }
        } catch (org.eclipse.jgit.errors.MissingObjectException | org.eclipse.jgit.errors.CorruptObjectException
                 | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            throw new CatalogException("repository is corrupt: " + e.getMessage());
        }
    }

    private static void read(ObjectReader reader, AnyObjectId id) throws IOException, CatalogException {
        try {
            reader.open(id).copyTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            if (e instanceof org.eclipse.jgit.errors.MissingObjectException || e instanceof org.eclipse.jgit.errors.CorruptObjectException) throw e;
            throw new CatalogException("repository is corrupt: object " + id.name() + ": " + e.getMessage());
        }
    }
}
