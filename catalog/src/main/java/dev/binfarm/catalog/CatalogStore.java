package dev.binfarm.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where catalogs, their revisions and their apps are recorded (the results
 * database in production). Catalog code depends on this interface only, so it
 * never knows SQL. Every method is one transaction.
 */
public interface CatalogStore {
    /** Inserts the catalog or changes its URL and branch; keeps its revisions. */
    void register(String name, String url, String branch);

    /** Inserts the catalog unless one of that name exists (built-in defaults). */
    void registerIfAbsent(String name, String url, String branch);

    Optional<Catalog> find(String name);

    /** All catalogs, by name. */
    List<Catalog> list();

    /** Records a synced commit and replaces the catalog's apps with those found at it, atomically. */
    void recordRevision(String name, String commit, Instant syncedAt, List<App> apps);
}
