package dev.binfarm.ci;

import dev.binfarm.ci.Descriptors.AppDescriptor;
import dev.binfarm.ci.Descriptors.CatalogDescriptor;
import dev.binfarm.ci.Descriptors.CellDescriptor;
import dev.binfarm.orchestrator.CellRow;
import dev.binfarm.orchestrator.Orchestrator;
import dev.binfarm.orchestrator.Trend;
import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.RuntimeVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.opentest4j.AssertionFailedError;

/**
 * JUnit Platform engine "binfarm": the farm's matrix as tests. Containers per catalog and
 * app, one test per cell (runtime x profile). Selected by a unique-id selector for the
 * engine (or a prefix of it: one catalog, one app, one cell) or, under Surefire, by a
 * class selector for the marker class named by {@code binfarm.suite} (default
 * {@code BinfarmCells}).
 *
 * <p>Execution is one ordinary orchestrator run with trigger "ci" (see {@link FarmSession});
 * the verdicts are reported once the run is recorded. A failed cell fails its test with the
 * judge's reason (expected PASS, actual the status) and a stdout excerpt; a cell that also
 * fails on a native reference runtime (kind docker) in the same run is skipped as a
 * "broken app". Each cell publishes report entries {@code binfarm.status}, and
 * {@code binfarm.trend} when the orchestrator marked it regression or fixed; the engine
 * root publishes {@code binfarm.run} (the run id) and {@code binfarm.note}s.
 */
public final class BinfarmEngine implements TestEngine {
    public static final String ID = "binfarm";
    static final int STDOUT_EXCERPT = 2000;

    @Override
    public String getId() { return ID; }

    @Override
    public Optional<String> getGroupId() { return Optional.of("dev.binfarm"); }

