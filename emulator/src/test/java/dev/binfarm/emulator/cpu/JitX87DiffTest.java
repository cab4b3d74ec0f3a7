package dev.binfarm.emulator.cpu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link X87DiffTest} again with every block translated to bytecode at its first execution. */
class JitX87DiffTest extends X87DiffTest {
    @BeforeAll
    static void compilingTierOn() {
        JitMode.force();
    }

    @AfterAll
    static void compilingTierOff() {
        JitMode.restore("X87DiffTest");
    }
}
