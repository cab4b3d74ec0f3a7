package dev.binfarm.worker;

import dev.binfarm.catalog.App;
import dev.binfarm.catalog.Catalog;
import dev.binfarm.catalog.CatalogStore;
import dev.binfarm.results.CatalogDao;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The catalog registry as one cell sees it: every catalog reads as synced at the
 * cell's commit, so {@link dev.binfarm.catalog.Catalogs} discovers and materialises
 * the app exactly as it was planned, even if a sync moved the catalog on since.
 * Read-only: a worker never registers or syncs catalogs.
 */
final class PinnedCatalogStore implements CatalogStore {
    private final CatalogDao dao;
    private final String commit;

    PinnedCatalogStore(CatalogDao dao, String commit) {
        this.dao = dao;
        this.commit = commit;
    }

    @Override
    public void register(String name, String url, String branch) {
        throw new UnsupportedOperationException("a worker does not register catalogs");
    }

    @Override
    public void registerIfAbsent(String name, String url, String branch) {
        // Catalogs registers the built-in defaults on construction; the orchestrator's side owns that.
    }

    @Override
    public Optional<Catalog> find(String name) {
        return dao.get(name).map(c -> new Catalog(c.name(), c.url(), c.branch(), new Catalog.Revision(commit, Instant.EPOCH, 0)));
    }

    @Override
    public List<Catalog> list() {
        return dao.list().stream().map(c -> find(c.name()).orElseThrow()).toList();
    }

    @Override
    public void recordRevision(String name, String commit, Instant syncedAt, List<App> apps) {
        throw new UnsupportedOperationException("a worker does not sync catalogs");
    }
}
