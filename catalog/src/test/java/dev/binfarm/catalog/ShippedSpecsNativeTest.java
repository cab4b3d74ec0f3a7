package dev.binfarm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.catalog.spec.FileCheck;
import dev.binfarm.catalog.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The specs shipped for the upstream catalogs hold on the native reference: each app
 * materialised into a fresh folder and run confined to it with chroot (FACTS.md: the
 * faithful reference), judged by its own spec. Servers (probes) are left to the runtimes.
 */
class ShippedSpecsNativeTest {
    @TempDir static Path tmp;
    static Catalogs catalogs;

    @BeforeAll
    static void sync() throws Exception {
        Path dyn = Fixtures.copyShared("dynamic-apps.git", tmp.resolve("src"));
        Path spie = Fixtures.copyShared("static-pie-apps.git", tmp.resolve("src"));
        catalogs = new Catalogs(tmp.resolve("home/catalogs"), new MemoryCatalogStore());
        catalogs.add("dynamic-apps", Fixtures.fileUrl(dyn), null);
        catalogs.add("static-pie-apps", Fixtures.fileUrl(spie), null);
        catalogs.sync("dynamic-apps");
        catalogs.sync("static-pie-apps");
    }

    @TestFactory
    Stream<DynamicTest> everyShippedSpecPassesUnderChroot() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String c : List.of("dynamic-apps", "static-pie-apps")) {
            for (App app : catalogs.apps(c).apps()) {
                if (app.spec().isServer()) continue;
                tests.add(DynamicTest.dynamicTest(c + "/" + app.name(), () -> runAndJudge(c, app)));
            }
        }
        assertEquals(10, tests.size(), "7 dynamic + 3 static-pie non-server apps");
        return tests.stream();
    }

    static void runAndJudge(String catalog, App app) throws Exception {
        Assumptions.assumeTrue(isRoot(), "chroot needs root: native spec check skipped");
        Spec s = app.spec();
        assertEquals("/", s.cwd(), "chroot starts in /");
        Path dir = catalogs.materialize(catalog, app, tmp.resolve("run/" + catalog + "/" + app.name()));
        List<String> cmd = new ArrayList<>(List.of("chroot", dir.toString()));
        cmd.addAll(s.argv());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(s.env());
        Path out = tmp.resolve("run/" + catalog + "-" + app.name() + ".out");
        Path err = tmp.resolve("run/" + catalog + "-" + app.name() + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(s.stdin().isFile() ? Files.readAllBytes(dir.resolve(s.stdin().file().substring(1)))
                    : s.stdin().text().getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(s.timeout().toMillis(), TimeUnit.MILLISECONDS), "timed out");
        String stdout = Files.readString(out), stderr = Files.readString(err);
        String what = catalog + "/" + app.name() + " stdout=" + stdout + " stderr=" + stderr;
        if (s.expect().exit() != null) assertEquals(s.expect().exit(), p.exitValue(), what);
        else assertTrue(p.exitValue() < 128, what);
        if (s.expect().stdout() != null) assertNull(s.expect().stdout().mismatch(stdout), what);
        if (s.expect().stderr() != null) assertNull(s.expect().stderr().mismatch(stderr), what);
        for (FileCheck f : s.expect().files()) {
            Path file = dir.resolve(f.path().substring(1));
            assertEquals(f.exists(), Files.exists(file, LinkOption.NOFOLLOW_LINKS), what + " file " + f.path());
            if (f.exists()) assertNull(f.mismatch(Files.readAllBytes(file)), what + " file " + f.path());
        }
    }

    static boolean isRoot() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        return new String(p.getInputStream().readAllBytes()).strip().equals("0") && p.waitFor() == 0;
    }
}
