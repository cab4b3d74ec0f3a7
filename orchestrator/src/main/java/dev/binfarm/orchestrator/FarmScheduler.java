package dev.binfarm.orchestrator;

import dev.binfarm.results.Database;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcConnectionPool;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * One node's Quartz scheduler on the farm database: JobStoreTX, clustered, configured
 * here in code (no quartz.properties). Every node of a farm (orchestrator, workers) uses
 * the same scheduler name, so they share jobs; each node has its own instance id
 * ({@link #instanceId(String)}) and Quartz recovers the jobs of a node that stops checking in.
 */
public final class FarmScheduler implements AutoCloseable {
    static final String NAME = "binfarm";
    static final String CELLS = "cells", NIGHTLY = "nightly";
    static final String SCHEDULER_KEY = "binfarm.scheduler";
    private static final AtomicInteger DATA_SOURCES = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param threads  cells this node runs at once
     * @param checkin  how often the node tells the cluster it is alive; a node silent for
     *                 about checkin + 7.5 s is declared dead and its jobs are recovered
     * @param idleWait how long an idle node waits before looking for new jobs (lower: faster
     *                 pick-up of cells scheduled by another node, more database polling; Quartz's minimum is 1 s)
     */
    public record Config(int threads, Duration checkin, Duration idleWait) {
        public Config {
            if (threads < 1) throw new IllegalArgumentException("a node needs at least one thread");
            if (idleWait.toMillis() < 1000) throw new IllegalArgumentException("Quartz needs an idle wait of at least 1 s");
        }

        public static Config of(int threads) {
            return new Config(threads, Duration.ofSeconds(2), Duration.ofSeconds(1));
        }
    }

    private final Scheduler scheduler;
    private final Node node;
    private final JdbcConnectionPool pool;
    private final String dataSource;

    private FarmScheduler(Scheduler scheduler, Node node, JdbcConnectionPool pool, String dataSource) {
        this.scheduler = scheduler;
        this.node = node;
        this.pool = pool;
        this.dataSource = dataSource;
    }

    /** Creates the node's scheduler in standby: it can schedule cells but executes nothing before {@link #start()}. */
    public static FarmScheduler create(Node node, Config config) throws SchedulerException {
        Database db = node.db();
        String url = db.url();
        // Quartz holds row locks on QRTZ_LOCKS while it acquires triggers; H2's default 1 s lock
        // timeout is too short when several nodes queue for that lock.
        String quartzUrl = url.startsWith("jdbc:h2:") ? url + ";LOCK_TIMEOUT=20000" : url;
        JdbcConnectionPool pool = Database.pool(quartzUrl, Database.USER, Database.PASSWORD);
        pool.setMaxConnections(config.threads() + 8);
        String dsName = "binfarm-" + DATA_SOURCES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dsName, new ConnectionProvider() {
            @Override public Connection getConnection() throws SQLException {
                return Database.isPostgres(url) ? UpperCaseColumns.wrap(pool.getConnection()) : pool.getConnection();
            }
            @Override public void shutdown() { pool.dispose(); }
            @Override public void initialize() { }
        });
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", NAME);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId(node.name()));
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.scheduler.idleWaitTime", Long.toString(config.idleWait().toMillis()));
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(config.threads()));
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(config.threads()));
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", Database.isPostgres(url)
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dsName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(config.checkin().toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        // After a failed store operation, retry in 1 s rather than Quartz's 15 s.
        p.setProperty("org.quartz.jobStore.dbRetryInterval", "1000");
        StdSchedulerFactory factory = new StdSchedulerFactory();
        factory.initialize(p);
        Scheduler s = factory.getScheduler();
        // Quartz keeps the live scheduler of each name in a JVM-wide registry and hands it out again,
        // so a second node in this JVM (tests, a worker beside an orchestrator) got the first one's
        // scheduler. Each FarmScheduler holds its own reference instead.
        SchedulerRepository.getInstance().remove(NAME);
        FarmScheduler fs = new FarmScheduler(s, node, pool, dsName);
        s.getContext().put(Node.CONTEXT_KEY, node);
        s.getContext().put(SCHEDULER_KEY, fs);
        return fs;
    }

    public Node node() { return node; }

    /**
     * A cluster-unique Quartz instance id that a person can read on the dashboard: the node's
     * name (host:pid unless given) and 32 random bits. Quartz's AUTO (host name + the current
     * millisecond) gave two workers started together on one machine the same id: each then took
     * the other's check-ins for its own, and their fired-trigger keys (instance id + a counter
     * that starts at the JVM's start millisecond) collided. At most 57 characters (Quartz's
     * fired-trigger key, VARCHAR 95, adds up to 19 digits) of letters, digits, '.', '_' and '-'
     * (the id is printed inside "(id, n threads)").
     */
    static String instanceId(String nodeName) {
        String name = nodeName.replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.length() > 48) name = name.substring(0, 48);
        return name + "-" + HexFormat.of().toHexDigits(RANDOM.nextInt());
    }

    /** The Quartz instance id of this node (unique in the cluster). */
    public String instanceId() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts executing jobs (cells, nightly runs). */
    public void start() throws SchedulerException {
        scheduler.start();
    }

    /** Puts one job per cell into the JobStore; any node of the cluster may run them. */
    void schedule(List<PlannedCell> cells) throws SchedulerException {
        Map<JobDetail, Set<? extends Trigger>> batch = new LinkedHashMap<>();
        for (PlannedCell c : cells) {
            JobDetail job = JobBuilder.newJob(CellJob.class)
                    .withIdentity(c.jobName(), CELLS)
                    .usingJobData(c.toJobData())
                    .requestRecovery(true)
                    .storeDurably(false)
                    .build();
            Trigger t = TriggerBuilder.newTrigger()
                    .withIdentity(c.jobName(), CELLS)
                    .startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            batch.put(job, Set.of(t));
            if (batch.size() == 100) {
                scheduler.scheduleJobs(batch, true);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) scheduler.scheduleJobs(batch, true);
    }

    /** Jobs of a run still in the JobStore (not yet executed, or executing): one query, whatever the run's size. */
    int pendingCells(long run) throws SchedulerException {
        try (Connection c = pool.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM qrtz_job_details"
                     + " WHERE sched_name = ? AND job_group = ? AND job_name LIKE ?")) {
            ps.setString(1, NAME);
            ps.setString(2, CELLS);
            ps.setString(3, "cell-" + run + "-%");
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new SchedulerException("cannot count the pending cells of run " + run + ": " + e.getMessage(), e);
        }
    }

    /** Removes the jobs of cells that were never recorded (an aborted run). */
    void unschedule(List<PlannedCell> cells) throws SchedulerException {
        List<JobKey> keys = new ArrayList<>();
        for (PlannedCell c : cells) keys.add(new JobKey(c.jobName(), CELLS));
        scheduler.deleteJobs(keys);
    }

    /**
     * Installs (or replaces) the cluster's nightly trigger: a cron expression in Quartz syntax
     * ("0 0 2 * * ?" = 02:00 every day). Its job starts a run on whichever node fires it.
     */
    public void scheduleNightly(String cron, NightlyJob.Settings settings) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(NightlyJob.class)
                .withIdentity("nightly", NIGHTLY)
                .usingJobData(settings.toJobData())
                .storeDurably(true)
                .requestRecovery(false)
                .build();
        Trigger t = TriggerBuilder.newTrigger()
                .withIdentity("nightly", NIGHTLY)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionDoNothing())
                .build();
        scheduler.scheduleJob(job, Set.of(t), true);
    }

    public void unscheduleNightly() throws SchedulerException {
        scheduler.unscheduleJob(new TriggerKey("nightly", NIGHTLY));
        scheduler.deleteJob(new JobKey("nightly", NIGHTLY));
    }

    /** Stops this node: running cells finish first when {@code waitForJobs}. */
    public void shutdown(boolean waitForJobs) {
        try {
            // A nightly run waits for cells this node will no longer fire: abort it first. Standby before
            // looking, so no nightly run can start after the look.
            scheduler.standby();
            for (org.quartz.JobExecutionContext running : scheduler.getCurrentlyExecutingJobs())
                if (running.getJobDetail().getKey().getGroup().equals(NIGHTLY)) scheduler.interrupt(running.getFireInstanceId());
            scheduler.shutdown(waitForJobs);
        } catch (SchedulerException e) {
            // Shutting down is best effort; the cluster recovers whatever this node left.
        } finally {
            pool.dispose();
        }
    }

    @Override
    public void close() {
        shutdown(true);
    }

    String dataSourceName() { return dataSource; }
}
