package dev.binfarm.web;

import static dev.binfarm.web.Html.esc;

import java.time.Instant;

/** Cluster nodes, their check-ins, running cells, queue length. */
final class WorkersPage {
    private WorkersPage() {}

    static String render(WorkersView.Snapshot s, Instant now, java.util.List<Dashboard.RunRow> active) {
        StringBuilder sb = new StringBuilder(4096);
        if (s.note() != null) sb.append("<p class=\"muted\" id=\"note\">").append(esc(s.note())).append("</p>");
        sb.append("<p>Queued cells: <strong id=\"queued\">").append(s.queued()).append("</strong></p>");
        sb.append("<h2>Nodes</h2><table id=\"nodes\" class=\"list\"><thead><tr><th>node</th><th>last check-in</th>")
                .append("<th>interval</th><th>state</th></tr></thead><tbody>");
        for (WorkersView.Node n : s.nodes()) {
            sb.append("<tr><td>").append(esc(n.name())).append("</td><td>").append(Html.time(n.lastCheckIn())).append("</td><td>")
                    .append(n.checkInIntervalMs()).append(" ms</td><td>").append(n.stale(now) ? "<span class=\"stale\">stale</span>" : "alive")
                    .append("</td></tr>");
        }
        sb.append("</tbody></table><h2>Running</h2><table id=\"running\" class=\"list\"><thead><tr><th>node</th><th>cell</th>")
                .append("<th>since</th></tr></thead><tbody>");
        for (WorkersView.Running r : s.running()) {
            sb.append("<tr><td>").append(esc(r.node())).append("</td><td>").append(esc(r.job())).append("</td><td>")
                    .append(Html.time(r.fired())).append("</td></tr>");
        }
        sb.append("</tbody></table><h2>Runs in progress</h2>");
        if (active.isEmpty()) sb.append("<p class=\"muted\" id=\"active\">None.</p>");
        else {
            sb.append("<table id=\"active\" class=\"list\"><thead><tr><th>run</th><th>trigger</th><th>started</th>")
                    .append("<th>results so far</th></tr></thead><tbody>");
            for (Dashboard.RunRow r : active) {
                int results = r.counts().values().stream().mapToInt(Integer::intValue).sum();
                sb.append("<tr><td><a href=\"/runs#run-").append(r.run().id()).append("\">").append(r.run().id())
                        .append("</a></td><td>").append(esc(r.run().trigger().label())).append("</td><td>")
                        .append(Html.time(r.run().started())).append("</td><td>").append(results).append("</td></tr>");
            }
            sb.append("</tbody></table>");
        }
        return Html.page("Workers", "workers", sb.toString());
    }
}
