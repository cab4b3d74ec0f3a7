package dev.binfarm.ci;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * {@code farm ci} without the command line: runs the binfarm engine through the JUnit
 * Platform launcher, writes standard JUnit XML (the legacy XML listener writes one file for
 * the engine; {@link JUnitXml#splitByCatalog} turns it into one file per catalog), prints a
 * summary and decides the exit status against the baseline.
 */
public final class CiLauncher {
    private CiLauncher() { }

    /** What one {@code farm ci} did; {@code exitCode} is 0 without regressions, 1 with. */
    public record Outcome(long run, int cells, int passed, int failed, int skipped, List<String> regressions,
                          List<String> notes, List<Path> reports, int exitCode) { }

    /**
     * @param parameters engine configuration (binfarm.home, binfarm.catalogs, ...)
     * @param reports where the per-catalog XML files go (created)
     * @param baseline "previous" or an expectations file (see {@link Baseline})
     */
    public static Outcome run(Map<String, String> parameters, Path reports, String baseline, PrintWriter out)
            throws IOException {
        Baseline base = Baseline.parse(baseline);
        Files.createDirectories(reports);
        Path raw = Files.createTempDirectory("binfarm-ci-xml");
        CellCollector cells = new CellCollector();
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectUniqueId("[engine:" + BinfarmEngine.ID + "]"))
                    .filters(EngineFilter.includeEngines(BinfarmEngine.ID))
                    .configurationParameters(parameters)
                    .build();
            Launcher launcher = LauncherFactory.create();
            // Not closed: it wraps System.err.
            PrintWriter xmlErrors = new PrintWriter(System.err, true);
            try {
                launcher.execute(request, new LegacyXmlReportGeneratingListener(raw, xmlErrors), cells);
            } catch (org.junit.platform.commons.JUnitException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new IOException(e.getMessage() + ": " + cause, e);
            }
            xmlErrors.flush();
            if (cells.engineFailure != null) throw new IOException("binfarm engine failed: " + cells.engineFailure.getMessage(),
                    cells.engineFailure);
            if (cells.run < 0) cells.notes.add("no cells selected: nothing ran and nothing was recorded");
            List<Path> written = new ArrayList<>();
            try (Stream<Path> files = Files.list(raw)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList())
                    written.addAll(JUnitXml.splitByCatalog(f, cells.catalogs(), cells.durations, reports));
            }
            List<String> regressions = base.regressions(cells.cells);
            Outcome o = new Outcome(cells.run, cells.cells.size(), cells.count(CellCollector.Verdict.PASSED),
                    cells.count(CellCollector.Verdict.FAILED), cells.count(CellCollector.Verdict.SKIPPED), regressions,
                    List.copyOf(cells.notes), written, regressions.isEmpty() ? 0 : 1);
            print(o, base, reports, out);
            return o;
        } finally {
            try (Stream<Path> s = Files.walk(raw)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static void print(Outcome o, Baseline base, Path reports, PrintWriter out) {
        for (String n : o.notes()) out.println("note: " + n);
        for (String r : o.regressions()) out.println("REGRESSION " + r);
        out.println("binfarm ci: run " + o.run() + ": " + o.cells() + " cells, " + o.passed() + " passed, " + o.failed()
                + " failed, " + o.skipped() + " skipped; " + o.regressions().size() + " regressions against "
                + base.describe() + "; JUnit XML in " + reports);
        out.flush();
    }
}
