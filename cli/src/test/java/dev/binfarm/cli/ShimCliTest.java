package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binfarm.emulator.kernel.Syscall;
import dev.binfarm.emulator.kernel.SyscallTable;
import dev.binfarm.results.Database;
import dev.binfarm.results.Exploration;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's acceptance through the command line: farm syscalls list/profiles/profile,
 * farm emu --profile/--coverage/--strace on dynamic sqlite3 from the shared catalog,
 * and farm explore on sqlite3 and gzip (compared with Loupe's sqlite dyn.csv).
 */
class ShimCliTest {
    static final Path HEADER = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    static final ObjectMapper JSON = new ObjectMapper();
    static Path work, bare, apps, loupe;

    @TempDir Path tmp;

    @BeforeAll
    static void cloneCatalog() throws Exception {
        Path shared = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && shared == null; dir = dir.getParent()) {
            Path p = dir.resolveSibling("shared");
            if (Files.isDirectory(p.resolve("catalogs/dynamic-apps.git")) && Files.isDirectory(p.resolve("loupedb"))) shared = p;
        }
        Assumptions.assumeTrue(shared != null, "../shared (catalogs, loupedb) is absent: shim CLI tests skipped");
        loupe = shared.resolve("loupedb");
        work = Files.createTempDirectory("shim-cli");
        bare = work.resolve("dynamic-apps.git");
        CatalogCommandTest.copy(shared.resolve("catalogs/dynamic-apps.git"), bare);
        Files.createDirectories(bare.resolve("refs")); // the stored bare repo lacks refs/; never touch the shared one
        apps = work.resolve("checkout");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(apps.toFile()).call()) {
            // checked out
        }
    }

    @AfterAll
    static void removeClone() { if (work != null) SyscallsCommand.deleteTree(work); }

    @Test
    void listJsonHasOneEntryPerHeaderNumberWithStatusesFromTheHandlers() throws Exception {
        Assumptions.assumeTrue(Files.exists(HEADER), "no unistd_64.h on this host");
        TreeMap<Integer, String> header = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^#define __NR_(\\w+)\\s+(\\d+)\\s*$").matcher(Files.readString(HEADER));
        while (m.find()) header.put(Integer.parseInt(m.group(2)), m.group(1));
        var r = new FarmRunner(tmp.resolve("home")).farm("syscalls", "list", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode list = JSON.readTree(r.out());
        assertEquals(header.size(), list.size());
        TreeMap<Integer, String> listed = new TreeMap<>();
        for (JsonNode e : list) {
            int nr = e.get("nr").asInt();
            listed.put(nr, e.get("name").asText());
            Syscall s = SyscallTable.get(nr);
            String status = e.get("status").asText();
            if (s == null) assertEquals("stub/none", status, e.toString());
            else assertEquals(switch (s.support()) {
                case SUPPORTED -> "implemented";
                case PARTIAL -> "partial";
                case ENOSYS -> "stub";
            }, status, e.toString());
            assertFalse(e.get("subsystem").asText().isEmpty());
            assertTrue(e.has("note"));
        }
        assertEquals(header, listed);
        // Text form: a header line and one line per number.
        var text = new FarmRunner(tmp.resolve("home")).farm("syscalls", "list");
        assertEquals(header.size() + 1, text.out().lines().count(), text.toString());
    }

    @Test
    void profilesImportFromLoupeAndUnikraftTreesAndListWithSizes() throws Exception {
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        Path list = loupe.resolve("os/Unikraft.syscalls");
        TreeSet<String> names = new TreeSet<>();
        for (String l : Files.readAllLines(list)) if (!l.isBlank()) names.add(l.strip());
        var r = farm.farm("syscalls", "profile", "import", "unikraft-loupe", list.toString());
        assertEquals(0, r.exit(), r.toString());

        Path src = tmp.resolve("unikraft");
        try (Git git = Git.init().setDirectory(src.toFile()).call()) {
            Path mk = Files.createDirectories(src.resolve("lib/posix-fdio")).resolve("Makefile.uk");
            Files.writeString(mk, "UK_PROVIDED_SYSCALLS-$(CONFIG_LIBPOSIX_FDIO) += read-3 \\\n  write-3 # lseek-3\n"
                    + "UK_PROVIDED_SYSCALLS-$(CONFIG_X) += uk_private-1 read-3\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("t").setAuthor("t", "t@t").setCommitter("t", "t@t").call();
        }
        r = farm.farm("syscalls", "profile", "unikraft", "uk-test", "--from", src.toUri().toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("profile uk-test: 2 syscalls from 4 entries"), r.toString());
        assertTrue(r.out().contains("unknown (not x86-64 Linux syscalls, not stored): uk_private"), r.toString());

        r = farm.farm("syscalls", "profiles");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(1).matches("linux +\\d+ +built in.*"), r.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("unikraft-loupe +" + names.size() + " +loupe list .*Unikraft.syscalls")), r.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("uk-test +2 +unikraft file:.* @ HEAD \\([0-9a-f]{12}\\)")), r.toString());

        r = farm.farm("syscalls", "list", "--json", "--profile", "uk-test");
        JsonNode json = JSON.readTree(r.out());
        long in = 0;
        for (JsonNode e : json) if (e.get("inProfile").asBoolean()) in++;
        assertEquals(2, in);
        var refused = farm.farm("syscalls", "profile", "import", "linux", list.toString());
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("'linux' is built in"), refused.toString());
    }

    @Test
    void sqliteWithTheUnikraftProfileStillPassesAndCoverageMarksSetRobustListDenied() throws Exception {
        Path home = tmp.resolve("home");
        var r = new FarmRunner(home).farm("syscalls", "profile", "import", "unikraft", loupe.resolve("os/Unikraft.syscalls").toString());
        assertEquals(0, r.exit(), r.toString());
        Path cov = tmp.resolve("coverage.json"), st = tmp.resolve("strace.log");
        Result run = farm("--home", home.toString(), "emu", "--rootfs", apps.resolve("sqlite3").toString(), "--profile", "unikraft",
                "--coverage", cov.toString(), "--strace", st.toString(), "--", "/usr/bin/sqlite3", "/chinook.db", "select count(*) from Album;");
        assertEquals(0, run.status(), run::describe);
        assertEquals("347\n", run.stdout(), run::describe);
        JsonNode c = JSON.readTree(cov.toFile());
        assertEquals(0, c.get("exit").get("status").asInt());
        assertTrue(c.get("instructions").asLong() > 100_000);
        JsonNode robust = null;
        for (JsonNode s : c.get("syscalls")) if (s.get("name").asText().equals("set_robust_list")) robust = s;
        assertTrue(robust != null, c.toString());
        assertTrue(robust.get("deniedByProfile").asBoolean(), robust.toString());
        assertEquals(1, robust.get("errors").get("ENOSYS").asInt(), robust.toString());
        TreeSet<String> provided = new TreeSet<>();
        for (String l : Files.readAllLines(loupe.resolve("os/Unikraft.syscalls"))) provided.add(l.strip());
        for (JsonNode s : c.get("syscalls")) {
            assertEquals(!provided.contains(s.get("name").asText()), s.get("deniedByProfile").asBoolean(), s.toString());
            assertTrue(s.get("firstCallSite").get("address").asText().matches("0x[0-9a-f]+"), s.toString());
        }
        List<String> log = Files.readAllLines(st);
        assertTrue(log.contains("openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = No such file or directory (-2)"), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.matches("set_robust_list\\(0x[0-9a-f]+, 0x18, \\.\\.\\.\\) = Function not implemented \\(-38\\)")));
    }

    @Test
    void exploreSqliteAndGzipWriteLoupeDynCsvAndRecordInTheDatabase() throws Exception {
        Path home = tmp.resolve("home");
        FarmRunner farm = new FarmRunner(home);
        assertEquals(0, farm.farm("catalog", "add", "dyn", bare.toUri().toString()).exit());
        var sync = farm.farm("catalog", "sync", "dyn");
        assertEquals(0, sync.exit(), sync.toString());
        Path out = tmp.resolve("explore");
        var r = farm.farm("explore", "--rootfs", apps.resolve("sqlite3").toString(), "--workload", "select", "--out", out.toString(),
                "--catalog", "dyn", "--expect-stdout-contains", "347", "--",
                "/usr/bin/sqlite3", "/chinook.db", "select count(*) from Album;");
        assertEquals(0, r.exit(), r.toString());
        Path csv = out.resolve("sqlite3/select/1/data/dyn.csv");
        Map<Integer, String> mine = dyn(csv);
        assertEquals("# syscall, used, works faked, works stubbed, works both", Files.readAllLines(csv).get(0));
        assertEquals(dev.binfarm.emulator.kernel.SyscallNames.numbers().size(), mine.size());
        assertEquals("Y,N,N,N", mine.get(257), "openat is required: without it sqlite cannot open its libraries");
        assertEquals("Y,Y,Y,Y", mine.get(273), "set_robust_list: glibc shrugs off ENOSYS and a fake success");
        assertEquals("N,N,N,N", mine.get(56), "clone: never used");
        assertTrue(r.out().matches("(?s).*used \\d+, required \\d+, stubbable \\d+, fakeable \\d+, both \\d+.*"), r.toString());
        assertTrue(r.out().contains("recorded "), r.toString());

        // Agreement with Loupe's sqlite benchmark (another sqlite version, another workload, Linux + seccomp).
        Map<Integer, String> ref = dyn(loupe.resolve("apps/sqlite/benchmark-sqlite/dyn.csv"));
        int common = 0, agree = 0, usedCommon = 0, usedAgree = 0;
        StringBuilder diff = new StringBuilder();
        for (var e : ref.entrySet()) {
            String m = mine.get(e.getKey());
            if (m == null) continue;
            common++;
            if (m.equals(e.getValue())) agree++;
            if (m.startsWith("Y") || e.getValue().startsWith("Y")) {
                usedCommon++;
                if (m.equals(e.getValue())) usedAgree++;
                else diff.append(String.format(Locale.ROOT, "  %3d %-16s loupe %s  emulator %s%n", e.getKey(),
                        dev.binfarm.emulator.kernel.SyscallNames.name(e.getKey()), e.getValue(), m));
            }
        }
        System.out.printf(Locale.ROOT, "sqlite dyn.csv vs loupedb benchmark-sqlite: %d/%d rows agree (%.1f%%); rows used by either: %d/%d (%.1f%%)%n%s",
                agree, common, 100.0 * agree / common, usedAgree, usedCommon, 100.0 * usedAgree / usedCommon, diff);
        assertTrue(common > 300);

        r = farm.farm("explore", "--rootfs", apps.resolve("gzip").toString(), "--writable", "--workload", "compress", "--out", out.toString(),
                "--", "/bin/gzip", "-k", "-f", "/input.txt");
        assertEquals(0, r.exit(), r.toString());
        Map<Integer, String> gz = dyn(out.resolve("gzip/compress/1/data/dyn.csv"));
        assertEquals("Y,N,N,N", gz.get(1), "write is required to compress");
        assertEquals("Y,N,N,N", gz.get(257));

        try (Database db = Database.openHome(home)) {
            var cat = db.catalogs().get("dyn").orElseThrow();
            var app = db.catalogs().currentApp(cat.id(), "sqlite3").orElseThrow();
            List<Exploration> rows = db.results().explorations(app.id());
            long used = mine.values().stream().filter(v -> v.startsWith("Y")).count();
            assertEquals(used, rows.size());
            Exploration openat = rows.stream().filter(x -> x.syscall().equals("openat")).findFirst().orElseThrow();
            assertEquals(new Exploration(app.id(), "select", "openat", false, false), openat);
        }
    }

    private static Map<Integer, String> dyn(Path csv) throws IOException {
        Map<Integer, String> out = new TreeMap<>();
        for (String l : Files.readAllLines(csv)) {
            if (l.startsWith("#") || l.isBlank()) continue;
            int c = l.indexOf(',');
            out.put(Integer.parseInt(l.substring(0, c)), l.substring(c + 1));
        }
        return out;
    }

    record Result(int status, String stdout, String stderr) {
        String describe() { return "farm exited " + status + "; stdout: " + stdout + "; stderr: " + stderr; }
    }

    /** Runs {@code farm ARGS} as its own JVM (guest output goes to the real stdout). */
    static Result farm(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss16m", "-cp", System.getProperty("java.class.path"), Farm.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
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
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("farm did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), errSink.toString(StandardCharsets.UTF_8));
    }
}
