package dev.binfarm.worker;

import java.util.Objects;

/**
 * One cell of a run's matrix: an app of a catalog at a commit, on a runtime, under a
 * syscall profile.
 *
 * @param catalog the catalog's registered name
 * @param commit  the catalog commit the app is taken from (a synced revision)
 * @param app     the app's name in the catalog
 * @param runtime a runtime name known to {@link Runtimes}
 * @param profile a syscall profile name ("linux")
 */
public record CellSpec(String catalog, String commit, String app, String runtime, String profile) {
    public CellSpec {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(profile, "profile");
    }

    @Override
    public String toString() {
        return catalog + "/" + app + "@" + commit.substring(0, Math.min(10, commit.length())) + " on " + runtime + "/" + profile;
    }
}
