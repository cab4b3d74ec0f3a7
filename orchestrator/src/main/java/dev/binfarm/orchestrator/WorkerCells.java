package dev.binfarm.orchestrator;

import dev.binfarm.results.Database;
import dev.binfarm.results.SyscallUsage;
import dev.binfarm.worker.CellExecutor;
import dev.binfarm.worker.CellOutcome;
import dev.binfarm.worker.CellSpec;
import dev.binfarm.worker.FarmRuntimes;
import dev.binfarm.worker.Runtime;
import dev.binfarm.worker.RunOutcome;
import dev.binfarm.worker.Runtimes;
import dev.binfarm.worker.SyscallCount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cells executed by the worker module: materialise, run on the runtime, judge
 * ({@link CellExecutor}). The orchestrator records the outcome itself because it decides
 * the final status (a pass on retry is FLAKY) and the attempt count.
 */
public final class WorkerCells implements CellWork {
    private final CellExecutor executor;
    private final Runtimes runtimes;

    /** Cells on every runtime the farm knows (emulator, docker, qemu-linux, configured ones). */
    public WorkerCells(Path home, Database db, String farmVersion) throws java.io.IOException {
        this(new CellExecutor(home, db, FarmRuntimes.of(farmVersion, db, home)));
    }

    public WorkerCells(CellExecutor executor) {
        this.executor = executor;
        this.runtimes = executor.runtimes();
    }

    @Override
    public String runtimeKind(String runtime) {
        return runtime(runtime).kind();
    }

    @Override
    public String runtimeVersion(String runtime) {
        return runtime(runtime).version();
    }

    private Runtime runtime(String name) {
        return runtimes.get(name).orElseThrow(() -> new IllegalArgumentException("known runtimes: " + runtimes.names()));
    }

    @Override
    public CellAttempt execute(PlannedCell cell) {
        CellOutcome o = executor.execute(new CellSpec(cell.catalog(), cell.commit(), cell.app(), cell.runtime(), cell.profile()));
        RunOutcome r = o.run();
        List<SyscallUsage> usage = new ArrayList<>();
        for (SyscallCount s : r.syscalls()) usage.add(new SyscallUsage(s.nr(), s.name(), s.calls(), s.errnos(), false));
        return new CellAttempt(o.status(), o.passed() ? null : o.reason(), r.exitCode(), r.signal(), r.duration().toMillis(),
                r.instructions() > 0 ? r.instructions() : null, text(r.stdout()), text(r.stderr()), r.crash(), usage);
    }

    private static String text(byte[] b) {
        return b.length == 0 ? "" : new String(b, StandardCharsets.UTF_8);
    }
}
