package dev.binfarm.web;

import dev.binfarm.results.App;
import dev.binfarm.results.Profile;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.Run;
import dev.binfarm.results.RuntimeVersion;
import dev.binfarm.results.Trigger;
import java.util.ArrayList;
import java.util.List;

/**
 * A RerunService test double: instead of queueing the cell on a worker it records a new
 * PASS result for it at once through the DAOs (the real service lives in the orchestrator).
 */
final class RecordingRerun implements RerunService {
    private final Farm farm;
    private final RuntimeVersion runtime;
    private final Profile profile;
    final List<RerunRequest> calls = new ArrayList<>();

    RecordingRerun(Farm farm, RuntimeVersion runtime, Profile profile) {
        this.farm = farm;
        this.runtime = runtime;
        this.profile = profile;
    }

    @Override
    public synchronized long rerun(RerunRequest request) {
        calls.add(request);
        String catalog = request.catalog() == null ? "core" : request.catalog();
        App app = farm.db.catalogs().get(catalog).flatMap(c -> farm.db.catalogs().currentApp(c.id(), request.app()))
                .orElseThrow(() -> new IllegalArgumentException("no app " + request.app()));
        Run run = farm.run(Trigger.RERUN);
        farm.result(run, app, runtime, profile, ResultStatus.PASS, "rerun output of " + request.app() + "\n");
        return run.id();
    }
}
