package dev.binfarm.orchestrator;

import dev.binfarm.results.Database;
import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.Run;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Marks a run's cells as regression or fixed (ARCHITECTURE.md): a cell is a regression when
 * its status is worse than in the previous run of the same cell while one of its inputs
 * changed: the catalog commit, the runtime version or the farm version. The runtime version
 * is part of the cell key (a new version is a new runtime row), so within one cell only the
 * catalog commit and the farm version can differ. "fixed" is the reverse: better while an
 * input changed. A worse status with no input change is flakiness, not a regression.
 *
 * <p>A failure the native reference runtime (docker/linux) shows too is a broken app rather
 * than a compatibility regression; the farm has only the emulator runtime so far, so that
 * filter has nothing to compare against yet and every qualifying change counts.
 */
final class Regressions {
    private final Database db;
    private final RunStore store;

    Regressions(Database db, RunStore store) {
        this.db = db;
        this.store = store;
    }

    /** Computes and stores the trend of every result of {@code run}; returns how many regressions. */
    int mark(long run) {
        Map<Long, String> farmVersions = new HashMap<>();
        int regressions = 0;
        for (Result r : db.results().ofRun(run)) {
            Optional<Result> prev = db.results().previous(r);
            Trend t = prev.isEmpty() ? null : trend(prev.get(), r, farmVersions);
            if (t != null) store.setTrend(r.id(), t);
            if (t == Trend.REGRESSION) regressions++;
        }
        return regressions;
    }

    private Trend trend(Result before, Result now, Map<Long, String> farmVersions) {
        if (before.status() == ResultStatus.SKIPPED || now.status() == ResultStatus.SKIPPED) return null;
        int cmp = Integer.compare(rank(now.status()), rank(before.status()));
        if (cmp == 0) return null;
        boolean inputChanged = !store.commitOf(before.app()).equals(store.commitOf(now.app()))
                || !farmVersion(before.run(), farmVersions).equals(farmVersion(now.run(), farmVersions));
        if (!inputChanged) return null;
        return cmp > 0 ? Trend.REGRESSION : Trend.FIXED;
    }

    /** PASS and FLAKY both pass; the failures are ordered as ResultStatus lists them. */
    static int rank(ResultStatus s) {
        return s == ResultStatus.FLAKY ? ResultStatus.PASS.ordinal() : s.ordinal();
    }

    private String farmVersion(long run, Map<Long, String> cache) {
        return cache.computeIfAbsent(run, id -> db.runs().get(id).map(Run::farmVersion).orElse(""));
    }
}
