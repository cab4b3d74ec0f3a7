package dev.binfarm.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.SyscallUsage;
import dev.binfarm.web.Dashboard.Badge;
import dev.binfarm.web.Dashboard.Column;
import dev.binfarm.web.Dashboard.RunRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the API (documented in web/README.md): built explicitly from the
 * views so the wire format does not follow internal renames.
 */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Api() {}

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> matrix(Dashboard.Matrix m) {
        List<Object> columns = new ArrayList<>();
        for (Column c : m.columns()) {
            columns.add(obj("runtimeId", c.runtime(), "runtimeKind", c.runtimeKind(), "runtime", c.runtimeName(),
                    "version", c.runtimeVersion(), "profileId", c.profile(), "profile", c.profileName()));
        }
        List<Object> rows = new ArrayList<>();
        for (Dashboard.Row r : m.rows()) {
            List<Object> cells = new ArrayList<>();
            for (Badge b : r.cells()) {
                cells.add(b == null ? null : obj("result", b.result(), "run", b.run(), "status", b.status().name(),
                        "mark", b.mark() == null ? null : b.mark().label()));
            }
            rows.add(obj("catalog", r.catalog(), "app", r.app(), "cells", cells));
        }
        return obj("filter", obj("catalog", m.filter().catalog(), "status", m.filter().status(), "runtime", m.filter().runtime()),
                "columns", columns, "rows", rows);
    }

    static Map<String, Object> cell(Dashboard.CellView v) {
        Result r = v.result();
        List<Object> history = new ArrayList<>();
        for (Result h : v.history()) history.add(obj("result", h.id(), "run", h.run(), "status", h.status().name()));
        List<Object> syscalls = new ArrayList<>();
        for (SyscallUsage u : v.syscalls()) {
            syscalls.add(obj("nr", u.nr(), "name", u.name(), "calls", u.calls(), "errnos", u.errnos(),
                    "deniedByProfile", u.deniedByProfile()));
        }
        return obj("id", r.id(), "run", r.run(), "catalog", v.catalog(), "app", r.appName(),
                "argv", v.app() == null ? null : List.of(v.app().elf()),
                "spec", v.app() == null ? null : v.app().specSource(),
                "runtime", obj("id", v.runtime().id(), "kind", v.runtime().kind(), "name", v.runtime().name(),
                        "version", v.runtime().version()),
                "profile", v.profile().name(), "status", r.status().name(), "exitCode", r.exitCode(), "signal", r.signal(),
                "durationMs", r.durationMs(), "instructions", r.instructions(), "stdout", r.stdout(), "stderr", r.stderr(),
                "crash", r.crash(), "worker", r.worker(), "started", str(r.started()), "finished", str(r.finished()),
                "previous", v.previous() == null ? null : v.previous().id(), "latest", v.latestResult(),
                "history", history, "syscalls", syscalls);
    }

    static List<Object> runs(List<RunRow> runs) {
        List<Object> out = new ArrayList<>();
        for (RunRow r : runs) {
            Map<String, Object> counts = new LinkedHashMap<>();
            for (ResultStatus s : ResultStatus.values()) counts.put(s.name(), r.count(s));
            out.add(obj("id", r.run().id(), "trigger", r.run().trigger().label(), "started", str(r.run().started()),
                    "finished", str(r.run().finished()), "farmVersion", r.run().farmVersion(), "status", r.run().status().name(),
                    "counts", counts, "changes", r.changes()));
        }
        return out;
    }

    static Map<String, Object> syscalls(Dashboard.Syscalls s) {
        List<Object> apps = new ArrayList<>();
        for (Dashboard.AppSyscalls a : s.apps()) {
            Map<String, Object> uses = new LinkedHashMap<>();
            a.uses().forEach((k, v) -> uses.put(k, v.name().toLowerCase(java.util.Locale.ROOT)));
            apps.add(obj("catalog", a.catalog(), "app", a.app(), "syscalls", uses));
        }
        List<Object> coverage = new ArrayList<>();
        for (Dashboard.Coverage c : s.coverage()) {
            coverage.add(obj("profile", c.profile(), "unrestricted", c.unrestricted(), "used", c.used(), "denied", c.denied(),
                    "deniedNames", c.deniedNames(), "percent", c.percent()));
        }
        List<Object> next = new ArrayList<>();
        for (Dashboard.Blocker b : s.next()) next.add(obj("syscall", b.syscall(), "blockedApps", b.blockedApps(), "apps", b.apps()));
        return obj("syscalls", s.syscalls(), "apps", apps, "coverage", coverage, "next", next);
    }

    static Map<String, Object> workers(WorkersView.Snapshot s, List<RunRow> active) {
        List<Object> nodes = new ArrayList<>();
        for (WorkersView.Node n : s.nodes()) {
            nodes.add(obj("name", n.name(), "lastCheckIn", str(n.lastCheckIn()), "checkInIntervalMs", n.checkInIntervalMs(),
                    "stale", n.stale(Instant.now())));
        }
        List<Object> running = new ArrayList<>();
        for (WorkersView.Running r : s.running()) running.add(obj("node", r.node(), "job", r.job(), "fired", str(r.fired())));
        List<Object> runs = new ArrayList<>();
        for (RunRow r : active) {
            runs.add(obj("id", r.run().id(), "trigger", r.run().trigger().label(), "started", str(r.run().started()),
                    "results", r.counts().values().stream().mapToInt(Integer::intValue).sum()));
        }
        return obj("nodes", nodes, "running", running, "queued", s.queued(), "note", s.note(), "activeRuns", runs);
    }

    static Map<String, Object> error(String message) {
        return obj("error", message);
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    /** An ordered JSON object from key/value pairs (values may be null, unlike Map.of). */
    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
