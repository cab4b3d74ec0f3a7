package dev.binfarm.cli;

import dev.binfarm.orchestrator.FarmScheduler;
import dev.binfarm.orchestrator.Node;
import dev.binfarm.orchestrator.Orchestrator;
import dev.binfarm.orchestrator.OrchestratorException;
import dev.binfarm.orchestrator.Selection;
import dev.binfarm.orchestrator.WorkerCells;
import dev.binfarm.results.Database;
import dev.binfarm.results.StoreException;
import dev.binfarm.results.Trigger;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.quartz.SchedulerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code farm run}: one full run in this process (its own Quartz node on the farm
 * database; workers that joined the cluster help). Exit 0 without regressions, 1 with,
 * 2 on usage or infrastructure errors.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Sync the catalogs and run the matrix (apps x runtimes x profiles) now.",
                "Exit status: 0 no regressions, 1 regressions, 2 usage or infrastructure error."})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SelectionOptions cells = new SelectionOptions();

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Cells run at once in this process (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "360", description = "Abort the run after this long (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Option(names = "--json", description = "Print the run as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) throw new UserError("--threads must be at least 1");
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try (FarmHome home = FarmHome.of(spec)) {
            Orchestrator.Report report = run(home, Trigger.MANUAL, cells.selection(),
                    threads, Duration.ofMinutes(timeoutMinutes), err);
            for (String note : report.notes()) err.println("note: " + note);
            if (report.cells().isEmpty() && !report.notes().isEmpty()) {
                // Nothing could be planned because of the problems above (e.g. no catalog ever synced).
                err.println("farm: run " + report.run().id() + " had no cells to run");
                return 2;
            }
            if (json) RunView.json(out, report.run(), report.cells());
            else RunView.table(out, report.run(), report.cells());
            return report.regressions() > 0 ? 1 : 0;
        }
    }

    /** A run on this process's own node: shared by `farm run` and `farm demo`. */
    static Orchestrator.Report run(FarmHome home, Trigger trigger, Selection selection, int threads, Duration timeout,
                                   PrintWriter progress) throws Exception {
        Database db = home.database();
        WorkerCells work = new WorkerCells(home.dir(), db, FarmVersion.VERSION);
        FarmScheduler scheduler;
        try {
            scheduler = FarmScheduler.create(new Node(db, work, Node.defaultName(), home.dir(), FarmVersion.VERSION),
                    FarmScheduler.Config.of(threads));
            scheduler.start();
        } catch (SchedulerException | StoreException e) {
            throw new UserError("cannot start the scheduler: " + e.getMessage());
        }
        try {
            Orchestrator o = new Orchestrator(db, home.catalogs(), work, scheduler, FarmVersion.VERSION);
            return o.run(trigger, selection, new Bar(progress), timeout);
        } catch (OrchestratorException e) {
            throw new UserError(e.getMessage());
        } finally {
            scheduler.shutdown(true);
        }
    }

    /** "run 7  [#######.....]  12/40 cells" on stderr, redrawn in place. */
    static final class Bar implements Orchestrator.Progress {
        private final PrintWriter err;

        Bar(PrintWriter err) { this.err = err; }

        @Override
        public void update(long run, int done, int planned) {
            int width = 30, filled = planned == 0 ? width : done * width / planned;
            err.print("\rrun " + run + "  [" + "#".repeat(filled) + ".".repeat(width - filled) + "]  " + done + "/"
                    + planned + " cells");
            if (done >= planned) err.println();
            err.flush();
        }
    }
}
