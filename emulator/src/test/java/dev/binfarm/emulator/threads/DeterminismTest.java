package dev.binfarm.emulator.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.threads.ThreadPrograms.Variant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 6 of issue 5: a deliberately racy program (lost updates on an
 * unlocked counter, a log of who ran) gives byte-identical output on 10
 * emulator runs with one seed, and different interleavings across seeds.
 */
class DeterminismTest {
    private static final Path RACY = ThreadPrograms.dir().resolve("racy/racy_counter.c");

    @Test
    void sameSeedSameOutputDifferentSeedsDiffer() {
        Path bin = ThreadPrograms.build(RACY, Variant.GLIBC_STATIC_PIE);
        String first = run(bin, 42);
        assertTrue(first.startsWith("counter "), first);
        for (int i = 1; i < 10; i++) assertEquals(first, run(bin, 42), "run " + (i + 1) + " with seed 42");

        Set<String> outputs = new LinkedHashSet<>();
        for (long seed = 1; seed <= 10; seed++) outputs.add(run(bin, seed));
        System.out.println("racy_counter: " + outputs.size() + " distinct outputs over 10 seeds; seed 42: " + first.replace('\n', ' '));
        assertTrue(outputs.size() >= 2, "10 seeds gave one interleaving: " + outputs);
    }

    private static String run(Path bin, long seed) {
        GuestOutcome out = ThreadPrograms.guest(bin, seed, List.of());
        assertEquals(0, out.exit().status(), () -> ThreadPrograms.describe(out.exit()));
        return new String(out.stdout(), StandardCharsets.UTF_8);
    }
}
