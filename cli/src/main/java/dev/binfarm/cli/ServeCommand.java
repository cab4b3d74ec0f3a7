package dev.binfarm.cli;

import dev.binfarm.orchestrator.FarmScheduler;
import dev.binfarm.orchestrator.NightlyJob;
import dev.binfarm.orchestrator.Node;
import dev.binfarm.orchestrator.Orchestrator;
import dev.binfarm.orchestrator.Selection;
import dev.binfarm.orchestrator.WorkerCells;
import dev.binfarm.results.Database;
import dev.binfarm.results.DatabaseServer;
import dev.binfarm.web.QuartzWorkersView;
import dev.binfarm.web.WebConfig;
import dev.binfarm.web.WebServer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.quartz.CronExpression;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code farm serve}: the farm's long-running node: the database served over H2 TCP for
 * remote workers, a Quartz node that executes cells, and the nightly trigger.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the farm: serve its database to workers, execute cells, fire nightly runs, show the dashboard.",
                "Workers join with: farm worker --db <the printed JDBC URL>"})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "Dashboard port on loopback (0: any free port; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token", paramLabel = "T", defaultValue = "${env:BINFARM_TOKEN}",
            description = "Token that allows reruns from the dashboard and POST /api/rerun (default: $BINFARM_TOKEN; none: reruns are refused).")
    String token;

    @Option(names = "--db-port", paramLabel = "P", defaultValue = "9092", description = "H2 TCP port for workers (0: any free port; default: ${DEFAULT-VALUE}).")
    int dbPort;

    @Option(names = "--allow-others", description = "Let other machines connect to the database (default: loopback only).")
    boolean allowOthers;

    @Option(names = "--nightly", paramLabel = "CRON", description = "Quartz cron for nightly runs, e.g. \"0 0 2 * * ?\" (02:00 daily).")
    String nightly;

    @Option(names = "--catalog", paramLabel = "NAME", description = "Catalogs of nightly runs (repeatable; default: all).")
    List<String> catalogs = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Cells run at once on this node (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--stop-after", paramLabel = "SECONDS", hidden = true, description = "Stop after this many seconds (tests).")
    long stopAfter;

    @Override
    public Integer call() throws Exception {
        if (threads < 2) throw new UserError("--threads must be at least 2 (a nightly run occupies one while it waits)");
        if (nightly != null && !CronExpression.isValidExpression(nightly))
            throw new UserError("--nightly: not a Quartz cron expression: " + nightly + " (e.g. \"0 0 2 * * ?\")");
        PrintWriter out = spec.commandLine().getOut();
        try (FarmHome home = FarmHome.of(spec)) {
            Database db = home.database();
            try (DatabaseServer server = serve(db)) {
                WorkerCells work = new WorkerCells(home.dir(), db, FarmVersion.VERSION);
                FarmScheduler scheduler = FarmScheduler.create(
                        new Node(db, work, Node.defaultName(), home.dir(), FarmVersion.VERSION), FarmScheduler.Config.of(threads));
                ServeReruns reruns = new ServeReruns(new Orchestrator(db, home.catalogs(), work, scheduler, FarmVersion.VERSION));
                WebServer web = null;
                try {
                    if (nightly != null) scheduler.scheduleNightly(nightly,
                            new NightlyJob.Settings(new Selection(catalogs, null, null, null), Duration.ofHours(6)));
                    else scheduler.unscheduleNightly();
                    scheduler.start();
                    web = dashboard(db, reruns);
                    out.println("farm serving " + home.dir());
                    out.println("database for workers: " + server.url());
                    out.println("  join with: farm worker --db " + server.url());
                    out.println(nightly == null ? "nightly runs: off (--nightly CRON)" : "nightly runs: " + nightly);
                    out.println("dashboard: http://127.0.0.1:" + web.port() + "/"
                            + (token == null || token.isBlank() ? " (reruns off: no --token)" : ""));
                    out.flush();
                    if (stopAfter > 0) Thread.sleep(stopAfter * 1000);
                    else Thread.currentThread().join();
                } finally {
                    if (web != null) web.stop();
                    reruns.close();
                    scheduler.shutdown(true);
                }
            }
        }
        return 0;
    }

    private WebServer dashboard(Database db, ServeReruns reruns) {
        try {
            return WebServer.start(new WebConfig(port, db, reruns, token, new QuartzWorkersView(db.dataSource(), "QRTZ_")));
        } catch (RuntimeException e) {
            throw new UserError("cannot serve the dashboard on port " + port + ": " + e.getMessage());
        }
    }

    private DatabaseServer serve(Database db) {
        try {
            return db.serve(dbPort, allowOthers);
        } catch (RuntimeException e) {
            throw new UserError("cannot serve the database on port " + dbPort + ": " + e.getMessage());
        }
    }
}
