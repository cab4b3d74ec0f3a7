package dev.binfarm.emulator.cpu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link CompiledProgramTest} again with every block translated to bytecode at its first execution. */
class JitCompiledProgramTest extends CompiledProgramTest {
    @BeforeAll
    static void compilingTierOn() {
        JitMode.force();
    }

    @AfterAll
    static void compilingTierOff() {
        JitMode.restore("CompiledProgramTest");
    }
}
