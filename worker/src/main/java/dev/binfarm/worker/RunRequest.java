package dev.binfarm.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One program run, described independently of any runtime.
 *
 * @param rootfs         the app's materialised filesystem, shown to the program as "/"
 * @param exe            the program's bytes from a host file instead of argv[0] in the rootfs, or null
 * @param argv           argv; argv[0] is the program's path inside the rootfs
 * @param env            environment in order
 * @param cwd            working directory inside the rootfs
 * @param stdin          bytes for standard input (empty for none)
 * @param timeout        wall-clock limit
 * @param maxMemoryBytes guest memory limit
 * @param outputCap      bytes kept per stream
 * @param profile        syscall profile name ("linux": everything)
 * @param seed           makes deterministic runtimes repeatable
 * @param ports          TCP ports a server program listens on, for runtimes that must publish them to the
 *                       worker's probes at 127.0.0.1 (empty for a batch program)
 */
public record RunRequest(Path rootfs, Path exe, List<String> argv, Map<String, String> env, String cwd, byte[] stdin,
                         Duration timeout, long maxMemoryBytes, int outputCap, String profile, long seed,
                         List<Integer> ports) {
    public static final String DEFAULT_PROFILE = "linux";

    public RunRequest {
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(timeout, "timeout");
        argv = List.copyOf(argv);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        if (argv.isEmpty()) throw new IllegalArgumentException("argv must name the program");
        if (cwd == null) cwd = "/";
        if (stdin == null) stdin = new byte[0];
        if (profile == null) profile = DEFAULT_PROFILE;
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** A batch program's run: no ports. */
    public RunRequest(Path rootfs, Path exe, List<String> argv, Map<String, String> env, String cwd, byte[] stdin,
                      Duration timeout, long maxMemoryBytes, int outputCap, String profile, long seed) {
        this(rootfs, exe, argv, env, cwd, stdin, timeout, maxMemoryBytes, outputCap, profile, seed, List.of());
    }
}
