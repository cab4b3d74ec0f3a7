-- A cell that got worse while the native reference runtime (docker) fails the same app in the
-- same run is a broken app, not a compatibility regression: it gets its own trend label.
ALTER TABLE result DROP CONSTRAINT result_trend_check;
ALTER TABLE result ADD CONSTRAINT result_trend_check CHECK (trend IN ('regression', 'fixed', 'broken'));
