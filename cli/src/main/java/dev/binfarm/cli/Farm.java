package dev.binfarm.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code farm} command: wires the modules together, holds no logic of its own. */
@Command(name = "farm",
        mixinStandardHelpOptions = true,
        versionProvider = Farm.Version.class,
        description = "binfarm: a regression test farm for Linux binary compatibility.",
        subcommands = {
                CommandLine.HelpCommand.class,
                CatalogCommand.class,
                EmuCommand.class,
                SyscallsCommand.class,
                ExploreCommand.class,
                DemoCommand.class,
                BenchCommand.class,
                RunCommand.class,
                RunsCommand.class,
                ResultsCommand.class,
                ServeCommand.class,
                WorkerCommand.class,
                RerunCommand.class,
                CiCommand.class,
                RuntimeCommand.class,
        })
public final class Farm implements Runnable {
    @Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Farm home: database, catalog caches, work dirs (default: $BINFARM_HOME, else ~/.binfarm).")
    Path home;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The farm home directory, resolved from --home, $BINFARM_HOME, or ~/.binfarm. */
    public Path home() {
        if (home != null) return home.toAbsolutePath();
        String env = System.getenv("BINFARM_HOME");
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath();
        return Path.of(System.getProperty("user.home"), ".binfarm");
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests to run commands in-process). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Farm());
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("farm: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Farm.class.getPackage().getImplementationVersion();
            return new String[] {"binfarm " + (v != null ? v : FarmVersion.VERSION)};
        }
    }
}
