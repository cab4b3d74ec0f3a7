package dev.binfarm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.SyscallUsage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultDiffTest {
    static Result result(ResultStatus status, Integer exit, String stdout) {
        return new Result(1, 1, 1, 1, "app", 1, 1, status, exit, null, 10, 100L, stdout, "", null, "w", Instant.EPOCH, Instant.EPOCH);
    }

    static List<SyscallUsage> calls(String... names) {
        return java.util.Arrays.stream(names).map(n -> new SyscallUsage(n.length(), n, 1, Map.of(), false)).toList();
    }

    @Test
    void sameResultsHaveNoDifference() {
        ResultDiff d = ResultDiff.between(result(ResultStatus.PASS, 0, "a\nb\n"), calls("read", "write"),
                result(ResultStatus.PASS, 0, "a\nb\n"), calls("write", "read"));
        assertTrue(d.same());
        assertEquals(List.of(), d.describe());
    }

    @Test
    void everyPartThatChangedIsNamed() {
        ResultDiff d = ResultDiff.between(result(ResultStatus.PASS, 0, "a\nb\nc\n"), calls("read", "write", "ioctl"),
                result(ResultStatus.FAIL, 1, "a\nB\nc\n"), calls("read", "write", "openat", "getpid"));
        assertFalse(d.same());
        assertEquals(List.of("status: PASS -> FAIL", "exit: 0 -> 1", "stdout line 2: 'b' -> 'B'", "syscalls: +getpid +openat -ioctl"),
                d.describe());
    }

    @Test
    void stdoutThatGrewOrShrankOrLostItsNewline() {
        assertEquals(new ResultDiff.LineChange(3, null, "c"), ResultDiff.firstDifference("a\nb\n", "a\nb\nc\n"));
        assertEquals(new ResultDiff.LineChange(1, "a", null), ResultDiff.firstDifference("a\n", ""));
        assertEquals(new ResultDiff.LineChange(1, "a", "a"), ResultDiff.firstDifference("a\n", "a"));
        assertNull(ResultDiff.firstDifference(null, ""));
        ResultDiff d = ResultDiff.between(result(ResultStatus.CRASH, null, ""), calls(), result(ResultStatus.PASS, 0, "x\n"), calls());
        assertEquals(List.of("status: CRASH -> PASS", "exit: none -> 0", "stdout line 1: (no line) -> 'x'"), d.describe());
    }
}
