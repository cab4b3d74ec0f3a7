package dev.binfarm.ci;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** Collects what the launcher saw of the binfarm engine: the run id, notes and every cell's verdict. */
final class CellCollector implements TestExecutionListener {
    enum Verdict { PASSED, FAILED, SKIPPED }

    /** One cell as reported; {@code trend} is "regression", "fixed" or null; {@code message} the failure or skip reason. */
    record Cell(String catalog, String app, String runtime, String profile, Verdict verdict, String trend, String message) {
        String name() { return catalog + "/" + app + " on " + runtime + " (" + profile + ")"; }
    }

    final List<Cell> cells = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    long run = -1;
    Throwable engineFailure;
    private final java.util.Map<String, String> trends = new java.util.HashMap<>();
    /** Cell durations the farm measured, by testcase (name, classname): the XML's times would only measure the reporting. */
    final java.util.Map<String, Long> durations = new java.util.HashMap<>();
    private org.junit.platform.launcher.TestPlan plan;

    @Override
    public void testPlanExecutionStarted(org.junit.platform.launcher.TestPlan testPlan) {
        plan = testPlan;
    }

    private String parentLegacy(TestIdentifier id) {
        return plan == null ? "" : plan.getParent(id).map(TestIdentifier::getLegacyReportingName).orElse("");
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        entry.getKeyValuePairs().forEach((k, v) -> {
            switch (k) {
                case "binfarm.run" -> run = Long.parseLong(v);
                // Discovery and the orchestrator both sync, so the same note can come twice.
                case "binfarm.note" -> { if (!notes.contains(v)) notes.add(v); }
                case "binfarm.trend" -> trends.put(id.getUniqueId(), v);
                case "binfarm.durationMs" -> durations.put(id.getLegacyReportingName() + "\u0000" + parentLegacy(id), Long.parseLong(v));
                default -> { }
            }
        });
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (isCell(id)) cells.add(cell(id, Verdict.SKIPPED, reason));
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (isCell(id)) {
            boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
            cells.add(cell(id, ok ? Verdict.PASSED : Verdict.FAILED,
                    result.getThrowable().map(Throwable::getMessage).orElse(null)));
        } else if (id.getParentId().isEmpty() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            engineFailure = result.getThrowable().orElse(new IllegalStateException(result.toString()));
        }
    }

    private static boolean isCell(TestIdentifier id) {
        return id.isTest() && id.getUniqueIdObject().getLastSegment().getType().equals(Descriptors.CELL);
    }

    private Cell cell(TestIdentifier id, Verdict v, String message) {
        String catalog = null, app = null, rp = null;
        for (UniqueId.Segment s : id.getUniqueIdObject().getSegments()) {
            switch (s.getType()) {
                case Descriptors.CATALOG -> catalog = s.getValue();
                case Descriptors.APP -> app = s.getValue();
                case Descriptors.CELL -> rp = s.getValue();
                default -> { }
            }
        }
        int slash = rp.indexOf('/');
        return new Cell(catalog, app, rp.substring(0, slash), rp.substring(slash + 1), v, trends.get(id.getUniqueId()), message);
    }

    int count(Verdict v) {
        return (int) cells.stream().filter(c -> c.verdict() == v).count();
    }

    Set<String> catalogs() {
        Set<String> out = new LinkedHashSet<>();
        for (Cell c : cells) out.add(c.catalog());
        return out;
    }
}
