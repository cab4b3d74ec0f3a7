package dev.binfarm.emulator.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shim as an instrument: the full syscall list, profiles, first call sites, coverage JSON and Unikraft-format strace. */
class ShimInstrumentTest {
    static final Path HEADER = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    static final String HELLO = """
            #include <stdio.h>
            #include <fcntl.h>
            #include <unistd.h>
            int main(void) {
                int fd = open("/missing.txt", O_RDONLY);
                printf("hello, world %d\\n", fd);
                return 0;
            }
            """;

    @TempDir static Path root;
    static Path dyn;

    @BeforeAll
    static void rootfs() throws Exception {
        dyn = Files.createDirectories(root.resolve("dyn"));
        Path lib = Files.createDirectories(dyn.resolve("lib/x86_64-linux-gnu"));
        Files.createDirectories(dyn.resolve("lib64"));
        Files.copy(Path.of("/lib64/ld-linux-x86-64.so.2"), dyn.resolve("lib64/ld-linux-x86-64.so.2"));
        Files.copy(Path.of("/lib/x86_64-linux-gnu/libc.so.6"), lib.resolve("libc.so.6"));
        Path c = dyn.resolve("hello.c");
        Files.writeString(c, HELLO);
        Cc.Result r = Cc.exec(dyn, List.of("gcc", "-O1", "-o", dyn.resolve("hello").toString(), c.toString()), null);
        assertEquals(0, r.status(), r.stderr());
        Cc.staticPie(dyn, "shello", HELLO);
    }

    @Test
    void namesMatchTheHostHeader() throws Exception {
        Assumptions.assumeTrue(Files.exists(HEADER), "no unistd_64.h on this host");
        Map<Integer, String> header = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^#define __NR_(\\w+)\\s+(\\d+)\\s*$").matcher(Files.readString(HEADER));
        while (m.find()) header.put(Integer.parseInt(m.group(2)), m.group(1));
        assertTrue(header.size() > 300, "header parse");
        assertEquals(header, SyscallNames.all());
        assertEquals(273, SyscallNames.number("set_robust_list"));
        assertEquals(-1, SyscallNames.number("uk_syscall_private"));
    }

    @Test
    void listingHasOneEntryPerNumberAndStatusesFollowTheHandlers() {
        List<SyscallNames.Listing> list = SyscallNames.listing();
        assertEquals(SyscallNames.numbers().size(), list.size());
        int handled = 0;
        for (SyscallNames.Listing l : list) {
            Syscall s = SyscallTable.get(l.nr());
            assertEquals(SyscallNames.name(l.nr()), l.name());
            assertFalse(l.subsystem().isEmpty(), l.name());
            if (s == null) {
                assertEquals("stub/none", l.status(), l.name());
            } else {
                handled++;
                assertEquals(s.name(), l.name(), "table row named as Linux names it");
                assertEquals(switch (s.support()) {
                    case SUPPORTED -> "implemented";
                    case PARTIAL -> "partial";
                    case ENOSYS -> "stub";
                }, l.status(), l.name());
            }
        }
        assertEquals(SyscallTable.entries().size(), handled, "every table row is listed once");
        assertEquals("fdio", list.get(0).subsystem());
    }

    private static GuestOutcome run(String exe, SyscallPolicy policy, PrintStream strace) {
        Guest.Builder b = Guest.builder().rootfs(dyn).argv(exe).timeout(Duration.ofSeconds(60)).syscallPolicy(policy);
        if (strace != null) b.unikraftTrace(strace);
        return b.build().run();
    }

