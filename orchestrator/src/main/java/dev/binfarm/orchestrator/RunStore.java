package dev.binfarm.orchestrator;

import dev.binfarm.results.Database;
import dev.binfarm.results.DuplicateException;
import dev.binfarm.results.NewResult;
import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The orchestrator's own reads and writes on top of the results-db DAOs: idempotent
 * recording (one result per run and cell, whoever records it first wins), the columns
 * V3 added (reason, attempts, trend, planned) and the per-run matrix rows.
 */
public final class RunStore {
    private final Database db;
    private final DataSource ds;

    public RunStore(Database db) {
        this.db = db;
        this.ds = db.dataSource();
    }

    /** True when the cell already has a result in its run (a recovered job then has nothing to do). */
    boolean recorded(PlannedCell cell) {
        return query("SELECT COUNT(*) FROM result WHERE run = ? AND app = ? AND runtime = ? AND profile = ?",
                rs -> rs.getLong(1), cell.run(), cell.appId(), cell.runtimeId(), cell.profileId()).getFirst() > 0;
    }

    /**
     * Records the cell's final attempt unless a result is already there; true when this call
     * wrote it. Unique (run, app, runtime, profile) makes a race between two nodes harmless.
     */
    boolean record(PlannedCell cell, CellAttempt a, ResultStatus status, int attempts, String worker,
                   Instant started, Instant finished) {
        Result stored;
        try {
            stored = db.results().record(new NewResult(cell.run(), cell.appId(), cell.runtimeId(), cell.profileId(),
                    status, a.exitCode(), a.signal(), a.durationMs(), a.instructions(), a.stdout(), a.stderr(),
                    a.crash(), worker, started, finished), a.syscalls());
        } catch (DuplicateException already) {
            return false;
        }
        String reason = a.reason() == null ? null : a.reason().length() > 2000 ? a.reason().substring(0, 2000) : a.reason();
        update("UPDATE result SET reason = ?, attempts = ? WHERE id = ?", reason, attempts, stored.id());
        return true;
    }

    void setPlanned(long run, int planned) {
        update("UPDATE run SET planned = ? WHERE id = ?", planned, run);
    }

    /** Cells of the run recorded so far. */
    public int recordedCount(long run) {
        return query("SELECT COUNT(*) FROM result WHERE run = ?", rs -> rs.getInt(1), run).getFirst();
    }

    public Optional<Integer> planned(long run) {
        List<Integer> p = query("SELECT planned FROM run WHERE id = ?", rs -> {
            int v = rs.getInt(1);
            return rs.wasNull() ? null : v;
        }, run);
        return p.isEmpty() ? Optional.empty() : Optional.ofNullable(p.getFirst());
    }

    void setTrend(long result, Trend trend) {
        update("UPDATE result SET trend = ? WHERE id = ?", trend == null ? null : trend.label(), result);
    }

    /** The catalog commit an app row belongs to. */
    String commitOf(long app) {
        return query("SELECT v.commit_id FROM app a JOIN catalog_revision v ON v.id = a.revision WHERE a.id = ?",
                rs -> rs.getString(1), app).getFirst();
    }

    /** The matrix of one run: one row per recorded cell, in cell order. */
    public List<CellRow> rows(long run) {
        return query("SELECT r.id, k.name, r.app_name, t.name, t.version, p.name, r.status, r.reason, r.trend,"
                        + " r.attempts, r.worker, r.duration_ms, r.exit_code"
                        + " FROM result r JOIN catalog k ON k.id = r.catalog JOIN runtime t ON t.id = r.runtime"
                        + " JOIN profile p ON p.id = r.profile WHERE r.run = ? ORDER BY k.name, r.app_name, t.name, p.name",
                rs -> new CellRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), ResultStatus.valueOf(rs.getString(7)), rs.getString(8),
                        Trend.of(rs.getString(9)), rs.getInt(10), rs.getString(11), rs.getLong(12),
                        nullableInt(rs, 13)),
                run);
    }

    private static Integer nullableInt(ResultSet rs, int col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    interface Row<T> { T map(ResultSet rs) throws SQLException; }

    private <T> List<T> query(String sql, Row<T> row, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(row.map(rs));
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot query the results store: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot update the results store: " + e.getMessage(), e);
        }
    }
}
