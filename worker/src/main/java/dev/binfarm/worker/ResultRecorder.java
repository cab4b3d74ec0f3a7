package dev.binfarm.worker;

import dev.binfarm.results.CatalogDao;
import dev.binfarm.results.CatalogRevision;
import dev.binfarm.results.Database;
import dev.binfarm.results.DuplicateException;
import dev.binfarm.results.NewResult;
import dev.binfarm.results.Profile;
import dev.binfarm.results.Result;
import dev.binfarm.results.RunDao;
import dev.binfarm.results.RuntimeVersion;
import dev.binfarm.results.StoreException;
import dev.binfarm.results.SyscallUsage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores judged cells as results of a run. A cell is recorded at most once per run
 * (the store's unique key is run + app + runtime + profile): {@link #record} keeps the
 * first record and returns it for any later one, which is what a recovered job needs;
 * {@link #replace} overwrites (a retry whose outcome supersedes the first).
 *
 * <p>The result row has no column of its own for the verdict's reason, so the reason of
 * any non-PASS cell is stored in {@code crash} (for CRASH it is the crash report itself).
 */
public final class ResultRecorder {
    /** The profile row made on first use of a profile nobody recorded (the built-in "everything" profile). */
    static final String BUILTIN_PROFILE_SOURCE = "builtin";

    private final Database db;
    private final Runtimes runtimes;

    public ResultRecorder(Database db, Runtimes runtimes) {
        this.db = db;
        this.runtimes = runtimes;
    }

    /** Records the outcome in {@code run} unless the cell already has a result there; returns the stored row. */
    public Result record(long run, CellOutcome outcome, String worker) {
        NewResult r = newResult(run, outcome, worker);
        try {
            return db.results().record(r, usage(outcome.run()));
        } catch (DuplicateException already) {
            return existing(r);
        }
    }

    /** Records the outcome in {@code run}, replacing an earlier result of the same cell there. */
    public Result replace(long run, CellOutcome outcome, String worker) {
        NewResult r = newResult(run, outcome, worker);
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("DELETE FROM result WHERE run = ? AND app = ? AND runtime = ? AND profile = ?")) {
            st.setLong(1, r.run());
            st.setLong(2, r.app());
            st.setLong(3, r.runtime());
            st.setLong(4, r.profile());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot replace the result of " + outcome.cell() + " in run " + run + ": " + e.getMessage(), e);
        }
        return record(run, outcome, worker);
    }

    /** The app row of the cell's catalog at the cell's commit. */
    public long appId(CellSpec cell) {
        CatalogDao catalogs = db.catalogs();
        long catalog = catalogs.get(cell.catalog())
                .orElseThrow(() -> new StoreException("no catalog named '" + cell.catalog() + "'")).id();
        List<CatalogRevision> revisions = catalogs.revisions(catalog);
        for (int i = revisions.size() - 1; i >= 0; i--) {
            CatalogRevision rev = revisions.get(i);
            if (!rev.commit().equals(cell.commit())) continue;
            for (dev.binfarm.results.App a : catalogs.apps(rev.id())) {
                if (a.name().equals(cell.app())) return a.id();
            }
        }
        throw new StoreException("catalog " + cell.catalog() + " has no recorded app '" + cell.app() + "' at " + cell.commit());
    }

    /** The runtime row for the cell's runtime at its current version. */
    public RuntimeVersion runtimeRow(String name) {
        RunDao runs = db.runs();
        return runtimes.get(name).map(rt -> runs.runtime(rt.kind(), rt.name(), rt.version()))
                .orElseGet(() -> runs.runtime("unknown", name, "unknown"));
    }

    /** The profile row, made as an unrestricted built-in profile when nobody recorded it yet. */
    public Profile profileRow(String name) {
        RunDao runs = db.runs();
        return runs.profile(name).orElseGet(() -> runs.profile(name, BUILTIN_PROFILE_SOURCE, null));
    }

    private NewResult newResult(long run, CellOutcome o, String worker) {
        RunOutcome r = o.run();
        Instant finished = Instant.now();
        Instant started = finished.minus(r.duration());
        String detail = o.status() == dev.binfarm.results.ResultStatus.PASS ? null : o.reason();
        return new NewResult(run, appId(o.cell()), runtimeRow(o.cell().runtime()).id(), profileRow(o.cell().profile()).id(),
                o.status(), r.exitCode(), r.signal(), r.duration().toMillis(), r.instructions() > 0 ? r.instructions() : null,
                text(r.stdout()), text(r.stderr()), detail, worker, started, finished);
    }

    private Result existing(NewResult r) {
        for (Result stored : db.results().ofRun(r.run())) {
            if (stored.app() == r.app() && stored.runtime() == r.runtime() && stored.profile() == r.profile()) return stored;
        }
        throw new StoreException("result of app " + r.app() + " in run " + r.run() + " vanished while being recorded");
    }

    static List<SyscallUsage> usage(RunOutcome r) {
        List<SyscallUsage> out = new ArrayList<>();
        for (SyscallCount s : r.syscalls()) out.add(new SyscallUsage(s.nr(), s.name(), s.calls(), s.errnos(), s.deniedByProfile()));
        return out;
    }

    private static String text(byte[] bytes) {
        return bytes.length == 0 ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
