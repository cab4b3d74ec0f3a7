package dev.binfarm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.binfarm.catalog.App;
import dev.binfarm.catalog.spec.FileCheck;
import dev.binfarm.catalog.spec.HttpProbe;
import dev.binfarm.catalog.spec.OutputCheck;
import dev.binfarm.catalog.spec.Probe;
import dev.binfarm.catalog.spec.RedisProbe;
import dev.binfarm.catalog.spec.Spec;
import dev.binfarm.catalog.spec.TcpProbe;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How apps look on the command line: JSON for tools, a short description for people. */
final class AppJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AppJson() { }

    static String array(List<App> apps) {
        return write(apps.stream().map(AppJson::fields).toList());
    }

    static String object(App app) {
        Map<String, Object> m = fields(app);
        m.put("spec_detail", spec(app.spec()));
        return write(m);
    }

    static Map<String, Object> fields(App a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("kind", a.kind().label());
        m.put("elf", a.elf());
        m.put("interpreter", a.interpreter());
        m.put("root", a.root());
        m.put("filesystem", a.filesystem());
        m.put("path", a.elfPath());
        m.put("sha256", a.sha256());
        m.put("size", a.size());
        m.put("spec", a.spec().source());
        m.put("notes", a.notes());
        return m;
    }

    static Map<String, Object> spec(Spec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("argv", s.argv());
        m.put("env", s.env());
        m.put("cwd", s.cwd());
        m.put("stdin", s.stdin().isFile() ? Map.of("file", s.stdin().file()) : Map.of("text", s.stdin().text()));
        m.put("timeout_ms", s.timeout().toMillis());
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("exit", s.expect().exit() == null ? "any" : s.expect().exit());
        if (s.expect().stdout() != null) e.put("stdout", check(s.expect().stdout()));
        if (s.expect().stderr() != null) e.put("stderr", check(s.expect().stderr()));
        List<Object> files = new ArrayList<>();
        for (FileCheck f : s.expect().files()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("path", f.path());
            fm.put("exists", f.exists());
            if (f.startsWithHex() != null) fm.put("starts_with_hex", f.startsWithHex());
            if (f.content() != null) fm.putAll(check(f.content()));
            files.add(fm);
        }
        if (!files.isEmpty()) e.put("files", files);
        m.put("expect", e);
        List<Object> probes = new ArrayList<>();
        for (Probe p : s.probes()) probes.add(probe(p));
        m.put("probes", probes);
        m.put("tags", s.tags());
        return m;
    }

    private static Map<String, Object> check(OutputCheck c) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c.equals() != null) m.put("equals", c.equals());
        if (!c.contains().isEmpty()) m.put("contains", c.contains());
        if (c.regex() != null) m.put("regex", c.regex().pattern());
        return m;
    }

    private static Map<String, Object> probe(Probe p) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (p) {
            case TcpProbe t -> m.put("tcp", Map.of("port", t.port()));
            case HttpProbe h -> {
                Map<String, Object> hm = new LinkedHashMap<>();
                hm.put("port", h.port());
                hm.put("method", h.method());
                hm.put("path", h.path());
                hm.put("status", h.status());
                if (h.bodyContains() != null) hm.put("body_contains", h.bodyContains());
                m.put("http", hm);
            }
            case RedisProbe r -> m.put("redis", Map.of("port", r.port(), "send", r.send(), "expect", r.expect()));
        }
        return m;
    }

    static void describe(App a, PrintWriter out) {
        out.printf("app          %s%n", a.name());
        out.printf("kind         %s%n", a.kind().label());
        out.printf("program      %s (in the catalog: %s, %d bytes)%n", a.elf(), a.elfPath(), a.size());
        out.printf("interpreter  %s%n", a.interpreter() == null ? "none" : a.interpreter());
        out.printf("root         %s%n", a.root().isEmpty() ? "(top of the catalog)" : a.root());
        out.printf("filesystem   %s%n", a.filesystem().isEmpty() ? "(top of the catalog)" : a.filesystem() + "/");
        out.printf("sha256       %s%n", a.sha256());
        for (String n : a.notes()) out.printf("note         %s%n", n);
        Spec s = a.spec();
        out.printf("spec         %s%n", s.source());
        out.printf("  argv       %s%n", String.join(" ", s.argv().stream().map(AppJson::shellQuote).toList()));
        if (!s.env().isEmpty()) out.printf("  env        %s%n", s.env());
        if (!s.cwd().equals("/")) out.printf("  cwd        %s%n", s.cwd());
        if (s.stdin().isFile()) out.printf("  stdin      < %s%n", s.stdin().file());
        else if (!s.stdin().text().isEmpty()) out.printf("  stdin      %s%n", quote(s.stdin().text()));
        out.printf("  timeout    %ss%n", s.timeout().toMillis() / 1000.0);
        if (s.isServer()) {
            for (Probe p : s.probes()) out.printf("  probe      %s%n", describe(p));
        } else {
            out.printf("  exit       %s%n", s.expect().exit() == null ? "any (not killed by a signal)" : s.expect().exit());
            if (s.expect().stdout() != null) out.printf("  stdout     %s%n", describe(s.expect().stdout()));
            if (s.expect().stderr() != null) out.printf("  stderr     %s%n", describe(s.expect().stderr()));
            for (FileCheck f : s.expect().files())
                out.printf("  file       %s %s%s%n", f.path(), f.exists() ? "exists" : "absent",
                        (f.startsWithHex() != null ? ", starts with " + f.startsWithHex() : "")
                                + (f.content() != null ? ", " + describe(f.content()) : ""));
        }
        if (!s.tags().isEmpty()) out.printf("  tags       %s%n", String.join(", ", s.tags()));
    }

    private static String describe(OutputCheck c) {
        List<String> parts = new ArrayList<>();
        if (c.equals() != null) parts.add("equals " + quote(c.equals()));
        if (!c.contains().isEmpty()) parts.add("contains " + String.join(", ", c.contains().stream().map(AppJson::quote).toList()));
        if (c.regex() != null) parts.add("matches /" + c.regex().pattern() + "/");
        return String.join(", ", parts);
    }

    private static String describe(Probe p) {
        return switch (p) {
            case TcpProbe t -> "tcp connect to port " + t.port();
            case HttpProbe h -> "http " + h.method() + " " + h.path() + " on port " + h.port() + " -> status " + h.status()
                    + (h.bodyContains() != null ? ", body contains " + quote(h.bodyContains()) : "");
            case RedisProbe r -> "redis on port " + r.port() + ": send " + String.join(" / ", r.send())
                    + ", expect " + String.join(" / ", r.expect());
        };
    }

    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_/.,:=+^-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + "\"";
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
