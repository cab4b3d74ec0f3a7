package dev.binfarm.emulator.cpu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link DiffTest} again with every block translated to bytecode at its first execution. */
class JitDiffTest extends DiffTest {
    @BeforeAll
    static void compilingTierOn() {
        JitMode.force();
    }

    @AfterAll
    static void compilingTierOff() {
        JitMode.restore("DiffTest");
    }
}
