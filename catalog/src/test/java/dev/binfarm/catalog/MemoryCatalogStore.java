package dev.binfarm.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A CatalogStore in memory, for catalog tests that need no database; counts writes. */
class MemoryCatalogStore implements CatalogStore {
    final Map<String, Catalog> catalogs = new TreeMap<>();
    final Map<String, List<App>> apps = new TreeMap<>();
    int revisionsRecorded;

    @Override
    public synchronized void register(String name, String url, String branch) {
        Catalog old = catalogs.get(name);
        catalogs.put(name, new Catalog(name, url, branch, old == null ? null : old.revision()));
    }

    @Override
    public synchronized void registerIfAbsent(String name, String url, String branch) {
        if (!catalogs.containsKey(name)) register(name, url, branch);
    }

    @Override
    public synchronized Optional<Catalog> find(String name) { return Optional.ofNullable(catalogs.get(name)); }

    @Override
    public synchronized List<Catalog> list() { return new ArrayList<>(catalogs.values()); }

    @Override
    public synchronized void recordRevision(String name, String commit, Instant syncedAt, List<App> found) {
        Catalog c = catalogs.get(name);
        catalogs.put(name, new Catalog(name, c.url(), c.branch(), new Catalog.Revision(commit, syncedAt, found.size())));
        apps.put(name, List.copyOf(found));
        revisionsRecorded++;
    }
}
