package dev.binfarm.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.elf.ElfKind;
import dev.binfarm.emulator.kernel.Cc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of small programs compiled at test time, through the public run API. */
class GuestTest {
    static final String RAW = """
            static long sys(long n, long a, long b, long c) {
                long r;
                __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
                return r;
            }
            """;

    @TempDir static Path root;
    static Path bin;

    @BeforeAll
    static void compile() throws Exception {
        bin = Files.createDirectories(root.resolve("bin"));
        Files.writeString(Files.createDirectories(root.resolve("data")).resolve("greeting.txt"), "hello from the rootfs\n");
        Cc.bare(bin, "raw42", RAW + "void _start(void){ sys(1, 1, (long)\"raw\\n\", 4); sys(231, 42, 0, 0); for(;;); }");
        Cc.bare(bin, "spin", RAW + "void _start(void){ for(;;) __asm__ volatile(\"\"); }");
        Cc.bare(bin, "flood", RAW + "static char buf[4096];\n"
                + "void _start(void){ for (int i = 0; i < 4096; i++) buf[i] = 'a' + i % 26; for(;;) sys(1, 1, (long)buf, 4096); }");
        Cc.staticPie(bin, "hello", "#include <stdio.h>\nint main(){ printf(\"hello, world\\n\"); return 0; }");
        Cc.staticPie(bin, "args", """
                #include <stdio.h>
                #include <stdlib.h>
                extern char **environ;
                int main(int argc, char **argv) {
                    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\\n", i, argv[i]);
                    for (char **e = environ; *e; e++) printf("env %s\\n", *e);
                    printf("HOME=%s\\n", getenv("HOME") ? getenv("HOME") : "(unset)");
                    return argc;
                }""");
        Cc.staticPie(bin, "cat", """
                #include <stdio.h>
                int main(int argc, char **argv) {
                    FILE *f = fopen(argv[1], "r");
                    if (!f) { perror(argv[1]); return 1; }
                    int c; while ((c = fgetc(f)) != EOF) putchar(c);
                    fclose(f);
                    return 0;
                }""");
        Cc.staticPie(bin, "exit42", "#include <stdlib.h>\nint main(){ exit(42); }");
        Cc.staticPie(bin, "abort", "#include <stdlib.h>\n#include <stdio.h>\nint main(){ puts(\"before\"); fflush(stdout); abort(); }");
        Cc.staticPie(bin, "entropy", """
                #include <stdio.h>
                #include <stdlib.h>
                #include <time.h>
                #include <sys/random.h>
                int main() {
                    unsigned long r = 0; getrandom(&r, sizeof r, 0);
                    struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
                    struct timespec mo; clock_gettime(CLOCK_MONOTONIC, &mo);
                    void *heap = malloc(100);
                    int local;
                    printf("random=%lx time=%ld.%09ld mono=%ld.%09ld heap=%p stack=%p main=%p\\n",
                           r, (long) ts.tv_sec, ts.tv_nsec, (long) mo.tv_sec, mo.tv_nsec, heap, (void *) &local, (void *) main);
                    return 0;
                }""");
        Cc.staticPie(bin, "stdin", """
                #include <stdio.h>
                int main() { char line[100]; long sum = 0; while (fgets(line, sizeof line, stdin)) { long v; if (sscanf(line, "%ld", &v) == 1) sum += v; } printf("%ld\\n", sum); return 0; }""");
        Cc.bare(bin, "segv", RAW + "void _start(void){ *(volatile long *) 8 = 1; }");
        Cc.bare(bin, "ud2", RAW + "void _start(void){ __asm__ volatile(\"ud2\"); }");
        Cc.staticPie(bin, "hog", """
                #include <stdlib.h>
                #include <string.h>
                int main() { for (;;) { char *p = malloc(1 << 20); if (!p) return 9; memset(p, 1, 1 << 20); } }""");
        Cc.staticPie(bin, "maps", """
                #define _GNU_SOURCE
                #include <stdio.h>
                #include <pthread.h>
                int main() {
                    char line[512]; FILE *f = fopen("/proc/self/maps", "r");
                    while (fgets(line, sizeof line, f)) fputs(line, stdout);
                    pthread_attr_t a; size_t size; void *addr;
                    if (pthread_getattr_np(pthread_self(), &a) == 0 && pthread_attr_getstack(&a, &addr, &size) == 0)
                        printf("stack size ok: %d\\n", size > 4096);
                    return 0;
                }""");
        Cc.staticExec(bin, "hello_exec", "#include <stdio.h>\nint main(){ printf(\"fixed\\n\"); return 3; }");
    }

