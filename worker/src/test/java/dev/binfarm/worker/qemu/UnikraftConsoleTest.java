package dev.binfarm.worker.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.worker.SyscallCount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The console formats of FACTS.md ("Unikraft app-elfloader under QEMU"), line by line. */
class UnikraftConsoleTest {
    static final String BOOT = """
            \u001bc\u001b[?7l\u001b[2J\u001b[0mSeaBIOS (version 1.16.2-debian-1.16.2-1)
            Booting from ROM..\u001bc\u001b[?7l\u001b[2JPowered by
            o.   .o       _ _               __ _
            Oo   Oo  ___ (_) | __ __  __ _ ' _) :_
            oO   oO ' _ `| | |/ /  _)' _` | |_|  _)
            oOO OOO | | | | |   (| | | (_) |  _) :_
             OOOOO  |_| |_|_|_|\\_\\___|\\__,_|_| \\__|
                         Prometheus 0.14.0~f4518e7d
            """;

    static UnikraftConsole feed(String text) {
        UnikraftConsole c = new UnikraftConsole(1 << 20);
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) c.accept(line);
        }
        return c;
    }

    static Map<String, SyscallCount> byName(UnikraftConsole c) {
        return c.syscalls().stream().collect(Collectors.toMap(SyscallCount::name, s -> s));
    }

    static String out(UnikraftConsole c) {
        return new String(c.output(), StandardCharsets.UTF_8);
    }

    @Test
    void bootLinesAndTheBannerAreNotAppOutputAndTheVersionIsRead() {
        UnikraftConsole c = feed(BOOT + "hello from the app\n");
        assertTrue(c.booted());
        assertEquals("Prometheus 0.14.0~f4518e7d", c.version());
        assertEquals("hello from the app\n", out(c));
        assertTrue(c.bootLines().stream().anyMatch(l -> l.contains("SeaBIOS")));
        assertTrue(c.syscalls().isEmpty());
    }

    @Test
    void beforeTheBannerNothingIsAppOutputEvenIfItLooksLikeIt() {
        UnikraftConsole c = feed("SeaBIOS (version 1.16.2)\nopenat(AT_FDCWD, \"/x\", O_RDONLY) = OK\nhello\n");
        assertFalse(c.booted());
        assertEquals("", out(c));
        assertTrue(c.syscalls().isEmpty());
    }

    @Test
    void straceVariantCountsSyscallsWithErrnosAndKeepsInterleavedAppOutput() {
        UnikraftConsole c = feed(BOOT + """
                openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = No such file or directory (-2)
                openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = fd:3
                mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, fd:-1, 0) = va:0x10003f3000
                fstat(fd:3, <out>stat:{st_size=2030928, st_mode=0100755, ...}) = OK
                set_robust_list(0x1001247d20, 0x18, ...) = Function not implemented (-38)
                347
                write(fd:1, <in>"347\\n", 4) = 4
                partial linewrite(fd:1, <in>"partial line", 12) = 12
                exit_group(0x3) = OK
                """);
        Map<String, SyscallCount> s = byName(c);
        assertEquals(2, s.get("openat").calls());
        assertEquals(Map.of("ENOENT", 1L), s.get("openat").errnos());
        assertEquals(257, s.get("openat").nr());
        assertEquals(Map.of("ENOSYS", 1L), s.get("set_robust_list").errnos());
        assertEquals(1, s.get("mmap").calls());
        assertEquals(9, s.get("mmap").nr());
        assertEquals(2, s.get("write").calls());
        assertEquals(Map.of(), s.get("write").errnos());
        assertEquals("347\npartial line", out(c));
        assertTrue(c.exitSeen());
        assertEquals(3, c.exitStatus());
        assertFalse(c.crashed());
    }

    @Test
    void appOutputThatMerelyLooksLikeACallIsOutput() {
        // Only names of real syscalls count (an app printing "xwrite(1) = 2" is misread: the price of splitting glued lines).
        UnikraftConsole c = feed(BOOT + "f(x) = 3\nresult(1) = 2\nopenat(but no result)\n");
        assertEquals("f(x) = 3\nresult(1) = 2\nopenat(but no result)\n", out(c));
        assertTrue(c.syscalls().isEmpty());
    }

    @Test
    void inThePlainAndDebugVariantsCallLikeLinesAreAppOutput() {
        for (UnikraftConsole.Variant v : List.of(UnikraftConsole.Variant.PLAIN, UnikraftConsole.Variant.DEBUG)) {
            UnikraftConsole c = new UnikraftConsole(1 << 20, v);
            for (String l : (BOOT + "write(fd:1, <in>\"x\", 1) = 1\n").split("\n")) c.accept(l);
            assertEquals("write(fd:1, <in>\"x\", 1) = 1\n", out(c), v.toString());
            assertTrue(c.syscalls().isEmpty());
        }
    }

    @Test
    void debugVariantCountsBinaryRequestsAndSeesTheRelease() {
        UnikraftConsole c = feed(BOOT + """
                [    0.600001] dbg:  [libsyscall_shim] <uk_syscall_binary.c @   89> Binary system call request "brk" (12) at ip:0x10000e6ab6 (arg0=0x0, arg1=0x0, ...)
                [    0.600002] Info: [libposix_process] <process.c @  300> something unrelated
                hello
                [    0.610685] dbg:  [libsyscall_shim] <uk_syscall_binary.c @   89> Binary system call request "exit_group" (231) at ip:0x10000e6ab6 (arg0=0x2a, arg1=0x3c, ...)
                [    0.610700] dbg:  [libposix_process] <process.c @  500> Process PID 1 released
                """);
        Map<String, SyscallCount> s = byName(c);
        assertEquals(1, s.get("brk").calls());
        assertEquals(1, s.get("exit_group").calls());
        assertEquals(231, s.get("exit_group").nr());
        assertEquals("hello\n", out(c));
        assertTrue(c.exitSeen());
        assertEquals(42, c.exitStatus());
        assertTrue(c.released());
    }

    @Test
    void appOutputWithoutNewlineBeforeALogLineIsSplitOff() {
        UnikraftConsole c = feed(BOOT + "no newline[    0.7] dbg:  [x] Binary system call request \"write\" (1) at ip:0x1 (arg0=0x1)\n");
        assertEquals("no newline", out(c));
        assertEquals(1, byName(c).get("write").calls());
    }

    @Test
    void plainVariantHasOnlyAppOutputAndNoExit() {
        UnikraftConsole c = feed(BOOT + "line one\nline two\n");
        assertEquals("line one\nline two\n", out(c));
        assertTrue(c.active());
        assertFalse(c.exitSeen());
        assertFalse(c.released());
        assertNull(c.exitStatus());
        assertTrue(c.syscalls().isEmpty());
    }

    @Test
    void crashOutputIsRecognisedWithItsDump() {
        UnikraftConsole c = feed(BOOT + """
                about to crash
                [    0.812345] CRIT: [libkvmplat] <traps.c @  120> Unhandled Trap 14 (page fault), error code=0x4
                [    0.812346] CRIT: [libkvmplat] RIP: 0008:0000000000112233
                [    0.812347] Info: [libukdebug] Crash dump follows
                """);
        assertTrue(c.crashed());
        assertTrue(c.crashText().contains("Unhandled Trap 14"), c.crashText());
        assertTrue(c.crashText().contains("RIP"), c.crashText());
        assertEquals("about to crash\n", out(c));
        UnikraftConsole a = feed(BOOT + "Assertion failure: ptr != NULL\n");
        assertTrue(a.crashed());
        assertEquals("", out(a));
    }

    @Test
    void outputIsCappedAtTheRequestsCap() {
        UnikraftConsole c = new UnikraftConsole(5);
        for (String l : (BOOT + "0123456789\nabc\n").split("\n")) c.accept(l);
        assertEquals("01234", out(c));
    }

    @Test
    void theNameTableComesFromTheKernelHeaderOrTheEmulator() {
        assertEquals(0, SyscallNames.number("read"));
        assertEquals(231, SyscallNames.number("exit_group"));
        assertEquals(-1, SyscallNames.number("no_such_call"));
        Map<String, Integer> fallback = SyscallNames.load(java.nio.file.Path.of("/nonexistent/unistd_64.h"));
        assertEquals(0, fallback.get("read"));
    }
}
