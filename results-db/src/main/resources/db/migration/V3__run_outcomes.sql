-- What the orchestrator adds to a result: FLAKY (failed, passed on the retry), why a cell
-- did not pass, how many attempts it took, and its trend against the previous run of the
-- same cell ('regression' or 'fixed', NULL when unchanged or not comparable).
ALTER TABLE result DROP CONSTRAINT result_status_check;
ALTER TABLE result ADD CONSTRAINT result_status_check
    CHECK (status IN ('PASS', 'FLAKY', 'FAIL', 'CRASH', 'TIMEOUT', 'ERROR', 'SKIPPED'));
ALTER TABLE result ADD COLUMN reason VARCHAR(2000);
ALTER TABLE result ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE result ADD COLUMN trend VARCHAR(12);
ALTER TABLE result ADD CONSTRAINT result_trend_check CHECK (trend IN ('regression', 'fixed'));
-- How many cells a run planned: completion is "results == planned".
ALTER TABLE run ADD COLUMN planned INTEGER;
