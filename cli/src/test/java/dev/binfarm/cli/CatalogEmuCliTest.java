package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 3 of the emulator issue through the real command line: the issue's own {@code farm emu}
 * invocations, run as a separate JVM process (real stdin pipe, real exit status) on a clone of the
 * shared static-pie-apps catalog. Skips with a visible reason when ../shared is absent.
 */
class CatalogEmuCliTest {
    private static Path work;
    private static Path apps;

    @BeforeAll
    static void cloneCatalog() throws Exception {
        Path shared = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && shared == null; dir = dir.getParent()) {
            Path p = dir.resolveSibling("shared").resolve("catalogs").resolve("static-pie-apps.git");
            if (Files.isDirectory(p)) shared = p;
        }
        Assumptions.assumeTrue(shared != null,
                "../shared/catalogs/static-pie-apps.git is absent (a fresh machine has no shared/): catalog CLI tests skipped");
        work = Files.createTempDirectory("cli-static-pie-apps");
        Path bare = work.resolve("static-pie-apps.git");
        copyTree(shared, bare);
        Files.createDirectories(bare.resolve("refs")); // the stored bare repo lacks refs/; never touch the shared one
        apps = work.resolve("checkout");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(apps.toFile()).call()) {
            // checked out
        }
    }

    @AfterAll
    static void removeClone() throws IOException {
        if (work == null) return;
        try (Stream<Path> walk = Files.walk(work)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void farmEmuExists() {
        String usage = Farm.commandLine().getSubcommands().get("emu").getUsageMessage();
        Assumptions.assumeTrue(usage.contains("--rootfs"), "waiting for: farm emu with --rootfs/--exe (h/kernel)");
    }

    @Test
    void echoTwoToTheHundredIntoBc() throws Exception {
        Result r = farm("2^100\n", "emu", "--rootfs", apps.resolve("bc").toString(), "--", "/bc");
        assertEquals(0, r.status, r::describe);
        assertEquals("1267650600228229401496703205376\n", r.stdout, r::describe);
    }

    @Test
    void sqliteWithExeFromTheHostAndRootfsBeside() throws Exception {
        Path sqlite = apps.resolve("sqlite3");
        Result r = farm("", "emu", "--rootfs", sqlite.resolve("rootfs").toString(), "--exe", sqlite.resolve("sqlite3").toString(),
                "--", "/sqlite3", "/chinook.db", "select count(*) from Album;");
        assertEquals(0, r.status, r::describe);
        assertEquals("347\n", r.stdout, r::describe);
    }

    private record Result(int status, String stdout, String stderr) {
        String describe() { return "farm exited " + status + "; stdout: " + stdout + "; stderr: " + stderr; }
    }

    /** Runs {@code farm ARGS} as its own JVM (the test JVM's classpath) with {@code stdin} piped in. */
    private static Result farm(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss16m", "-cp", System.getProperty("java.class.path"), Farm.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        java.io.ByteArrayOutputStream errSink = new java.io.ByteArrayOutputStream();
        Thread err = Thread.ofVirtual().start(() -> {
            try (var e = p.getErrorStream()) {
                e.transferTo(errSink);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        err.join();
        byte[] errBytes = errSink.toByteArray();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("farm " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        Result r = new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(errBytes, StandardCharsets.UTF_8));
        if (r.stderr.contains("not built yet") || r.stderr.contains("kernel not written yet")) {
            Assumptions.abort("waiting for: farm emu / the emulator's GuestRunner (h/kernel): " + r.stderr.strip());
        }
        return r;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
