package dev.binfarm.catalog.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Emulator II, acceptance 1, with the real importer: programs of the emulator's C corpus, built
 * dynamically (gcc's default PIE against the host's glibc), imported with {@link HostImporter}
 * (what {@code farm catalog import} runs) and run on the bundled emulator on the imported app
 * folder; stdout, stderr and status equal the native run chrooted into the same folder. (The
 * emulator's own corpus suite cannot use the importer: this module depends on the emulator.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportedCorpusTest {
    static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LANG", "C", "HOME", "/");

    @TempDir Path tmp;
    Path corpus;

    @BeforeAll
    void findCorpus() {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        corpus = base.resolveSibling("emulator").resolve("src/test/resources/corpus");
        assumeTrue(Files.isRegularFile(corpus.resolve("corpus.h")), "the emulator's corpus is not next to this module");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hello", "printf_float", "math_more", "long_double", "regex_match", "tls_vars",
        "setjmp_longjmp", "wide_strings", "sha256", "qsort_bsearch"})
    void importedProgramMatchesNative(String program) throws Exception {
        Path exe = tmp.resolve(program);
        int built = exec(List.of("gcc", "-O2", "-I" + corpus, "-o", exe.toString(), corpus.resolve(program + ".c").toString(), "-lm"),
                null, Map.of()).status();
        assertEquals(0, built, "gcc " + program);
        HostImport imp = new HostImporter(LibraryResolver.host()).importBinary(exe, program, tmp.resolve("catalog"));
        assertEquals("dynamic", imp.kind());
        String inside = exe.toRealPath().toString(); // the importer keeps the program at its host path

        GuestOutcome emu = Guest.builder().rootfs(imp.appDir()).argv(inside).env(ENV)
                .timeout(Duration.ofSeconds(60)).build().run();
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/chroot")), "chroot not available");
        Result nat = exec(List.of("/usr/sbin/chroot", imp.appDir().toString(), inside), imp.appDir(), ENV);
        assumeTrue(!nat.stderr().contains("chroot: cannot change root"), "chroot needs root");
        String how = emu.exit() instanceof GuestExit.Exited ? "" : " " + emu.exit();
        assertEquals(nat.stdout(), new String(emu.stdout(), StandardCharsets.UTF_8), program + " stdout" + how);
        assertEquals(nat.stderr(), new String(emu.stderr(), StandardCharsets.UTF_8), program + " stderr" + how);
        assertEquals(nat.status(), emu.exit().status(), program + " status" + how);
        assertTrue(!nat.stdout().isEmpty(), program + " printed something");
    }

    record Result(int status, String stdout, String stderr) { }

    static Result exec(List<String> cmd, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (dir != null) pb.directory(dir.toFile());
        if (!env.isEmpty()) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
