package dev.binfarm.worker;

import dev.binfarm.catalog.spec.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Judges a server app: start it, wait (within the spec's timeout) until the first
 * probe's port accepts connections, run every probe, stop it. The runtime's run is
 * stopped by interrupting the thread running it, as the Runtime SPI promises.
 */
final class ServerCheck {
    static final Duration STOP_WAIT = Duration.ofSeconds(2);
    private static final long POLL_MS = 50;

    record Result(Verdict verdict, RunOutcome run) { }

    private ServerCheck() { }

    static Result run(Runtime runtime, RunRequest request, List<Probe> probes, String host) throws InterruptedException {
        long t0 = System.nanoTime();
        CompletableFuture<RunOutcome> done = new CompletableFuture<>();
        ServerPorts ports = new ServerPorts();
        Thread t = new Thread(() -> {
            try {
                done.complete(runtime.run(request, ports));
            } catch (InterruptedException e) {
                done.complete(RunOutcome.failed(null, Duration.ofNanos(System.nanoTime() - t0)));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "server-" + request.argv().getFirst());
        t.setDaemon(true);
        t.start();
        try {
            long deadline = t0 + request.timeout().toNanos();
            int port = probes.getFirst().port();
            while (ports.host(port) < 0 || !Probes.listening(host, ports.host(port))) {
                if (done.isDone()) {
                    RunOutcome ended = outcome(done, t0);
                    Verdict v = ended.error() != null ? Verdict.error(ended.error())
                            : Verdict.fail("the server ended before listening on port " + port + " (" + ending(ended) + ")");
                    return new Result(v, ended);
                }
                if (System.nanoTime() > deadline)
                    return stop(t, done, t0, new Verdict(dev.binfarm.results.ResultStatus.TIMEOUT,
                            "not listening on port " + port + " after " + Judge.seconds(request.timeout())));
                Thread.sleep(POLL_MS);
            }
            for (Probe p : probes) {
                String why = Probes.check(p, host, ports.host(p.port()));
                if (why != null) return stop(t, done, t0, Verdict.fail("probe " + why));
            }
            return stop(t, done, t0, Verdict.PASS);
        } finally {
            t.interrupt();
        }
    }

    private static Result stop(Thread t, CompletableFuture<RunOutcome> done, long t0, Verdict verdict) throws InterruptedException {
        t.interrupt();
        RunOutcome run;
        try {
            run = done.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            run = RunOutcome.failed(null, Duration.ofNanos(System.nanoTime() - t0));
        }
        // The server was stopped on purpose: how it ended is not part of the verdict.
        return new Result(verdict, run);
    }

    private static RunOutcome outcome(CompletableFuture<RunOutcome> done, long t0) throws InterruptedException {
        try {
            return done.get();
        } catch (ExecutionException e) {
            return RunOutcome.failed("internal error in the runtime: " + EmulatorRuntime.message(e.getCause()),
                    Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    private static String ending(RunOutcome r) {
        if (r.timedOut()) return "timed out";
        if (r.signal() != null) return "killed by " + EmulatorRuntime.signalName(r.signal());
        return "exit status " + r.exitCode();
    }
}
