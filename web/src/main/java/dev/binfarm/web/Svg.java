package dev.binfarm.web;

import dev.binfarm.results.ResultStatus;
import java.util.List;

/** Charts as inline SVG, drawn on the server (no script needed, nothing to escape but titles). */
final class Svg {
    private Svg() {}

    static String color(ResultStatus s) {
        return switch (s) {
            case PASS -> "#2e7d32";
            case FAIL -> "#c62828";
            case CRASH -> "#6a1b9a";
            case TIMEOUT -> "#ef6c00";
            case ERROR -> "#455a64";
            case SKIPPED -> "#9e9e9e";
            default -> "#9e9e9e"; // a status added to the store later still draws
        };
    }

    /** One bar per result, oldest left; a passing bar is tall, others short, coloured by status. */
    static String sparkline(List<ResultStatus> oldestFirst, List<String> titles) {
        int w = 8, gap = 2, h = 24;
        int width = Math.max(1, oldestFirst.size() * (w + gap));
        StringBuilder sb = new StringBuilder("<svg class=\"sparkline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width).append("\" height=\"").append(h).append("\" role=\"img\" aria-label=\"status history\">");
        for (int i = 0; i < oldestFirst.size(); i++) {
            ResultStatus s = oldestFirst.get(i);
            int bar = s == ResultStatus.PASS ? h : h / 2;
            sb.append("<rect x=\"").append(i * (w + gap)).append("\" y=\"").append(h - bar).append("\" width=\"").append(w)
                    .append("\" height=\"").append(bar).append("\" fill=\"").append(color(s)).append("\"><title>")
                    .append(Html.esc(titles.get(i))).append("</title></rect>");
        }
        return sb.append("</svg>").toString();
    }

    /** Two lines over the runs, oldest left: passing and not-passing cell counts. */
    static String runChart(List<String> labels, int[] pass, int[] fail) {
        int width = 720, height = 220, left = 40, right = 10, top = 10, bottom = 30;
        int n = labels.size();
        int max = 1;
        for (int i = 0; i < n; i++) max = Math.max(max, Math.max(pass[i], fail[i]));
        double plotW = width - left - right, plotH = height - top - bottom;
        StringBuilder sb = new StringBuilder("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"PASS and FAIL counts per run\">");
        sb.append("<line x1=\"").append(left).append("\" y1=\"").append(top + plotH).append("\" x2=\"").append(width - right)
                .append("\" y2=\"").append(top + plotH).append("\" stroke=\"#888\"/>");
        sb.append("<line x1=\"").append(left).append("\" y1=\"").append(top).append("\" x2=\"").append(left)
                .append("\" y2=\"").append(top + plotH).append("\" stroke=\"#888\"/>");
        sb.append("<text x=\"").append(left - 4).append("\" y=\"").append(top + 10).append("\" text-anchor=\"end\" font-size=\"10\">")
                .append(max).append("</text><text x=\"").append(left - 4).append("\" y=\"").append(top + plotH)
                .append("\" text-anchor=\"end\" font-size=\"10\">0</text>");
        for (int series = 0; series < 2; series++) {
            int[] values = series == 0 ? pass : fail;
            String color = series == 0 ? Svg.color(ResultStatus.PASS) : Svg.color(ResultStatus.FAIL);
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double x = left + (n == 1 ? plotW / 2 : plotW * i / (n - 1));
                double y = top + plotH - plotH * values[i] / max;
                points.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x, y));
                dots.append(String.format(java.util.Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>",
                        x, y, color)).append(Html.esc(labels.get(i) + ": " + values[i] + (series == 0 ? " PASS" : " not PASS")))
                        .append("</title></circle>");
            }
            sb.append("<polyline class=\"").append(series == 0 ? "pass" : "fail").append("\" fill=\"none\" stroke=\"")
                    .append(color).append("\" stroke-width=\"2\" points=\"").append(points.toString().strip()).append("\"/>")
                    .append(dots);
        }
        sb.append("<text x=\"").append(left).append("\" y=\"").append(height - 8).append("\" font-size=\"11\" fill=\"")
                .append(Svg.color(ResultStatus.PASS)).append("\">\u25cf PASS</text><text x=\"").append(left + 60).append("\" y=\"")
                .append(height - 8).append("\" font-size=\"11\" fill=\"").append(Svg.color(ResultStatus.FAIL))
                .append("\">\u25cf FAIL/CRASH/TIMEOUT/ERROR</text>");
        return sb.append("</svg>").toString();
    }
}
