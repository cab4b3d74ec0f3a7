package dev.binfarm.catalog.importer;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Imports real host programs and runs each imported app natively: with its own loader and
 * --library-path, and confined to its folder with chroot. The host program run directly is
 * the oracle for the expected output.
 */
class HostImporterTest {
    @TempDir
    Path tmp;

    static HostImporter importer;

    @BeforeAll
    static void hostResolver() throws Exception {
        importer = new HostImporter(LibraryResolver.host());
    }

    static Set<String> filesUnder(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !Files.isDirectory(p)).map(p -> "/" + dir.relativize(p)).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/bin/ls       | --version |",
            "/bin/gzip     | --version |",
            "/usr/bin/sqlite3 | :memory: | select 6*7, sqlite_version();",
            "/usr/bin/curl | --version |",
    })
    void importedProgramRunsWithItsOwnLoaderAndConfinedToItsFolder(String program, String arg1, String arg2) throws Exception {
        Path host = Path.of(program);
        assumeTrue(Files.isRegularFile(host), program + " is not installed");
        Path repo = tmp.resolve("catalog");
        HostImport imp = importer.importBinary(host, null, repo);
        String name = host.getFileName().toString();
        assertEquals(name, imp.name());
        assertEquals(repo.toAbsolutePath().resolve(name), imp.appDir());
        assertEquals("dynamic", imp.kind());
        assertEquals(host.toRealPath().toString(), imp.elf());
        assertEquals("/lib64/ld-linux-x86-64.so.2", imp.interpreter());

        // Exactly the program, the interpreter and ldd's libraries, each a real file at its host path.
        Set<String> expected = new TreeSet<>(Host.ldd(host).values());
        expected.add(imp.elf());
        expected.add(imp.interpreter());
        assertEquals(expected, filesUnder(imp.appDir()));
        for (String f : expected) {
            Path copy = imp.appDir().resolve(f.substring(1));
            assertFalse(Files.isSymbolicLink(copy), f);
            assertEquals(-1L, Files.mismatch(copy, Path.of(f)), f + " is a byte-for-byte copy");
        }
        assertTrue(Files.isExecutable(imp.appDir().resolve(imp.elf().substring(1))));

        List<String> args = new ArrayList<>();
        args.add(arg1);
        if (arg2 != null) args.add(arg2);
        Host.Ran oracle = Host.run(concat(List.of(program), args));
        assertEquals(0, oracle.exit(), oracle.stderr());
        assertFalse(oracle.stdout().isBlank());

        String libraryPath = imp.files().stream().skip(2).map(f -> imp.appDir().resolve(f.appPath().substring(1)).getParent().toString())
                .distinct().collect(Collectors.joining(":"));
        Host.Ran own = Host.run(concat(List.of(imp.appDir().resolve("lib64/ld-linux-x86-64.so.2").toString(),
                "--library-path", libraryPath, imp.appDir().resolve(imp.elf().substring(1)).toString()), args));
        assertEquals(0, own.exit(), own.stderr());
        assertEquals(oracle.stdout(), own.stdout());

        assumeTrue(Host.isRoot(), "chroot needs root");
        Host.Ran confined = Host.run(concat(List.of("chroot", imp.appDir().toString(), imp.elf()), args));
        assertEquals(0, confined.exit(), confined.stderr());
        assertEquals(oracle.stdout(), confined.stdout());

        try (Git git = Git.open(repo.toFile())) {
            assertFalse(git.getRepository().isBare());
            RevCommit head = git.log().setMaxCount(1).call().iterator().next();
            assertEquals(imp.commit(), head.name());
            assertEquals("import " + name + " from " + host.toAbsolutePath(), head.getFullMessage());
            assertTrue(git.status().call().isClean(), "everything imported is committed");
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void threeProgramsShareOneRepoOneCommitEachAndConfinedLsSeesOnlyItsApp() throws Exception {
        Path repo = tmp.resolve("demo");
        HostImport ls = importer.importBinary(Path.of("/bin/ls"), null, repo);
        HostImport gz = importer.importBinary(Path.of("/bin/gzip"), "gz", repo);
        HostImport again = importer.importBinary(Path.of("/bin/ls"), null, repo);
        assertEquals(gz.commit(), again.commit(), "re-importing the same program makes no commit");
        try (Git git = Git.open(repo.toFile())) {
            List<String> messages = new ArrayList<>();
            git.log().call().forEach(c -> messages.add(c.getShortMessage()));
            assertEquals(List.of("import gz from /bin/gzip", "import ls from /bin/ls"), messages);
        }
        assertTrue(Files.isRegularFile(repo.resolve("gz").resolve(gz.elf().substring(1))));
        assumeTrue(Host.isRoot(), "chroot needs root");
        Host.Ran r = Host.run("chroot", ls.appDir().toString(), ls.elf(), "-1", "/");
        assertEquals(0, r.exit(), r.stderr());
        Set<String> top = new TreeSet<>();
        try (Stream<Path> s = Files.list(ls.appDir())) {
            s.forEach(p -> top.add(p.getFileName().toString()));
        }
        assertEquals(top, new TreeSet<>(List.of(r.stdout().split("\n"))), "the confined ls sees its own folder as /");
    }

    @Test
    void aStaticProgramIsCopiedAlone() throws Exception {
        assumeTrue(Host.has("gcc"), "gcc is not installed");
        Path src = Files.writeString(tmp.resolve("hello.c"), "#include <stdio.h>\nint main(void){puts(\"hi\");return 0;}\n");
        Path bin = tmp.resolve("hello");
        Host.Ran cc = Host.run("gcc", "-static-pie", "-o", bin.toString(), src.toString());
        assertEquals(0, cc.exit(), cc.stderr());
        HostImport imp = importer.importBinary(bin, "hello", tmp.resolve("repo"));
        assertEquals("static-pie", imp.kind());
        assertNull(imp.interpreter());
        assertEquals(Set.of(bin.toRealPath().toString()), filesUnder(imp.appDir()));
        assumeTrue(Host.isRoot(), "chroot needs root");
        assertEquals("hi\n", Host.run("chroot", imp.appDir().toString(), imp.elf()).stdout());
    }

    @Test
    void aSymlinkedInputIsCopiedAsTheRealFileAtItsRealPath() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("my-gzip"), Path.of("/bin/gzip"));
        HostImport imp = importer.importBinary(link, null, tmp.resolve("repo"));
        assertEquals("my-gzip", imp.name());
        assertEquals(Path.of("/bin/gzip").toRealPath().toString(), imp.elf());
        assertTrue(Files.isRegularFile(imp.appDir().resolve(imp.elf().substring(1)), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void notAnElfOrMissingFailsInOneLineAndLeavesTheRepoUntouched() throws Exception {
        Path repo = tmp.resolve("repo");
        Path script = Files.writeString(tmp.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        var notElf = assertThrows(ImportException.class, () -> importer.importBinary(script, null, repo));
        assertEquals(script + ": not an ELF file", notElf.getMessage());
        var missing = assertThrows(ImportException.class, () -> importer.importBinary(tmp.resolve("nope"), null, repo));
        assertEquals(tmp.resolve("nope") + ": no such file", missing.getMessage());
        assertFalse(Files.exists(repo), "no repo created for a failed import");

        HostImport ok = importer.importBinary(Path.of("/bin/gzip"), null, repo);
        Set<String> before = filesUnder(repo.resolve("gzip"));
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        var lib = assertThrows(ImportException.class, () -> importer.importBinary(libc, "gzip", repo));
        assertTrue(lib.getMessage().endsWith("is a shared-library ELF, not a program"), lib.getMessage());
        assertEquals(before, filesUnder(repo.resolve("gzip")), "the existing app is untouched");
        try (Git git = Git.open(repo.toFile())) {
            assertEquals(ok.commit(), git.getRepository().resolve("HEAD").name());
        }
        assertFalse(lib.getMessage().contains("\n"));
    }
}
