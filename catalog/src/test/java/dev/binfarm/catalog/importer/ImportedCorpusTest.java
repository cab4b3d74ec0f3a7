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
import java.util.ArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emulator II, acceptance 1, with the real importer: every program of the emulator's C corpus, built
 * dynamically (gcc's default PIE against the host's glibc), imported with {@link HostImporter}
 * (what {@code farm catalog import} runs) and run on the bundled emulator on the imported app
 * folder; stdout, stderr and status equal the native run chrooted into the same folder. (The
 * emulator's own corpus suite cannot use the importer: this module depends on the emulator.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportedCorpusTest {
    /** The corpus suite's environment (emulator GuestRuns.ENV). */
    static final Map<String, String> ENV = Map.of("PATH", "/bin:/usr/bin", "HOME", "/", "LANG", "C", "TERM", "dumb",
            "USER", "guest", "CORPUS", "differential");

    @TempDir Path tmp;
    Path corpus;

    @BeforeAll
    void findCorpus() {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        corpus = base.resolveSibling("emulator").resolve("src/test/resources/corpus");
        assumeTrue(Files.isRegularFile(corpus.resolve("corpus.h")), "the emulator's corpus is not next to this module");
    }

    /** Corpus programs this test leaves out, with the reason (the emulator's ExpectedFailures lists it too). */
    static final Map<String, String> SKIPPED = Map.of(
            "long_double_math", "x87 transcendentals 1 ulp off the host CPU's (h/x87)");

    @TestFactory
    Stream<DynamicTest> importedCorpusMatchesNative() throws IOException {
        try (Stream<Path> s = Files.list(corpus)) {
            return s.filter(p -> p.toString().endsWith(".c")).sorted()
                    .map(p -> p.getFileName().toString().replaceFirst("\\.c$", ""))
                    .map(name -> DynamicTest.dynamicTest(name, () -> check(name)))
                    .toList().stream();
        }
    }

    /** One corpus program: its {@code //! args}, {@code //! stdin} and {@code //! writable} headers apply as in the corpus suite. */
    void check(String program) throws Exception {
        assumeTrue(!SKIPPED.containsKey(program), () -> SKIPPED.get(program));
        Path source = corpus.resolve(program + ".c");
        List<String> args = new ArrayList<>();
        String stdinFile = null;
        boolean writable = false;
        for (String line : Files.readAllLines(source)) {
            if (line.startsWith("//! args:")) args.addAll(List.of(line.substring(9).trim().split("\\s+")));
            else if (line.startsWith("//! stdin:")) stdinFile = line.substring(10).trim();
            else if (line.trim().equals("//! writable")) writable = true;
        }
        Path exe = tmp.resolve(program);
        Result built = exec(List.of("gcc", "-O2", "-I" + corpus, "-o", exe.toString(), source.toString(), "-lm"), null, Map.of(), null);
        assertEquals(0, built.status(), "gcc " + program + ": " + built.stderr());
        HostImport imp = new HostImporter(LibraryResolver.host()).importBinary(exe, program, tmp.resolve("catalog"));
        assertEquals("dynamic", imp.kind());
        // The corpus's data files next to the imported program, as its rootfs has them.
        copyTree(corpus.resolve("rootfs"), imp.appDir());
        String inside = exe.toRealPath().toString(); // the importer keeps the program at its host path
        List<String> argv = new ArrayList<>(List.of(inside));
        argv.addAll(args);
        byte[] stdin = stdinFile == null ? new byte[0] : Files.readAllBytes(imp.appDir().resolve(stdinFile));

        GuestOutcome emu = Guest.builder().rootfs(imp.appDir()).argv(argv).env(ENV).stdin(stdin).writableRootfs(writable)
                .timeout(Duration.ofSeconds(120)).build().run();
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/chroot")), "chroot not available");
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/chroot", imp.appDir().toString()));
        cmd.addAll(argv);
        Result nat = exec(cmd, imp.appDir(), ENV, stdin);
        assumeTrue(!nat.stderr().contains("chroot: cannot change root"), "chroot needs root");
        String how = emu.exit() instanceof GuestExit.Exited ? "" : " " + emu.exit();
        assertEquals(nat.stdout(), new String(emu.stdout(), StandardCharsets.UTF_8), program + " stdout" + how);
        assertEquals(nat.stderr(), new String(emu.stderr(), StandardCharsets.UTF_8), program + " stderr" + how);
        assertEquals(nat.status(), emu.exit().status(), program + " status" + how);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(dst);
                else Files.copy(p, dst, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    record Result(int status, String stdout, String stderr) { }

    static Result exec(List<String> cmd, Path dir, Map<String, String> env, byte[] stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (dir != null) pb.directory(dir.toFile());
        if (!env.isEmpty()) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        // stdin is a pipe, as the emulator's is (lseek on it fails with ESPIPE); output goes to files.
        Path out = Files.createTempFile("stdout", ".txt"), err = Files.createTempFile("stderr", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin);
            } catch (IOException ignored) {
                // the program exited without reading all of its input
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
            return new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
