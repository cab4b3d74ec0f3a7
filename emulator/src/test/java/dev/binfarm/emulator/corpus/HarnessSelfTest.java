package dev.binfarm.emulator.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison itself can fail: every kind of difference is caught and named. */
class HarnessSelfTest {
    private static final RunResult HOST = new RunResult(0, bytes("a\nb\n"), bytes("warn\n"));

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static GuestOutcome guest(GuestExit exit, String out, String err, boolean truncated) {
        return new GuestOutcome(exit, bytes(out), bytes(err), truncated, 1, Duration.ofMillis(1), 0, null, null);
    }

    @Test
    void identicalRunsMatch() {
        assertNull(CorpusDiffTest.mismatch(HOST, guest(new GuestExit.Exited(0), "a\nb\n", "warn\n", false)));
    }

    @Test
    void eachDifferenceIsReported() {
        String status = CorpusDiffTest.mismatch(HOST, guest(new GuestExit.Signaled(4, "unimplemented instruction 0f 0b"), "a\nb\n", "warn\n", false));
        assertTrue(status.contains("exit status: host 0, emulator 132") && status.contains("unimplemented instruction"), status);
        String out = CorpusDiffTest.mismatch(HOST, guest(new GuestExit.Exited(0), "a\nc\n", "warn\n", false));
        assertTrue(out.contains("stdout differs at line 2") && out.contains("host:     b") && out.contains("emulator: c"), out);
        String err = CorpusDiffTest.mismatch(HOST, guest(new GuestExit.Exited(0), "a\nb\n", "", false));
        assertTrue(err.startsWith("stderr differs"), err);
        String cut = CorpusDiffTest.mismatch(HOST, guest(new GuestExit.Exited(0), "a\nb\n", "warn\n", true));
        assertTrue(cut.contains("truncated"), cut);
        String load = CorpusDiffTest.mismatch(HOST, guest(new GuestExit.LoadFailed("bad ELF"), "", "", false));
        assertTrue(load.contains("load failed: bad ELF"), load);
    }

    @Test
    void syscallSequencesAreComparedInOrder() {
        assertNull(SyscallSequenceTest.firstDifference(List.of("brk", "write"), List.of("brk", "write")));
        String d = SyscallSequenceTest.firstDifference(List.of("brk", "write", "exit_group"), List.of("brk", "mmap", "exit_group"));
        assertTrue(d.startsWith("call #1: host write, emulator mmap"), d);
        String len = SyscallSequenceTest.firstDifference(List.of("brk"), List.of("brk", "exit_group"));
        assertTrue(len.startsWith("host made 1 calls, emulator 2"), len);
        assertEquals(List.of("brk", "write"), SyscallSequenceTest.names("brk(0) = 0x1000\nwrite(1, 0x20, 3) = 3\n"));
    }

    @Test
    void directivesAreRead() {
        CorpusProgram p = CorpusProgram.parse(TestPrograms.corpusDir().resolve("argv_env.c"));
        assertEquals("/prog", p.argv().get(0));
        assertTrue(p.args().size() >= 3, p.args().toString());
        assertEquals(42, CorpusProgram.parse(TestPrograms.corpusDir().resolve("exit_42.c")).expectedStatus());
        assertEquals("data/ints.txt", CorpusProgram.parse(TestPrograms.corpusDir().resolve("stdin_sum.c")).stdinFile());
    }
}
