package dev.binfarm.ci;

import dev.binfarm.catalog.CatalogException;
import dev.binfarm.catalog.Catalogs;
import dev.binfarm.orchestrator.DbCatalogStore;
import dev.binfarm.orchestrator.FarmScheduler;
import dev.binfarm.orchestrator.Node;
import dev.binfarm.orchestrator.Orchestrator;
import dev.binfarm.orchestrator.OrchestratorException;
import dev.binfarm.orchestrator.Selection;
import dev.binfarm.orchestrator.WorkerCells;
import dev.binfarm.results.App;
import dev.binfarm.results.Catalog;
import dev.binfarm.results.CatalogRevision;
import dev.binfarm.results.Database;
import dev.binfarm.results.Trigger;
import dev.binfarm.worker.CellExecutor;
import dev.binfarm.worker.FarmRuntimes;
import dev.binfarm.worker.Runtimes;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The farm as the engine sees it: the home's database and catalogs. Discovery lists the
 * cells the orchestrator will plan; execution is one ordinary orchestrator run (trigger
 * "ci") on a Quartz node in this process, so cells run, are recorded and are judged for
 * regressions exactly as with {@code farm run}.
 */
final class FarmSession implements AutoCloseable {
    private final CiConfig config;
    private final Database db;
    private final Catalogs catalogs;
    private Runtimes runtimes;

    FarmSession(CiConfig config) {
        this.config = config;
        this.db = Database.openHome(config.home());
        this.catalogs = new Catalogs(config.home().resolve("catalogs"), new DbCatalogStore(db.catalogs()));
    }

    /** Every runtime the farm knows (emulator, docker, qemu-linux, configured ones), as `farm runtime list` shows them. */
    Runtimes runtimes() {
        if (runtimes == null) {
            try {
                runtimes = FarmRuntimes.of(config.farmVersion(), db, config.home());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the farm's runtimes in " + config.home() + ": " + e.getMessage(), e);
            }
        }
        return runtimes;
    }

    Selection selection() {
        return new Selection(config.catalogs(), config.runtimes(), config.profiles(), config.apps());
    }

    /** One planned cell, as discovery shows it. */
    record PlannedCell(String catalog, String app, String runtime, String profile) { }

    /** Registers configured catalogs (binfarm.catalog.NAME.url), syncs the selected ones and lists their cells. */
    List<PlannedCell> plan(List<String> notes) throws CatalogException {
        // A configured URL wins, also over a built-in catalog of the same name (a local mirror of it, say).
        for (var e : config.catalogUrls().entrySet()) {
            Optional<Catalog> known = db.catalogs().get(e.getKey());
            if (known.isEmpty() || !known.get().url().equals(e.getValue())) catalogs.add(e.getKey(), e.getValue(), null);
        }
        Selection sel = selection();
        List<String> names = sel.catalogs().isEmpty()
                ? db.catalogs().list().stream().map(Catalog::name).toList() : sel.catalogs();
        PathMatcher apps = sel.apps() == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + sel.apps());
        List<PlannedCell> out = new ArrayList<>();
        for (String name : names) {
            Catalog c = db.catalogs().get(name).orElseThrow(() -> new CatalogException("no catalog named '" + name + "'"));
            try {
                catalogs.sync(name);
            } catch (CatalogException e) {
                notes.add(e.getMessage());
            }
            CatalogRevision rev = db.catalogs().currentRevision(c.id()).orElse(null);
            if (rev == null) {
                notes.add("catalog " + name + " has never been synced; no cells planned for it");
                continue;
            }
            for (App a : db.catalogs().apps(rev.id())) {
                if (apps != null && !apps.matches(Path.of(a.name()))) continue;
                for (String rt : sel.runtimes())
                    for (String p : sel.profiles()) out.add(new PlannedCell(name, a.name(), rt, p));
            }
        }
        return out;
    }

    /** The runtime's kind (emulator, qemu, docker), or "unknown". */
    String runtimeKind(String runtime) {
        return runtimes().get(runtime).map(dev.binfarm.worker.Runtime::kind).orElse("unknown");
    }

    /** Why no cell of this run can be called a broken app: the reference runtime is unavailable here, or not selected. */
    String noReferenceNote(String referenceKind) {
        for (String name : runtimes().names()) {
            dev.binfarm.worker.Runtime r = runtimes().get(name).orElseThrow();
            if (!r.kind().equals(referenceKind)) continue;
            var a = r.available();
            return a.ok()
                    ? "the native reference runtime '" + name + "' is not in this run (add it, e.g. --runtime " + name
                            + "): failures cannot be told apart from broken apps"
                    : "no native reference runtime available here (" + name + ": " + a.why()
                            + "): failures cannot be told apart from broken apps";
        }
        return "no native reference runtime (kind " + referenceKind + ") configured: failures cannot be told apart from broken apps";
    }

    /** One orchestrator run over the selection, start to end. */
    Orchestrator.Report run(Orchestrator.Progress progress) throws Exception {
        WorkerCells work = new WorkerCells(new CellExecutor(config.home(), db, runtimes()));
        FarmScheduler scheduler = FarmScheduler.create(
                new Node(db, work, Node.defaultName(), config.home(), config.farmVersion()),
                FarmScheduler.Config.of(config.threads()));
        scheduler.start();
        try {
            return new Orchestrator(db, catalogs, work, scheduler, config.farmVersion())
                    .run(Trigger.CI, selection(), progress, config.timeout());
        } catch (OrchestratorException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            scheduler.shutdown(true);
        }
    }

    Database db() { return db; }

    @Override
    public void close() {
        db.close();
    }
}
