package dev.binfarm.orchestrator;

import dev.binfarm.results.ResultStatus;
import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * Executes one cell and records it once. A cell that does not pass is run a second time:
 * passing then is FLAKY, otherwise the second attempt is what gets recorded. A job
 * recovered after its node died first looks whether the dead node got as far as
 * recording; the unique result key settles a remaining race.
 */
public final class CellJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Node node;
        try {
            node = (Node) context.getScheduler().getContext().get(Node.CONTEXT_KEY);
        } catch (SchedulerException e) {
            throw new JobExecutionException("no binfarm node in this scheduler", e, false);
        }
        PlannedCell cell = PlannedCell.fromJobData(context.getMergedJobDataMap());
        try {
            run(node, cell);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Nothing recorded (the store is unreachable?): let Quartz log it; the run's
            // completion wait reports the cell as missing rather than hanging forever.
            throw new JobExecutionException("cell " + cell + ": " + e.getMessage(), e, false);
        }
    }

    static void run(Node node, PlannedCell cell) throws InterruptedException {
        if (node.store().recorded(cell)) return;
        Instant started = Instant.now();
        CellAttempt first = attempt(node, cell);
        CellAttempt last = first;
        int attempts = 1;
        ResultStatus status = first.status();
        if (retryable(first.status())) {
            last = attempt(node, cell);
            attempts = 2;
            status = last.passed() ? ResultStatus.FLAKY : last.status();
        }
        CellAttempt recorded = status == ResultStatus.FLAKY ? withReason(last, "passed on retry; first attempt "
                + first.status() + (first.reason() == null ? "" : ": " + first.reason())) : last;
        node.store().record(cell, recorded, status, attempts, node.name(), started, Instant.now());
    }

    /** SKIPPED is a verdict about the runtime, not a failure; a retry would say the same. */
    private static boolean retryable(ResultStatus s) {
        return s != ResultStatus.PASS && s != ResultStatus.SKIPPED;
    }

    private static CellAttempt attempt(Node node, PlannedCell cell) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            return node.work().execute(cell);
        } catch (RuntimeException e) {
            return CellAttempt.error("internal error: " + e, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static CellAttempt withReason(CellAttempt a, String reason) {
        return new CellAttempt(a.status(), reason, a.exitCode(), a.signal(), a.durationMs(), a.instructions(),
                a.stdout(), a.stderr(), a.crash(), a.syscalls());
    }
}
