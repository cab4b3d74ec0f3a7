package dev.binfarm.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one escaping helper and the page frame. Every string from the store goes through {@link #esc}. */
final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Html() {}

    /** Text and attribute values (always quoted with "). */
    static String esc(Object value) {
        if (value == null) return "";
        String s = value.toString();
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            String rep = switch (ch) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep == null && ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') rep = "\uFFFD"; // guest control bytes
            if (rep == null) {
                if (sb != null) sb.append(ch);
            } else {
                if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                sb.append(rep);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** For query strings in links. */
    static String url(String value) {
        return java.net.URLEncoder.encode(value == null ? "" : value, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String page(String title, String active, String body) {
        StringBuilder sb = new StringBuilder(body.length() + 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" \u2014 binfarm</title>")
                .append("<link rel=\"stylesheet\" href=\"/static/style.css\"></head><body>")
                .append("<header><span class=\"brand\">binfarm</span><nav>");
        for (String[] item : new String[][] {{"matrix", "Matrix"}, {"syscalls", "Syscalls"}, {"runs", "Runs"}, {"workers", "Workers"}}) {
            sb.append("<a href=\"/").append(item[0]).append('"').append(item[0].equals(active) ? " class=\"active\"" : "")
                    .append('>').append(item[1]).append("</a>");
        }
        sb.append("</nav></header><main><h1>").append(esc(title)).append("</h1>\n").append(body)
                .append("</main></body></html>\n");
        return sb.toString();
    }

    static String badge(dev.binfarm.results.ResultStatus s) {
        return "<span class=\"badge s-" + s.name() + "\">" + s.name() + "</span>";
    }
}