    static final Map<String, Pattern> LINE_KINDS = new LinkedHashMap<>();
    static {
        String err = "[A-Z][A-Za-z ,]+ \\(-\\d+\\)";
        LINE_KINDS.put("openat", Pattern.compile("openat\\((AT_FDCWD|fd:\\d+), \"[^\"]*\", O_[A-Z_]+(\\|O_[A-Z_]+)*(, 0[0-7]+)?\\) = (fd:\\d+|" + err + ")"));
        LINE_KINDS.put("mmap", Pattern.compile("mmap\\((NULL|0x[0-9a-f]+), \\d+, PROT_[A-Z]+(\\|PROT_[A-Z]+)*, MAP_[A-Z_]+(\\|MAP_[A-Z_]+)*, fd:-?\\d+, \\d+\\) = (va:0x[0-9a-f]+|" + err + ")"));
        LINE_KINDS.put("fstat", Pattern.compile("fstat\\(fd:\\d+, <out>stat:\\{st_size=\\d+, st_mode=0[0-7]+, \\.\\.\\.\\}\\) = OK"));
        LINE_KINDS.put("newfstatat", Pattern.compile("newfstatat\\((AT_FDCWD|fd:\\d+), \"[^\"]*\", <out>stat:\\{st_size=\\d+, st_mode=0[0-7]+, \\.\\.\\.\\}, 0x[0-9a-f]+\\) = OK"));
        LINE_KINDS.put("newfstatat failed", Pattern.compile("newfstatat\\((AT_FDCWD|fd:\\d+), \"[^\"]*\", <out>0x[0-9a-f]+, 0x[0-9a-f]+\\) = " + err));
        LINE_KINDS.put("access", Pattern.compile("access\\(\"[^\"]*\", \\d+\\) = (OK|" + err + ")"));
        LINE_KINDS.put("set_robust_list", Pattern.compile("set_robust_list\\(0x[0-9a-f]+, 0x18, \\.\\.\\.\\) = (OK|" + err + ")"));
        LINE_KINDS.put("rw", Pattern.compile("(read|write|pread64)\\(fd:\\d+, (<out>)?(\"([^\"\\\\]|\\\\.)*\"(\\.\\.\\.)?|0x[0-9a-f]+), \\d+(, \\d+)?\\) = (\\d+|" + err + ")"));
        LINE_KINDS.put("close", Pattern.compile("close\\(fd:\\d+\\) = (OK|" + err + ")"));
        LINE_KINDS.put("mprotect/munmap/brk", Pattern.compile("(mprotect\\(0x[0-9a-f]+, \\d+, PROT_[A-Z|]+|munmap\\(0x[0-9a-f]+, \\d+|brk\\((NULL|0x[0-9a-f]+))\\) = (OK|va:0x[0-9a-f]+|" + err + ")"));
        LINE_KINDS.put("exit_group", Pattern.compile("exit_group\\(\\d+\\) = OK"));
        LINE_KINDS.put("other", Pattern.compile("[a-z_0-9]+\\((0x[0-9a-f]+, )*\\.\\.\\.\\) = (OK|0x[0-9a-f]+|" + err + ")"));
    }

    @Test
    void straceOfADynamicHelloMatchesUnikraftsFormatLineForLine() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SyscallPolicy unikraftLike = SyscallPolicy.ALL.stub("set_robust_list");
        GuestOutcome o = run("/hello", unikraftLike, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals("hello, world -1\n", new String(o.stdout(), StandardCharsets.UTF_8), o.exit().toString());
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(o.trace().total(), lines.size(), "one line per call");
        Map<String, Integer> seen = new TreeMap<>();
        List<String> unmatched = new ArrayList<>();
        for (String line : lines) {
            String kind = null;
            for (Map.Entry<String, Pattern> k : LINE_KINDS.entrySet()) {
                if (k.getValue().matcher(line).matches()) { kind = k.getKey(); break; }
            }
            if (kind == null) unmatched.add(line);
            else seen.merge(kind, 1, Integer::sum);
        }
        assertEquals(List.of(), unmatched);
        // The FACTS.md samples, as the emulator produces them for this program.
        assertTrue(lines.contains("openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = No such file or directory (-2)"), lines.toString());
        assertTrue(lines.contains("openat(AT_FDCWD, \"/missing.txt\", O_RDONLY) = No such file or directory (-2)"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("mmap\\(NULL, 8192, PROT_READ\\|PROT_WRITE, MAP_PRIVATE\\|MAP_ANONYMOUS, fd:-1, 0\\) = va:0x[0-9a-f]+")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("set_robust_list\\(0x[0-9a-f]+, 0x18, \\.\\.\\.\\) = Function not implemented \\(-38\\)")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("openat\\(AT_FDCWD, \"/lib/x86_64-linux-gnu/libc.so.6\", O_RDONLY\\|O_CLOEXEC\\) = fd:3")), lines.toString());
        assertTrue(seen.getOrDefault("fstat", 0) + seen.getOrDefault("newfstatat", 0) > 0, seen.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("exit_group(0) = "), lines.get(lines.size() - 1));
    }

