package dev.binfarm.cli;

import dev.binfarm.orchestrator.RunStore;
import dev.binfarm.results.Run;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code farm results RUN}: one run's cells. */
@Command(name = "results", mixinStandardHelpOptions = true, description = "Show the cells of one run.")
final class ResultsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "Run id (see: farm runs).")
    long run;

    @Option(names = "--json", description = "Print the run as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (FarmHome home = FarmHome.of(spec)) {
            Run r = home.database().runs().get(run).orElseThrow(() -> new UserError("no run " + run));
            var cells = new RunStore(home.database()).rows(run);
            if (json) RunView.json(out, r, cells);
            else RunView.table(out, r, cells);
            return 0;
        }
    }
}
