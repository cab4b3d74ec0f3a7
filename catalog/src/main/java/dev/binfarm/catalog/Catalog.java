package dev.binfarm.catalog;

import java.time.Instant;

/**
 * A registered catalog: a git repository of prebuilt apps.
 *
 * @param branch   the branch to follow, or null for the remote's default (HEAD)
 * @param revision the last successful sync, or null before the first one
 */
public record Catalog(String name, String url, String branch, Revision revision) {

    /** A synced commit and when it was recorded. */
    public record Revision(String commit, Instant syncedAt, int apps) { }

    public boolean synced() { return revision != null; }
}
