package dev.binfarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Reads the Quartz cluster tables (columns as Quartz's JDBC job store defines them). */
class QuartzWorkersViewTest {
    @Test
    void readsNodesRunningJobsAndTheQueue() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:quartz-view;DB_CLOSE_DELAY=-1");
        long now = System.currentTimeMillis();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertTrue(new QuartzWorkersView(ds, "BF_QRTZ_").snapshot().note().startsWith("cluster state unavailable"));
            st.execute("CREATE TABLE BF_QRTZ_SCHEDULER_STATE (SCHED_NAME VARCHAR(120), INSTANCE_NAME VARCHAR(200),"
                    + " LAST_CHECKIN_TIME BIGINT, CHECKIN_INTERVAL BIGINT)");
            st.execute("CREATE TABLE BF_QRTZ_FIRED_TRIGGERS (SCHED_NAME VARCHAR(120), ENTRY_ID VARCHAR(95), INSTANCE_NAME VARCHAR(200),"
                    + " FIRED_TIME BIGINT, STATE VARCHAR(16), JOB_NAME VARCHAR(200), JOB_GROUP VARCHAR(200))");
            st.execute("CREATE TABLE BF_QRTZ_TRIGGERS (SCHED_NAME VARCHAR(120), TRIGGER_NAME VARCHAR(200), TRIGGER_STATE VARCHAR(16))");
            st.execute("INSERT INTO BF_QRTZ_SCHEDULER_STATE VALUES ('farm', 'node-a', " + now + ", 7500),"
                    + " ('farm', 'node-b', " + (now - 600_000) + ", 7500)");
            st.execute("INSERT INTO BF_QRTZ_FIRED_TRIGGERS VALUES ('farm', 'e1', 'node-a', " + now + ", 'EXECUTING', 'cell-42', 'run-7'),"
                    + " ('farm', 'e2', 'node-a', " + now + ", 'ACQUIRED', 'cell-43', 'run-7')");
            st.execute("INSERT INTO BF_QRTZ_TRIGGERS VALUES ('farm', 't1', 'WAITING'), ('farm', 't2', 'WAITING'), ('farm', 't3', 'ACQUIRED')");
        }
        WorkersView.Snapshot s = new QuartzWorkersView(ds, "BF_QRTZ_").snapshot();
        assertEquals(2, s.nodes().size());
        assertFalse(s.nodes().get(0).stale(Instant.now()));
        assertTrue(s.nodes().get(1).stale(Instant.now()));
        assertEquals(1, s.running().size());
        assertEquals("run-7.cell-42", s.running().getFirst().job());
        assertEquals(2, s.queued());
        String page = WorkersPage.render(s, Instant.now(), java.util.List.of());
        assertTrue(page.contains("<td>node-b</td>") && page.contains("stale"));
    }
}
