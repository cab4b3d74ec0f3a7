package dev.binfarm.orchestrator;

import dev.binfarm.catalog.CatalogException;
import dev.binfarm.catalog.Catalogs;
import dev.binfarm.results.App;
import dev.binfarm.results.Catalog;
import dev.binfarm.results.CatalogRevision;
import dev.binfarm.results.Database;
import dev.binfarm.results.Profile;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.Run;
import dev.binfarm.results.RunStatus;
import dev.binfarm.results.RuntimeVersion;
import dev.binfarm.results.StoreException;
import dev.binfarm.results.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.quartz.SchedulerException;

/**
 * A run, start to end: sync the selected catalogs, plan the cells (apps x runtimes x
 * profiles at the current revisions), record the run, hand one Quartz job per cell to the
 * cluster, wait until every cell has a result, mark regressions, finish the run.
 */
public final class Orchestrator {
    /** How often the orchestrator looks at the result count while cells run. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** With no cell left in the JobStore for this long, unrecorded cells are declared lost. */
    private static final Duration LOST_AFTER = Duration.ofSeconds(5);

    /** Called as cells complete (done of planned); also once with the plan before any cell runs. */
    public interface Progress {
        void update(long run, int done, int planned);

        Progress NONE = (run, done, planned) -> { };
    }

    /**
     * A finished run: its row, the matrix, remarks (sync problems, lost cells), the time spent
     * syncing and planning, and the time from scheduling the first cell to the last result.
     */
    public record Report(Run run, List<CellRow> cells, List<String> notes, Duration preparation, Duration execution) {
        public long regressions() { return cells.stream().filter(CellRow::regression).count(); }

        public long count(ResultStatus s) { return cells.stream().filter(c -> c.status() == s).count(); }
    }

    private final Database db;
    private final Catalogs catalogs;
    private final CellWork work;
    private final FarmScheduler scheduler;
    private final String farmVersion;
    private final RunStore store;
    /** Set by {@link #cancel}; the wait for cells looks at it at every poll. */
    private volatile boolean cancelled;

    public Orchestrator(Database db, Catalogs catalogs, CellWork work, FarmScheduler scheduler, String farmVersion) {
        this.db = db;
        this.catalogs = catalogs;
        this.work = work;
        this.scheduler = scheduler;
        this.farmVersion = farmVersion;
        this.store = new RunStore(db);
    }

    /**
     * Stops the run in progress (from any thread): its wait for cells ends at the next poll as if interrupted,
     * and the run is ABORTED. An interrupt of the waiting thread alone can be lost: H2 (2.3.232) answers an
     * interrupted row-lock wait, such as Quartz's JobStore lock, with a lock timeout and clears the flag.
     * A cancelled orchestrator stays cancelled (one per nightly run).
     */
    public void cancel() {
        cancelled = true;
    }

