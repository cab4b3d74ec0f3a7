package dev.binfarm.results;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Results of cells, their syscall usage, the queries over cells, and explore findings. */
public final class ResultDao {
    /** Per stream; enough for any verdict, small enough that a chatty app cannot bloat the store. */
    public static final int MAX_OUTPUT_CHARS = 64 * 1024;

    private static final String RESULT_COLUMNS = "id, run, app, catalog, app_name, runtime, profile, status, exit_code,"
            + " signal, duration_ms, instructions, stdout, stderr, crash, worker, started, finished";

    private final DataSource ds;

    public ResultDao(DataSource ds) {
        this.ds = ds;
    }

    /** Records a result and its syscall usage in one transaction; one result per cell and run. */
    public Result record(NewResult r, List<SyscallUsage> usage) {
        return Jdbc.transaction(ds, "cannot record the result of app " + r.app() + " in run " + r.run(), c -> {
            // The cell key columns come from the app row itself, so they cannot disagree with it.
            int inserted = Jdbc.update(c, "INSERT INTO result (run, app, catalog, app_name, runtime, profile, status,"
                            + " exit_code, signal, duration_ms, instructions, stdout, stderr, crash, worker, started, finished)"
                            + " SELECT ?, a.id, v.catalog, a.name, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                            + " FROM app a JOIN catalog_revision v ON v.id = a.revision WHERE a.id = ?",
                    r.run(), r.runtime(), r.profile(), r.status().name(), r.exitCode(), r.signal(), r.durationMs(),
                    r.instructions(), bounded(r.stdout()), bounded(r.stderr()), bounded(r.crash()), r.worker(),
                    Jdbc.stored(r.started()), Jdbc.stored(r.finished()), r.app());
            if (inserted != 1) throw new StoreException("app " + r.app() + " does not exist");
            Result stored = Jdbc.queryOne(c, "SELECT " + RESULT_COLUMNS + " FROM result WHERE run = ? AND app = ?"
                    + " AND runtime = ? AND profile = ?", ResultDao::result, r.run(), r.app(), r.runtime(), r.profile())
                    .orElseThrow();
            for (SyscallUsage u : usage) {
                Jdbc.update(c, "INSERT INTO syscall_usage (result, nr, name, calls, errno_histogram, denied_by_profile)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", stored.id(), u.nr(), u.name(), u.calls(), u.errnoHistogram(),
                        u.deniedByProfile());
            }
            return stored;
        });
    }

    public Optional<Result> get(long id) {
        return Jdbc.withConnection(ds, "cannot read result " + id, c -> Jdbc.queryOne(c,
                "SELECT " + RESULT_COLUMNS + " FROM result WHERE id = ?", ResultDao::result, id));
    }

    /** Syscall usage of one result, by syscall number. */
    public List<SyscallUsage> syscallUsage(long result) {
        return Jdbc.withConnection(ds, "cannot read syscall usage of result " + result, c -> Jdbc.query(c,
                "SELECT nr, name, calls, errno_histogram, denied_by_profile FROM syscall_usage WHERE result = ? ORDER BY nr",
                rs -> new SyscallUsage(rs.getInt("nr"), rs.getString("name"), rs.getLong("calls"),
                        SyscallUsage.parseHistogram(rs.getString("errno_histogram")), rs.getBoolean("denied_by_profile")),
                result));
    }

    /** All results of one run, in cell order. */
    public List<Result> ofRun(long run) {
        return Jdbc.withConnection(ds, "cannot list results of run " + run, c -> Jdbc.query(c,
                "SELECT " + RESULT_COLUMNS + " FROM result WHERE run = ? ORDER BY catalog, app_name, runtime, profile",
                ResultDao::result, run));
    }

    /** The newest result of every cell ever run (the matrix as it stands), in cell order. */
    public List<Result> latestPerCell() {
        return Jdbc.withConnection(ds, "cannot read the latest results", c -> Jdbc.query(c,
                "SELECT " + RESULT_COLUMNS + " FROM result r WHERE NOT EXISTS (SELECT 1 FROM result n"
                        + " WHERE n.catalog = r.catalog AND n.app_name = r.app_name AND n.runtime = r.runtime"
                        + " AND n.profile = r.profile AND n.run > r.run)"
                        + " ORDER BY catalog, app_name, runtime, profile",
                ResultDao::result));
    }

