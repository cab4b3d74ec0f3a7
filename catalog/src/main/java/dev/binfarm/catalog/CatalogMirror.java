package dev.binfarm.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

/**
 * The local bare mirror of one catalog, {@code <home>/catalogs/<name>.git}.
 * Fetching never moves what earlier syncs recorded: new objects land beside the
 * old ones, every recorded commit stays reachable through
 * {@code refs/binfarm/revisions/<sha>}, and a first sync builds the mirror in a
 * temporary folder that becomes the mirror only when the caller commits it.
 */
final class CatalogMirror {
    static final int TIMEOUT_SECONDS = 60;
    static final String INCOMING = "refs/binfarm/incoming/";
    static final String REVISIONS = "refs/binfarm/revisions/";

    private final Path catalogsDir;
    private final String name;

    CatalogMirror(Path catalogsDir, String name) {
        this.catalogsDir = catalogsDir;
        this.name = name;
    }

    Path path() { return catalogsDir.resolve(name + ".git"); }

    boolean exists() { return Files.isDirectory(path().resolve("objects")); }

    /** Opens the mirror read-only for discovery and materialisation. */
    Repository open() throws IOException {
        return new FileRepositoryBuilder().setGitDir(path().toFile()).setMustExist(true).build();
    }

    /** A fetch whose result is not yet recorded; close it to drop a first sync's temporary mirror. */
    final class Fetched implements AutoCloseable {
        final Repository repo;
        final ObjectId commit;
        private final Path temp;
        private boolean kept;

        Fetched(Repository repo, ObjectId commit, Path temp) {
            this.repo = repo;
            this.commit = commit;
            this.temp = temp;
        }

        /** Makes the fetched commit part of the mirror (moves a first sync's folder into place). */
        void keep() throws IOException {
            RefUpdate u = repo.updateRef(REVISIONS + commit.name());
            u.setNewObjectId(commit);
            u.setForceUpdate(true);
            RefUpdate.Result r = u.update();
            if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.NO_CHANGE && r != RefUpdate.Result.FORCED)
                throw new IOException("cannot record revision ref: " + r);
            repo.close();
            if (temp != null) Files.move(temp, path(), StandardCopyOption.ATOMIC_MOVE);
            kept = true;
        }

        @Override
        public void close() {
            if (kept) return;
            repo.close();
            if (temp != null) deleteTree(temp);
        }
    }

    /**
     * Fetches {@code branch} (or the remote's HEAD when null) from {@code url}.
     *
     * @throws CatalogException with the reason only (the caller adds which catalog and URL)
     */
    Fetched fetch(String url, String branch) throws CatalogException {
        URIish uri = parse(url);
        Path temp = null;
        Path shadow = null;
        Repository repo = null;
        try {
            Files.createDirectories(catalogsDir);
            if (exists()) {
                repo = open();
            } else {
                temp = Files.createTempDirectory(catalogsDir, "." + name + ".sync-");
                repo = Git.init().setBare(true).setDirectory(temp.toFile()).call().getRepository();
            }
            shadow = LocalSource.shadowIfNeeded(uri, catalogsDir);
            String source = shadow != null ? shadow.toUri().toString() : url;
            Path local = shadow != null ? shadow : LocalSource.localGitDir(uri);
            if (local != null) LocalSource.verify(local, repo);
            FetchResult result;
            try (Git git = Git.wrap(repo)) {
                result = git.fetch().setRemote(source).setTimeout(TIMEOUT_SECONDS)
                        .setRefSpecs(new RefSpec("+refs/heads/*:" + INCOMING + "*"))
                        .setRemoveDeletedRefs(true).call();
            }
            Ref target = result.getAdvertisedRef(branch == null ? "HEAD" : "refs/heads/" + branch);
            if (target == null || target.getObjectId() == null)
                throw new CatalogException(branch == null ? "the repository has no HEAD branch (empty repository?)"
                        : "branch '" + branch + "' not found");
            ObjectId commit = target.getObjectId();
            if (!repo.getObjectDatabase().has(commit))
                throw new CatalogException("fetched refs but commit " + commit.name() + " is missing");
            Fetched f = new Fetched(repo, commit, temp);
            repo = null;
            temp = null;
            return f;
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new CatalogException(reason(e));
        } finally {
            if (repo != null) repo.close();
            if (temp != null) deleteTree(temp);
            if (shadow != null) deleteTree(shadow);
        }
    }

    /** Accepts what git accepts: URLs with a known scheme, scp-like ssh addresses, absolute local paths. */
    static URIish parse(String url) throws CatalogException {
        if (url == null || url.isBlank() || url.chars().anyMatch(c -> c < 0x20 || c == ' '))
            throw new CatalogException("malformed URL '" + url + "'");
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            throw new CatalogException("malformed URL '" + url + "': " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            boolean scpLike = uri.getHost() != null;
            if (!scpLike && !url.startsWith("/"))
                throw new CatalogException("malformed URL '" + url + "': use an absolute path or a file://, https://, ssh:// or git:// URL");
        } else if (!List.of("file", "http", "https", "ssh", "git").contains(scheme)) {
            throw new CatalogException("malformed URL '" + url + "': unsupported scheme '" + scheme + "'");
        } else if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().isEmpty())) {
            throw new CatalogException("malformed URL '" + url + "': no host");
        }
        if (uri.getHost() != null && !uri.getHost().isEmpty() && !uri.getHost().matches("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]"))
            throw new CatalogException("malformed URL '" + url + "': '" + uri.getHost() + "' is not a host name");
        return uri;
    }

    /** One line: the outermost message without the URL it repeats, plus the root cause. */
    static String reason(Throwable e) {
        if (e instanceof CatalogException) return e.getMessage();
        String top = String.valueOf(e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        top = top.replaceFirst("^[a-z]+://\\S*?: ", "").replaceFirst("^/\\S*?: ", "");
        if (root instanceof java.net.UnknownHostException) return "cannot resolve host " + root.getMessage() + " (offline?)";
        if (root instanceof java.net.ConnectException) return "cannot connect: " + root.getMessage();
        if (root instanceof java.net.SocketTimeoutException) return "timed out: " + root.getMessage();
        if (top.startsWith("Invalid remote: ")) top = "repository not found";
        if (root != e && root.getMessage() != null && !top.contains(root.getMessage())) {
            String cause = root.getMessage().replaceFirst("^[a-z]+://\\S*?: ", "");
            if (cause.endsWith("not found.") || cause.endsWith("not found")) top = "repository not found";
            else top = top + " (" + cause + ")";
        }
        if (e instanceof org.eclipse.jgit.errors.MissingObjectException
                || e instanceof org.eclipse.jgit.errors.CorruptObjectException
                || root instanceof org.eclipse.jgit.errors.CorruptObjectException
                || root instanceof java.util.zip.DataFormatException)
            top = "repository is corrupt: " + top;
        return top.strip();
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
