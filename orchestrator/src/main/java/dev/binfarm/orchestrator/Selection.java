package dev.binfarm.orchestrator;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Which part of the matrix a run covers. Empty catalogs: every registered catalog; empty
 * runtimes: the emulator; empty profiles: "linux" (everything allowed); apps: a glob over
 * app names ("lang/c/*", "sqlite*"), null for all.
 */
public record Selection(List<String> catalogs, List<String> runtimes, List<String> profiles, String apps) {
    public static final String DEFAULT_RUNTIME = "emulator", DEFAULT_PROFILE = "linux";

    public Selection {
        catalogs = catalogs == null ? List.of() : List.copyOf(catalogs);
        runtimes = runtimes == null || runtimes.isEmpty() ? List.of(DEFAULT_RUNTIME) : List.copyOf(runtimes);
        profiles = profiles == null || profiles.isEmpty() ? List.of(DEFAULT_PROFILE) : List.copyOf(profiles);
        if (apps != null && apps.isBlank()) apps = null;
    }

    public static Selection all() {
        return new Selection(List.of(), List.of(), List.of(), null);
    }

    boolean includesApp(String name) {
        if (apps == null) return true;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + apps);
        return m.matches(Path.of(name));
    }
}
