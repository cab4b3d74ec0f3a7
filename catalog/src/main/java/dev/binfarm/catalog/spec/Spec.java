package dev.binfarm.catalog.spec;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to run one app and how to judge the run: command line, environment,
 * input, limits, expectations, and network probes for servers.
 *
 * @param elf     the main program inside the app's filesystem when the spec picks it, else null
 * @param argv    full command line; argv[0] is the program path inside the app's filesystem
 * @param cwd     working directory inside the app's filesystem
 * @param probes  non-empty for servers: the run is judged by the probes while the app keeps running
 * @param source  where the spec came from: {@code binfarm.yaml:12}, {@code builtin:dynamic-apps.yaml:7} or {@code default}
 */
public record Spec(
        String elf,
        List<String> argv,
        Map<String, String> env,
        String cwd,
        Stdin stdin,
        Duration timeout,
        Expectation expect,
        List<Probe> probes,
        List<String> tags,
        String source) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_SOURCE = "default";

    public Spec {
        argv = List.copyOf(argv);
        // In the spec's order: Map.copyOf's order changes with every JVM, and the guest's environment block
        // (what `env` prints, what a runtime walks) must be the same on every worker and every night.
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        probes = List.copyOf(probes);
        tags = List.copyOf(tags);
    }

    /** True when the app is a server judged by probes rather than by its exit. */
    public boolean isServer() { return !probes.isEmpty(); }

    /**
     * The smoke spec for an app nobody wrote a spec for: run the program with no
     * arguments and empty stdin; it must end by itself within the default
     * timeout and not be killed by a signal (any exit status passes). This asks
     * only "does it load and run", which is the question binfarm answers first.
     */
    public static Spec smoke(String elf) {
        return new Spec(null, List.of(elf), Map.of(), "/", Stdin.EMPTY, DEFAULT_TIMEOUT,
                Expectation.NO_CRASH, List.of(), List.of("smoke"), DEFAULT_SOURCE);
    }

    /** This spec with argv[0] defaulted to {@code elf} when the spec gave no argv. */
    Spec withDefaultArgv(String program) {
        if (!argv.isEmpty()) return this;
        return new Spec(elf, List.of(program), env, cwd, stdin, timeout, expect, probes, tags, source);
    }
}
