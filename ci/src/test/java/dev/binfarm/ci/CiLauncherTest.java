package dev.binfarm.ci;

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
 * Acceptance 2 on the real emulator: a JGit catalog of two greeters; a commit that makes
 * one crash is a regression (exit 1, the XML names the cell with expected vs actual);
 * with an expectations file listing it, the same failure is known (exit 0).
 */
class CiLauncherTest {
    @TempDir Path tmp;

    static final String CRASH = "#include <stdio.h>\nint main(void){ puts(\"about to crash\"); fflush(stdout); *(volatile int *)0 = 1; return 0; }\n";

    @Test
    void seededRegressionFailsTheBuildAndNamesTheCell() throws Exception {
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        byte[] crash = Fixtures.staticPie(tmp.resolve("build"), "crash", CRASH);
        Path repo = tmp.resolve("apps.git");
        List<String> apps = List.of("hello", "hi");
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, apps), "two greeters");
        Path home = tmp.resolve("home");
        Map<String, String> cfg = Map.of("binfarm.catalog.local.url", repo.toUri().toString());

        var first = CiSupport.ci(home, cfg, tmp.resolve("r1"), "previous");
        assertEquals(0, first.outcome().exitCode(), first.out());
        assertEquals(2, first.outcome().passed(), first.out());
        assertEquals("ci", CiSupport.trigger(home, first.outcome().run()));
        List<Path> x1 = CiSupport.validate(tmp.resolve("r1"));
        assertEquals(List.of(tmp.resolve("r1").resolve("TEST-binfarm.local.xml")), x1);
        assertEquals(CiSupport.dbCounts(home, first.outcome().run()), CiSupport.sum(x1));

        Map<String, byte[]> broken = new HashMap<>(Fixtures.apps(hello, apps));
        broken.put("hi/hi", crash);
        Fixtures.commitPrograms(repo, broken, "hi crashes now");
        var second = CiSupport.ci(home, cfg, tmp.resolve("r2"), "previous");
        assertEquals(1, second.outcome().exitCode(), second.out());
        assertEquals(1, second.outcome().regressions().size(), second.out());
        assertTrue(second.outcome().regressions().get(0).startsWith("local/hi on emulator (linux)"), second.out());
        assertTrue(second.out().contains("REGRESSION local/hi on emulator (linux)"), second.out());
        List<Path> x2 = CiSupport.validate(tmp.resolve("r2"));
        assertEquals(new CiSupport.Counts(2, 1, 0), CiSupport.sum(x2));
        assertEquals(CiSupport.dbCounts(home, second.outcome().run()), CiSupport.sum(x2));
        String xml = Files.readString(x2.get(0));
        assertTrue(xml.contains("classname=\"local.hi\" name=\"emulator/linux\""), xml);
        assertTrue(xml.contains("expected PASS but was CRASH (regression)"), xml);
        assertTrue(xml.contains("about to crash"), "stdout excerpt in the failure: " + xml);

        // Same failure, now known: an expectations file makes it no regression.
        Path known = tmp.resolve("known-failures.txt");
        Files.writeString(known, "# hi is being fixed\nlocal/hi emulator linux\n");
        var third = CiSupport.ci(home, cfg, tmp.resolve("r3"), known.toString());
        assertEquals(0, third.outcome().exitCode(), third.out());
        assertEquals(1, third.outcome().failed(), third.out());
        // ... while an empty expectations file calls the failure a regression.
        Path none = tmp.resolve("none.txt");
        Files.writeString(none, "\n");
        var fourth = CiSupport.ci(home, cfg, tmp.resolve("r4"), none.toString());
        assertEquals(1, fourth.outcome().exitCode(), fourth.out());
        assertTrue(fourth.out().contains("failures cannot be told apart from broken apps"), fourth.out());
    }
}
