package dev.binfarm.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Reads a Quartz JDBC job store's cluster state (read-only): scheduler instances and their
 * check-ins, fired triggers (running jobs) and waiting triggers (the queue). The table
 * prefix is the job store's {@code tablePrefix} (Quartz's default is {@code QRTZ_}).
 */
public final class QuartzWorkersView implements WorkersView {
    private final DataSource ds;
    private final String prefix;

    public QuartzWorkersView(DataSource ds, String tablePrefix) {
        this.ds = Objects.requireNonNull(ds, "ds");
        if (!tablePrefix.matches("[A-Za-z0-9_]*")) throw new IllegalArgumentException("bad table prefix: " + tablePrefix);
        this.prefix = tablePrefix;
    }

    @Override
    public Snapshot snapshot() {
        try (Connection c = ds.getConnection()) {
            List<Node> nodes = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM "
                    + prefix + "SCHEDULER_STATE ORDER BY INSTANCE_NAME"); ResultSet rs = st.executeQuery()) {
                while (rs.next()) nodes.add(new Node(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getLong(3)));
            }
            List<Running> running = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT INSTANCE_NAME, JOB_GROUP, JOB_NAME, FIRED_TIME FROM "
                    + prefix + "FIRED_TRIGGERS WHERE STATE = 'EXECUTING' ORDER BY FIRED_TIME"); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String group = rs.getString(2), job = rs.getString(3);
                    running.add(new Running(rs.getString(1), group == null ? job : group + "." + job,
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            int queued;
            try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM " + prefix
                    + "TRIGGERS WHERE TRIGGER_STATE = 'WAITING'"); ResultSet rs = st.executeQuery()) {
                rs.next();
                queued = rs.getInt(1);
            }
            return new Snapshot(nodes, running, queued, nodes.isEmpty() ? "no scheduler has checked in" : null);
        } catch (SQLException e) {
            // Before the orchestrator's first start the tables do not exist: an empty cluster, said plainly.
            return new Snapshot(List.of(), List.of(), 0, "cluster state unavailable: " + e.getMessage());
        }
    }
}
