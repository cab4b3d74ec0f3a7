package dev.binfarm.emulator.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A runtime that starts threads, preempts with signals and sleeps on timers still
 * runs the same way twice under one seed: same output and the same system calls,
 * in the same order, with the same arguments and results (issue 5's determinism
 * promise applied to Go's scheduler, sysmon and netpoller and Rust's threads).
 */
class LangDeterminismTest {
    @ParameterizedTest
    @ValueSource(strings = {"go/goroutines.go", "go/preempt.go", "rust/threads.rs"})
    void twoRunsWithOneSeedMakeTheSameCalls(String program) {
        Variant v = program.startsWith("go/") ? Variant.GO_DEFAULT : Variant.RUST_STATIC_PIE;
        Assumptions.assumeTrue(v.toolchain.installed(), v.toolchain::missing);
        Path src = LangPrograms.sourceDir(v.toolchain).resolve(Path.of(program).getFileName());
        LangPrograms.Built b = LangPrograms.build(src, v);
        String first = traced(b, 42), second = traced(b, 42);
        assertTrue(first.lines().count() > 50, "a trace of some length: " + first.lines().count() + " lines");
        assertEquals(first, second, program + ": the second run with seed 42 differs");
    }

    private static String traced(LangPrograms.Built b, long seed) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        GuestOutcome out;
        try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            out = Guest.builder().rootfs(b.rootfs()).argv("/prog").env(LangPrograms.ENV).stdin(new byte[0])
                    .timeout(LangPrograms.GUEST_TIMEOUT).seed(seed).trace(ps).build().run();
        }
        assertEquals(0, out.exit().status(), LangPrograms.describe(out.exit()));
        return new String(out.stdout(), StandardCharsets.UTF_8) + "\n--- trace ---\n" + log.toString(StandardCharsets.UTF_8);
    }
}
