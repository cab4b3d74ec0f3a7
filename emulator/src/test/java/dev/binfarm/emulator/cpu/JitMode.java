package dev.binfarm.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs an existing suite with the compiling tier forced on: every CPU created
 * while it is active translates each block at its first execution (and a
 * translation failure is an error, not a silent fallback). The suites'
 * {@code Jit*Test} subclasses switch it on around the inherited tests and
 * check that translated code really ran.
 */
final class JitMode {
    private JitMode() { }

    private static String saved;
    private static long translatedBefore, failuresBefore;

    static void force() {
        saved = System.getProperty("binfarm.jit");
        System.setProperty("binfarm.jit", "always");
        translatedBefore = Cpu.jitTranslated();
        failuresBefore = Cpu.jitFailures();
    }

    static void restore(String suite) {
        if (saved == null) System.clearProperty("binfarm.jit");
        else System.setProperty("binfarm.jit", saved);
        long translated = Cpu.jitTranslated() - translatedBefore;
        System.out.println(suite + " with the compiling tier: " + translated + " blocks translated");
        assertTrue(translated > 0, suite + ": no block was translated, the compiled tier was not exercised");
        assertEquals(0, Cpu.jitFailures() - failuresBefore, suite + ": translations failed");
    }
}
