package dev.binfarm.emulator.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.binfarm.emulator.GuestOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Acceptance 2 of the emulator issue: every corpus program, built as glibc and as musl static-PIE,
 * gives the same stdout, stderr and exit status in the emulator as on the host (confined to the same
 * rootfs with chroot). Programs compile in parallel before the cases run; each case runs the host
 * reference first, checks it against the program's declared status, then the guest.
 */
class CorpusDiffTest {
    private static final Map<Libc, Tally> TALLIES = new EnumMap<>(Libc.class);

    /** Per-libc counts printed at the end, so a CI log shows progress at a glance. */
    private static final class Tally {
        final AtomicInteger passed = new AtomicInteger(), failed = new AtomicInteger(), waiting = new AtomicInteger();
    }

    @TestFactory
    Stream<DynamicNode> corpus() {
        List<CorpusProgram> programs = CorpusProgram.all(TestPrograms.corpusDir());
        assertTrue(programs.size() >= 40, "the corpus must hold at least 40 programs, has " + programs.size());
        return Stream.of(Libc.values()).map(libc -> DynamicContainer.dynamicContainer(libc.label(), cases(libc, programs)));
    }

    private static Stream<DynamicNode> cases(Libc libc, List<CorpusProgram> programs) {
        String unavailable = libc.unavailableReason();
        if (unavailable != null) {
            return Stream.of(DynamicTest.dynamicTest("unavailable", () -> Assumptions.abort(unavailable)));
        }
        Tally tally = TALLIES.computeIfAbsent(libc, l -> new Tally());
        // Two cores: build two at a time, while the first cases already run.
        ExecutorService pool = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory());
        List<Future<Path>> builds = new ArrayList<>();
        for (CorpusProgram p : programs) builds.add(pool.submit(() -> TestPrograms.build(p, libc)));
        pool.shutdown();
        List<DynamicNode> nodes = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            CorpusProgram p = programs.get(i);
            Future<Path> build = builds.get(i);
            nodes.add(DynamicTest.dynamicTest(p.name(), () -> check(p, libc, await(build), tally)));
        }
        return nodes.stream();
    }

    private static void check(CorpusProgram p, Libc libc, Path binary, Tally tally) {
        // Separate copies: a host run may write to its rootfs, and the guest must start from the same files.
        try (CorpusRootfs root = CorpusRootfs.create(binary); CorpusRootfs guestRoot = CorpusRootfs.create(binary)) {
            byte[] stdin = p.stdinFile() == null ? new byte[0] : root.read(p.stdinFile());
            RunResult host = NativeReference.run(root.dir(), p.argv(), GuestRuns.ENV, stdin, GuestRuns.NATIVE_TIMEOUT);
            assertEquals(p.expectedStatus(), host.status(), () -> "the HOST run of " + p.name() + "/" + libc.label()
                    + " did not end as the program declares (a corpus bug, not an emulator one); stderr: " + host.stderrText());

            GuestOutcome out;
            try {
                out = GuestRuns.guest(guestRoot.dir(), p, stdin).build().run();
            } catch (UnsupportedOperationException e) {
                tally.waiting.incrementAndGet();
                ExpectedFailures.skipIfEmulatorMissing(e);
                return;
            }
            String mismatch = mismatch(host, out);
            try {
                ExpectedFailures.skipIfListed(p.name(), libc, mismatch == null, mismatch);
            } catch (TestAbortedException e) {
                tally.waiting.incrementAndGet();
                throw e;
            }
            if (mismatch != null) {
                tally.failed.incrementAndGet();
                fail(p.name() + "/" + libc.label() + ": " + mismatch);
            }
            tally.passed.incrementAndGet();
        }
    }

    /** Null when the guest behaved exactly like the host, else what differed first. */
    static String mismatch(RunResult host, GuestOutcome out) {
        RunResult guest = GuestRuns.result(out);
        List<String> problems = new ArrayList<>();
        if (host.status() != guest.status()) {
            problems.add("exit status: host " + host.status() + ", emulator " + guest.status() + " ("
                    + GuestRuns.describe(out.exit()) + ")");
        }
        String so = Diff.firstDifference(host.stdout(), guest.stdout());
        if (so != null) problems.add("stdout differs at " + so);
        String se = Diff.firstDifference(host.stderr(), guest.stderr());
        if (se != null) problems.add("stderr differs at " + se);
        if (out.outputTruncated()) problems.add("emulator output was truncated by the output cap");
        return problems.isEmpty() ? null : String.join("\n", problems);
    }

    private static Path await(Future<Path> build) throws Exception {
        try {
            return build.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    @AfterAll
    static void printCounts() {
        TALLIES.forEach((libc, t) -> System.out.printf("corpus %-5s: %d match the host, %d differ, %d waiting%n",
                libc.label(), t.passed.get(), t.failed.get(), t.waiting.get()));
    }
}
