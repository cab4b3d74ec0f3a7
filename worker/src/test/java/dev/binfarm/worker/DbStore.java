package dev.binfarm.worker;

import dev.binfarm.catalog.App;
import dev.binfarm.catalog.Catalog;
import dev.binfarm.catalog.CatalogStore;
import dev.binfarm.results.AppEntry;
import dev.binfarm.results.CatalogDao;
import dev.binfarm.results.CatalogRevision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The results database as the catalog store, as the farm wires it (tests of this module and its runtimes). */
public final class DbStore implements CatalogStore {
    private final CatalogDao dao;

    public DbStore(CatalogDao dao) { this.dao = dao; }

    @Override public void register(String name, String url, String branch) { dao.registerOrUpdate(name, url, branch, false); }

    @Override public void registerIfAbsent(String name, String url, String branch) { dao.ensure(name, url, branch, true); }

    @Override
    public Optional<Catalog> find(String name) { return dao.get(name).map(this::catalog); }

    @Override
    public List<Catalog> list() { return dao.list().stream().map(this::catalog).toList(); }

    @Override
    public void recordRevision(String name, String commit, Instant syncedAt, List<App> apps) {
        long id = dao.get(name).orElseThrow().id();
        dao.recordRevision(id, commit, syncedAt, apps.stream().map(a -> new AppEntry(a.name(), a.root(), a.filesystem(),
                a.kind().label(), a.elf(), a.elfPath(), a.interpreter(), a.sha256(), a.size(), a.spec().source(), a.notes()))
                .toList());
    }

    private Catalog catalog(dev.binfarm.results.Catalog c) {
        Catalog.Revision rev = null;
        Optional<CatalogRevision> r = dao.currentRevision(c.id());
        if (r.isPresent()) rev = new Catalog.Revision(r.get().commit(), r.get().syncedAt(), dao.currentApps(c.id()).size());
        return new Catalog(c.name(), c.url(), c.branch(), rev);
    }
}
