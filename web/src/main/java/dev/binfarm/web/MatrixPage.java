package dev.binfarm.web;

import static dev.binfarm.web.Html.esc;

import dev.binfarm.results.ResultStatus;
import dev.binfarm.web.Dashboard.Badge;
import dev.binfarm.web.Dashboard.Column;
import dev.binfarm.web.Dashboard.Matrix;
import dev.binfarm.web.Dashboard.Row;
import java.util.List;

/** Apps grouped by catalog x runtime/profile columns, latest status per cell. */
final class MatrixPage {
    private MatrixPage() {}

    static String render(Matrix m) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<form id=\"filters\" method=\"get\" action=\"/matrix\" class=\"filters\">");
        select(sb, "catalog", "Catalog", m.catalogs(), m.filter().catalog());
        List<String> statuses = new java.util.ArrayList<>();
        for (ResultStatus s : ResultStatus.values()) statuses.add(s.name());
        for (Dashboard.Mark mark : Dashboard.Mark.values()) statuses.add(mark.label());
        select(sb, "status", "Status", statuses, m.filter().status());
        select(sb, "runtime", "Runtime", m.runtimes(), m.filter().runtime());
        sb.append("<button type=\"submit\" id=\"apply\">Filter</button> <a href=\"/matrix\">clear</a></form>\n");
        if (m.rows().isEmpty()) {
            sb.append("<p class=\"empty\">No results match.</p>");
            return Html.page("Matrix", "matrix", sb.toString());
        }
        sb.append("<p class=\"legend\"><span class=\"mark regression\">\u25bc</span> regression (PASS before) ")
                .append("<span class=\"mark fixed\">\u25b2</span> fixed ")
                .append("<span class=\"mark broken\">\u2716</span> broken app (the native reference fails it too)</p>");
        sb.append("<table id=\"matrix\" class=\"matrix\"><thead><tr><th>app</th>");
        for (Column c : m.columns()) {
            sb.append("<th title=\"").append(esc(c.runtimeKind() + "/" + c.runtimeName() + " " + c.runtimeVersion()))
                    .append("\">").append(esc(c.runtimeName())).append("<br><small>").append(esc(c.runtimeVersion()))
                    .append(" / ").append(esc(c.profileName())).append("</small></th>");
        }
        sb.append("</tr></thead><tbody>");
        String catalog = null;
        for (Row r : m.rows()) {
            if (!r.catalog().equals(catalog)) {
                catalog = r.catalog();
                sb.append("<tr class=\"group\"><th colspan=\"").append(m.columns().size() + 1).append("\">")
                        .append(esc(catalog)).append("</th></tr>");
            }
            sb.append("<tr data-app=\"").append(esc(r.app())).append("\"><td class=\"app\">").append(esc(r.app())).append("</td>");
            for (Badge b : r.cells()) {
                if (b == null) {
                    sb.append("<td class=\"none\">\u2013</td>");
                    continue;
                }
                sb.append("<td><a class=\"badge s-").append(b.status().name()).append("\" href=\"/cells/").append(b.result())
                        .append("\" title=\"run ").append(b.run()).append("\">").append(b.status().name()).append("</a>");
                if (b.mark() != null) sb.append(mark(b.mark()));
                sb.append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>");
        return Html.page("Matrix", "matrix", sb.toString());
    }

    private static void select(StringBuilder sb, String name, String label, List<String> options, String chosen) {
        sb.append("<label>").append(label).append(" <select name=\"").append(name).append("\" id=\"f-").append(name)
                .append("\"><option value=\"\">all</option>");
        for (String o : options) {
            sb.append("<option value=\"").append(esc(o)).append('"').append(o.equals(chosen) ? " selected" : "")
                    .append('>').append(esc(o)).append("</option>");
        }
        sb.append("</select></label> ");
    }

    private static String mark(Dashboard.Mark m) {
        String symbol = switch (m) {
            case REGRESSION -> "\u25bc";
            case FIXED -> "\u25b2";
            case BROKEN -> "\u2716";
        };
        return "<span class=\"mark " + m.label() + "\" title=\"" + m.label() + "\">" + symbol + "</span>";
    }
}
