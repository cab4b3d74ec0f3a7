package dev.binfarm.catalog;

import java.util.LinkedHashMap;
import java.util.Map;

/** Catalogs every farm knows without being told: the upstream Unikraft app catalogs. */
public final class BuiltinCatalogs {
    /** Name to URL, registered in every fresh store (a user's {@code catalog add} may point them elsewhere). */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dynamic-apps", "https://github.com/unikraft/dynamic-apps");
        m.put("static-pie-apps", "https://github.com/unikraft/static-pie-apps");
        DEFAULTS = java.util.Collections.unmodifiableMap(m);
    }

    private BuiltinCatalogs() { }

    /** Registers the defaults that are missing from {@code store}. */
    public static void registerDefaults(CatalogStore store) {
        DEFAULTS.forEach((name, url) -> store.registerIfAbsent(name, url, null));
    }
}
