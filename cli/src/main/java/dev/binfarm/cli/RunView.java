package dev.binfarm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binfarm.orchestrator.CellRow;
import dev.binfarm.orchestrator.Trend;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.Run;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** How `farm run` and `farm results` show a run: the matrix table with a summary line, or JSON. */
final class RunView {
    private RunView() { }

    static void table(PrintWriter out, Run run, List<CellRow> cells) {
        Table t = new Table("CATALOG", "APP", "RUNTIME", "PROFILE", "STATUS", "TREND", "WORKER", "MS", "REASON");
        for (CellRow c : cells)
            t.row(c.catalog(), c.app(), c.runtime(), c.profile(), c.status(), c.trend() == null ? null : c.trend().label(),
                    c.worker(), c.durationMs(), c.reason() == null ? null : oneLine(c.reason()));
        t.print(out);
        out.println();
        out.println(summaryLine(run, cells));
        out.flush();
    }

    static String summaryLine(Run run, List<CellRow> cells) {
        StringBuilder sb = new StringBuilder("run " + run.id() + " " + run.status().name().toLowerCase() + ": "
                + cells.size() + " cells");
        for (Map.Entry<ResultStatus, Integer> e : counts(cells).entrySet())
            sb.append(", ").append(e.getValue()).append(' ').append(e.getKey());
        sb.append("; ").append(trends(cells, Trend.REGRESSION)).append(" regressions, ")
                .append(trends(cells, Trend.FIXED)).append(" fixed");
        long broken = trends(cells, Trend.BROKEN);
        if (broken > 0) sb.append(", ").append(broken).append(" broken apps (fail on the native reference too)");
        return sb.toString();
    }

    static void json(PrintWriter out, Run run, List<CellRow> cells) throws Exception {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("run", run.id());
        root.put("trigger", run.trigger().label());
        root.put("status", run.status().name());
        ArrayNode arr = root.putArray("cells");
        for (CellRow c : cells) {
            ObjectNode n = arr.addObject();
            n.put("catalog", c.catalog());
            n.put("app", c.app());
            n.put("runtime", c.runtime());
            n.put("profile", c.profile());
            n.put("status", c.status().name());
            n.put("regression", c.regression());
            n.put("fixed", c.trend() == Trend.FIXED);
            n.put("brokenApp", c.trend() == Trend.BROKEN);
            n.put("reason", c.reason());
            n.put("worker", c.worker());
            n.put("attempts", c.attempts());
            n.put("durationMs", c.durationMs());
        }
        ObjectNode s = root.putObject("summary");
        s.put("cells", cells.size());
        for (ResultStatus st : ResultStatus.values()) s.put(st.name(), counts(cells).getOrDefault(st, 0));
        s.put("regressions", trends(cells, Trend.REGRESSION));
        s.put("fixed", trends(cells, Trend.FIXED));
        s.put("brokenApps", trends(cells, Trend.BROKEN));
        out.println(m.writeValueAsString(root));
        out.flush();
    }

    private static Map<ResultStatus, Integer> counts(List<CellRow> cells) {
        Map<ResultStatus, Integer> n = new EnumMap<>(ResultStatus.class);
        for (CellRow c : cells) n.merge(c.status(), 1, Integer::sum);
        return n;
    }

    private static long trends(List<CellRow> cells, Trend t) {
        return cells.stream().filter(c -> c.trend() == t).count();
    }

    private static String oneLine(String s) {
        String line = s.strip().replace('\n', ' ');
        return line.length() > 100 ? line.substring(0, 97) + "..." : line;
    }
}
