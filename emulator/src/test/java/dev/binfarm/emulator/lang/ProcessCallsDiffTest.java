package dev.binfarm.emulator.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.corpus.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 bullet 3: prctl, get/setpriority, sysinfo, times, getrusage, madvise,
 * mincore and the /proc/sys and /sys/kernel files runtimes read, as one C program
 * whose every printed line the host kernel and the emulator must agree on. The
 * host run is not chrooted on purpose: its /proc and /sys are the oracle for the
 * emulator's pseudo files.
 */
class ProcessCallsDiffTest {
    @Test
    void processCallsMatchTheHostKernel(@TempDir Path dir) throws IOException {
        Path src = Path.of(LangPrograms.sourceDir(Toolchain.CPP).getParent().toString(), "proc", "process_calls.c");
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path prog = rootfs.resolve("prog");
        RunResult cc = LangPrograms.exec(new ProcessBuilder("gcc", "-O2", "-static-pie", "-o", prog.toString(), src.toString()),
                LangPrograms.BUILD_TIMEOUT);
        assertEquals(0, cc.status(), cc.stderrText());
        RunResult host = LangPrograms.exec(new ProcessBuilder(prog.toString()), Duration.ofSeconds(30));
        assertEquals(0, host.status(), host.stderrText());
        GuestOutcome out = LangPrograms.guest(rootfs, 1);
        String what = "emulator: " + LangPrograms.describe(out.exit());
        assertEquals(host.stdoutText(), new String(out.stdout(), StandardCharsets.UTF_8), what);
        assertEquals(host.stderrText(), new String(out.stderr(), StandardCharsets.UTF_8), what);
        assertEquals(0, out.exit().status(), what);
    }
}
