package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** farm runtime add/list in-process against a temp farm home. */
class RuntimeCommandTest {
    @TempDir Path tmp;

    @Test
    void listShowsTheBuiltInRuntimesWithAvailability() {
        FarmRunner.Ran r = new FarmRunner(tmp.resolve("home")).farm("runtime", "list");
        assertEquals(0, r.exit(), r.toString());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("NAME\\s+KIND\\s+AVAILABLE\\s+DETAIL"), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("emulator\\s+emulator\\s+yes\\s+built in")), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("docker\\s+docker\\s+(yes|no)\\s+\\S.*")), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("qemu-linux\\s+qemu-linux\\s+(yes|no)\\s+\\S.*")), r.toString());
    }

    @Test
    void addedRuntimesAreListedAndAMissingImageSaysWhy() throws Exception {
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        FarmRunner.Ran add = farm.farm("runtime", "add", "uk-sqlite", "--kind", "qemu-unikraft", "--image", tmp.resolve("nope.img").toString(),
                "--port", "6379", "--variant", "debug", "--memory", "256");
        assertEquals(0, add.exit(), add.toString());
        assertTrue(add.out().contains("registered runtime uk-sqlite (qemu-unikraft)"), add.toString());
        String saved = Files.readString(tmp.resolve("home/runtimes/uk-sqlite.properties"));
        assertTrue(saved.contains("ports=6379") && saved.contains("variant=debug") && saved.contains("memory=256"), saved);
        Files.writeString(tmp.resolve("k.img"), "not really a kernel");
        assertEquals(0, farm.farm("runtime", "add", "linux-k", "--kind", "qemu-linux", "--kernel", tmp.resolve("k.img").toString()).exit());
        FarmRunner.Ran list = farm.farm("runtime", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.matches("uk-sqlite\\s+qemu-unikraft\\s+no\\s+.*(does not exist|not found).*")), list.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.matches("linux-k\\s+qemu-linux\\s+(yes|no)\\s+.*")), list.toString());
    }

    @Test
    void badAddsAreOneLineErrors() {
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        FarmRunner.Ran kind = farm.farm("runtime", "add", "x", "--kind", "firecracker");
        assertTrue(kind.exit() != 0 && kind.err().contains("unknown kind 'firecracker'"), kind.toString());
        FarmRunner.Ran noImage = farm.farm("runtime", "add", "x", "--kind", "qemu-unikraft");
        assertTrue(noImage.exit() != 0 && noImage.err().contains("needs --image"), noImage.toString());
        FarmRunner.Ran builtIn = farm.farm("runtime", "add", "emulator", "--kind", "qemu-linux");
        assertTrue(builtIn.exit() != 0 && builtIn.err().contains("built-in"), builtIn.toString());
        FarmRunner.Ran wrongOpt = farm.farm("runtime", "add", "y", "--kind", "qemu-linux", "--image", "/x");
        assertTrue(wrongOpt.exit() != 0 && wrongOpt.err().contains("does not apply"), wrongOpt.toString());
        FarmRunner.Ran badVariant = farm.farm("runtime", "add", "z", "--kind", "qemu-unikraft", "--image", "/x", "--variant", "loud");
        assertTrue(badVariant.exit() != 0 && badVariant.err().contains("variant must be"), badVariant.toString());
        assertTrue(!Files.exists(tmp.resolve("home/runtimes/x.properties")));
    }
}