    static Guest.Builder guest(String... argv) {
        return Guest.builder().rootfs(root).argv(argv).timeout(Duration.ofSeconds(30));
    }

    static String out(GuestOutcome o) { return new String(o.stdout(), StandardCharsets.UTF_8); }

    static GuestOutcome ok(GuestOutcome o) {
        if (!(o.exit() instanceof GuestExit.Exited)) throw new AssertionError("guest ended with " + o.exit() + "\nstdout: " + out(o)
                + "\nstderr: " + new String(o.stderr(), StandardCharsets.UTF_8));
        return o;
    }

    @Test
    void rawSyscallProgramWritesAndExits() {
        GuestOutcome o = guest("/bin/raw42").build().run();
        assertEquals(new GuestExit.Exited(42), o.exit());
        assertEquals("raw\n", out(o));
        assertEquals(List.of("write", "exit_group"), o.syscalls().stream().map(u -> u.name()).toList());
        assertTrue(o.instructions() > 0);
    }

    @Test
    void glibcHelloWorld() {
        GuestOutcome o = ok(guest("/bin/hello").build().run());
        assertEquals("hello, world\n", out(o));
        assertEquals(0, o.exit().status());
        assertEquals(ElfKind.STATIC_PIE, o.kind());
    }

    @Test
    void aProfileWithoutBrkStillRunsGlibcAndCountsTheDenial() {
        java.util.Set<String> all = new java.util.HashSet<>();
        for (var s : dev.binfarm.emulator.kernel.SyscallTable.entries()) all.add(s.name());
        all.remove("brk");
        GuestOutcome o = ok(guest("/bin/hello").syscallPolicy(dev.binfarm.emulator.kernel.SyscallPolicy.profile(all)).build().run());
        assertEquals("hello, world\n", out(o));
        var brk = o.syscalls().stream().filter(u -> u.name().equals("brk")).findFirst().orElseThrow();
        assertTrue(brk.denied() > 0 && brk.denied() == brk.calls(), brk.toString());
    }

    @Test
    void argvAndEnvironmentReachTheProgram() {
        GuestOutcome o = ok(guest("/bin/args", "one", "two words").env("HOME", "/root").env("LANG", "C").build().run());
        assertEquals("argv[0]=/bin/args\nargv[1]=one\nargv[2]=two words\nenv HOME=/root\nenv LANG=C\nHOME=/root\n", out(o));
        assertEquals(3, o.exit().status());
    }

    @Test
    void readsAFileFromTheRootfsOnly() {
        assertEquals("hello from the rootfs\n", out(ok(guest("/bin/cat", "/data/greeting.txt").build().run())));
        assertEquals("hello from the rootfs\n", out(ok(guest("/bin/cat", "../../data/greeting.txt").build().run())));
        GuestOutcome missing = guest("/bin/cat", "/etc/hostname").build().run();
        assertEquals(1, missing.exit().status(), "the host's /etc is invisible");
        assertTrue(new String(missing.stderr(), StandardCharsets.UTF_8).contains("No such file or directory"));
    }

    @Test
    void exitCodeAndAbort() {
        assertEquals(42, guest("/bin/exit42").build().run().exit().status());
        GuestOutcome o = guest("/bin/abort").build().run();
        assertInstanceOf(GuestExit.Signaled.class, o.exit(), o.exit().toString());
        assertEquals(6, ((GuestExit.Signaled) o.exit()).signal());
        assertEquals(134, o.exit().status());
        assertEquals("before\n", out(o));
    }

    @Test
    void stdinBytesAreRead() {
        GuestOutcome o = ok(guest("/bin/stdin").stdin("1\n2\n39\n".getBytes()).build().run());
        assertEquals("42\n", out(o));
    }

    @Test
    void fixedAddressExecutableRunsAndIsReportedAsNonPie() {
        GuestOutcome o = guest("/bin/hello_exec").build().run();
        assertEquals("fixed\n", out(o));
        assertEquals(3, o.exit().status());
        assertEquals(ElfKind.STATIC, o.kind());
    }

