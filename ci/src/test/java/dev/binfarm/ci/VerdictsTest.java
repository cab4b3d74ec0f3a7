package dev.binfarm.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.orchestrator.CellRow;
import dev.binfarm.results.ResultStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Broken app": a cell failing on the emulator while the same app and profile fail on a
 * native reference runtime (kind docker) in the same run is the app's fault, not the
 * emulator's. The farm has no docker runtime yet, so this is checked on rows directly.
 */
class VerdictsTest {
    static final Map<String, String> KINDS = Map.of("emulator", "emulator", "docker", "docker");
    static long ids;

    static CellRow row(String app, String runtime, ResultStatus s) {
        return new CellRow(++ids, "local", app, runtime, "1", "linux", s, s == ResultStatus.PASS ? null : "boom", null, 1,
                "w", 1, 0);
    }

    @Test
    void failingOnTheReferenceTooIsABrokenApp() {
        CellRow emuBroken = row("a", "emulator", ResultStatus.CRASH), dockBroken = row("a", "docker", ResultStatus.FAIL);
        CellRow emuReal = row("b", "emulator", ResultStatus.FAIL), dockFine = row("b", "docker", ResultStatus.PASS);
        CellRow emuPass = row("c", "emulator", ResultStatus.PASS), dockFail = row("c", "docker", ResultStatus.FAIL);
        var v = new BinfarmEngine.Verdicts(KINDS::get, List.of(emuBroken, dockBroken, emuReal, dockFine, emuPass, dockFail));
        assertTrue(v.hasReference);
        assertEquals("docker", v.brokenOnReference(emuBroken));
        assertNull(v.brokenOnReference(emuReal), "the reference passes: a real compatibility failure");
        assertNull(v.brokenOnReference(emuPass), "passing cells are never broken");
        assertNull(v.brokenOnReference(dockBroken), "the reference itself is reported as it is");
    }

    @Test
    void withoutAReferenceNothingIsBroken() {
        CellRow fail = row("a", "emulator", ResultStatus.FAIL);
        var v = new BinfarmEngine.Verdicts(KINDS::get, List.of(fail, row("b", "emulator", ResultStatus.PASS)));
        assertFalse(v.hasReference);
        assertNull(v.brokenOnReference(fail));
    }
}
