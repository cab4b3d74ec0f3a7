package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.cpu.diff.CaseGenerator;
import dev.binfarm.emulator.cpu.diff.DiffCase;
import dev.binfarm.emulator.cpu.diff.DiffRunner;
import dev.binfarm.emulator.cpu.diff.Generators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The instruction-level differential test: every generated case runs on the
 * host CPU and in the emulator; all GPRs, defined flags, XMM registers and the
 * data area must agree. The seed is printed; set -Ddifftest.seed=N to replay.
 */
class DiffTest {
    @Test
    void emulatorMatchesTheHostCpu(@TempDir Path work) throws Exception {
        long seed = Long.getLong("difftest.seed", System.nanoTime());
        Map<String, List<DiffCase>> cases = new LinkedHashMap<>();
        for (CaseGenerator g : Generators.all()) cases.put(g.name(), g.cases(new Random(seed ^ g.name().hashCode())));
        long t0 = System.nanoTime();
        DiffRunner.Result result = new DiffRunner(work).run(cases);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("difftest: " + result.cases() + " cases, " + result.mismatches().size() + " mismatches"
                + " (seed " + seed + ", " + ms + " ms, by generator " + result.casesByGenerator() + ")");
        if (!result.mismatches().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            result.mismatches().stream().limit(12).forEach(m -> sb.append(m).append('\n'));
            fail(result.mismatches().size() + " mismatches (seed " + seed + "); first ones:\n" + sb);
        }
        assertTrue(result.cases() >= 100_000, "the suite must run at least 100,000 cases, ran " + result.cases());
    }
}