    @Test
    void exeFromTheHostSeesOnlyTheRootfs() {
        GuestOutcome o = ok(Guest.builder().rootfs(root.resolve("data")).exe(bin.resolve("cat"))
                .argv("/cat", "/greeting.txt").build().run());
        assertEquals("hello from the rootfs\n", out(o));
    }

    @Test
    void sameSeedSameRunOtherSeedOtherLayout() {
        GuestOutcome a = ok(guest("/bin/entropy").seed(5).build().run());
        GuestOutcome b = ok(guest("/bin/entropy").seed(5).build().run());
        GuestOutcome c = ok(guest("/bin/entropy").seed(6).build().run());
        assertEquals(out(a), out(b));
        assertTrue(a.trace().sameAs(b.trace()), "identical syscall traces");
        assertEquals(a.trace().toText(), b.trace().toText());
        assertEquals(a.instructions(), b.instructions());
        assertFalse(out(a).equals(out(c)), "another seed moves the addresses and changes the random bytes");
        assertTrue(out(a).contains("time=1767225600."), out(a));
    }

    @Test
    void infiniteLoopTimesOut() {
        GuestOutcome o = guest("/bin/spin").timeout(Duration.ofSeconds(1)).build().run();
        assertInstanceOf(GuestExit.TimedOut.class, o.exit());
        assertEquals(124, o.exit().status());
        assertTrue(o.wallTime().toMillis() < 5000, o.wallTime().toString());
    }

    @Test
    void outputFloodIsCappedWithAMarker() {
        int cap = 1 << 20;
        GuestOutcome o = guest("/bin/flood").outputCap(cap).timeout(Duration.ofSeconds(20)).build().run();
        assertTrue(o.outputTruncated());
        String marker = "\n[binfarm: output truncated after " + cap + " bytes]\n";
        assertEquals(cap + marker.length(), o.stdout().length);
        assertTrue(out(o).endsWith(marker));
        assertInstanceOf(GuestExit.Signaled.class, o.exit());
    }

    @Test
    void crashesBecomeSignalsWithAReport() {
        GuestOutcome segv = guest("/bin/segv").build().run();
        assertEquals(139, segv.exit().status());
        assertTrue(segv.crash().startsWith("segmentation fault: write of unmapped address 0x8 at rip 0x"), segv.crash());
        assertTrue(segv.crash().contains("(/bin/segv+0x"), segv.crash());
        GuestOutcome ill = guest("/bin/ud2").build().run();
        assertEquals(132, ill.exit().status());
        assertTrue(ill.crash().contains("ud2") && ill.crash().contains("(/bin/ud2+0x"), ill.crash());
    }

    @Test
    void memoryLimitEndsTheGuestLikeTheOomKiller() {
        GuestOutcome o = guest("/bin/hog").maxMemory(32L << 20).build().run();
        assertEquals(137, o.exit().status(), o.exit().toString());
        assertTrue(o.crash().contains("memory limit"), o.crash());
        assertTrue(o.peakMemoryBytes() <= 32L << 20);
    }

