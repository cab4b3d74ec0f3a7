package dev.binfarm.catalog.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The specs of one catalog, resolved in order: the catalog's own
 * {@code binfarm.yaml}, then the specs shipped with binfarm for the upstream
 * catalog it mirrors, then {@link Spec#smoke the default smoke spec}.
 */
public final class SpecBook {
    /** The spec file a catalog repository may hold at its top level. */
    public static final String REPO_FILE = "binfarm.yaml";
    /** Upstream catalogs binfarm ships specs for (resources {@code <name>.yaml}). */
    static final List<String> UPSTREAMS = List.of("dynamic-apps", "static-pie-apps");

    private final Map<String, Spec> repo;
    private final Map<String, Spec> shipped;

    private SpecBook(Map<String, Spec> repo, Map<String, Spec> shipped) {
        this.repo = repo;
        this.shipped = shipped;
    }

    /**
     * Specs for a catalog. The shipped specs apply when the catalog's name or
     * its URL's last path segment (minus {@code .git}) names an upstream catalog,
     * so a local mirror of dynamic-apps gets them under any name.
     *
     * @param repoYaml the text of the catalog's binfarm.yaml, or null when it has none
     */
    public static SpecBook of(String catalogName, String url, String repoYaml) throws SpecException {
        Map<String, Spec> repo = repoYaml == null ? Map.of() : SpecLoader.parse(REPO_FILE, repoYaml);
        String upstream = upstreamOf(catalogName, url);
        return new SpecBook(repo, upstream == null ? Map.of() : shipped(upstream));
    }

    /** A book with only the default spec (tests, ad-hoc apps). */
    public static SpecBook empty() { return new SpecBook(Map.of(), Map.of()); }

    /** The written spec for {@code app}, or null when only the default applies. */
    public Spec written(String app) {
        Spec s = repo.get(app);
        return s != null ? s : shipped.get(app);
    }

    /** The spec to run {@code app} with; {@code elf} is its main program inside its filesystem. */
    public Spec resolve(String app, String elf) {
        Spec s = written(app);
        return s == null ? Spec.smoke(elf) : s.withDefaultArgv(s.elf() != null ? s.elf() : elf);
    }

    static String upstreamOf(String name, String url) {
        if (UPSTREAMS.contains(name)) return name;
        if (url == null) return null;
        String u = url.replaceAll("/+$", "");
        String last = u.substring(u.lastIndexOf('/') + 1);
        if (last.endsWith(".git")) last = last.substring(0, last.length() - 4);
        return UPSTREAMS.contains(last) ? last : null;
    }

    static Map<String, Spec> shipped(String upstream) {
        String file = upstream + ".yaml";
        try (InputStream in = SpecBook.class.getResourceAsStream(file)) {
            if (in == null) throw new IllegalStateException("binfarm is missing its shipped spec " + file);
            return SpecLoader.parse("builtin:" + file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SpecException e) {
            throw new IllegalStateException("shipped spec is broken: " + e.getMessage(), e);
        }
    }
}
