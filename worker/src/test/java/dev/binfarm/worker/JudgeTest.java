package dev.binfarm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.binfarm.catalog.spec.Expectation;
import dev.binfarm.catalog.spec.FileCheck;
import dev.binfarm.catalog.spec.OutputCheck;
import dev.binfarm.results.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each expectation kind and each way a run can end, judged. */
class JudgeTest {
    @TempDir Path rootfs;

    static final Duration TEN = Duration.ofSeconds(10);

    static RunOutcome exited(int code, String out, String err) {
        return new RunOutcome(code, null, false, null, out.getBytes(StandardCharsets.UTF_8), err.getBytes(StandardCharsets.UTF_8),
                Duration.ofMillis(5), 100, List.of(), null);
    }

    static Expectation expect(Integer exit, OutputCheck out, OutputCheck err, FileCheck... files) {
        return new Expectation(exit, out, err, List.of(files));
    }

    static OutputCheck equals(String s) { return new OutputCheck(s, List.of(), null); }
    static OutputCheck contains(String... s) { return new OutputCheck(null, List.of(s), null); }
    static OutputCheck regex(String r) { return new OutputCheck(null, List.of(), Pattern.compile(r, Pattern.MULTILINE)); }

    Verdict judge(Expectation e, RunOutcome r) { return Judge.judge(e, r, rootfs, TEN); }

    @Test
    void anyExitPassesTheSmokeExpectation() {
        assertEquals(Verdict.PASS, judge(Expectation.NO_CRASH, exited(3, "", "")));
    }

    @Test
    void exitStatus() {
        assertEquals(Verdict.PASS, judge(expect(0, null, null), exited(0, "", "")));
        assertEquals(Verdict.fail("exit status 2, expected 0 (stderr: cannot open x)"),
                judge(expect(0, null, null), exited(2, "", "warning\ncannot open x\n")));
        assertEquals(Verdict.fail("exit status 1, expected 0"), judge(expect(0, null, null), exited(1, "", "")));
    }

    @Test
    void stdoutEqualsContainsRegex() {
        assertEquals(Verdict.PASS, judge(expect(null, equals("347\n"), null), exited(0, "347\n", "")));
        assertEquals(Verdict.fail("stdout is not equal to '347\\n'"), judge(expect(null, equals("347\n"), null), exited(0, "346\n", "")));
        assertEquals(Verdict.PASS, judge(expect(null, contains("a", "b"), null), exited(0, "xaxbx", "")));
        assertEquals(Verdict.fail("stdout does not contain '347'"), judge(expect(null, contains("a", "347"), null), exited(0, "a", "")));
        assertEquals(Verdict.PASS, judge(expect(null, regex("^bin$"), null), exited(0, "boot\nbin\nlib", "")));
        assertEquals(Verdict.fail("stdout does not match /^bin$/"), judge(expect(null, regex("^bin$"), null), exited(0, "sbin\n", "")));
    }

    @Test
    void stderrChecksAfterStdout() {
        Expectation e = expect(0, contains("ok"), contains("warn"));
        assertEquals(Verdict.PASS, judge(e, exited(0, "ok", "warn")));
        assertEquals(Verdict.fail("stderr does not contain 'warn'"), judge(e, exited(0, "ok", "")));
        assertEquals(Verdict.fail("stdout does not contain 'ok'"), judge(e, exited(0, "", "")), "the first failing check is the reason");
    }

    @Test
    void producedFilesWithContentChecks() throws Exception {
        Files.write(rootfs.resolve("out.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
        Files.writeString(rootfs.resolve("note.txt"), "hello\n");
        FileCheck gz = new FileCheck("/out.gz", true, "1f8b", null);
        FileCheck gone = new FileCheck("/in.txt", false, null, null);
        FileCheck note = new FileCheck("/note.txt", true, null, equals("hello\n"));
        assertEquals(Verdict.PASS, judge(expect(0, null, null, gz, gone, note), exited(0, "", "")));
        assertEquals(Verdict.fail("file /missing was not produced"),
                judge(expect(0, null, null, new FileCheck("/missing", true, null, null)), exited(0, "", "")));
        assertEquals(Verdict.fail("file /note.txt does not start with bytes 1f8b"),
                judge(expect(0, null, null, new FileCheck("/note.txt", true, "1f8b", null)), exited(0, "", "")));
        assertEquals(Verdict.fail("file /note.txt is not equal to 'bye'"),
                judge(expect(0, null, null, new FileCheck("/note.txt", true, null, equals("bye"))), exited(0, "", "")));
        assertEquals(Verdict.fail("file /out.gz exists, expected it removed"),
                judge(expect(0, null, null, new FileCheck("/out.gz", false, null, null)), exited(0, "", "")));
    }

    @Test
    void filesAreNeverReadOutsideTheRootfs() throws Exception {
        Path outside = Files.writeString(rootfs.getParent().resolve("secret-" + rootfs.getFileName()), "secret");
        try {
            Files.createSymbolicLink(rootfs.resolve("link"), outside);
            assertEquals(Verdict.fail("file /link links outside the app's filesystem"),
                    judge(expect(0, null, null, new FileCheck("/link", true, null, contains("secret"))), exited(0, "", "")));
            assertEquals(Verdict.fail("file /../" + outside.getFileName() + " is outside the app's filesystem"),
                    judge(expect(0, null, null, new FileCheck("/../" + outside.getFileName(), true, null, null)), exited(0, "", "")));
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void howTheRunEndedDecidesBeforeAnyExpectation() {
        Expectation any = Expectation.NO_CRASH;
        assertEquals(new Verdict(ResultStatus.TIMEOUT, "still running after 10 s"),
                judge(any, RunOutcome.timedOut(null, null, TEN, 5, List.of())));
        assertEquals(new Verdict(ResultStatus.CRASH, "killed by SIGSEGV: fault at 0x8 (write), rip 0x401000"),
                judge(any, new RunOutcome(null, 11, false, null, null, null, TEN, 5, List.of(), "fault at 0x8 (write), rip 0x401000")));
        assertEquals(new Verdict(ResultStatus.CRASH, "killed by SIGABRT"),
                judge(any, new RunOutcome(null, 6, false, null, null, null, TEN, 5, List.of(), null)));
        assertEquals(Verdict.error("dynamically linked programs are not supported yet (needs /lib64/ld-linux-x86-64.so.2)"),
                judge(any, RunOutcome.failed("dynamically linked programs are not supported yet (needs /lib64/ld-linux-x86-64.so.2)", TEN)));
        assertEquals(new Verdict(ResultStatus.TIMEOUT, "still running after 1.5 s"),
                Judge.judge(any, RunOutcome.timedOut(null, null, TEN, 5, List.of()), rootfs, Duration.ofMillis(1500)));
    }
}
