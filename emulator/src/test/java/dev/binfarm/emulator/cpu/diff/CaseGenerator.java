package dev.binfarm.emulator.cpu.diff;

import java.util.List;
import java.util.Random;

/**
 * A family of differential test cases (integer ops, SSE, x87...). Each case
 * carries its own undefined-flags mask. Generators are listed in
 * {@link Generators}; keep each one deterministic for a given {@link Random}.
 */
public interface CaseGenerator {
    String name();

    List<DiffCase> cases(Random random);
}
