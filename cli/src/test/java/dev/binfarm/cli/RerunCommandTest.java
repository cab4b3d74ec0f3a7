package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** farm rerun in-process against a temp farm home and a git catalog whose app changes between reruns. */
class RerunCommandTest {
    static final String SPEC = "version: 1\napps:\n  hello:\n    argv: [/hello]\n    expect: {exit: 0, stdout: {equals: \"hello\\n\"}}\n";
    static final String HELLO = "#include <stdio.h>\nint main(void){puts(\"hello\");return 0;}\n";
    static final String BYE = "#include <stdio.h>\n#include <unistd.h>\nint main(void){printf(\"bye %d\\n\", getpid() > 0);return 0;}\n";

    @TempDir Path tmp;
    FarmRunner farm;
    Path repo;

    @BeforeEach
    void catalog() throws Exception {
        farm = new FarmRunner(tmp.resolve("home"));
        repo = tmp.resolve("tests");
        Files.createDirectories(repo.resolve("hello"));
        Files.writeString(repo.resolve("binfarm.yaml"), SPEC);
        gcc(repo.resolve("hello/hello"), HELLO);
        try (Git git = Git.init().setInitialBranch("main").setDirectory(repo.toFile()).call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("hello").setAuthor("t", "t@binfarm.dev").setCommitter("t", "t@binfarm.dev").call();
        }
        assertEquals(0, farm.farm("catalog", "add", "tests", repo.toUri().toString()).exit());
        var sync = farm.farm("catalog", "sync", "tests");
        assertEquals(0, sync.exit(), sync.toString());
    }

    static void gcc(Path out, String source) throws Exception {
        Path c = out.resolveSibling(out.getFileName() + ".c");
        Files.writeString(c, source);
        Process p;
        try {
            p = new ProcessBuilder("gcc", "-O1", "-static-pie", "-o", out.toString(), c.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("gcc is not installed");
            return;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, log);
        Files.delete(c);
    }

    @Test
    void firstRerunPassesWithNoPreviousThenTheSameThenADiffAfterTheAppChanged() throws Exception {
        var first = farm.farm("rerun", "tests/hello");
        assertEquals(0, first.exit(), first.toString());
        List<String> lines = first.out().lines().toList();
        assertTrue(lines.get(0).matches("run \\d+ \\(rerun\\)"), first.toString());
        assertTrue(lines.get(1).matches("tests/hello on emulator/linux: PASS, exit 0, [0-9.]+ s, \\d+ instructions"), first.toString());
        assertEquals("  no previous result of this cell", lines.get(2));
        long firstRun = Long.parseLong(lines.get(0).split(" ")[1]);

        var second = farm.farm("rerun", "hello");
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().contains("  same as run " + firstRun + "\n"), second.toString());

        gcc(repo.resolve("hello/hello"), BYE);
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("bye").setAuthor("t", "t@binfarm.dev").setCommitter("t", "t@binfarm.dev").call();
        }
        assertEquals(0, farm.farm("catalog", "sync", "tests").exit());
        var third = farm.farm("rerun", "hello", "--catalog", "tests");
        assertEquals(1, third.exit(), third.toString());
        String out = third.out();
        assertTrue(out.contains("tests/hello on emulator/linux: FAIL, exit 0"), out);
        assertTrue(out.contains("  reason: stdout is not equal to 'hello\\n'\n"), out);
        assertTrue(out.contains("  changed since run " + (firstRun + 1) + ":\n"), out);
        assertTrue(out.contains("    status: PASS -> FAIL\n"), out);
        assertTrue(out.contains("    stdout line 1: 'hello' -> 'bye 1'\n"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("    syscalls:") && l.contains(" +getpid")), out);
        assertTrue(!out.contains("    exit:"), "exit did not change: " + out);

        var json = farm.farm("rerun", "tests/hello", "--json");
        assertEquals(1, json.exit(), json.toString());
        JsonNode root = new ObjectMapper().readTree(json.out());
        JsonNode cell = root.get("cells").get(0);
        assertEquals("FAIL", cell.get("status").asText());
        assertEquals("tests", cell.get("catalog").asText());
        assertEquals("FAIL", cell.get("previous").get("status").asText());
        assertTrue(cell.get("diff").get("same").asBoolean(), json.out());
    }

    @Test
    void usageErrorsAreOneLineAndStatusTwo() {
        var unknown = farm.farm("rerun", "nosuchapp");
        assertEquals(2, unknown.exit());
        assertEquals("farm: no app named 'nosuchapp' in any synced catalog (see 'farm catalog apps NAME')\n", unknown.err());
        var badCatalog = farm.farm("rerun", "hello", "--catalog", "nope");
        assertEquals(2, badCatalog.exit());
        assertEquals(1, badCatalog.err().lines().count(), badCatalog.err());
        var badRuntime = farm.farm("rerun", "tests/hello", "--runtime", "nosuch");
        assertEquals(2, badRuntime.exit());
        assertEquals("farm: no runtime named 'nosuch' (known: emulator, docker, qemu-linux)\n", badRuntime.err());
        var unsynced = farm.farm("rerun", "static-pie-apps/bc");
        assertEquals(2, unsynced.exit());
        assertTrue(unsynced.err().contains("has not been synced yet"), unsynced.err());
    }
}
