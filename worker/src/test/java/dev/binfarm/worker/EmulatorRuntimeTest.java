package dev.binfarm.worker;

import dev.binfarm.catalog.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator runtime on real programs, and its watchdog against a guest API that misbehaves. */
class EmulatorRuntimeTest {
    @TempDir Path tmp;

    RunRequest request(Path rootfs, Path exe, Duration timeout, String... argv) {
        return new RunRequest(rootfs, exe, List.of(argv), Map.of("LANG", "C"), "/", "in\n".getBytes(StandardCharsets.UTF_8),
                timeout, 256L << 20, 1 << 16, "linux", 1);
    }

    @Test
    void runsAProgramAndReportsExitOutputAndSyscalls() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Fixtures.staticPie(rootfs, "cat", """
                #include <stdio.h>
                int main(void){int c; while((c=getchar())!=EOF) putchar(c); fprintf(stderr, "done\\n"); return 7;}
                """);
        EmulatorRuntime rt = new EmulatorRuntime("9.9");
        assertEquals("emulator", rt.kind());
        assertEquals("9.9", rt.version());
        RunOutcome r = rt.run(request(rootfs, null, Duration.ofSeconds(10), "/cat"));
        assertNull(r.error(), r.error());
        assertEquals(7, r.exitCode());
        assertEquals("in\n", new String(r.stdout(), StandardCharsets.UTF_8));
        assertEquals("done\n", new String(r.stderr(), StandardCharsets.UTF_8));
        assertTrue(r.instructions() > 1000, "instructions " + r.instructions());
        assertTrue(r.syscalls().stream().anyMatch(s -> s.name().equals("read") && s.calls() >= 2), r.syscalls().toString());
    }

    @Test
    void aProgramThatCannotLoadIsAnInfrastructureError() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(rootfs.resolve("notelf"), "#!/bin/sh\n");
        RunOutcome r = new EmulatorRuntime("1").run(request(rootfs, null, Duration.ofSeconds(5), "/notelf"));
        assertTrue(r.error() != null && !r.error().isBlank(), String.valueOf(r));
        assertNull(r.exitCode());
    }

    @Test
    void theWatchdogEndsAGuestThatIgnoresItsTimeout() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        EmulatorRuntime rt = new EmulatorRuntime("1", guest -> {
            long until = System.nanoTime() + 4_000_000_000L;
            while (System.nanoTime() < until) Thread.onSpinWait(); // deaf to interrupts and deadlines alike
            throw new AssertionError("not reached in time");
        });
        long t0 = System.nanoTime();
        RunOutcome r = rt.run(request(rootfs, null, Duration.ofSeconds(1), "/x"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(r.timedOut());
        assertTrue(ms >= 1000 && ms < 3000, ms + " ms");
    }

    @Test
    void anEmulatorExceptionBecomesAnErrorNotAThrow() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        EmulatorRuntime rt = new EmulatorRuntime("1", guest -> { throw new StackOverflowError("decoder recursion"); });
        RunOutcome r = rt.run(request(rootfs, null, Duration.ofSeconds(5), "/x"));
        assertEquals("emulator internal error: StackOverflowError: decoder recursion", r.error());
    }

    @Test
    void anExceptionInsideTheEmulatorIsAnErrorButAGuestSignalIsNot() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        String bug = "emulator error at rip 0x401000: java.lang.NullPointerException";
        RunOutcome r = new EmulatorRuntime("1", guest -> outcome(new dev.binfarm.emulator.GuestExit.Signaled(4, bug)))
                .run(request(rootfs, null, Duration.ofSeconds(5), "/x"));
        assertEquals("emulator internal error: " + bug, r.error());
        assertNull(r.signal());
        String segv = "SIGSEGV at 0x0 (read, unmapped), rip 0x401000";
        RunOutcome crash = new EmulatorRuntime("1", guest -> outcome(new dev.binfarm.emulator.GuestExit.Signaled(11, segv)))
                .run(request(rootfs, null, Duration.ofSeconds(5), "/x"));
        assertNull(crash.error());
        assertEquals(11, crash.signal());
        assertEquals(segv, crash.crash());
    }

    static dev.binfarm.emulator.GuestOutcome outcome(dev.binfarm.emulator.GuestExit exit) {
        return new dev.binfarm.emulator.GuestOutcome(exit, new byte[0], new byte[0], false, 10, Duration.ofMillis(1), 0, null, null);
    }

    @Test
    void anUnknownProfileIsAnError() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        RunRequest req = new RunRequest(rootfs, null, List.of("/x"), Map.of(), "/", null, Duration.ofSeconds(1), 1 << 20, 1024,
                "unikraft", 1);
        assertEquals("no syscall profile named 'unikraft'", new EmulatorRuntime("1").run(req).error());
    }
}
