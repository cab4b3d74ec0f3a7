package dev.binfarm.cli;

import dev.binfarm.catalog.Fixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code farm ci} end to end through the real command line and the emulator: exit 0 and one
 * XML file for the catalog; a commit that makes an app crash exits 1 naming the cell; the
 * run is an ordinary run in `farm runs` (trigger ci); a bad baseline is a usage error.
 */
class CiCommandTest {
    @TempDir Path tmp;

    @Test
    void farmCiExitsOneOnARegressionAndWritesJUnitXml() throws Exception {
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        byte[] crash = Fixtures.staticPie(tmp.resolve("build"), "crash", RunCommandTest.CRASH);
        Path repo = tmp.resolve("apps.git");
        List<String> apps = List.of("hello", "hi");
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, apps), "two greeters");
        assertEquals(0, farm.farm("catalog", "add", "local", repo.toUri().toString()).exit());

        Path out1 = tmp.resolve("out1");
        var first = farm.farm("ci", "--catalog", "local", "--reports", out1.toString());
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("2 cells, 2 passed, 0 failed, 0 skipped; 0 regressions"), first.toString());
        assertTrue(Files.exists(out1.resolve("TEST-binfarm.local.xml")), first.toString());

        Map<String, byte[]> broken = new HashMap<>(Fixtures.apps(hello, apps));
        broken.put("hi/hi", crash);
        Fixtures.commitPrograms(repo, broken, "hi crashes now");
        Path out2 = tmp.resolve("out2");
        var second = farm.farm("ci", "--catalog", "local", "--reports", out2.toString());
        assertEquals(1, second.exit(), second.toString());
        assertTrue(second.out().contains("REGRESSION local/hi on emulator (linux): expected PASS but was CRASH (regression)"),
                second.toString());
        String xml = Files.readString(out2.resolve("TEST-binfarm.local.xml"));
        assertTrue(xml.contains("classname=\"local.hi\"") && xml.contains("expected PASS but was CRASH (regression)"), xml);

        var runs = farm.farm("runs");
        assertEquals(3, runs.out().lines().filter(l -> l.contains(" ci ")).count() + 1, runs.toString());

        var bad = farm.farm("ci", "--baseline", tmp.resolve("missing.txt").toString());
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("neither 'previous' nor a readable file"), bad.toString());
    }
}
