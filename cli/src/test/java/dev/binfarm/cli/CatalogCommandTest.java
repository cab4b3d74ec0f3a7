package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** farm catalog add/sync/list/apps/show in-process, against a real H2 database in a temp farm home. */
class CatalogCommandTest {
    @TempDir Path tmp;
    FarmRunner farm;

    @BeforeEach
    void home() { farm = new FarmRunner(tmp.resolve("home")); }

    static Path shared() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/catalogs");
            if (Files.isDirectory(c.resolve("dynamic-apps.git"))) return c;
        }
        Assumptions.abort("../shared/catalogs is absent on this machine: shared-catalog CLI tests skipped");
        return null;
    }

    static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
                t.toFile().setWritable(true, true);
            }
        }
        return to;
    }

    @Test
    void freshHomeListsTheBuiltInCatalogs() {
        var r = farm.farm("catalog", "list");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.toString());
        assertTrue(lines.get(0).startsWith("NAME"), r.toString());
        assertTrue(lines.get(1).matches("dynamic-apps +https://github.com/unikraft/dynamic-apps +HEAD +never synced.*"), r.toString());
        assertTrue(lines.get(2).matches("static-pie-apps +https://github.com/unikraft/static-pie-apps +HEAD +never synced.*"), r.toString());
        assertEquals("", r.err());
    }

    @Test
    void sharedCatalogsSyncAndListExactly() throws Exception {
        Path dyn = copy(shared().resolve("dynamic-apps.git"), tmp.resolve("src/dynamic-apps.git"));
        Path spie = copy(shared().resolve("static-pie-apps.git"), tmp.resolve("src/static-pie-apps.git"));
        var add = farm.farm("catalog", "add", "dynamic-apps", dyn.toUri().toString());
        assertEquals(0, add.exit(), add.toString());
        assertTrue(add.out().startsWith("registered dynamic-apps -> " + dyn.toUri()), add.toString());
        assertEquals(0, farm.farm("catalog", "add", "static-pie-apps", spie.toString(), "--branch", "main").exit());

        var sync = farm.farm("catalog", "sync", "dynamic-apps");
        assertEquals(0, sync.exit(), sync.toString());
        assertTrue(sync.out().matches("synced dynamic-apps at [0-9a-f]{12} \\(first sync\\): 8 apps\n"), sync.toString());
        assertEquals(0, farm.farm("catalog", "sync", "static-pie-apps").exit());

        JsonNode dynApps = json(farm.farm("catalog", "apps", "dynamic-apps", "--json"));
        assertEquals(List.of("bc", "echo", "grep", "gzip", "ls", "redis7", "sed", "sqlite3"), names(dynApps));
        for (JsonNode a : dynApps) {
            assertEquals("dynamic", a.get("kind").asText(), a.toString());
            assertEquals("/lib64/ld-linux-x86-64.so.2", a.get("interpreter").asText(), a.toString());
            assertEquals(a.get("name").asText(), a.get("root").asText());
            assertTrue(a.get("sha256").asText().matches("[0-9a-f]{64}"), a.toString());
            assertTrue(a.get("spec").asText().startsWith("builtin:dynamic-apps.yaml:"), a.toString());
        }
        assertEquals("/usr/bin/sqlite3", dynApps.get(7).get("elf").asText());

        JsonNode spieApps = json(farm.farm("catalog", "apps", "static-pie-apps", "--json"));
        assertEquals(List.of("bc", "gzip", "sqlite3"), names(spieApps));
        for (JsonNode a : spieApps) {
            assertEquals("static-pie", a.get("kind").asText());
            assertTrue(a.get("interpreter").isNull(), a.toString());
            assertEquals("/" + a.get("name").asText(), a.get("elf").asText());
        }

        var table = farm.farm("catalog", "apps", "static-pie-apps");
        assertEquals(0, table.exit(), table.toString());
        assertEquals(4, table.out().lines().count(), table.toString());
        assertTrue(table.out().lines().skip(1).allMatch(l -> l.matches("\\S+ +static-pie +/\\S+ +- +builtin:static-pie-apps.yaml:\\d+")), table.toString());

        var show = farm.farm("catalog", "show", "dynamic-apps/sqlite3");
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().contains("program      /usr/bin/sqlite3 (in the catalog: sqlite3/usr/bin/sqlite3"), show.toString());
        assertTrue(show.out().contains("  argv       /usr/bin/sqlite3 /chinook.db 'select count(*) from Album;'"), show.toString());
        assertTrue(show.out().contains("  stdout     equals \"347\\n\""), show.toString());
        var showJson = json(farm.farm("catalog", "show", "static-pie-apps/gzip", "--json"));
        assertEquals("gzip/rootfs", showJson.get("filesystem").asText());
        assertEquals("/gzip", showJson.get("spec_detail").get("argv").get(0).asText());

        var list = farm.farm("catalog", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.matches("dynamic-apps +file:\\S+ +HEAD +[0-9a-f]{12} +\\S+Z +8")), list.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.matches("static-pie-apps +/\\S+ +main +[0-9a-f]{12} +\\S+Z +3")), list.toString());
    }

    @Test
    void failedSyncIsOneLineExitTwoAndChangesNothing() throws Exception {
        Path src = copy(shared().resolve("static-pie-apps.git"), tmp.resolve("src/cat.git"));
        String url = src.toUri().toString();
        assertEquals(0, farm.farm("catalog", "add", "cat", url).exit());
        assertEquals(0, farm.farm("catalog", "sync", "cat").exit());
        assertEquals(0, farm.farm("catalog", "add", "far", "http://127.0.0.1:1/x.git").exit());
        String listBefore = farm.farm("catalog", "list").out();
        String appsBefore = farm.farm("catalog", "apps", "cat", "--json").out();

        Files.move(src, tmp.resolve("src/moved.git"));
        var gone = farm.farm("catalog", "sync", "cat");
        assertEquals(2, gone.exit(), gone.toString());
        assertEquals("", gone.out());
        assertEquals("farm: cannot sync cat from " + url + ": repository not found\n", gone.err());

        var refused = farm.farm("catalog", "sync", "far");
        assertEquals(2, refused.exit(), refused.toString());
        assertEquals(1, refused.err().lines().count(), refused.toString());
        assertTrue(refused.err().startsWith("farm: cannot sync far from http://127.0.0.1:1/x.git: "), refused.toString());

        var malformed = farm.farm("catalog", "add", "bad", "ht!tp:/nowhere");
        assertEquals(2, malformed.exit(), malformed.toString());
        assertEquals(1, malformed.err().lines().count(), malformed.toString());

        assertEquals(listBefore, farm.farm("catalog", "list").out(), "database unchanged");
        try (var db = dev.binfarm.results.Database.openHome(tmp.resolve("home"))) {
            var dao = db.catalogs();
            assertEquals(1, dao.revisions(dao.get("cat").orElseThrow().id()).size(), "one revision row, the good one");
            assertEquals(0, dao.revisions(dao.get("far").orElseThrow().id()).size());
            assertTrue(dao.get("bad").isEmpty(), "a refused add leaves no row");
            assertEquals(3, dao.currentApps(dao.get("cat").orElseThrow().id()).size());
        }
        assertEquals(appsBefore, farm.farm("catalog", "apps", "cat", "--json").out(), "previous revision still listed");
    }

    @Test
    void userErrorsAreOneLineWithStatusTwo() {
        for (String[] args : List.of(new String[] {"catalog", "apps", "nosuch"}, new String[] {"catalog", "show", "nosuch"},
                new String[] {"catalog", "show", "dynamic-apps/bc"}, new String[] {"catalog", "add", "Bad Name", "/x"},
                new String[] {"catalog", "sync", "nosuch"}, new String[] {"catalog", "add", "x"})) {
            var r = farm.farm(args);
            assertEquals(2, r.exit(), String.join(" ", args) + "\n" + r);
            assertTrue(r.err().startsWith("farm: "), r.toString());
            assertTrue(r.err().lines().count() <= 2, r.toString()); // a usage error adds its "Try --help" hint
        }
        var r = farm.farm("catalog", "show", "dynamic-apps/bc");
        assertEquals("farm: catalog dynamic-apps has not been synced yet (run 'farm catalog sync dynamic-apps')\n", r.err());
    }

    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Farm.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 8, paths.toString());
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            var r = farm.farm(args.toArray(String[]::new));
            assertEquals(0, r.exit(), args + "\n" + r);
            assertTrue(r.out().startsWith("Usage: farm" + (path.isEmpty() ? "" : " " + String.join(" ", path))), args + "\n" + r);
        }
        var bare = farm.farm("catalog");
        assertEquals(0, bare.exit());
        assertTrue(bare.out().contains("sync") && bare.out().contains("import"), bare.toString());
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        out.add(List.copyOf(prefix));
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) continue;
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            collect(e.getValue(), p, out);
        }
    }

    static JsonNode json(FarmRunner.Ran r) throws Exception {
        assertEquals(0, r.exit(), r.toString());
        return new ObjectMapper().readTree(r.out());
    }

    static List<String> names(JsonNode apps) {
        List<String> names = new ArrayList<>();
        apps.forEach(a -> names.add(a.get("name").asText()));
        return names;
    }
}
