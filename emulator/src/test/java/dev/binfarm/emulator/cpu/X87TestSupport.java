package dev.binfarm.emulator.cpu;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Shared helpers of the x87 tests: compiling C oracles, generating interesting extended values. */
final class X87TestSupport {
    private X87TestSupport() {}

    /** Compiles src/test/resources/x87/{name}.c with gcc into {@code dir} and returns the executable. */
    static Path compile(Path dir, String name) throws Exception {
        Path src = dir.resolve(name + ".c");
        try (InputStream in = X87TestSupport.class.getResourceAsStream("/x87/" + name + ".c")) {
            Files.copy(in, src);
        }
        Path exe = dir.resolve(name);
        Process p = new ProcessBuilder("gcc", "-O1", "-o", exe.toString(), src.toString(), "-lm")
            .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("gcc failed: " + log);
        return exe;
    }
}
