package dev.binfarm.orchestrator;

import dev.binfarm.catalog.Catalogs;
import dev.binfarm.results.Trigger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerContext;
import org.quartz.SchedulerException;

/**
 * The nightly run: fired by the cluster's cron trigger on exactly one node (Quartz's
 * trigger lock), it runs the configured selection to the end on that node. One nightly
 * run at a time; a firing missed while one runs is dropped, not queued. Not recovered:
 * a run whose node dies stays RUNNING in the store (the next nightly starts afresh).
 */
@DisallowConcurrentExecution
public final class NightlyJob implements InterruptableJob {
    /** The thread waiting for this run's cells; interrupted when its node shuts down. */
    private volatile Thread runner;
    /** The run's orchestrator, cancelled when its node shuts down (the interrupt alone can be lost). */
    private volatile Orchestrator orchestrator;
    /** Set by {@link #interrupt}, also when it comes before the run has started. */
    private volatile boolean stopped;

    /** What a nightly run covers, stored with the job as strings. */
    public record Settings(Selection selection, Duration timeout) {
        JobDataMap toJobData() {
            JobDataMap m = new JobDataMap();
            m.put("catalogs", String.join(",", selection.catalogs()));
            m.put("runtimes", String.join(",", selection.runtimes()));
            m.put("profiles", String.join(",", selection.profiles()));
            m.put("apps", selection.apps() == null ? "" : selection.apps());
            m.put("timeoutSeconds", Long.toString(timeout.toSeconds()));
            return m;
        }

        static Settings of(Map<String, Object> m) {
            return new Settings(new Selection(list(m.get("catalogs")), list(m.get("runtimes")), list(m.get("profiles")),
                    String.valueOf(m.getOrDefault("apps", ""))),
                    Duration.ofSeconds(Long.parseLong(String.valueOf(m.getOrDefault("timeoutSeconds", "21600")))));
        }

        private static List<String> list(Object v) {
            String s = v == null ? "" : v.toString();
            return s.isBlank() ? List.of() : Arrays.asList(s.split(","));
        }
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Node node;
        FarmScheduler scheduler;
        try {
            SchedulerContext sc = context.getScheduler().getContext();
            node = (Node) sc.get(Node.CONTEXT_KEY);
            scheduler = (FarmScheduler) sc.get(FarmScheduler.SCHEDULER_KEY);
        } catch (SchedulerException e) {
            throw new JobExecutionException("no binfarm node in this scheduler", e, false);
        }
        if (node.home() == null) throw new JobExecutionException("node " + node.name() + " has no farm home for a run");
        Settings settings = Settings.of(context.getMergedJobDataMap());
        Catalogs catalogs = new Catalogs(node.home().resolve("catalogs"), new DbCatalogStore(node.db().catalogs()));
        Orchestrator o = new Orchestrator(node.db(), catalogs, node.work(), scheduler, node.farmVersion());
        runner = Thread.currentThread();
        orchestrator = o;
        if (stopped) o.cancel(); // interrupt() came before orchestrator was set (both fields volatile: one side sees the other)
        try {
            o.run(Trigger.NIGHTLY, settings.selection(), Orchestrator.Progress.NONE, settings.timeout());
        } catch (OrchestratorException e) {
            throw new JobExecutionException("nightly run failed: " + e.getMessage(), e, false);
        } catch (InterruptedException e) {
            // The node is shutting down: the run was recorded as ABORTED.
            Thread.currentThread().interrupt();
        } finally {
            runner = null;
            orchestrator = null;
        }
    }

    /**
     * Stops the wait for cells: a node shutting down stops firing cells, so a nightly run
     * waiting on it would otherwise keep the shutdown waiting forever.
     */
    @Override
    public void interrupt() {
        stopped = true;
        Orchestrator o = orchestrator;
        if (o != null) o.cancel();
        Thread t = runner;
        if (t != null) t.interrupt();
    }
}
