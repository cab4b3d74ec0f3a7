package dev.binfarm.cli;

import dev.binfarm.orchestrator.CellRow;
import dev.binfarm.orchestrator.RunStore;
import dev.binfarm.results.Run;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code farm runs}: the run history, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List recent runs, newest first.")
final class RunsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (FarmHome home = FarmHome.of(spec)) {
            RunStore store = new RunStore(home.database());
            List<Run> runs = home.database().runs().recent(limit);
            Table t = new Table("RUN", "TRIGGER", "STARTED", "FINISHED", "STATUS", "CELLS", "PASS", "NOT PASS", "REGRESSIONS");
            for (Run r : runs) {
                List<CellRow> cells = store.rows(r.id());
                long pass = cells.stream().filter(c -> c.status().passed()).count();
                t.row(r.id(), r.trigger().label(), r.started(), r.finished(), r.status(),
                        cells.size() + "/" + store.planned(r.id()).map(String::valueOf).orElse("?"), pass,
                        cells.size() - pass, cells.stream().filter(CellRow::regression).count());
            }
            if (runs.isEmpty()) out.println("no runs yet (start one: farm run)");
            else t.print(out);
            out.flush();
            return 0;
        }
    }
}
