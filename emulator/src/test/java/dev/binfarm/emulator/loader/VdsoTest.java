package dev.binfarm.emulator.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.corpus.SyscallSequenceTest;
import dev.binfarm.emulator.dynamic.HostRootfs;
import dev.binfarm.emulator.elf.ElfFile;
import dev.binfarm.emulator.elf.ElfKind;
import dev.binfarm.emulator.kernel.Cc;
import dev.binfarm.emulator.kernel.SyscallTrace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vDSO: a shared object binutils reads like Linux's (versioned symbols, note), found by glibc
 * (dynamic and static) and musl through AT_SYSINFO_EHDR, its calls marked "vdso" in the trace.
 */
class VdsoTest {
    @TempDir Path tmp;

    static final String PROGRAM = """
            #define _GNU_SOURCE
            #include <sched.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/auxv.h>
            #include <sys/time.h>
            #include <time.h>
            int main(void) {
                struct timespec ts, res; struct timeval tv;
                int a = clock_gettime(CLOCK_REALTIME, &ts);
                int b = clock_getres(CLOCK_MONOTONIC, &res);
                int c = gettimeofday(&tv, 0);
                time_t t = time(0);
                printf("calls %d %d %d cpu %d\\n", a, b, c, sched_getcpu());
                printf("sane %d %d\\n", ts.tv_sec > 1700000000 && t >= ts.tv_sec && tv.tv_sec >= ts.tv_sec, res.tv_nsec > 0);
                unsigned long ehdr = getauxval(AT_SYSINFO_EHDR);
                printf("ehdr %d\\n", ehdr != 0 && memcmp((void *) ehdr, "\\177ELF", 4) == 0);
                FILE *m = fopen("/proc/self/maps", "r"); char line[512]; unsigned long lo, hi; int seen = 0;
                while (fgets(line, sizeof line, m))
                    if (strstr(line, "[vdso]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo == ehdr) seen = 1;
                printf("maps %d\\n", seen);
                return 0;
            }
            """;

    @Test
    void imageIsASharedObjectBinutilsReads() throws Exception {
        byte[] image = Vdso.image();
        assertEquals(Loader.PAGE, image.length);
        ElfFile elf = ElfFile.parse(image);
        assertEquals(ElfKind.SHARED_LIBRARY, elf.kind());
        assertEquals(61765110L, Vdso.elfHash("LINUX_2.6"), "the hash glibc's dl_vdso_vsym passes");
        Path so = tmp.resolve("vdso.so");
        Files.write(so, image);
        String syms = Cc.exec(tmp, List.of("readelf", "-W", "--dyn-syms", "-d", "-n", "-V", so.toString()), null).stdout();
        for (String f : List.of("clock_gettime", "gettimeofday", "time", "getcpu", "clock_getres")) {
            assertTrue(syms.matches("(?s).*FUNC +GLOBAL +DEFAULT +\\d+ __vdso_" + f + "@@LINUX_2\\.6\\n.*"), f + "\n" + syms);
            assertTrue(syms.matches("(?s).*FUNC +WEAK +DEFAULT +\\d+ " + f + "@@LINUX_2\\.6\\n.*"), f + "\n" + syms);
        }
        assertTrue(syms.contains("Library soname: [linux-vdso.so.1]"), syms);
        assertTrue(syms.contains("description data: 00 01 06 00"), syms);
        String objdump = Cc.exec(tmp, List.of("objdump", "-d", so.toString()), null).stdout();
        assertTrue(objdump.contains("mov    $0xe4,%eax"), "clock_gettime is syscall 228\n" + objdump);
    }

    @Test
    void glibcDynamicUsesItAndTheTraceMarksItsCalls() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path exe = dynamic(root, "clocks", PROGRAM);
        HostRootfs.libraries(root, exe);
        GuestOutcome o = run(root, "/clocks");
        assertEquals("calls 0 0 0 cpu 0\nsane 1 1\nehdr 1\nmaps 1\n", new String(o.stdout(), StandardCharsets.UTF_8),
                new String(o.stderr(), StandardCharsets.UTF_8) + o.exit());
        assertVdsoCalls(o.trace(), List.of("clock_gettime", "clock_getres", "gettimeofday", "time", "getcpu"));
        List<String> names = SyscallSequenceTest.names(o.trace().toText());
        assertFalse(names.contains("clock_gettime"), "vdso calls are not in the compared names: " + names);
        assertFalse(names.subList(0, 12).contains("uname"), "the loader read the kernel version from the note: " + names);
    }

    @Test
    void glibcStaticAndMuslFindItToo() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("static"));
        Cc.staticPie(root, "clocks", PROGRAM);
        GuestOutcome o = run(root, "/clocks");
        assertEquals("calls 0 0 0 cpu 0\nsane 1 1\nehdr 1\nmaps 1\n", new String(o.stdout(), StandardCharsets.UTF_8));
        assertVdsoCalls(o.trace(), List.of("clock_gettime", "gettimeofday", "time"));
        Assumptions.assumeTrue(Cc.muslAvailable(), "musl-gcc not installed");
        Cc.muslStaticPie(root, "mclock", """
                #include <stdio.h>
                #include <time.h>
                int main(void) { struct timespec ts; int r = clock_gettime(CLOCK_MONOTONIC, &ts);
                    printf("%d %d\\n", r, ts.tv_sec > 0 || ts.tv_nsec > 0); return 0; }
                """);
        GuestOutcome m = run(root, "/mclock");
        assertEquals("0 1\n", new String(m.stdout(), StandardCharsets.UTF_8));
        assertVdsoCalls(m.trace(), List.of("clock_gettime"));
    }

    private static void assertVdsoCalls(SyscallTrace trace, List<String> expected) {
        String text = trace.toText();
        for (String name : expected) {
            assertTrue(text.lines().anyMatch(l -> l.startsWith(name + "(") && l.endsWith(" [vdso]")), name + " from the vdso\n" + text);
        }
        int marked = 0;
        for (int i = 0; i < trace.size(); i++) if (trace.fromVdso(i)) marked++;
        assertEquals(text.lines().filter(l -> l.endsWith(" [vdso]")).count(), marked);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("write") && !l.endsWith(" [vdso]")), "libc's own calls are not marked");
    }

    private static GuestOutcome run(Path root, String exe) {
        return Guest.builder().rootfs(root).argv(exe).timeout(Duration.ofSeconds(60)).build().run();
    }

    private static Path dynamic(Path root, String name, String source) throws Exception {
        Path c = root.resolve(name + ".c");
        Files.writeString(c, source);
        Path exe = root.resolve(name);
        Cc.Result r = Cc.exec(root, List.of("gcc", "-O1", "-o", exe.toString(), c.toString()), null);
        assertEquals(0, r.status(), r.stderr());
        return exe;
    }
}