    @Test
    void badProgramsFailToLoadWithOneLine() throws Exception {
        Files.writeString(root.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        GuestExit e = guest("/script.sh").build().run().exit();
        assertEquals(new GuestExit.LoadFailed("/script.sh: not an ELF file"), e);
        assertEquals(2, e.status());
        assertEquals(new GuestExit.LoadFailed("/nope: no such file in the rootfs"), guest("/nope").build().run().exit());
        Files.copy(Path.of("/bin/ls"), root.resolve("ls"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(new GuestExit.LoadFailed("/ls: its interpreter /lib64/ld-linux-x86-64.so.2 is not in the rootfs"),
                guest("/ls").build().run().exit());
        byte[] hello = Files.readAllBytes(bin.resolve("hello"));
        hello[18] = 40;
        Files.write(root.resolve("arm"), hello);
        assertEquals(new GuestExit.LoadFailed("/arm: invalid ELF: e_machine is 40, expected 62 (x86-64)"), guest("/arm").build().run().exit());
    }

    @Test
    void procSelfMapsShowsTheLayout() {
        String maps = out(ok(guest("/bin/maps").build().run()));
        assertTrue(maps.matches("(?s)[0-9a-f]{8,}-[0-9a-f]{8,} r--p [0-9a-f]{8} 00:05 1 +/bin/maps\n.*"), maps);
        assertTrue(maps.matches("(?s).* r-xp [0-9a-f]{8} 00:05 1 +/bin/maps\n.*"), maps);
        assertTrue(maps.contains(" rw-p 00000000 00:00 0          [stack]\n"), maps);
        assertTrue(maps.contains("[heap]"), maps);
        assertTrue(maps.endsWith("stack size ok: 1\n"), maps);
    }

    @Test
    void rustStaticPie() throws Exception {
        Path rustc = Path.of(System.getProperty("user.home"), ".cargo/bin/rustc");
        Assumptions.assumeTrue(Files.isExecutable(rustc), "rustc not installed");
        Path src = bin.resolve("hello.rs");
        Files.writeString(src, """
                use std::io::Read;
                fn main() {
                    let args: Vec<String> = std::env::args().collect();
                    let mut s = String::new();
                    std::fs::File::open("/data/greeting.txt").unwrap().read_to_string(&mut s).unwrap();
                    let v: Vec<u64> = (1..=10).map(|x| x * x).collect();
                    println!("rust {:?} {} sum={}", args, s.trim(), v.iter().sum::<u64>());
                    std::process::exit(3);
                }""");
        Cc.Result r = Cc.exec(bin, List.of(rustc.toString(), "-O", "-C", "target-feature=+crt-static", "-o",
                bin.resolve("rust_hello").toString(), src.toString()), null);
        assertEquals(0, r.status(), r.stderr());
        GuestOutcome o = guest("/bin/rust_hello", "x").build().run();
        assertEquals("rust [\"/bin/rust_hello\", \"x\"] hello from the rootfs sum=385\n", out(o), o.exit().toString());
        assertEquals(3, o.exit().status());
    }

    @Test
    void dynamicProgramRunsWithTheLoaderAndLibcFromItsRootfs() throws Exception {
        Path dyn = Files.createDirectories(root.resolve("dyn"));
        Path lib = Files.createDirectories(dyn.resolve("lib/x86_64-linux-gnu"));
        Files.createDirectories(dyn.resolve("lib64"));
        Files.copy(Path.of("/lib64/ld-linux-x86-64.so.2"), dyn.resolve("lib64/ld-linux-x86-64.so.2"));
        Files.copy(Path.of("/lib/x86_64-linux-gnu/libc.so.6"), lib.resolve("libc.so.6"));
        Files.copy(Path.of("/lib/x86_64-linux-gnu/libm.so.6"), lib.resolve("libm.so.6"));
        Path c = dyn.resolve("dyn.c");
        Files.writeString(c, "#include <stdio.h>\n#include <math.h>\nint main(int argc, char **argv){ printf(\"dynamic %s %.3f\\n\", argv[1], sqrt((double) argc)); return 4; }");
        Cc.Result r = Cc.exec(dyn, List.of("gcc", "-O1", "-o", dyn.resolve("dyn").toString(), c.toString(), "-lm"), null);
        assertEquals(0, r.status(), r.stderr());
        GuestOutcome o = Guest.builder().rootfs(dyn).argv("/dyn", "x").timeout(Duration.ofSeconds(30)).build().run();
        assertEquals("dynamic x 1.414\n", out(o), o.exit() + " " + new String(o.stderr()));
        assertEquals(4, o.exit().status());
        assertEquals(ElfKind.DYNAMIC, o.kind());
        assertTrue(o.syscalls().stream().anyMatch(u -> u.name().equals("mmap")));
    }

    @Test
    void muslStaticPie() throws Exception {
        Assumptions.assumeTrue(Cc.muslAvailable(), "musl-tools not installed");
        Cc.muslStaticPie(bin, "musl_hello", "#include <stdio.h>\nint main(int c, char **v){ printf(\"musl %s %d\\n\", v[0], c); return 7; }");
        GuestOutcome o = guest("/bin/musl_hello").build().run();
        assertEquals("musl /bin/musl_hello 1\n", out(o), o.exit().toString());
        assertEquals(7, o.exit().status());
    }
}
