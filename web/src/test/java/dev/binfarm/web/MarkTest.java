package dev.binfarm.web;

import static dev.binfarm.results.ResultStatus.CRASH;
import static dev.binfarm.results.ResultStatus.FAIL;
import static dev.binfarm.results.ResultStatus.PASS;
import static dev.binfarm.results.ResultStatus.SKIPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MarkTest {
    @Test
    void regressionIsPassThenWorseAndFixIsTheReverse() {
        assertEquals(Dashboard.Mark.REGRESSION, Dashboard.mark(PASS, CRASH));
        assertEquals(Dashboard.Mark.FIXED, Dashboard.mark(FAIL, PASS));
        assertNull(Dashboard.mark(FAIL, CRASH));
        assertNull(Dashboard.mark(PASS, PASS));
        assertNull(Dashboard.mark(null, FAIL), "a first result is no change");
        assertNull(Dashboard.mark(SKIPPED, PASS), "SKIPPED is no verdict");
    }
}
