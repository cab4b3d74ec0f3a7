package dev.binfarm.emulator.threads;

import dev.binfarm.emulator.corpus.HostProcess;
import dev.binfarm.emulator.corpus.RunResult;
import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the programs under {@code src/test/resources/threads} at test time
 * (cached in target/threads-cache by a hash of source and command line; never
 * committed) and runs them natively and in the emulator.
 */
final class ThreadPrograms {
    private ThreadPrograms() { }

    /** How a program is built. C++ sources get the two glibc variants. */
    enum Variant {
        GLIBC_STATIC_PIE, GLIBC_DYNAMIC, MUSL_STATIC_PIE;

        String label() { return name().toLowerCase().replace('_', '-'); }

        boolean available(Path source) {
            if (this == MUSL_STATIC_PIE) return !isCxx(source) && Files.isRegularFile(MUSL_LIB.resolve("rcrt1.o"));
            return true;
        }
    }

    static final Path MUSL_LIB = Path.of("/usr/lib/x86_64-linux-musl");
    static final Duration NATIVE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration GUEST_TIMEOUT = Duration.ofSeconds(120);

    static boolean isCxx(Path source) { return source.getFileName().toString().endsWith(".cpp"); }

    static Path dir() {
        URL u = ThreadPrograms.class.getClassLoader().getResource("threads/mutex_counter.c");
        if (u == null) throw new IllegalStateException("threads/ sources are not on the test classpath");
        try {
            return Path.of(u.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sources whose names start with {@code prefix} ("" = all), sorted. */
    static List<Path> sources(String prefix) {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".cpp")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<List<String>> commands(Path src, Variant v, Path out) {
        boolean cxx = isCxx(src);
        String cc = cxx ? "g++" : "gcc";
        return switch (v) {
            case GLIBC_DYNAMIC -> List.of(List.of(cc, "-O2", "-pthread", "-o", out.toString(), src.toString()));
            // libstdc++.a is not built for PIE on Debian: C++ links static non-PIE.
            case GLIBC_STATIC_PIE -> List.of(List.of(cc, "-O2", "-pthread", cxx ? "-static" : "-static-pie", "-o", out.toString(), src.toString()));
            case MUSL_STATIC_PIE -> {
                Path obj = out.resolveSibling(out.getFileName() + ".o");
                String gccInclude = gcc("-print-file-name=include");
                yield List.of(List.of("gcc", "-O2", "-nostdinc", "-isystem", "/usr/include/x86_64-linux-musl", "-isystem", gccInclude,
                                "-fPIE", "-c", "-o", obj.toString(), src.toString()),
                        List.of("gcc", "-static-pie", "-nostdlib", "-nostartfiles", "-o", out.toString(),
                                MUSL_LIB.resolve("rcrt1.o").toString(), MUSL_LIB.resolve("crti.o").toString(),
                                gcc("-print-file-name=crtbeginS.o"), obj.toString(), "-L" + MUSL_LIB, "-lc",
                                gcc("-print-libgcc-file-name"), gcc("-print-file-name=crtendS.o"), MUSL_LIB.resolve("crtn.o").toString()));
            }
        };
    }

    static Path build(Path src, Variant v) {
        try {
            Path cache = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target", "threads-cache"));
            String name = src.getFileName().toString().replaceAll("\\.c(pp)?$", "");
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(src));
            md.update(commands(Path.of("s"), v, Path.of("o")).toString().getBytes(StandardCharsets.UTF_8));
            Path out = cache.resolve(name + "-" + v.label() + "-" + HexFormat.of().formatHex(md.digest(), 0, 6));
            if (Files.isRegularFile(out)) return out;
            Path tmp = cache.resolve(out.getFileName() + ".tmp" + ProcessHandle.current().pid());
            for (List<String> cmd : commands(src, v, tmp)) {
                RunResult r = exec(cmd, NATIVE_TIMEOUT.multipliedBy(4));
                if (r.status() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + r.stderrText() + r.stdoutText());
            }
            Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + ".o"));
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String gcc(String arg) {
        return exec(List.of("gcc", arg), NATIVE_TIMEOUT).stdoutText().trim();
    }

    /** Exit status (128+N for a signal, as the emulator reports), stdout and stderr; stdin is /dev/null. */
    static RunResult exec(List<String> cmd, Duration timeout) {
        return HostProcess.run(new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))),
                null, timeout);
    }

    /** Runs {@code binary} in the emulator over the host's / (read-only; dynamic programs find their libraries there). */
    static GuestOutcome guest(Path binary, long seed, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(args);
        return Guest.builder().rootfs(Path.of("/")).exe(binary).argv(argv).env("LANG", "C").stdin(new byte[0])
                .timeout(GUEST_TIMEOUT).seed(seed).build().run();
    }

    static String describe(GuestExit exit) {
        return switch (exit) {
            case GuestExit.Exited e -> "exited " + e.code();
            case GuestExit.Signaled s -> "signal " + s.signal() + " (" + s.reason() + ")";
            case GuestExit.TimedOut t -> "timed out after " + t.millis() + " ms";
            case GuestExit.LoadFailed l -> "load failed: " + l.message();
        };
    }
}
