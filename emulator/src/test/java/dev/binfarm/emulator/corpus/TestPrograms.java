package dev.binfarm.emulator.corpus;

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
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles corpus programs at test time. Binaries are cached under {@code target/corpus-cache},
 * keyed by a hash of the source, the shared header, the compiler version and the command line, so
 * a rerun compiles nothing and an edit recompiles exactly what changed. Binaries never enter git.
 */
final class TestPrograms {
    private TestPrograms() { }

    /** The corpus directory (sources, corpus.h, rootfs/) as copied to the test classpath. */
    static Path corpusDir() {
        URL header = TestPrograms.class.getClassLoader().getResource("corpus/corpus.h");
        if (header == null) throw new IllegalStateException("corpus/corpus.h is not on the test classpath");
        try {
            return Path.of(header.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path cacheDir() {
        String basedir = System.getProperty("basedir");
        Path target = basedir != null ? Path.of(basedir, "target") : Path.of("target").toAbsolutePath();
        return target.resolve("corpus-cache");
    }

    /** The static-PIE binary of {@code program} for {@code libc}, compiled now unless cached. */
    static Path build(CorpusProgram program, Libc libc) {
        Path include = corpusDir();
        try {
            Path dir = Files.createDirectories(cacheDir().resolve(libc.label()));
            // The flags, not the paths, belong in the key: build the command line over placeholder paths.
            String flags = libc.buildCommands(Path.of("prog.c"), Path.of("include"), Path.of("prog")).toString();
            String key = key(program.source(), include.resolve("corpus.h"), flags);
            Path out = dir.resolve(program.name() + "-" + key);
            if (Files.isRegularFile(out)) return out;
            Path tmp = dir.resolve(program.name() + "-" + key + ".tmp" + ProcessHandle.current().pid());
            for (List<String> cmd : libc.buildCommands(program.source(), include, tmp)) run(cmd);
            Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + ".o"));
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(Path source, Path header, String commandLine) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(source));
            md.update(Files.readAllBytes(header));
            md.update(Tools.gccVersion().getBytes(StandardCharsets.UTF_8));
            md.update(commandLine.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("compiler timed out: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0) throw new IllegalStateException("compile failed (" + p.exitValue() + "): "
                + String.join(" ", cmd) + "\n" + log);
    }
}
