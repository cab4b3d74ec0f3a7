package dev.binfarm.orchestrator;

import dev.binfarm.results.Database;
import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.Run;
import dev.binfarm.results.RuntimeVersion;
import java.util.HashMap;
import java.util.List;
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
 * <p>A failure the native reference runtime (kind docker: the host kernel) shows too, for the
 * same app and profile in the same run, is a broken app rather than a compatibility
 * regression: such a cell (and the reference cell itself) is marked {@link Trend#BROKEN}. Without a reference cell in the
 * run, every qualifying change counts as a regression.
 */
final class Regressions {
    private final Database db;
    private final RunStore store;
    private final Map<Long, Boolean> referenceKinds = new HashMap<>();

    Regressions(Database db, RunStore store) {
        this.db = db;
        this.store = store;
    }

    /** Computes and stores the trend of every result of {@code run}; returns how many regressions. */
    int mark(long run) {
        Map<Long, String> farmVersions = new HashMap<>();
        List<Result> results = db.results().ofRun(run);
        int regressions = 0;
        for (Result r : results) {
            Optional<Result> prev = db.results().previous(r);
            Trend t = prev.isEmpty() ? null : trend(prev.get(), r, farmVersions);
            if (t == Trend.REGRESSION && (isReference(r.runtime()) || failsOnReference(r, results))) t = Trend.BROKEN;
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

    /** Whether another cell of the same app and profile in this run, on a reference runtime, failed too. */
    private boolean failsOnReference(Result r, List<Result> run) {
        for (Result other : run) {
            if (other.id() == r.id() || other.app() != r.app() || other.profile() != r.profile()) continue;
            if (!isReference(other.runtime())) continue;
            if (other.status().failed()) return true;
        }
        return false;
    }

    private boolean isReference(long runtime) {
        return referenceKinds.computeIfAbsent(runtime,
                id -> db.runs().runtime(id).map(RuntimeVersion::isReference).orElse(false));
    }

    /** PASS and FLAKY both pass; the failures are ordered as ResultStatus lists them. */
    static int rank(ResultStatus s) {
        return s == ResultStatus.FLAKY ? ResultStatus.PASS.ordinal() : s.ordinal();
    }

    private String farmVersion(long run, Map<Long, String> cache) {
        return cache.computeIfAbsent(run, id -> db.runs().get(id).map(Run::farmVersion).orElse(""));
    }
}
