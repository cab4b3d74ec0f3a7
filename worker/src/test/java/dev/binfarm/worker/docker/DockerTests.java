package dev.binfarm.worker.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Shared by the Docker tests: the runtime on the local daemon, or a visible skip. */
final class DockerTests {
    private static DockerRuntime runtime;

    private DockerTests() { }

    /** The runtime; aborts (skips) the calling test with the reason when no daemon answers. */
    static synchronized DockerRuntime runtime() {
        if (runtime == null) runtime = DockerRuntime.detect(ProfileResolver.standard());
        if (!runtime.available().ok()) {
            System.err.println("SKIPPED docker tests: " + runtime.available().why());
            Assumptions.abort("docker tests skipped: " + runtime.available().why());
        }
        return runtime;
    }

    /** A static-pie program built with gcc into {@code dir}; skips when gcc is missing. */
    static Path staticPie(Path dir, String name, String source) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path c = Files.createTempDirectory("binfarm-src-").resolve(name + ".c");
        try {
            Files.writeString(c, source);
            Path out = dir.resolve(name);
            Process p;
            try {
                p = new ProcessBuilder(List.of("gcc", "-O1", "-static-pie", "-o", out.toString(), c.toString()))
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                Assumptions.abort("gcc is not installed: " + e.getMessage());
                throw e;
            }
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("gcc failed:\n" + log);
            return out;
        } finally {
            Files.deleteIfExists(c);
            Files.deleteIfExists(c.getParent());
        }
    }
}
