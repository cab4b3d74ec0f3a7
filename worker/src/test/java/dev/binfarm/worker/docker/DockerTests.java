package dev.binfarm.worker.docker;

import dev.binfarm.catalog.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** A static-pie program built with gcc into {@code dir}, alone (its source stays out of the rootfs). */
    static Path staticPie(Path dir, String name, String source) throws IOException, InterruptedException {
        Path src = Files.createTempDirectory("binfarm-src-");
        try {
            Path out = Files.write(Files.createDirectories(dir).resolve(name), Fixtures.staticPie(src, name, source));
            out.toFile().setExecutable(true);
            return out;
        } finally {
            try (var files = Files.list(src)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(src);
        }
    }
}
