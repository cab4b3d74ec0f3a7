package dev.binfarm.orchestrator;

/**
 * How a node executes cells: the worker module's CellExecutor in production
 * ({@link WorkerCells}), something trivial in cluster and benchmark tests. Must be
 * thread-safe: every Quartz worker thread of the node calls it.
 */
public interface CellWork {
    /** The runtime's kind (emulator, qemu, docker); unknown names are an {@link IllegalArgumentException}. */
    String runtimeKind(String runtime);

    /** The runtime's version as recorded with results (a new version is a new runtime row). */
    String runtimeVersion(String runtime);

    /** Runs the cell once; returns an ERROR attempt rather than throwing for guest or spec problems. */
    CellAttempt execute(PlannedCell cell) throws InterruptedException;
}
