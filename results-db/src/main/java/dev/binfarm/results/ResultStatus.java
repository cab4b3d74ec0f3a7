package dev.binfarm.results;

/** Outcome of one cell, ordered from best to worst for regression checks (SKIPPED is no verdict). */
public enum ResultStatus {
    PASS, FAIL, CRASH, TIMEOUT, ERROR, SKIPPED
}