    @Override
    public Optional<String> getArtifactId() { return Optional.of("binfarm-ci"); }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        Root root = new Root(uniqueId);
        CiConfig config = CiConfig.from(request.getConfigurationParameters());
        List<UniqueId> wanted = new ArrayList<>();
        String suite = null;
        for (UniqueIdSelector s : request.getSelectorsByType(UniqueIdSelector.class))
            if (s.getUniqueId().getEngineId().filter(ID::equals).isPresent()) wanted.add(s.getUniqueId());
        for (ClassSelector s : request.getSelectorsByType(ClassSelector.class)) {
            String name = s.getClassName();
            String simple = name.substring(name.lastIndexOf('.') + 1);
            if (simple.equals(config.suite())) suite = name;
        }
        if (wanted.isEmpty() && suite == null) return root;
        TestDescriptor parent = root;
        if (suite != null) {
            parent = new Descriptors.SuiteDescriptor(uniqueId, suite);
            root.addChild(parent);
            wanted.add(parent.getUniqueId());
        }
        List<String> notes = new ArrayList<>();
        List<FarmSession.PlannedCell> cells;
        try (FarmSession farm = new FarmSession(config)) {
            cells = farm.plan(notes);
        } catch (Exception e) {
            // Thrown here, the launcher would only log it and run nothing; the root fails with it instead.
            root.failure = new IllegalStateException("binfarm: cannot plan the cells in " + config.home() + ": " + e.getMessage(), e);
            return root;
        }
        root.notes.addAll(notes);
        Map<String, CatalogDescriptor> catalogs = new LinkedHashMap<>();
        Map<String, AppDescriptor> apps = new HashMap<>();
        for (FarmSession.PlannedCell c : cells) {
            UniqueId top = parent.getUniqueId();
            CatalogDescriptor cd = catalogs.computeIfAbsent(c.catalog(), n -> new CatalogDescriptor(top, n));
            AppDescriptor ad = apps.computeIfAbsent(c.catalog() + "\u0000" + c.app(), k -> {
                AppDescriptor a = new AppDescriptor(cd.getUniqueId(), c.catalog(), c.app());
                cd.addChild(a);
                return a;
            });
            CellDescriptor cell = new CellDescriptor(ad.getUniqueId(), c.catalog(), c.app(), c.runtime(), c.profile(), suite);
            if (wanted.stream().anyMatch(w -> cell.getUniqueId().hasPrefix(w))) ad.addChild(cell);
        }
        for (CatalogDescriptor cd : catalogs.values()) {
            for (TestDescriptor a : List.copyOf(cd.getChildren())) if (a.getChildren().isEmpty()) cd.removeChild(a);
            if (!cd.getChildren().isEmpty()) parent.addChild(cd);
        }
        return root;
    }

    @Override
    public void execute(ExecutionRequest request) {
        TestDescriptor root = request.getRootTestDescriptor();
        EngineExecutionListener listener = request.getEngineExecutionListener();
        listener.executionStarted(root);
        if (root instanceof Root r) {
            for (String note : r.notes) listener.reportingEntryPublished(root, ReportEntry.from("binfarm.note", note));
            if (r.failure != null) {
                listener.executionFinished(root, TestExecutionResult.failed(r.failure));
                return;
            }
        }
        if (root.getChildren().isEmpty()) {
            listener.executionFinished(root, TestExecutionResult.successful());
            return;
        }
        CiConfig config = CiConfig.from(request.getConfigurationParameters());
        try (FarmSession farm = new FarmSession(config)) {
            Orchestrator.Report report = farm.run(Orchestrator.Progress.NONE);
            listener.reportingEntryPublished(root, ReportEntry.from("binfarm.run", Long.toString(report.run().id())));
            for (String note : report.notes()) listener.reportingEntryPublished(root, ReportEntry.from("binfarm.note", note));
            Verdicts verdicts = new Verdicts(farm::runtimeKind, report.cells());
            if (!verdicts.hasReference)
                listener.reportingEntryPublished(root, ReportEntry.from("binfarm.note", farm.noReferenceNote(RuntimeVersion.REFERENCE_KIND)));
            for (TestDescriptor child : root.getChildren()) walk(child, verdicts, farm, listener);
            listener.executionFinished(root, TestExecutionResult.successful());
        } catch (Exception e) {
            listener.executionFinished(root, TestExecutionResult.failed(e));
        }
    }

    /** Suite, catalog and app containers start and finish around their cells' verdicts. */
    private static void walk(TestDescriptor d, Verdicts v, FarmSession farm, EngineExecutionListener listener) {
        if (d instanceof CellDescriptor cell) {
            report(cell, v, farm, listener);
            return;
        }
        listener.executionStarted(d);
        for (TestDescriptor child : d.getChildren()) walk(child, v, farm, listener);
        listener.executionFinished(d, TestExecutionResult.successful());
    }

    private static void report(CellDescriptor cell, Verdicts v, FarmSession farm, EngineExecutionListener listener) {
        CellRow row = v.rows.get(cell.key());
        if (row == null) {
            listener.executionSkipped(cell, "not part of the run (the catalog changed between discovery and the run?)");
            return;
        }
        if (row.status() == ResultStatus.SKIPPED) {
            listener.executionSkipped(cell, "skipped by the farm: " + nullToEmpty(row.reason()));
            return;
        }
        String broken = v.brokenOnReference(row);
        if (broken != null) {
            listener.executionSkipped(cell, "broken app: fails on the native reference runtime " + broken + " too");
            return;
        }
        listener.executionStarted(cell);
        listener.reportingEntryPublished(cell, ReportEntry.from(Map.of("binfarm.status", row.status().name(),
                "binfarm.durationMs", Long.toString(row.durationMs()))));
        if (row.trend() != null) listener.reportingEntryPublished(cell, ReportEntry.from("binfarm.trend", row.trend().label()));
        if (row.status().passed()) {
            listener.executionFinished(cell, TestExecutionResult.successful());
            return;
        }
        listener.executionFinished(cell, TestExecutionResult.failed(
                new AssertionFailedError(message(cell, row, farm), ResultStatus.PASS.name(), row.status().name())));
    }

    /** "catalog/app on runtime (profile): expected PASS but was CRASH (regression): reason" plus a stdout excerpt. */
    static String message(CellDescriptor cell, CellRow row, FarmSession farm) {
        StringBuilder sb = new StringBuilder(cell.toString()).append(": expected PASS but was ").append(row.status());
        if (row.trend() == Trend.REGRESSION) sb.append(" (regression)");
        sb.append(": ").append(row.reason() == null ? "(no reason recorded)" : row.reason());
        String stdout = farm.db().results().get(row.result()).map(Result::stdout).orElse(null);
        if (stdout != null && !stdout.isEmpty()) {
            sb.append("\n--- stdout");
            if (stdout.length() > STDOUT_EXCERPT) {
                sb.append(" (first ").append(STDOUT_EXCERPT).append(" of ").append(stdout.length()).append(" chars)");
                stdout = stdout.substring(0, STDOUT_EXCERPT);
            }
            sb.append(" ---\n").append(stdout);
        }
        return sb.toString();
    }

    private static String nullToEmpty(String s) { return s == null ? "" : s; }

    /** The engine's root; carries a discovery failure and discovery's notes to execution. */
    static final class Root extends EngineDescriptor {
        final List<String> notes = new ArrayList<>();
        Throwable failure;

        Root(UniqueId id) { super(id, "binfarm"); }
    }

    /** The run's rows by cell, and which runtimes are native references. */
    static final class Verdicts {
        final Map<String, CellRow> rows = new HashMap<>();
        final Map<String, Boolean> reference = new HashMap<>();
        final boolean hasReference;

        /** @param kindOf a runtime's kind (emulator, qemu, docker) by name */
        Verdicts(java.util.function.Function<String, String> kindOf, List<CellRow> cells) {
            boolean any = false;
            for (CellRow r : cells) {
                rows.put(CellDescriptor.key(r.catalog(), r.app(), r.runtime(), r.profile()), r);
                boolean ref = reference.computeIfAbsent(r.runtime(), n -> RuntimeVersion.REFERENCE_KIND.equals(kindOf.apply(n)));
                any |= ref;
            }
            hasReference = any;
        }

        /** The reference runtime on which this failing cell's app fails too, or null. */
        String brokenOnReference(CellRow row) {
            if (row.status().passed() || reference.get(row.runtime())) return null;
            for (CellRow other : rows.values()) {
                if (!reference.get(other.runtime()) || !other.catalog().equals(row.catalog())
                        || !other.app().equals(row.app()) || !other.profile().equals(row.profile())) continue;
                if (other.status().failed()) return other.runtime();
            }
            return null;
        }
    }
}
