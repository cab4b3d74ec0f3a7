package dev.binfarm.orchestrator;

import dev.binfarm.results.Database;
import dev.binfarm.results.ResultStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A CellWork for orchestration tests: no guest, the verdict follows the app's name.
 * "fail*" always fails, "flaky*" fails on its first attempt in a run and passes on the
 * retry, "boom*" throws (an internal error), "lost*" throws an Error that ends the job
 * without a result, "hang*" passes after 3 s (a run still waiting), anything else passes unless its program's
 * SHA-256 is in {@link #BROKEN} (or in {@link #EMULATOR_ONLY} and the runtime is the
 * emulator). Runtime "native" has kind docker: the native reference. Each execution sleeps {@code binfarm.test.sleepMs} ms
 * (default 0) so cluster tests can kill a worker mid-run.
 */
public final class FakeWork implements CellWork {
    /** SHA-256 of programs that fail (in-process tests that commit a broken program). */
    static final Set<String> BROKEN = ConcurrentHashMap.newKeySet();
    /** SHA-256 of programs that fail on the emulator only (a compatibility regression). */
    static final Set<String> EMULATOR_ONLY = ConcurrentHashMap.newKeySet();
    private static final Set<String> FIRST_ATTEMPTS = ConcurrentHashMap.newKeySet();

    private final long sleepMs = Long.getLong("binfarm.test.sleepMs", 0);
    private final Database db;

    public FakeWork(Path home, Database db) {
        this.db = db;
    }

    @Override
    public String runtimeKind(String runtime) {
        return switch (runtime) {
            case "emulator" -> "emulator";
            case "native" -> "docker";
            default -> throw new IllegalArgumentException("FakeWork knows the emulator and native only");
        };
    }

    @Override
    public String runtimeVersion(String runtime) {
        return "fake-1";
    }

    @Override
    public CellAttempt execute(PlannedCell cell) throws InterruptedException {
        if (sleepMs > 0) Thread.sleep(sleepMs);
        String app = cell.app();
        if (app.startsWith("boom")) throw new IllegalStateException("injected failure in " + app);
        // An Error escapes CellJob: the job ends without a result, as if its node lost it.
        if (app.startsWith("lost")) throw new AssertionError("injected loss of " + app);
        if (app.startsWith("hang")) Thread.sleep(3000);
        boolean pass;
        if (app.startsWith("fail")) pass = false;
        else if (app.startsWith("flaky")) pass = !FIRST_ATTEMPTS.add(cell.run() + "/" + app);
        else {
            String sha = db.catalogs().app(cell.appId()).orElseThrow().sha256();
            pass = !BROKEN.contains(sha) && !(cell.runtime().equals("emulator") && EMULATOR_ONLY.contains(sha));
        }
        return pass
                ? new CellAttempt(ResultStatus.PASS, null, 0, null, sleepMs, 1000L, "hello\n", "", null, List.of())
                : new CellAttempt(ResultStatus.FAIL, "stdout does not contain 'hello'", 1, null, sleepMs, 1000L, "",
                        "", null, List.of());
    }
}
