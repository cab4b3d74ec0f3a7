package dev.binfarm.web;

import static dev.binfarm.web.Html.esc;

import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.SyscallUsage;
import dev.binfarm.web.Dashboard.CellView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One result of one cell: what ran, how it ended, its history, output, syscalls, diff, rerun. */
final class CellPage {
    /** Shown per stream; the full text is a download away. */
    static final int SHOWN_CHARS = 16 * 1024;

    private CellPage() {}

    /** {@code rerunRun}: a rerun just started (its run id), else null. */
    static String render(CellView v, String csrf, boolean authorized, boolean rerunEnabled, Long rerunRun) {
        Result r = v.result();
        StringBuilder sb = new StringBuilder(16 * 1024);
        if (rerunRun != null) sb.append("<p class=\"notice\" id=\"rerun-notice\">Rerun started as run ").append(rerunRun)
                .append(".</p>");
        if (v.latestResult() != r.id()) sb.append("<p class=\"notice\">A newer result exists: <a href=\"/cells/")
                .append(v.latestResult()).append("\">result ").append(v.latestResult()).append("</a>.</p>");
        sb.append("<table class=\"facts\" id=\"facts\">");
        fact(sb, "catalog", esc(v.catalog()));
        fact(sb, "app", esc(r.appName()));
        fact(sb, "runtime", esc(v.runtime().kind() + "/" + v.runtime().name() + " " + v.runtime().version()));
        fact(sb, "profile", esc(v.profile().name()) + (v.profile().unrestricted() ? " (all syscalls)"
                : " (" + v.profile().syscalls().size() + " syscalls)"));
        if (v.app() != null) {
            fact(sb, "argv", "<code>" + esc(v.app().elf()) + "</code>");
            fact(sb, "program", esc(v.app().kind() + (v.app().interpreter() == null ? "" : ", interpreter " + v.app().interpreter())
                    + (v.app().sha256() == null ? "" : ", sha256 " + v.app().sha256())));
            fact(sb, "spec", esc(v.app().specSource() == null ? "default" : v.app().specSource()));
            if (!v.app().notes().isEmpty()) fact(sb, "notes", esc(String.join("; ", v.app().notes())));
        }
        fact(sb, "result", "<span id=\"result-id\">" + r.id() + "</span> in <a href=\"/runs#run-" + r.run() + "\">run "
                + r.run() + "</a>");
        fact(sb, "status", "<span id=\"status\">" + Html.badge(r.status()) + "</span>"
                + (r.exitCode() == null ? "" : " exit " + r.exitCode()) + (r.signal() == null ? "" : " signal " + r.signal()));
        fact(sb, "duration", r.durationMs() + " ms" + (r.instructions() == null ? "" : ", " + r.instructions() + " instructions"));
        fact(sb, "worker", esc(r.worker()));
        fact(sb, "when", Html.time(r.started()) + " \u2013 " + Html.time(r.finished()));
        sb.append("</table>\n");

        List<Result> oldest = new ArrayList<>(v.history()).reversed();
        List<ResultStatus> statuses = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (Result h : oldest) {
            statuses.add(h.status());
            titles.add("run " + h.run() + ": " + h.status());
        }
        sb.append("<h2>History</h2><p id=\"history\" data-count=\"").append(oldest.size()).append("\">")
                .append(Svg.sparkline(statuses, titles)).append(' ');
        for (Result h : v.history()) {
            sb.append(h.id() == r.id() ? "<strong>" : "<a href=\"/cells/" + h.id() + "\">").append("run ").append(h.run())
                    .append(h.id() == r.id() ? "</strong>" : "</a>").append(' ');
        }
        sb.append("</p>\n");

        sb.append("<h2>Rerun</h2>");
        if (!rerunEnabled) {
            sb.append("<p>Reruns are disabled: <code>farm serve</code> was started without a token.</p>");
        } else {
            sb.append("<form id=\"rerun\" method=\"post\" action=\"/api/rerun\">")
                    .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf)).append("\">")
                    .append("<input type=\"hidden\" name=\"back\" value=\"").append(r.id()).append("\">")
                    .append("<input type=\"hidden\" name=\"catalog\" value=\"").append(esc(v.catalog())).append("\">")
                    .append("<input type=\"hidden\" name=\"app\" value=\"").append(esc(r.appName())).append("\">")
                    .append("<input type=\"hidden\" name=\"runtime\" value=\"").append(esc(v.runtime().name())).append("\">")
                    .append("<input type=\"hidden\" name=\"profile\" value=\"").append(esc(v.profile().name())).append("\">");
            if (!authorized) sb.append("<label>token <input type=\"password\" name=\"token\" id=\"token\" autocomplete=\"off\"></label> ");
            sb.append("<button type=\"submit\" id=\"rerun-button\">Rerun this cell</button></form>\n");
        }

        output(sb, "stdout", r.id(), r.stdout());
        output(sb, "stderr", r.id(), r.stderr());
        if (r.crash() != null && !r.crash().isEmpty()) output(sb, "crash", r.id(), r.crash());
        sb.append("<p class=\"muted\">No strace log is stored for this result.</p>");

        sb.append("<h2>Syscalls</h2>");
        if (v.syscalls().isEmpty()) sb.append("<p class=\"muted\">No syscall usage recorded.</p>");
        else {
            sb.append("<table id=\"syscalls\" class=\"list\"><thead><tr><th>nr</th><th>name</th><th>calls</th><th>errors</th>")
                    .append("<th>denied by profile</th></tr></thead><tbody>");
            for (SyscallUsage u : v.syscalls()) {
                long errors = 0;
                StringBuilder hist = new StringBuilder();
                for (Map.Entry<String, Long> e : u.errnos().entrySet()) {
                    errors += e.getValue();
                    if (!hist.isEmpty()) hist.append(", ");
                    hist.append(e.getKey()).append(' ').append(e.getValue());
                }
                sb.append("<tr").append(u.deniedByProfile() ? " class=\"denied\"" : "").append("><td>").append(u.nr())
                        .append("</td><td>").append(esc(u.name())).append("</td><td>").append(u.calls()).append("</td><td>")
                        .append(errors).append(errors == 0 ? "" : " (" + esc(hist) + ")").append("</td><td>")
                        .append(u.deniedByProfile() ? "denied" : "").append("</td></tr>");
            }
            sb.append("</tbody></table>\n");
        }

        sb.append("<h2>Diff against the previous result</h2>");
        Result p = v.previous();
        if (p == null) sb.append("<p class=\"muted\" id=\"diff\">No earlier result in this cell.</p>");
        else {
            sb.append("<div id=\"diff\"><p>Previous: <a href=\"/cells/").append(p.id()).append("\">run ").append(p.run())
                    .append("</a> ").append(Html.badge(p.status())).append(p.exitCode() == null ? "" : " exit " + p.exitCode())
                    .append(" \u2192 ").append(Html.badge(r.status())).append(r.exitCode() == null ? "" : " exit " + r.exitCode())
                    .append("</p>");
            diff(sb, "stdout", p.stdout(), r.stdout());
            diff(sb, "stderr", p.stderr(), r.stderr());
            sb.append("</div>");
        }
        return Html.page(r.appName() + " \u2014 " + v.runtime().name() + " / " + v.profile().name(), "matrix", sb.toString());
    }

    private static void fact(StringBuilder sb, String name, String html) {
        sb.append("<tr><th>").append(name).append("</th><td>").append(html).append("</td></tr>");
    }

    private static void output(StringBuilder sb, String stream, long id, String text) {
        sb.append("<h2>").append(stream).append("</h2>");
        if (text == null || text.isEmpty()) {
            sb.append("<p class=\"muted\">(empty)</p>");
            return;
        }
        boolean cut = text.length() > SHOWN_CHARS;
        sb.append("<pre class=\"output\" id=\"").append(stream).append("\">").append(esc(cut ? text.substring(0, SHOWN_CHARS) : text))
                .append("</pre>");
        sb.append("<p class=\"muted\">").append(text.length()).append(" characters").append(cut ? ", first " + SHOWN_CHARS + " shown" : "")
                .append(" \u2014 <a href=\"/cells/").append(id).append('/').append(stream).append(".txt\">download</a></p>");
    }

    private static void diff(StringBuilder sb, String stream, String before, String after) {
        List<LineDiff.Line> lines = LineDiff.diff(before, after);
        if (lines == null) {
            sb.append("<p class=\"muted\">").append(stream).append(": too long to diff.</p>");
            return;
        }
        boolean changed = lines.stream().anyMatch(l -> l.kind() != LineDiff.Kind.SAME);
        if (!changed) {
            sb.append("<p class=\"muted\">").append(stream).append(": unchanged.</p>");
            return;
        }
        sb.append("<pre class=\"diff\" id=\"diff-").append(stream).append("\">");
        for (LineDiff.Line l : lines) {
            switch (l.kind()) {
                case SAME -> sb.append("  ").append(esc(l.text()));
                case ADDED -> sb.append("<ins>+ ").append(esc(l.text())).append("</ins>");
                case REMOVED -> sb.append("<del>- ").append(esc(l.text())).append("</del>");
            }
            sb.append('\n');
        }
        sb.append("</pre>");
    }
}
