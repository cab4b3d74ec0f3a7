package dev.binfarm.results;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Catalogs, their synced revisions and the apps discovered at each revision. */
public final class CatalogDao {
    private static final String CATALOG_COLUMNS = "id, name, url, branch, builtin, created, current_revision";
    private static final String APP_COLUMNS = "id, revision, name, root, filesystem, kind, elf, elf_path, interpreter, sha256,"
            + " size, spec_source, notes";

    private final DataSource ds;

    public CatalogDao(DataSource ds) {
        this.ds = ds;
    }

    /** Registers a new catalog; a catalog of the same name already there is a {@link DuplicateException}. */
    public Catalog register(String name, String url, String branch, boolean builtin) {
        Instant now = Jdbc.stored(Instant.now());
        return Jdbc.transaction(ds, "cannot register catalog " + name, c -> {
            if (find(c, name).isPresent()) throw new DuplicateException("catalog " + name + " is already registered");
            long id = Jdbc.insert(c, "INSERT INTO catalog (name, url, branch, builtin, created) VALUES (?, ?, ?, ?, ?)",
                    name, url, branch, builtin, now);
            return new Catalog(id, name, url, branch, builtin, now, null);
        });
    }

    /** The catalog called {@code name}, registering it first when absent (for built-in defaults). */
    public Catalog ensure(String name, String url, String branch, boolean builtin) {
        Optional<Catalog> existing = get(name);
        if (existing.isPresent()) return existing.get();
        try {
            return register(name, url, branch, builtin);
        } catch (DuplicateException raced) {
            return get(name).orElseThrow();
        }
    }

    /**
     * Registers the catalog, or points an existing one at a new URL and branch (its revisions
     * and apps stay; the next sync decides what is current).
     */
    public Catalog registerOrUpdate(String name, String url, String branch, boolean builtin) {
        Instant now = Jdbc.stored(Instant.now());
        return Jdbc.transaction(ds, "cannot register catalog " + name, c -> {
            if (Jdbc.update(c, "UPDATE catalog SET url = ?, branch = ? WHERE name = ?", url, branch, name) == 0)
                Jdbc.insert(c, "INSERT INTO catalog (name, url, branch, builtin, created) VALUES (?, ?, ?, ?, ?)",
                        name, url, branch, builtin, now);
            return find(c, name).orElseThrow();
        });
    }

    public List<Catalog> list() {
        return Jdbc.withConnection(ds, "cannot list catalogs",
                c -> Jdbc.query(c, "SELECT " + CATALOG_COLUMNS + " FROM catalog ORDER BY name", CatalogDao::catalog));
    }

    public Optional<Catalog> get(String name) {
        return Jdbc.withConnection(ds, "cannot read catalog " + name, c -> find(c, name));
    }

    public Optional<Catalog> get(long id) {
        return Jdbc.withConnection(ds, "cannot read catalog " + id, c -> Jdbc.queryOne(c,
                "SELECT " + CATALOG_COLUMNS + " FROM catalog WHERE id = ?", CatalogDao::catalog, id));
    }

    /** Removes a catalog with its revisions and apps; false when there was none. */
    public boolean remove(String name) {
        return Jdbc.transaction(ds, "cannot remove catalog " + name, c -> {
            // Break the catalog -> current revision cycle first so the cascade can run.
            Jdbc.update(c, "UPDATE catalog SET current_revision = NULL WHERE name = ?", name);
            return Jdbc.update(c, "DELETE FROM catalog WHERE name = ?", name) > 0;
        });
    }

    /**
     * Records a successful sync: the revision, every app discovered at it, and the move of
     * the catalog's current revision, in one transaction. If anything fails, the previous
     * revision stays current and nothing of the new one is visible.
     */
    public CatalogRevision recordRevision(long catalog, String commit, List<AppEntry> apps) {
        return recordRevision(catalog, commit, Instant.now(), apps);
    }

