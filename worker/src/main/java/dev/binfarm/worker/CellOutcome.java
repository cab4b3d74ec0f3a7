package dev.binfarm.worker;

import dev.binfarm.results.ResultStatus;

/**
 * A judged cell.
 *
 * @param reason why it did not pass (first failing expectation, signal and crash text,
 *               the error), or null for PASS
 * @param run    what the runtime observed; for an ERROR before anything ran, an outcome
 *               carrying only the error
 */
public record CellOutcome(CellSpec cell, ResultStatus status, String reason, RunOutcome run) {
    public CellOutcome {
        java.util.Objects.requireNonNull(cell, "cell");
        java.util.Objects.requireNonNull(status, "status");
        java.util.Objects.requireNonNull(run, "run");
    }

    public boolean passed() { return status == ResultStatus.PASS; }
}