    /** Runs the selection to the end; {@code timeout} bounds the wait for cells (the run is then ABORTED). */
    public Report run(Trigger trigger, Selection selection, Progress progress, Duration timeout)
            throws OrchestratorException, InterruptedException {
        List<String> notes = new ArrayList<>();
        long t0 = System.nanoTime();
        List<Catalog> selected = sync(selection, notes);
        List<RuntimeVersion> runtimes = runtimes(selection);
        List<Profile> profiles = new ArrayList<>();
        for (String p : selection.profiles()) profiles.add(profile(p));
        Run run = db.runs().create(trigger, farmVersion);
        List<PlannedCell> cells = plan(run.id(), selected, runtimes, profiles, selection);
        store.setPlanned(run.id(), cells.size());
        progress.update(run.id(), 0, cells.size());
        long t1 = System.nanoTime();
        Duration preparation = Duration.ofNanos(t1 - t0);
        try {
            scheduler.schedule(cells);
            if (!await(run.id(), cells, progress, timeout, notes)) {
                scheduler.unschedule(cells);
                notes.add("run " + run.id() + " aborted: cells still unfinished after " + timeout.toSeconds() + " s");
                Run aborted = db.runs().finish(run.id(), RunStatus.ABORTED);
                return new Report(aborted, store.rows(run.id()), notes, preparation, Duration.ofNanos(System.nanoTime() - t1));
            }
        } catch (SchedulerException e) {
            db.runs().finish(run.id(), RunStatus.ABORTED);
            throw new OrchestratorException("cannot schedule the cells of run " + run.id() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            try {
                scheduler.unschedule(cells);
            } catch (SchedulerException ignored) {
                // Left-over cell jobs only record into the aborted run.
            }
            db.runs().finish(run.id(), RunStatus.ABORTED);
            throw e;
        }
        Duration execution = Duration.ofNanos(System.nanoTime() - t1);
        new Regressions(db, store).mark(run.id());
        Run finished = db.runs().finish(run.id(), RunStatus.FINISHED);
        return new Report(finished, store.rows(run.id()), notes, preparation, execution);
    }

    private List<Catalog> sync(Selection selection, List<String> notes) throws OrchestratorException {
        List<String> names = selection.catalogs();
        if (names.isEmpty()) names = db.catalogs().list().stream().map(Catalog::name).toList();
        if (names.isEmpty()) throw new OrchestratorException("no catalogs registered (see: farm catalog add)");
        List<Catalog> out = new ArrayList<>();
        for (String name : names) {
            Catalog c = db.catalogs().get(name)
                    .orElseThrow(() -> new OrchestratorException("no catalog named '" + name + "'"));
            try {
                catalogs.sync(name);
            } catch (CatalogException e) {
                // The previous revision stays current and usable; say so rather than failing the run.
                notes.add(e.getMessage());
            }
            c = db.catalogs().get(name).orElseThrow();
            if (c.currentRevision() == null) {
                notes.add("catalog " + name + " has never been synced; no cells planned for it");
                continue;
            }
            out.add(c);
        }
        return out;
    }

    private List<RuntimeVersion> runtimes(Selection selection) throws OrchestratorException {
        List<RuntimeVersion> out = new ArrayList<>();
        for (String name : selection.runtimes()) {
            try {
                out.add(db.runs().runtime(work.runtimeKind(name), name, work.runtimeVersion(name)));
            } catch (IllegalArgumentException e) {
                throw new OrchestratorException("unknown runtime '" + name + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    private Profile profile(String name) throws OrchestratorException {
        if (name.equals(Selection.DEFAULT_PROFILE))
            return db.runs().profile(name).orElseGet(() -> db.runs().profile(name, "builtin: every syscall allowed", null));
        return db.runs().profile(name)
                .orElseThrow(() -> new OrchestratorException("unknown profile '" + name + "' (known: linux)"));
    }

    private List<PlannedCell> plan(long run, List<Catalog> selected, List<RuntimeVersion> runtimes,
                                   List<Profile> profiles, Selection selection) {
        List<PlannedCell> cells = new ArrayList<>();
        for (Catalog c : selected) {
            CatalogRevision rev = db.catalogs().currentRevision(c.id()).orElseThrow();
            for (App a : db.catalogs().apps(rev.id())) {
                if (!selection.includesApp(a.name())) continue;
                for (RuntimeVersion rt : runtimes)
                    for (Profile p : profiles)
                        cells.add(new PlannedCell(run, c.id(), c.name(), rev.commit(), a.id(), a.name(), rt.id(),
                                rt.name(), p.id(), p.name()));
            }
        }
        return cells;
    }

    /** True when every cell got a result; false on timeout. Lost cells are recorded as ERROR. */
    private boolean await(long run, List<PlannedCell> cells, Progress progress, Duration timeout, List<String> notes)
            throws InterruptedException, SchedulerException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = 0; // the caller has shown 0 of N already
        long lastChange = System.nanoTime();
        while (true) {
            if (cancelled) throw new InterruptedException("run " + run + " cancelled");
            int done = store.recordedCount(run);
            if (done != last) {
                progress.update(run, done, cells.size());
                last = done;
                lastChange = System.nanoTime();
            }
            if (done >= cells.size()) return true;
            if (System.nanoTime() - deadline > 0) return false;
            if (System.nanoTime() - lastChange > LOST_AFTER.toNanos()) {
                lastChange = System.nanoTime();
                // Pending first, count second: with no job left, the count can no longer grow.
                if (scheduler.pendingCells(run) == 0 && store.recordedCount(run) < cells.size())
                    recordLost(cells, notes);
            }
            Thread.sleep(POLL);
        }
    }

    private void recordLost(List<PlannedCell> cells, List<String> notes) {
        Set<String> lost = new HashSet<>();
        for (PlannedCell c : cells) {
            if (store.recorded(c)) continue;
            try {
                Instant now = Instant.now();
                if (store.record(c, CellAttempt.error("the cell's job ended without recording a result", 0),
                        ResultStatus.ERROR, 0, "orchestrator", now, now))
                    lost.add(c.toString());
            } catch (StoreException e) {
                notes.add("cannot record lost cell " + c + ": " + e.getMessage());
            }
        }
        if (!lost.isEmpty()) notes.add(lost.size() + " cell(s) lost their job and were recorded as ERROR: " + lost);
    }
}