    /** {@link #recordRevision(long, String, List)} with the sync time given by the caller. */
    public CatalogRevision recordRevision(long catalog, String commit, Instant syncedAt, List<AppEntry> apps) {
        Instant now = Jdbc.stored(syncedAt);
        return Jdbc.transaction(ds, "cannot record revision " + commit + " of catalog " + catalog, c -> {
            long rev = Jdbc.insert(c, "INSERT INTO catalog_revision (catalog, commit_id, synced_at) VALUES (?, ?, ?)",
                    catalog, commit, now);
            for (AppEntry a : apps) {
                Jdbc.insert(c, "INSERT INTO app (revision, name, root, filesystem, kind, elf, elf_path, interpreter,"
                                + " sha256, size, spec_source, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        rev, a.name(), a.root(), a.filesystem(), a.kind(), a.elf(), a.elfPath(), a.interpreter(),
                        a.sha256(), a.size(), a.specSource(), String.join("\n", a.notes()));
            }
            if (Jdbc.update(c, "UPDATE catalog SET current_revision = ? WHERE id = ?", rev, catalog) != 1)
                throw new StoreException("catalog " + catalog + " does not exist");
            return new CatalogRevision(rev, catalog, commit, now);
        });
    }

    public Optional<CatalogRevision> currentRevision(long catalog) {
        return Jdbc.withConnection(ds, "cannot read the current revision of catalog " + catalog, c -> Jdbc.queryOne(c,
                "SELECT r.id, r.catalog, r.commit_id, r.synced_at FROM catalog_revision r"
                        + " JOIN catalog k ON k.current_revision = r.id WHERE k.id = ?",
                CatalogDao::revision, catalog));
    }

    /** Every recorded sync of a catalog, newest first. */
    public List<CatalogRevision> revisions(long catalog) {
        return Jdbc.withConnection(ds, "cannot list revisions of catalog " + catalog, c -> Jdbc.query(c,
                "SELECT id, catalog, commit_id, synced_at FROM catalog_revision WHERE catalog = ? ORDER BY id DESC",
                CatalogDao::revision, catalog));
    }

    /** Apps of one revision, by name. */
    public List<App> apps(long revision) {
        return Jdbc.withConnection(ds, "cannot list apps of revision " + revision, c -> Jdbc.query(c,
                "SELECT " + APP_COLUMNS + " FROM app WHERE revision = ? ORDER BY name", CatalogDao::app, revision));
    }

    /** Apps of the catalog's current revision, by name; empty before the first sync. */
    public List<App> currentApps(long catalog) {
        return Jdbc.withConnection(ds, "cannot list apps of catalog " + catalog, c -> Jdbc.query(c,
                "SELECT a." + APP_COLUMNS.replace(", ", ", a.") + " FROM app a"
                        + " JOIN catalog k ON k.current_revision = a.revision WHERE k.id = ? ORDER BY a.name",
                CatalogDao::app, catalog));
    }

    /** One app of the catalog's current revision. */
    public Optional<App> currentApp(long catalog, String name) {
        return Jdbc.withConnection(ds, "cannot read app " + name + " of catalog " + catalog, c -> Jdbc.queryOne(c,
                "SELECT a." + APP_COLUMNS.replace(", ", ", a.") + " FROM app a"
                        + " JOIN catalog k ON k.current_revision = a.revision WHERE k.id = ? AND a.name = ?",
                CatalogDao::app, catalog, name));
    }

    public Optional<App> app(long id) {
        return Jdbc.withConnection(ds, "cannot read app " + id, c -> Jdbc.queryOne(c,
                "SELECT " + APP_COLUMNS + " FROM app WHERE id = ?", CatalogDao::app, id));
    }

    private static Optional<Catalog> find(Connection c, String name) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + CATALOG_COLUMNS + " FROM catalog WHERE name = ?", CatalogDao::catalog, name);
    }

    private static Catalog catalog(ResultSet rs) throws SQLException {
        return new Catalog(rs.getLong("id"), rs.getString("name"), rs.getString("url"), rs.getString("branch"),
                rs.getBoolean("builtin"), Jdbc.instant(rs, "created"), Jdbc.nullableLong(rs, "current_revision"));
    }

    private static CatalogRevision revision(ResultSet rs) throws SQLException {
        return new CatalogRevision(rs.getLong("id"), rs.getLong("catalog"), rs.getString("commit_id"),
                Jdbc.instant(rs, "synced_at"));
    }

    private static App app(ResultSet rs) throws SQLException {
        String notes = rs.getString("notes");
        return new App(rs.getLong("id"), rs.getLong("revision"), rs.getString("name"), rs.getString("root"),
                rs.getString("filesystem"), rs.getString("kind"), rs.getString("elf"), rs.getString("elf_path"),
                rs.getString("interpreter"), rs.getString("sha256"), Jdbc.nullableLong(rs, "size"),
                rs.getString("spec_source"), notes.isEmpty() ? List.of() : List.of(notes.split("\n")));
    }
}
