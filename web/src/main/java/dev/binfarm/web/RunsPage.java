package dev.binfarm.web;

import static dev.binfarm.web.Html.esc;

import dev.binfarm.results.ResultStatus;
import dev.binfarm.web.Dashboard.RunRow;
import java.util.ArrayList;
import java.util.List;

/** Run history: PASS/FAIL chart and each run's counts and changed inputs. */
final class RunsPage {
    private RunsPage() {}

    static String render(List<RunRow> runs) {
        StringBuilder sb = new StringBuilder(32 * 1024);
        if (runs.isEmpty()) return Html.page("Runs", "runs", "<p class=\"muted\">No runs yet.</p>");
        List<RunRow> oldest = new ArrayList<>(runs).reversed();
        List<String> labels = new ArrayList<>();
        int[] pass = new int[oldest.size()], fail = new int[oldest.size()];
        for (int i = 0; i < oldest.size(); i++) {
            RunRow r = oldest.get(i);
            labels.add("run " + r.run().id() + " " + Html.time(r.run().started()));
            pass[i] = r.count(ResultStatus.PASS);
            fail[i] = r.notPassing();
        }
        sb.append("<div id=\"chart\">").append(Svg.runChart(labels, pass, fail)).append("</div>");
        sb.append("<table id=\"runs\" class=\"list\"><thead><tr><th>run</th><th>trigger</th><th>started</th><th>finished</th>")
                .append("<th>status</th>");
        for (ResultStatus s : ResultStatus.values()) sb.append("<th>").append(s.name()).append("</th>");
        sb.append("<th>changed inputs</th></tr></thead><tbody>");
        for (RunRow r : runs) {
            sb.append("<tr id=\"run-").append(r.run().id()).append("\"><td>").append(r.run().id()).append("</td><td>")
                    .append(esc(r.run().trigger().label())).append("</td><td>").append(Html.time(r.run().started()))
                    .append("</td><td>").append(Html.time(r.run().finished())).append("</td><td>")
                    .append(r.run().status().name()).append("</td>");
            for (ResultStatus s : ResultStatus.values()) sb.append("<td>").append(r.count(s)).append("</td>");
            sb.append("<td>");
            if (r.changes().isEmpty()) sb.append("<span class=\"muted\">none</span>");
            else sb.append("<ul>").append(String.join("", r.changes().stream().map(c -> "<li>" + esc(c) + "</li>").toList())).append("</ul>");
            sb.append("</td></tr>");
        }
        sb.append("</tbody></table>");
        return Html.page("Runs", "runs", sb.toString());
    }
}
