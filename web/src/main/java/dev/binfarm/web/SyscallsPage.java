package dev.binfarm.web;

import static dev.binfarm.web.Html.esc;

import dev.binfarm.web.Dashboard.AppSyscalls;
import dev.binfarm.web.Dashboard.Blocker;
import dev.binfarm.web.Dashboard.Coverage;
import dev.binfarm.web.Dashboard.Syscalls;
import dev.binfarm.web.Dashboard.Use;

/** Heatmap apps x syscalls, per-profile coverage, and what to implement next. */
final class SyscallsPage {
    private SyscallsPage() {}

    static String render(Syscalls s) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<h2>Implement these next</h2><p class=\"muted\">Syscalls denied by the profile or answered with ENOSYS")
                .append(" in the latest non-passing result of each app, by how many apps they block.</p>");
        if (s.next().isEmpty()) sb.append("<p class=\"muted\" id=\"next\">Nothing blocks an app.</p>");
        else {
            sb.append("<table id=\"next\" class=\"list\"><thead><tr><th>#</th><th>syscall</th><th>apps blocked</th><th>apps</th></tr></thead><tbody>");
            int rank = 1;
            for (Blocker b : s.next()) {
                sb.append("<tr><td>").append(rank++).append("</td><td>").append(esc(b.syscall())).append("</td><td>")
                        .append(b.blockedApps()).append("</td><td>").append(esc(String.join(", ", b.apps()))).append("</td></tr>");
            }
            sb.append("</tbody></table>");
        }
        sb.append("<h2>Coverage per profile</h2>");
        sb.append("<table id=\"coverage\" class=\"list\"><thead><tr><th>profile</th><th>allows</th><th>syscalls used by apps</th>")
                .append("<th>denied</th><th>coverage</th></tr></thead><tbody>");
        for (Coverage c : s.coverage()) {
            sb.append("<tr><td>").append(esc(c.profile())).append("</td><td>").append(c.unrestricted() ? "all" : c.allowedCount())
                    .append("</td><td>").append(c.used()).append("</td><td title=\"").append(esc(String.join(", ", c.deniedNames())))
                    .append("\">").append(c.denied()).append("</td><td><span class=\"bar\"><span style=\"width:")
                    .append(c.percent()).append("%\"></span></span> ").append(c.percent()).append("%</td></tr>");
        }
        sb.append("</tbody></table>");

        sb.append("<h2>Heatmap</h2><p class=\"legend\"><span class=\"key h-USED\"></span> used <span class=\"key h-FAILING\"></span>")
                .append(" failing (errors) <span class=\"key h-DENIED\"></span> denied by profile</p>");
        if (s.apps().isEmpty()) sb.append("<p class=\"muted\">No results yet.</p>");
        else {
            sb.append("<div class=\"scroll\"><table id=\"heatmap\" class=\"heatmap\"><thead><tr><th>app</th>");
            for (String sc : s.syscalls()) sb.append("<th class=\"v\"><span>").append(esc(sc)).append("</span></th>");
            sb.append("</tr></thead><tbody>");
            for (AppSyscalls a : s.apps()) {
                sb.append("<tr><td class=\"app\">").append(esc(a.catalog() + "/" + a.app())).append("</td>");
                for (String sc : s.syscalls()) {
                    Use u = a.uses().get(sc);
                    if (u == null) sb.append("<td></td>");
                    else sb.append("<td class=\"h h-").append(u.name()).append("\" title=\"").append(esc(sc)).append(": ")
                            .append(u.name().toLowerCase(java.util.Locale.ROOT)).append("\"></td>");
                }
                sb.append("</tr>");
            }
            sb.append("</tbody></table></div>");
        }
        return Html.page("Syscalls", "syscalls", sb.toString());
    }
}
