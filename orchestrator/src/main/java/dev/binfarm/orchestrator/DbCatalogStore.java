package dev.binfarm.orchestrator;

import dev.binfarm.catalog.App;
import dev.binfarm.catalog.Catalog;
import dev.binfarm.catalog.CatalogStore;
import dev.binfarm.results.AppEntry;
import dev.binfarm.results.CatalogDao;
import dev.binfarm.results.CatalogRevision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The catalog module's store on the results database, for nodes that sync catalogs
 * themselves (a nightly run may fire on any node) and for the cli.
 */
public final class DbCatalogStore implements CatalogStore {
    private final CatalogDao dao;

    public DbCatalogStore(CatalogDao dao) { this.dao = dao; }

    @Override
    public void register(String name, String url, String branch) {
        dao.registerOrUpdate(name, url, branch, false);
    }

    @Override
    public void registerIfAbsent(String name, String url, String branch) {
        dao.ensure(name, url, branch, true);
    }

    @Override
    public Optional<Catalog> find(String name) {
        return dao.get(name).map(this::catalog);
    }

    @Override
    public List<Catalog> list() {
        return dao.list().stream().map(this::catalog).toList();
    }

    @Override
    public void recordRevision(String name, String commit, Instant syncedAt, List<App> apps) {
        dev.binfarm.results.Catalog c = dao.get(name)
                .orElseThrow(() -> new IllegalArgumentException("no catalog named '" + name + "'"));
        dao.recordRevision(c.id(), commit, syncedAt, apps.stream().map(DbCatalogStore::entry).toList());
    }

    private Catalog catalog(dev.binfarm.results.Catalog c) {
        Catalog.Revision rev = null;
        if (c.currentRevision() != null) {
            Optional<CatalogRevision> r = dao.currentRevision(c.id());
            if (r.isPresent()) rev = new Catalog.Revision(r.get().commit(), r.get().syncedAt(), dao.currentApps(c.id()).size());
        }
        return new Catalog(c.name(), c.url(), c.branch(), rev);
    }

    static AppEntry entry(App a) {
        return new AppEntry(a.name(), a.root(), a.filesystem(), a.kind().label(), a.elf(), a.elfPath(), a.interpreter(),
                a.sha256(), a.size(), a.spec().source(), a.notes());
    }
}
