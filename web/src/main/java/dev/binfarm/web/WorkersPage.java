package dev.binfarm.web;

import static dev.binfarm.web.Html.esc;

import java.time.Instant;

/** Cluster nodes, their check-ins, running cells, queue length. */
final class WorkersPage {
    private WorkersPage() {}

    static String render(WorkersView.Snapshot s, Instant now) {
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
        sb.append("</tbody></table>");
        return Html.page("Workers", "workers", sb.toString());
    }
}
