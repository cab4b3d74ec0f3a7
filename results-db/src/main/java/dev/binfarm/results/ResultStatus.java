package dev.binfarm.results;

/**
 * Outcome of one cell, ordered from best to worst for regression checks (SKIPPED is no verdict).
 * FLAKY: the cell failed once and passed on the orchestrator's retry.
 */
public enum ResultStatus {
    PASS, FLAKY, FAIL, CRASH, TIMEOUT, ERROR, SKIPPED;

    /** PASS and FLAKY pass. */
    public boolean passed() { return this == PASS || this == FLAKY; }

    /** A verdict that is not a pass (SKIPPED is no verdict at all). */
    public boolean failed() { return !passed() && this != SKIPPED; }
}
