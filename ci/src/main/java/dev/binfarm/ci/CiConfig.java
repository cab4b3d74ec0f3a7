package dev.binfarm.ci;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * What the binfarm engine runs, from JUnit configuration parameters (which include system
 * properties, so {@code -Dbinfarm.home=...} works from Maven) over a properties file:
 * {@code binfarm.config} if given, else {@code binfarm-ci.properties} in the working
 * directory, else on the class path. Parameters win over the file.
 *
 * <p>Keys: {@code binfarm.home} (default {@code $BINFARM_HOME} or {@code ~/.binfarm}),
 * {@code binfarm.catalogs}, {@code binfarm.runtimes}, {@code binfarm.profiles} (comma
 * lists; empty: all registered catalogs, emulator, linux), {@code binfarm.apps} (glob),
 * {@code binfarm.catalog.NAME.url} (registers NAME if the farm does not know it yet),
 * {@code binfarm.threads}, {@code binfarm.timeout.minutes}, {@code binfarm.farmVersion},
 * {@code binfarm.suite} (simple class name that stands for the cells under Surefire).
 */
record CiConfig(Path home, List<String> catalogs, List<String> runtimes, List<String> profiles, String apps,
                Map<String, String> catalogUrls, int threads, Duration timeout, String farmVersion, String suite) {
    static final String FILE = "binfarm-ci.properties";
    /** Same as the cli's FarmVersion: the regression rule compares farm versions, so they must agree. */
    static final String DEFAULT_FARM_VERSION = "0.1.0-SNAPSHOT";
    static final String DEFAULT_SUITE = "BinfarmCells";

    static CiConfig from(ConfigurationParameters params) {
        Properties file = loadFile(params.get("binfarm.config"));
        Function<String, Optional<String>> get = key -> {
            Optional<String> v = params.get(key);
            if (v.isPresent() && !v.get().isBlank()) return v;
            return Optional.ofNullable(file.getProperty(key)).filter(s -> !s.isBlank());
        };
        Path home = get.apply("binfarm.home").map(Path::of).orElseGet(CiConfig::defaultHome).toAbsolutePath();
        Map<String, String> urls = new LinkedHashMap<>();
        for (String k : file.stringPropertyNames()) catalogUrl(k, file.getProperty(k), urls);
        // keySet() holds explicit parameters only; -Dbinfarm.catalog.X.url arrives as a system property.
        for (String k : System.getProperties().stringPropertyNames()) catalogUrl(k, System.getProperty(k), urls);
        for (String k : params.keySet()) catalogUrl(k, params.get(k).orElse(""), urls);
        return new CiConfig(home, list(get.apply("binfarm.catalogs")), list(get.apply("binfarm.runtimes")),
                list(get.apply("binfarm.profiles")), get.apply("binfarm.apps").orElse(null), urls,
                get.apply("binfarm.threads").map(Integer::parseInt).orElse(2),
                Duration.ofMinutes(get.apply("binfarm.timeout.minutes").map(Long::parseLong).orElse(360L)),
                get.apply("binfarm.farmVersion").orElse(DEFAULT_FARM_VERSION),
                get.apply("binfarm.suite").orElse(DEFAULT_SUITE));
    }

    private static void catalogUrl(String key, String value, Map<String, String> urls) {
        if (key.startsWith("binfarm.catalog.") && key.endsWith(".url") && !value.isBlank())
            urls.put(key.substring("binfarm.catalog.".length(), key.length() - ".url".length()), value.strip());
    }

    private static Path defaultHome() {
        String env = System.getenv("BINFARM_HOME");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".binfarm");
    }

    static List<String> list(Optional<String> v) {
        return v.map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList()).orElse(List.of());
    }

    private static Properties loadFile(Optional<String> explicit) {
        Properties p = new Properties();
        try {
            if (explicit.isPresent()) {
                try (Reader r = Files.newBufferedReader(Path.of(explicit.get()))) { p.load(r); }
                return p;
            }
            Path local = Path.of(FILE);
            if (Files.isRegularFile(local)) {
                try (Reader r = Files.newBufferedReader(local)) { p.load(r); }
                return p;
            }
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl == null) cl = CiConfig.class.getClassLoader();
            try (InputStream in = cl.getResourceAsStream(FILE)) {
                if (in != null) p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the binfarm CI configuration: " + e.getMessage(), e);
        }
        return p;
    }
}
