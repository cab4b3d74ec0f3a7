package dev.binfarm.worker.qemu;

import dev.binfarm.worker.Availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.worker.RunOutcome;
import dev.binfarm.worker.RunRequest;
import dev.binfarm.worker.SyscallCount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process handling around a Unikraft VM, with a stand-in for QEMU: a shell script that
 * prints a canned console and then idles like the real VM does (it never exits). Not a test
 * of a real Unikraft image (none on this machine).
 */
class QemuUnikraftRuntimeTest {
    @TempDir Path tmp;

    Path fakeQemu(String console, boolean idle) throws IOException {
        Path text = tmp.resolve("console.txt");
        Files.writeString(text, console);
        Path args = tmp.resolve("args.txt");
        Path script = tmp.resolve("fake-qemu");
        Files.writeString(script, "#!/bin/sh\n"
                + "if [ \"$1\" = --version ]; then echo 'QEMU emulator version 7.2.99 (fake)'; exit 0; fi\n"
                + "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + args + "'\n"
                + "cat '" + text + "'\n"
                + (idle ? "exec sleep 600\n" : "exit 1\n"));
        script.toFile().setExecutable(true);
        return script;
    }

    QemuUnikraftRuntime runtime(Path qemu, List<Integer> ports) {
        return new QemuUnikraftRuntime(new QemuUnikraftRuntime.Config("uk", tmp.resolve("image"), QemuUnikraftRuntime.Mode.NINEP,
                qemu.toString(), ports, Duration.ofSeconds(5), Duration.ofMillis(800), Duration.ofMillis(200), "strace", 1024));
    }

    RunRequest request(Duration timeout) throws IOException {
        Path root = tmp.resolve("rootfs");
        Files.createDirectories(root);
        return new RunRequest(root, null, List.of("/usr/bin/sqlite3", "/chinook.db", "select count(*) from Album;"), Map.of(),
                "/", null, timeout, 1L << 30, 1 << 20, "linux", 1);
    }

    static final String BANNER = "SeaBIOS (version 1.16.2-debian-1.16.2-1)\nBooting from ROM..\nPowered by\n"
            + "             Prometheus 0.14.0~f4518e7d\n";

    @Test
    void straceRunEndsAfterExitGroupAndAQuietConsoleAndQemuIsKilled() throws Exception {
        Path q = fakeQemu(BANNER + """
                openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = No such file or directory (-2)
                347
                write(fd:1, <in>"347\\n", 4) = 4
                exit_group(0x0) = OK
                """, true);
        long t0 = System.nanoTime();
        RunOutcome o = runtime(q, List.of()).run(request(Duration.ofSeconds(20)));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "ended from the console, not by the timeout");
        assertNull(o.error(), o.error());
        assertEquals(0, o.exitCode());
        assertEquals("347\n", new String(o.stdout(), StandardCharsets.UTF_8));
        SyscallCount openat = o.syscalls().stream().filter(s -> s.name().equals("openat")).findFirst().orElseThrow();
        assertEquals(Map.of("ENOENT", 1L), openat.errnos());
        QemuFixture.assertNoLeftovers(tmp.resolve("none"));
        List<String> args = Files.readAllLines(tmp.resolve("args.txt"));
        assertTrue(args.contains("local,security_model=none,id=hvirtio0,path=" + tmp.resolve("rootfs")), args.toString());
        assertTrue(args.contains("virtio-9p-pci,fsdev=hvirtio0,mount_tag=fs1"), args.toString());
        assertEquals("/usr/bin/sqlite3 /chinook.db \"select count(*) from Album;\"", args.get(args.indexOf("-append") + 1));
    }

    @Test
    void debugRunEndsAtTheReleaseLineWithTheExitStatus() throws Exception {
        Path q = fakeQemu(BANNER + """
                hi
                [    0.610685] dbg:  [libsyscall_shim] <uk_syscall_binary.c @   89> Binary system call request "exit_group" (231) at ip:0x10000e6ab6 (arg0=0x5, arg1=0x3c, ...)
                [    0.610700] dbg:  [libposix_process] <process.c @  500> Process PID 1 released
                """, true);
        RunOutcome o = runtime(q, List.of()).run(request(Duration.ofSeconds(20)));
        assertEquals(5, o.exitCode());
        assertEquals("hi\n", new String(o.stdout(), StandardCharsets.UTF_8));
        QemuFixture.assertNoLeftovers(tmp.resolve("none"));
    }

    @Test
    void plainRunEndsAfterOutputAndSilence() throws Exception {
        RunOutcome o = runtime(fakeQemu(BANNER + "just output\n", true), List.of()).run(request(Duration.ofSeconds(20)));
        assertEquals(0, o.exitCode());
        assertEquals("just output\n", new String(o.stdout(), StandardCharsets.UTF_8));
        assertTrue(o.syscalls().isEmpty());
    }

    @Test
    void aSilentAppTimesOut() throws Exception {
        RunOutcome o = runtime(fakeQemu(BANNER, true), List.of()).run(request(Duration.ofSeconds(1)));
        assertTrue(o.timedOut());
        QemuFixture.assertNoLeftovers(tmp.resolve("none"));
    }

    @Test
    void noBannerIsABootFailure() throws Exception {
        RunOutcome o = runtime(fakeQemu("SeaBIOS (version 1.16.2)\nNo bootable device.\n", false), List.of())
                .run(request(Duration.ofSeconds(5)));
        assertNotNull(o.error());
        assertTrue(o.error().startsWith("boot failure"), o.error());
        assertTrue(o.error().contains("No bootable device"), o.error());
    }

    @Test
    void aCrashIsReportedWithItsDump() throws Exception {
        Path q = fakeQemu(BANNER + "[    0.8] CRIT: [libkvmplat] <traps.c @  120> Unhandled Trap 14 (page fault)\n"
                + "[    0.8] CRIT: [libkvmplat] RIP: 0008:0000000000112233\n", true);
        RunOutcome o = runtime(q, List.of()).run(request(Duration.ofSeconds(20)));
        assertEquals(11, o.signal());
        assertTrue(o.crash().contains("RIP"), o.crash());
        QemuFixture.assertNoLeftovers(tmp.resolve("none"));
    }

    @Test
    void serverPortsBecomeHostForwardsAndNetArgsComeBeforeTheSeparator() throws Exception {
        QemuUnikraftRuntime rt = runtime(Path.of("qemu-system-x86_64"), List.of(6379));
        List<String> cmd = rt.command(request(Duration.ofSeconds(1)));
        assertEquals("user,id=net0,hostfwd=tcp:127.0.0.1:6379-:6379", cmd.get(cmd.indexOf("-netdev") + 1));
        String append = cmd.get(cmd.indexOf("-append") + 1);
        assertTrue(append.startsWith("netdev.ipv4_addr=10.0.2.15 netdev.ipv4_gw_addr=10.0.2.2 netdev.ipv4_subnet_mask=255.255.255.0 -- /usr/bin/sqlite3 "), append);
    }

    @Test
    void availabilitySaysWhy() throws Exception {
        Availability a = runtime(fakeQemu("", false), List.of()).available();
        assertTrue(!a.ok() && a.why().contains("image"), a.toString());
        Availability b = runtime(tmp.resolve("no-qemu"), List.of()).available();
        assertTrue(!b.ok() && b.why().contains("not found"), b.toString());
    }
}
