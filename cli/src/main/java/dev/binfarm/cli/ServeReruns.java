package dev.binfarm.cli;

import dev.binfarm.orchestrator.Orchestrator;
import dev.binfarm.orchestrator.OrchestratorException;
import dev.binfarm.orchestrator.Selection;
import dev.binfarm.results.Trigger;
import dev.binfarm.web.RerunRequest;
import dev.binfarm.web.RerunService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dashboard's Rerun button on {@code farm serve}: an ordinary orchestrator run with
 * trigger "rerun" for one app, in the background. The caller gets the run id as soon as
 * the run is planned; its cells go through the Quartz cluster like any other.
 */
final class ServeReruns implements RerunService, AutoCloseable {
    private static final Duration PLANNING_LIMIT = Duration.ofMinutes(2);
    private static final Duration RUN_LIMIT = Duration.ofHours(1);

    private final Orchestrator orchestrator;
    private final ExecutorService runs = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "rerun");
        t.setDaemon(true);
        return t;
    });

    ServeReruns(Orchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    @Override
    public long rerun(RerunRequest request) {
        Selection selection = new Selection(
                request.catalog() == null ? List.of() : List.of(request.catalog()),
                request.runtime() == null ? null : List.of(request.runtime()),
                request.profile() == null ? null : List.of(request.profile()),
                request.app());
        CompletableFuture<Long> planned = new CompletableFuture<>();
        runs.submit(() -> {
            try {
                orchestrator.run(Trigger.RERUN, selection, (run, done, cells) -> planned.complete(run), RUN_LIMIT);
            } catch (OrchestratorException e) {
                planned.completeExceptionally(new IllegalArgumentException(e.getMessage(), e));
            } catch (InterruptedException e) {
                planned.completeExceptionally(e);
            } catch (RuntimeException e) {
                planned.completeExceptionally(e);
            }
            return null;
        });
        try {
            return planned.get(PLANNING_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the rerun of " + request.app() + " was not planned within " + PLANNING_LIMIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    @Override
    public void close() {
        runs.shutdownNow();
    }
}
