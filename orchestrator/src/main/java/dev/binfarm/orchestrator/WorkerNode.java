package dev.binfarm.orchestrator;

import dev.binfarm.results.Database;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A cluster node that only executes: joins the farm's Quartz cluster on a shared database
 * and runs the cells (and nightly runs) it acquires until the process ends. Entry point of
 * {@code farm worker}; also started directly as a main class by the cluster tests.
 */
public final class WorkerNode implements AutoCloseable {
    /** The CellWork used when none is named: the worker module's executor. */
    public static final String DEFAULT_WORK = "dev.binfarm.orchestrator.WorkerCells";

    private final Database db;
    private final FarmScheduler scheduler;

    private WorkerNode(Database db, FarmScheduler scheduler) {
        this.db = db;
        this.scheduler = scheduler;
    }

    /** Opens the database (migrating it if needed), joins the cluster and starts executing. */
    public static WorkerNode start(String dbUrl, int threads, String name, Path home, String farmVersion,
                                   String workClass, Duration checkin) throws Exception {
        Database db = Database.open(dbUrl, Database.USER, Database.PASSWORD);
        try {
            CellWork work = loadWork(workClass, home, db, farmVersion);
            Node node = new Node(db, work, name, home, farmVersion);
            FarmScheduler s = FarmScheduler.create(node, new FarmScheduler.Config(threads, checkin, Duration.ofSeconds(1)));
            s.start();
            return new WorkerNode(db, s);
        } catch (Exception | Error e) {
            db.close();
            throw e;
        }
    }

    /**
     * Instantiates a CellWork by class name through its constructor (Path home, Database db,
     * String farmVersion) or (Path home, Database db).
     */
    public static CellWork loadWork(String className, Path home, Database db, String farmVersion)
            throws ReflectiveOperationException {
        Class<? extends CellWork> c = Class.forName(className).asSubclass(CellWork.class);
        try {
            Constructor<? extends CellWork> k = c.getConstructor(Path.class, Database.class, String.class);
            return k.newInstance(home, db, farmVersion);
        } catch (NoSuchMethodException e) {
            return c.getConstructor(Path.class, Database.class).newInstance(home, db);
        }
    }

    public String instanceId() { return scheduler.instanceId(); }

    @Override
    public void close() {
        scheduler.shutdown(true);
        db.close();
    }

    /**
     * {@code WorkerNode --db URL [--threads N] [--name NAME] [--home DIR] [--work CLASS]
     * [--checkin MS] [--farm-version V]}: prints "worker NAME ready" once it has joined, then runs until killed.
     */
    public static void main(String[] args) throws Exception {
        String db = null, name = Node.defaultName(), work = DEFAULT_WORK, farmVersion = "0.1.0-SNAPSHOT";
        int threads = 2;
        long checkin = 2000;
        Path home = Path.of(System.getProperty("user.home"), ".binfarm");
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--db" -> { db = v; i++; }
                case "--threads" -> { threads = Integer.parseInt(v); i++; }
                case "--name" -> { name = v; i++; }
                case "--home" -> { home = Path.of(v); i++; }
                case "--work" -> { work = v; i++; }
                case "--checkin" -> { checkin = Long.parseLong(v); i++; }
                case "--farm-version" -> { farmVersion = v; i++; }
                default -> {
                    System.err.println("worker: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (db == null) {
            System.err.println("worker: --db JDBC_URL is required");
            System.exit(2);
        }
        WorkerNode node = start(db, threads, name, home, farmVersion, work, Duration.ofMillis(checkin));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        System.out.println("worker " + name + " ready (" + node.instanceId() + ", " + threads + " threads)");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
