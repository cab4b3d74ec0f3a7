package dev.binfarm.catalog;

import dev.binfarm.catalog.spec.SpecException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The catalog operations behind {@code farm catalog}: register, sync, list,
 * discover, materialise. Keeps git mirrors under {@code <home>/catalogs} and
 * the registry in a {@link CatalogStore}.
 */
public final class Catalogs {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Path catalogsDir;
    private final CatalogStore store;
    private final Clock clock;

    /** @param catalogsDir where the mirrors live ({@code <home>/catalogs}) */
    public Catalogs(Path catalogsDir, CatalogStore store) {
        this(catalogsDir, store, Clock.systemUTC());
    }

    Catalogs(Path catalogsDir, CatalogStore store, Clock clock) {
        this.catalogsDir = catalogsDir;
        this.store = store;
        this.clock = clock;
        BuiltinCatalogs.registerDefaults(store);
    }

    /** What a successful sync did. */
    public record SyncResult(Catalog catalog, String commit, String previousCommit, List<App> apps, List<String> notes) {
        public boolean changed() { return !commit.equals(previousCommit); }
    }

    /** Registers {@code name} (or points it at a new URL/branch). */
    public Catalog add(String name, String url, String branch) throws CatalogException {
        if (!NAME.matcher(name).matches())
            throw new CatalogException("catalog name '" + name + "' must be lower-case letters, digits, '.', '_' or '-' (up to 64)");
        CatalogMirror.parse(url);
        if (branch != null && (branch.isBlank() || !org.eclipse.jgit.lib.Repository.isValidRefName("refs/heads/" + branch)))
            throw new CatalogException("'" + branch + "' is not a valid branch name");
        store.register(name, url, branch);
        return catalog(name);
    }

    public List<Catalog> list() { return store.list(); }

    public Catalog catalog(String name) throws CatalogException {
        return store.find(name).orElseThrow(() -> new CatalogException("no catalog named '" + name + "' (see 'farm catalog list')"));
    }

    /**
     * Fetches the catalog, discovers its apps and records the new revision. On
     * any failure nothing is recorded and the previous revision stays usable;
     * the exception reads {@code cannot sync <name> from <url>: <reason>}.
     */
    public SyncResult sync(String name) throws CatalogException {
        Catalog c = catalog(name);
        try (SyncLock lock = SyncLock.take(catalogsDir, name)) {
            if (lock == null) throw failed(c, "another sync of " + name + " is running");
            return syncLocked(c);
        } catch (IOException e) {
            throw failed(c, "cannot lock " + catalogsDir + ": " + e.getMessage());
        }
    }

    private SyncResult syncLocked(Catalog c) throws CatalogException {
        String name = c.name();
        CatalogMirror mirror = new CatalogMirror(catalogsDir, name);
        try (CatalogMirror.Fetched f = fetch(c, mirror)) {
            Discovery.Result found;
            try {
                found = Discovery.discover(f.repo, f.commit, name, c.url());
            } catch (SpecException e) {
                throw failed(c, e.getMessage());
            } catch (IOException | RuntimeException e) {
                throw failed(c, "repository is corrupt: " + CatalogMirror.reason(e));
            }
            try {
                f.keep();
            } catch (IOException e) {
                throw failed(c, "cannot update the local mirror " + mirror.path() + ": " + CatalogMirror.reason(e));
            }
            Instant now = clock.instant();
            try {
                store.recordRevision(name, f.commit.name(), now, found.apps());
            } catch (RuntimeException e) {
                // The mirror may now hold the commit; harmless, the store still names the previous one.
                throw failed(c, "cannot record the revision: " + e.getMessage());
            }
            String previous = c.revision() == null ? null : c.revision().commit();
            return new SyncResult(catalog(name), f.commit.name(), previous, found.apps(), found.notes());
        }
    }

    private CatalogMirror.Fetched fetch(Catalog c, CatalogMirror mirror) throws CatalogException {
        try {
            return mirror.fetch(c.url(), c.branch());
        } catch (CatalogException e) {
            throw failed(c, e.getMessage());
        }
    }

    private static CatalogException failed(Catalog c, String reason) {
        return new CatalogException("cannot sync " + c.name() + " from " + c.url() + ": " + reason);
    }

    /** The apps of the catalog's recorded revision, read from the mirror. */
    public Discovery.Result apps(String name) throws CatalogException {
        Catalog c = synced(name);
        try (Repository repo = new CatalogMirror(catalogsDir, name).open()) {
            return Discovery.discover(repo, ObjectId.fromString(c.revision().commit()), name, c.url());
        } catch (IOException | SpecException | RuntimeException e) {
            throw new CatalogException("cannot read catalog " + name + " at " + c.revision().commit() + ": "
                    + CatalogMirror.reason(e) + " (run 'farm catalog sync " + name + "')");
        }
    }

    /** One app of a synced catalog. */
    public App app(String name, String app) throws CatalogException {
        return apps(name).apps().stream().filter(a -> a.name().equals(app)).findFirst()
                .orElseThrow(() -> new CatalogException("catalog " + name + " has no app '" + app + "'"
                        + " (see 'farm catalog apps " + name + "')"));
    }

    /** Copies the app's filesystem at the recorded revision into {@code target}, which must not exist or be empty. */
    public Path materialize(String name, App app, Path target) throws CatalogException {
        Catalog c = synced(name);
        try (Repository repo = new CatalogMirror(catalogsDir, name).open()) {
            Materializer.materialize(repo, ObjectId.fromString(c.revision().commit()), app, target);
            return target;
        } catch (IOException e) {
            throw new CatalogException("cannot materialise " + name + "/" + app.name() + " into " + target + ": "
                    + CatalogMirror.reason(e));
        }
    }

    private Catalog synced(String name) throws CatalogException {
        Catalog c = catalog(name);
        if (!c.synced()) throw new CatalogException("catalog " + name + " has not been synced yet (run 'farm catalog sync " + name + "')");
        if (!new CatalogMirror(catalogsDir, name).exists())
            throw new CatalogException("the mirror of " + name + " is missing (run 'farm catalog sync " + name + "')");
        return c;
    }
}
