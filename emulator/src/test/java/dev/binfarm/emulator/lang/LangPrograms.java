package dev.binfarm.emulator.lang;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.corpus.HostProcess;
import dev.binfarm.emulator.corpus.RunResult;
import dev.binfarm.emulator.dynamic.HostRootfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the programs under {@code src/test/resources/lang/{go,rust,cpp}} at test time
 * into a rootfs of their own ({@code /prog} plus, for binaries with an interpreter,
 * the host's loader and libraries), cached under target/lang-cache by a hash of
 * source, variant and command line; nothing built is ever committed.
 */
final class LangPrograms {
    private LangPrograms() { }

    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    static final Duration NATIVE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration GUEST_TIMEOUT = Duration.ofSeconds(180);

    /** The fixed environment of every run, host and guest alike (no RUST_BACKTRACE, GODEBUG...). */
    static final Map<String, String> ENV;

    static {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/bin:/usr/bin");
        env.put("HOME", "/");
        env.put("LANG", "C");
        ENV = java.util.Collections.unmodifiableMap(env);
    }

    static Path sourceDir(Toolchain t) {
        URL u = LangPrograms.class.getClassLoader().getResource("lang/" + t.dir);
        if (u == null) throw new IllegalStateException("lang/" + t.dir + " is not on the test classpath");
        try {
            return Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> sources(Toolchain t) {
        try (Stream<Path> s = Files.list(sourceDir(t))) {
            return s.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String stem(Path src) {
        String n = src.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    /** The compiler command, run in {@code work} where the source was copied (so Rust's panic messages name "x.rs", not a host path). */
    static List<String> command(Variant v, String source, String out) {
        return switch (v) {
            case GO_DEFAULT -> List.of("/usr/bin/go", "build", "-trimpath", "-o", out, source);
            case GO_PIE -> List.of("/usr/bin/go", "build", "-trimpath", "-buildmode=pie", "-o", out, source);
            case RUST_DYNAMIC -> List.of("/usr/bin/rustc", "-O", "--edition", "2021", "-o", out, source);
            case RUST_STATIC_PIE -> List.of("/usr/bin/rustc", "-O", "--edition", "2021", "-C", "target-feature=+crt-static",
                    "-C", "relocation-model=pie", "-o", out, source);
            case CPP_DYNAMIC -> List.of("/usr/bin/g++", "-O2", "-pthread", "-o", out, source);
            case CPP_STATIC_PIE -> List.of("/usr/bin/g++", "-O2", "-pthread", "-static-pie", "-o", out, source);
        };
    }

    /** A built program: the rootfs it runs in and its path there. */
    record Built(Path rootfs, Path binary) { }

    static Built build(Path src, Variant v) {
        try {
            Path cache = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target", "lang-cache"));
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(src));
            md.update(command(v, "s", "o").toString().getBytes(StandardCharsets.UTF_8));
            md.update(compilerVersion(v.toolchain).getBytes(StandardCharsets.UTF_8));
            String key = stem(src) + "-" + v.label() + "-" + HexFormat.of().formatHex(md.digest(), 0, 6);
            Path dir = cache.resolve(key);
            Path done = dir.resolve("built");
            if (Files.isRegularFile(done)) return new Built(dir.resolve("rootfs"), dir.resolve("rootfs/prog"));
            deleteTree(dir);
            Path work = Files.createDirectories(dir.resolve("work"));
            Path copy = work.resolve(src.getFileName());
            Files.copy(src, copy);
            ProcessBuilder pb = new ProcessBuilder(command(v, copy.getFileName().toString(), "prog")).directory(work.toFile());
            if (v.toolchain == Toolchain.GO) {
                pb.environment().put("CGO_ENABLED", "0");
                pb.environment().put("GOCACHE", cache.resolve("gocache").toAbsolutePath().toString());
                pb.environment().put("GOPATH", cache.resolve("gopath").toAbsolutePath().toString());
                pb.environment().put("GO111MODULE", "off");
                pb.environment().put("GOFLAGS", "");
                pb.environment().put("GOPROXY", "off");
            }
            RunResult r = exec(pb, BUILD_TIMEOUT);
            if (r.status() != 0) throw new IllegalStateException(pb.command() + " failed:\n" + r.stderrText() + r.stdoutText());
            Path rootfs = dir.resolve("rootfs");
            if (v.needsLibraries) HostRootfs.libraries(rootfs, work.resolve("prog"));
            else Files.createDirectories(rootfs.resolve("tmp"));
            Files.move(work.resolve("prog"), rootfs.resolve("prog"), StandardCopyOption.REPLACE_EXISTING);
            deleteTree(work);
            Files.writeString(done, String.join(" ", command(v, src.getFileName().toString(), "prog")) + "\n");
            return new Built(rootfs, rootfs.resolve("prog"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Map<Toolchain, String> VERSIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The compiler's version line, part of the cache key so an upgraded toolchain rebuilds. */
    static String compilerVersion(Toolchain t) {
        return VERSIONS.computeIfAbsent(t, x -> exec(new ProcessBuilder(x.compiler.toString(),
                x == Toolchain.GO ? "version" : "--version"), BUILD_TIMEOUT).stdoutText().lines().findFirst().orElse(""));
    }

    /** What {@code file} says about a binary (static-pie, dynamically linked...). */
    static String describeElf(Path binary) {
        return exec(new ProcessBuilder("file", "-b", binary.toString()), BUILD_TIMEOUT).stdoutText().trim();
    }

    static GuestOutcome guest(Built b, long seed) {
        return guest(b.rootfs(), seed);
    }

    /** Runs /prog of {@code rootfs} in the emulator with {@link #ENV} and no stdin. */
    static GuestOutcome guest(Path rootfs, long seed) {
        Guest.Builder g = Guest.builder().rootfs(rootfs).argv("/prog").env(ENV).stdin(new byte[0])
                .timeout(GUEST_TIMEOUT).seed(seed);
        return traced(g, rootfs.getParent().getFileName().toString());
    }

    /** Runs {@code g}; with -Dlang.trace=DIR also writes its strace-format log to DIR/name.trace, to see which calls fail. */
    static GuestOutcome traced(Guest.Builder g, String name) {
        String trace = System.getProperty("lang.trace", "");
        if (trace.isEmpty()) return g.build().run();
        try (java.io.PrintStream ps = new java.io.PrintStream(new java.io.FileOutputStream(
                Files.createDirectories(Path.of(trace)).resolve(name + ".trace").toFile()), false, StandardCharsets.UTF_8)) {
            return g.trace(ps).build().run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RunResult exec(ProcessBuilder pb, Duration timeout) {
        return exec(pb, timeout, null);
    }

    /** Runs {@code pb} with {@code stdin} (null: /dev/null) and collects its output. */
    static RunResult exec(ProcessBuilder pb, Duration timeout, byte[] stdin) {
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return HostProcess.run(pb, stdin, timeout);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    static String describe(GuestExit exit) {
        return switch (exit) {
            case GuestExit.Exited e -> "exited " + e.code();
            case GuestExit.Signaled s -> "signal " + s.signal() + " (" + s.reason() + ")";
            case GuestExit.TimedOut t -> "timed out after " + t.millis() + " ms";
            case GuestExit.LoadFailed l -> "load failed: " + l.message();
        };
    }

    static List<String> args(String... a) { return new ArrayList<>(List.of(a)); }
}