    @Test
    void coverageJsonMarksProfileDenialsAndNamesFirstCallSites() {
        List<String> unikraft = new ArrayList<>(SyscallNames.all().values());
        unikraft.remove("set_robust_list");
        unikraft.remove("rseq");
        GuestOutcome o = run("/hello", SyscallPolicy.profile(unikraft), null);
        assertEquals("hello, world -1\n", new String(o.stdout(), StandardCharsets.UTF_8), o.exit().toString());
        SyscallTrace t = o.trace();
        assertEquals(1, t.denied(273));
        assertEquals(0, t.denied(1));
        String json = Coverage.json(o);
        assertTrue(json.matches("(?s)\\{\\n  \"exit\": \\{\"kind\": \"exited\", \"code\": 0, \"status\": 0\\},\\n  \"instructions\": \\d+,\\n  \"syscalls\": \\[\\n.*"), json);
        assertTrue(json.contains("\"nr\": 273, \"name\": \"set_robust_list\", \"calls\": 1, \"errors\": {\"ENOSYS\": 1}, \"deniedByProfile\": true"), json);
        assertTrue(json.contains("\"name\": \"openat\", \"calls\": "), json);
        assertTrue(json.contains("\"errors\": {\"ENOENT\": "), json);
        assertTrue(json.contains("\"nr\": 1, \"name\": \"write\", \"calls\": 1, \"errors\": {}, \"deniedByProfile\": false"), json);
        // write comes from libc's write(), named by libc.so.6's dynsym; the first mmap from the loader.
        String writeSym = t.firstSymbol(1);
        assertNotNull(writeSym, json);
        assertTrue(writeSym.contains("write"), writeSym);
        assertTrue(t.firstSite(1) != 0);
    }

    @Test
    void staticProgramsNameTheirCallSitesFromSymtab() {
        GuestOutcome o = run("/shello", SyscallPolicy.ALL, null);
        assertEquals("hello, world -1\n", new String(o.stdout(), StandardCharsets.UTF_8), o.exit().toString());
        SyscallTrace t = o.trace();
        assertEquals("_exit", t.firstSymbol(231));
        assertTrue(t.firstSymbol(257).contains("open"), t.firstSymbol(257));
        assertEquals(null, t.firstSymbol(2), "open(2) was never called, so it has no site");
        assertEquals(0, t.denied(273));
        // Faked and stubbed calls never reach the handler, and an unimplemented number can be faked too.
        GuestOutcome faked = run("/shello", SyscallPolicy.ALL.fake("openat"), null);
        assertEquals("hello, world 0\n", new String(faked.stdout(), StandardCharsets.UTF_8));
        GuestOutcome stubbed = run("/shello", SyscallPolicy.ALL.stub("openat"), null);
        assertEquals("hello, world -1\n", new String(stubbed.stdout(), StandardCharsets.UTF_8));
        assertEquals(Map.of("ENOSYS", 1L), stubbed.syscalls().stream().filter(u -> u.nr() == 257).findFirst().orElseThrow().errors());
    }
}
