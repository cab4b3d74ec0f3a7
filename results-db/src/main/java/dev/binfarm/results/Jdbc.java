package dev.binfarm.results;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The few JDBC moves every DAO makes, with SQLException turned into {@link StoreException}. */
final class Jdbc {
    private Jdbc() {}

    interface Work<T> { T run(Connection c) throws SQLException; }

    interface Row<T> { T map(ResultSet rs) throws SQLException; }

    /** Runs {@code work} in one transaction: all of it commits, or none of it does. */
    static <T> T transaction(DataSource ds, String what, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T value = work.run(c);
                c.commit();
                return value;
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs {@code work} on one auto-commit connection (reads, single statements). */
    static <T> T withConnection(DataSource ds, String what, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** SQLSTATE 23505 is the standard "unique constraint violated" on H2 and PostgreSQL alike. */
    private static StoreException failure(String what, SQLException e) {
        if ("23505".equals(e.getSQLState())) return new DuplicateException(what + ": already exists (" + e.getMessage() + ")");
        return new StoreException(what + ": " + e.getMessage(), e);
    }

    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(row.map(rs));
                return out;
            }
        }
    }

    static <T> Optional<T> queryOne(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        List<T> all = query(c, sql, row, params);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    /** Executes an INSERT and returns the generated id. */
    static long insert(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) throw new SQLException("no generated key for: " + sql);
                return keys.getLong(1);
            }
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant t) p = OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
            else if (p instanceof Enum<?> e) throw new IllegalArgumentException("bind enums by their database label: " + e);
            ps.setObject(i + 1, p);
        }
    }

    /** The precision the schema keeps (TIMESTAMP WITH TIME ZONE = microseconds), so values round-trip. */
    static Instant stored(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }
}