    /** Results of one cell, newest run first, at most {@code limit}. */
    public List<Result> history(Cell cell, int limit) {
        return Jdbc.withConnection(ds, "cannot read the history of " + cell, c -> history(c, cell, Long.MAX_VALUE, limit));
    }

    /** The result of the same cell in the closest earlier run, if any (what a regression compares against). */
    public Optional<Result> previous(Result r) {
        return Jdbc.withConnection(ds, "cannot read the result before " + r.id(), c -> {
            List<Result> before = history(c, r.cell(), r.run(), 1);
            return before.isEmpty() ? Optional.empty() : Optional.of(before.getFirst());
        });
    }

    /** Records (or replaces) what exploring one syscall of an app under a workload showed. */
    public void recordExploration(Exploration e) {
        Jdbc.transaction(ds, "cannot record exploration of " + e.syscall() + " for app " + e.app(), c -> {
            int updated = Jdbc.update(c, "UPDATE explore SET works_stubbed = ?, works_faked = ?"
                    + " WHERE app = ? AND workload = ? AND syscall = ?", e.worksStubbed(), e.worksFaked(),
                    e.app(), e.workload(), e.syscall());
            if (updated == 0) Jdbc.update(c, "INSERT INTO explore (app, workload, syscall, works_stubbed, works_faked)"
                    + " VALUES (?, ?, ?, ?, ?)", e.app(), e.workload(), e.syscall(), e.worksStubbed(), e.worksFaked());
            return null;
        });
    }

    /** Explore findings for one app, by workload and syscall. */
    public List<Exploration> explorations(long app) {
        return Jdbc.withConnection(ds, "cannot read explorations of app " + app, c -> Jdbc.query(c,
                "SELECT app, workload, syscall, works_stubbed, works_faked FROM explore WHERE app = ?"
                        + " ORDER BY workload, syscall",
                rs -> new Exploration(rs.getLong("app"), rs.getString("workload"), rs.getString("syscall"),
                        Jdbc.nullableBoolean(rs, "works_stubbed"), Jdbc.nullableBoolean(rs, "works_faked")),
                app));
    }

    private static List<Result> history(Connection c, Cell cell, long beforeRun, int limit) throws SQLException {
        return Jdbc.query(c, "SELECT " + RESULT_COLUMNS + " FROM result WHERE catalog = ? AND app_name = ?"
                        + " AND runtime = ? AND profile = ? AND run < ? ORDER BY run DESC LIMIT ?",
                ResultDao::result, cell.catalog(), cell.app(), cell.runtime(), cell.profile(), beforeRun, limit);
    }

    /** Keeps the head of an over-long stream and says how much was cut. */
    static String bounded(String text) {
        if (text == null || text.length() <= MAX_OUTPUT_CHARS) return text;
        int keep = MAX_OUTPUT_CHARS - 64; // the marker below always fits in 64 characters
        return text.substring(0, keep) + "\n[binfarm: " + (text.length() - keep) + " more characters not stored]\n";
    }

    private static Result result(ResultSet rs) throws SQLException {
        return new Result(rs.getLong("id"), rs.getLong("run"), rs.getLong("app"), rs.getLong("catalog"),
                rs.getString("app_name"), rs.getLong("runtime"), rs.getLong("profile"),
                ResultStatus.valueOf(rs.getString("status")), Jdbc.nullableInt(rs, "exit_code"),
                Jdbc.nullableInt(rs, "signal"), rs.getLong("duration_ms"), Jdbc.nullableLong(rs, "instructions"),
                rs.getString("stdout"), rs.getString("stderr"), rs.getString("crash"), rs.getString("worker"),
                Jdbc.instant(rs, "started"), Jdbc.instant(rs, "finished"));
    }
}
