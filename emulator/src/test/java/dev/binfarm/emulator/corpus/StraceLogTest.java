package dev.binfarm.emulator.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The host side of the syscall-sequence comparison: strace output is read correctly. */
class StraceLogTest {
    @Test
    void keepsOnlyCallsAfterTheProgramsExec() {
        List<String> log = List.of(
                "4242 execve(\"/usr/sbin/chroot\", [\"chroot\", \"/tmp/r\", \"/prog\"], 0x7ffd /* 6 vars */) = 0",
                "4242 brk(NULL)                         = 0x55d0c3a2e000",
                "4242 chroot(\"/tmp/r\")                  = 0",
                "4242 execve(\"/prog\", [\"/prog\"], 0x7ffd /* 6 vars */) = 0",
                "4242 arch_prctl(ARCH_SET_FS, 0x7f00)   = 0",
                "4242 write(1, \"hi\\n\", 3)              = 3",
                "4242 --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---",
                "4242 exit_group(0)                     = ?",
                "4242 +++ exited with 0 +++");
        assertEquals(List.of("arch_prctl", "write", "exit_group"), NativeReference.StraceLog.namesAfterExec(log, "/prog"));
    }

    @Test
    void aFailedExecDoesNotStartTheTrace() {
        List<String> log = List.of(
                "execve(\"/prog\", [\"/prog\"], 0x7ffd /* 6 vars */) = -1 ENOENT (No such file or directory)",
                "write(2, \"chroot: failed\", 14) = 14");
        assertEquals(List.of(), NativeReference.StraceLog.namesAfterExec(log, "/prog"));
    }

    @Test
    void tracesARealProgramOnTheHost() {
        Assumptions.assumeTrue(Tools.onPath("strace"), "strace is not installed");
        Assumptions.assumeTrue(Libc.GLIBC.unavailableReason() == null, "gcc is not installed");
        CorpusProgram hello = CorpusProgram.parse(TestPrograms.corpusDir().resolve("hello.c"));
        Path binary = TestPrograms.build(hello, Libc.GLIBC);
        try (CorpusRootfs root = CorpusRootfs.create(binary)) {
            List<String> names = NativeReference.syscallNames(root.dir(), hello.argv(), GuestRuns.ENV, new byte[0],
                    GuestRuns.NATIVE_TIMEOUT);
            assertTrue(names.contains("write"), names.toString());
            assertEquals("exit_group", names.getLast(), names.toString());
            assertTrue(!names.contains("chroot"), "chroot's own calls leaked into the trace: " + names);
        }
    }
}
