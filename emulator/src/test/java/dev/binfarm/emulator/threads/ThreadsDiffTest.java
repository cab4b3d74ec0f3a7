package dev.binfarm.emulator.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.corpus.RunResult;
import dev.binfarm.emulator.threads.ThreadPrograms.Variant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Acceptance 1, 2 and 5 (threads part) of issue 5: every program under
 * resources/threads (pthreads, signals, C++ threads) gives the same stdout,
 * stderr and exit status in the emulator as natively, built as glibc
 * static-PIE, glibc dynamic and musl static-PIE (C++: the two glibc builds).
 * The programs are deterministic by construction (results, not schedules, are printed).
 * {@code -Dthreads.only=prefix} runs a subset.
 */
class ThreadsDiffTest {
    @TestFactory
    Stream<DynamicNode> programs() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path src : ThreadPrograms.sources(System.getProperty("threads.only", ""))) {
            for (Variant v : Variant.values()) {
                if (!v.available(src)) continue;
                nodes.add(DynamicTest.dynamicTest(src.getFileName() + " " + v.label(), () -> check(src, v)));
            }
        }
        return nodes.stream();
    }

    private static void check(Path src, Variant v) {
        Path bin = ThreadPrograms.build(src, v);
        RunResult host = ThreadPrograms.exec(List.of(bin.toString()), ThreadPrograms.NATIVE_TIMEOUT);
        GuestOutcome out = ThreadPrograms.guest(bin, 1, List.of());
        String what = src.getFileName() + "/" + v.label() + " (emulator: " + ThreadPrograms.describe(out.exit()) + ")";
        assertEquals(host.stdoutText(), new String(out.stdout(), StandardCharsets.UTF_8), what + " stdout");
        assertEquals(host.stderrText(), new String(out.stderr(), StandardCharsets.UTF_8), what + " stderr");
        assertEquals(host.status(), out.exit().status(), what + " exit status");
    }
}
