package dev.binfarm.catalog;

import static dev.binfarm.catalog.Fixtures.Entry.data;
import static dev.binfarm.catalog.Fixtures.Entry.exe;
import static dev.binfarm.catalog.Fixtures.Entry.file;
import static dev.binfarm.catalog.Fixtures.Entry.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.elf.ElfKind;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery rules on a repo built in the test: static-pie, dynamic, static, nested, shared libraries, junk. */
class DiscoveryRulesTest {
    @TempDir static Path tmp;
    static byte[] staticPie, dynamic, staticExe, sharedLib, loader;
    static Catalogs catalogs;
    static List<App> apps;
    static Discovery.Result result;

    @BeforeAll
    static void build() throws Exception {
        Path b = Files.createDirectories(tmp.resolve("build"));
        staticPie = Fixtures.gcc(b, "spie", Fixtures.HELLO, "-static-pie");
        dynamic = Fixtures.gcc(b, "dyn", Fixtures.HELLO);
        staticExe = Fixtures.gcc(b, "old", Fixtures.HELLO, "-static", "-no-pie");
        sharedLib = Fixtures.gcc(b, "libfoo.so", Fixtures.LIB, "-shared", "-fPIC");
        loader = Files.readAllBytes(Path.of("/lib64/ld-linux-x86-64.so.2"));

        Map<String, Fixtures.Entry> files = new LinkedHashMap<>();
        files.put("spie/hello", exe(staticPie));
        files.put("spie/rootfs/data.txt", file("data\n"));
        files.put("dyn/usr/bin/dyn", exe(dynamic));
        files.put("dyn/lib64/ld-linux-x86-64.so.2", exe(loader));
        files.put("dyn/lib/x86_64-linux-gnu/libfoo.so", data(sharedLib));
        files.put("dyn/bin", link("usr/bin"));
        files.put("dyn/etc/motd", file("hi\n"));
        files.put("old/bin/old", exe(staticExe));
        files.put("lang/c/helloworld/helloworld", exe(dynamic));
        files.put("lang/c/helloworld/lib64/ld-linux-x86-64.so.2", exe(loader));
        files.put("libonly/libx.so.1", exe(sharedLib));
        files.put("libonly/lib/helper", exe(staticPie)); // a program inside a lib folder is a helper, not an app
        files.put("multi/bin/helper", exe(staticPie));
        files.put("multi/bin/multi", exe(staticPie));
        files.put("pick/bin/a", exe(staticPie));
        files.put("pick/bin/b", exe(staticPie));
        files.put("broken/bin/broken", exe(Arrays.copyOf(staticPie, 100)));
        files.put("scripts/run.sh", exe("#!/bin/sh\necho hi\n".getBytes()));
        files.put("binfarm.yaml", file("""
                apps:
                  pick:
                    elf: /bin/b
                    expect: {exit: 0, stdout: {equals: "hello\\n"}}
                """));
        Fixtures.commit(tmp.resolve("repo.git"), files, "test catalog");
        catalogs = new Catalogs(tmp.resolve("home/catalogs"), new MemoryCatalogStore());
        catalogs.add("local", Fixtures.fileUrl(tmp.resolve("repo.git")), "main");
        catalogs.sync("local");
        result = catalogs.apps("local");
        apps = result.apps();
    }

    static App app(String name) { return SharedCatalogsTest.find(apps, name); }

    @Test
    void findsOneAppPerRootAndNothingElse() {
        assertEquals(List.of("dyn", "lang/c/helloworld", "multi", "old", "pick", "spie"), apps.stream().map(App::name).toList());
    }

    @Test
    void staticPieBesideRootfsRunsAsSlashName() {
        App a = app("spie");
        assertEquals(ElfKind.STATIC_PIE, a.kind());
        assertEquals("/hello", a.elf());
        assertEquals("spie/rootfs", a.filesystem());
        assertNull(a.interpreter());
    }

    @Test
    void dynamicRootIsTheFolderHoldingItsInterpreter() {
        App a = app("dyn");
        assertEquals(ElfKind.DYNAMIC, a.kind());
        assertEquals("/usr/bin/dyn", a.elf());
        assertEquals("/lib64/ld-linux-x86-64.so.2", a.interpreter());
        assertEquals("dyn", a.root());
        App nested = app("lang/c/helloworld");
        assertEquals("/helloworld", nested.elf());
        assertEquals("lang/c/helloworld", nested.root());
    }

    @Test
    void staticNonPieIsFlagged() {
        App a = app("old");
        assertEquals(ElfKind.STATIC, a.kind());
        assertEquals("/bin/old", a.elf());
        assertTrue(a.notes().contains(App.NON_PIE_NOTE), a.notes().toString());
    }

    @Test
    void mainProgramRule() {
        assertEquals("/bin/multi", app("multi").elf(), "named like its folder");
        assertTrue(app("multi").notes().isEmpty());
        assertEquals("/bin/b", app("pick").elf(), "named by the spec");
        assertTrue(app("pick").spec().source().startsWith("binfarm.yaml:"), app("pick").spec().source());
        assertEquals(List.of("/bin/b"), app("pick").spec().argv());
    }

    @Test
    void appsWithoutWrittenSpecGetTheSmokeSpec() {
        App a = app("dyn");
        assertEquals("default", a.spec().source());
        assertEquals(List.of("/usr/bin/dyn"), a.spec().argv());
        assertNull(a.spec().expect().exit());
    }

    @Test
    void invalidElfBecomesANoteNotAnApp() {
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("broken/bin/broken: invalid ELF:")), result.notes().toString());
    }

    @Test
    void materialisedDynamicAppKeepsSymlinksAndModes() throws Exception {
        Path dir = catalogs.materialize("local", app("dyn"), tmp.resolve("run-dyn"));
        assertTrue(Files.isSymbolicLink(dir.resolve("bin")));
        assertEquals(Path.of("usr/bin"), Files.readSymbolicLink(dir.resolve("bin")));
        assertTrue(Files.isExecutable(dir.resolve("usr/bin/dyn")));
        assertFalse(Files.isExecutable(dir.resolve("etc/motd")));
        assertTrue(Arrays.equals(dynamic, Files.readAllBytes(dir.resolve("usr/bin/dyn"))));
        assertFalse(Files.exists(dir.resolve("dyn"), LinkOption.NOFOLLOW_LINKS), "the app folder itself is the root");
    }

    @Test
    void materialisedDynamicAppRunsNativelyWithItsOwnLoader() throws Exception {
        Path dir = catalogs.materialize("local", app("dyn"), tmp.resolve("run-native"));
        Process p = new ProcessBuilder(dir.resolve("lib64/ld-linux-x86-64.so.2").toString(), dir.resolve("usr/bin/dyn").toString())
                .redirectErrorStream(true).start();
        assertEquals("hello\n", new String(p.getInputStream().readAllBytes()));
        assertEquals(0, p.waitFor());
    }

    @Test
    void materialiseRefusesAFolderInUse() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dir.resolve("x"), "x");
        CatalogException e = org.junit.jupiter.api.Assertions.assertThrows(CatalogException.class,
                () -> catalogs.materialize("local", app("spie"), dir));
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
    }
}
