package dev.binfarm.orchestrator;

import dev.binfarm.results.Database;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * What jobs need from the process they run in: the database, how to execute cells, the
 * name recorded in the result's worker column, and (for the nightly job, which may fire on
 * any node) the farm home whose catalog mirrors a run syncs into.
 * Lives in the scheduler's in-memory SchedulerContext, never in the JobStore.
 */
public final class Node {
    static final String CONTEXT_KEY = "binfarm.node";

    private final Database db;
    private final RunStore store;
    private final CellWork work;
    private final String name;
    private final Path home;
    private final String farmVersion;

    public Node(Database db, CellWork work, String name, Path home, String farmVersion) {
        this.db = db;
        this.store = new RunStore(db);
        this.work = work;
        this.name = name;
        this.home = home;
        this.farmVersion = farmVersion;
    }

    public Database db() { return db; }

    RunStore store() { return store; }

    CellWork work() { return work; }

    public String name() { return name; }

    public Path home() { return home; }

    public String farmVersion() { return farmVersion; }

    /** host:pid, the default name of a node. */
    public static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
