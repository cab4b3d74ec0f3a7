package dev.binfarm.cli;

import dev.binfarm.orchestrator.WorkerNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code farm worker}: joins a farm's Quartz cluster and executes cells until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Join a farm's cluster (its database) and execute cells until stopped.",
                "The farm's `farm serve` prints the JDBC URL to use."})
final class WorkerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "JDBC_URL", description = "The farm database, e.g. jdbc:h2:tcp://host:9092/...")
    String db;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Cells run at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--name", paramLabel = "NAME", description = "Name recorded with results (default: host:pid).")
    String name;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) throw new UserError("--threads must be at least 1");
        PrintWriter out = spec.commandLine().getOut();
        String n = name != null ? name : dev.binfarm.orchestrator.Node.defaultName();
        WorkerNode node;
        try {
            node = WorkerNode.start(db, threads, n, FarmHome.of(spec).dir(), FarmVersion.VERSION, WorkerNode.DEFAULT_WORK,
                    Duration.ofSeconds(2));
        } catch (Exception e) {
            // Flyway and JDBC messages run over several lines; the first one says what happened.
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
            throw new UserError("cannot join the cluster at " + db + ": " + why);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        out.println("worker " + n + " ready (" + node.instanceId() + ", " + threads + " threads); stop with Ctrl-C");
        out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
