package dev.binfarm.results;

import java.time.Instant;

/** One successful sync of a catalog: the commit its apps were discovered at. */
public record CatalogRevision(long id, long catalog, String commit, Instant syncedAt) {}
