package dev.binfarm.cli;

import dev.binfarm.ci.CiLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code farm ci}: the matrix through the JUnit Platform (engine "binfarm", module ci),
 * standard JUnit XML per catalog, one ordinary run (trigger "ci") in the database. Exit 0
 * without regressions against the baseline, 1 with, 2 on usage or infrastructure errors.
 */
@Command(name = "ci", mixinStandardHelpOptions = true,
        description = {"Run the matrix as JUnit tests for a CI server: JUnit XML per catalog, exit 1 on regressions.",
                "Exit status: 0 no regressions, 1 regressions, 2 usage or infrastructure error."})
final class CiCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SelectionOptions cells = new SelectionOptions();

    @Option(names = "--reports", paramLabel = "DIR", defaultValue = "binfarm-reports",
            description = "Where the JUnit XML files go, one per catalog (default: ${DEFAULT-VALUE}).")
    Path reports;

    @Option(names = "--baseline", paramLabel = "previous|FILE", defaultValue = "previous",
            description = "Regressions against the previous run of each cell, or a file of known failures "
                    + "(lines 'catalog/app' or 'catalog/app runtime profile').")
    String baseline;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Cells run at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
        Map<String, String> p = new HashMap<>();
        p.put("binfarm.home", ((Farm) spec.root().userObject()).home().toAbsolutePath().toString());
        p.put("binfarm.catalogs", String.join(",", cells.catalogs));
        p.put("binfarm.runtimes", String.join(",", cells.runtimes));
        p.put("binfarm.profiles", String.join(",", cells.profiles));
        if (cells.apps != null) p.put("binfarm.apps", cells.apps);
        p.put("binfarm.threads", Integer.toString(threads));
        p.put("binfarm.farmVersion", FarmVersion.VERSION);
        try {
            return CiLauncher.run(p, reports, baseline, spec.commandLine().getOut()).exitCode();
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
    }
}
