package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CatalogImportCommandTest {
    @TempDir
    Path tmp;

    record Ran(int exit, String out, String err) {}

    static Ran farm(String... args) {
        CommandLine cl = Farm.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Ran(exit, out.toString(), err.toString());
    }

    @Test
    void importsAHostProgramAndCommitsIt() throws Exception {
        Path repo = tmp.resolve("cat");
        Ran r = farm("catalog", "import", "--binary", "/bin/gzip", "--name", "gz", "--into", repo.toString());
        assertEquals(0, r.exit(), r.err());
        String elf = Path.of("/bin/gzip").toRealPath().toString();
        assertTrue(r.out().startsWith("imported gz (" + elf + ", dynamic, 1 library) into " + repo.toAbsolutePath().resolve("gz")),
                r.out());
        assertTrue(Files.isRegularFile(repo.resolve("gz").resolve(elf.substring(1))));
        assertTrue(Files.isRegularFile(repo.resolve("gz/lib64/ld-linux-x86-64.so.2")));
        try (Git git = Git.open(repo.toFile())) {
            assertEquals("import gz from /bin/gzip", git.log().call().iterator().next().getFullMessage());
        }
    }

    @Test
    void notAnElfIsOneLineExitTwoAndNoRepo() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello\n");
        Path repo = tmp.resolve("cat");
        Ran r = farm("catalog", "import", "--binary", text.toString(), "--into", repo.toString());
        assertEquals(2, r.exit());
        assertEquals("farm: " + text + ": not an ELF file\n", r.err());
        assertFalse(Files.exists(repo));

        Ran missing = farm("catalog", "import", "--binary", tmp.resolve("gone").toString(), "--into", repo.toString());
        assertEquals(2, missing.exit());
        assertEquals("farm: " + tmp.resolve("gone") + ": no such file\n", missing.err());
        assertFalse(Files.exists(repo));
    }

    @Test
    void helpNamesTheOptions() {
        Ran r = farm("catalog", "import", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--binary=HOST_ELF") && r.out().contains("--into=LOCAL_REPO_DIR"), r.out());
    }
}
