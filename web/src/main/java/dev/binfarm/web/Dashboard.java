package dev.binfarm.web;

import dev.binfarm.results.App;
import dev.binfarm.results.Database;
import dev.binfarm.results.Profile;
import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.Run;
import dev.binfarm.results.RuntimeVersion;
import dev.binfarm.results.StoreException;
import dev.binfarm.results.SyscallUsage;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dashboard's read queries over the results store (plain JDBC, read-only). Each method
 * returns one page's view; the pages and the JSON API render the same views.
 */
final class Dashboard {
    static final int HISTORY = 30;
    static final int RUNS = 100;

    /** Even without a visible change the walk is redone this often (an in-place update keeps id and count). */
    static final long LATEST_TTL_MS = 10_000;

    private final Database db;
    private volatile LatestCache cache;

    Dashboard(Database db) {
        this.db = db;
    }

    /** The last walk and the store's shape when it ran. */
    private record LatestCache(long maxId, long count, long takenMs, List<Latest> latest) {}

    /**
     * The latest-per-cell walk, reused while the results table shows the same newest id and
     * row count: results are appended (a replaced result is deleted and inserted anew), so
     * both move whenever the matrix can change. The dashboard is read far more often than a
     * cell finishes.
     */
    private List<Latest> latestCached(Connection c) throws SQLException {
        long maxId, count;
        try (PreparedStatement st = c.prepareStatement("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM result");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            maxId = rs.getLong(1);
            count = rs.getLong(2);
        }
        long now = System.currentTimeMillis();
        LatestCache cached = cache;
        if (cached != null && cached.maxId() == maxId && cached.count() == count && now - cached.takenMs() < LATEST_TTL_MS)
            return cached.latest();
        List<Latest> latest = List.copyOf(latest(c));
        cache = new LatestCache(maxId, count, now, latest);
        return latest;
    }

    // ---- matrix --------------------------------------------------------------------------------

    record Filter(String catalog, String status, String runtime) {
        static Filter of(String catalog, String status, String runtime) {
            return new Filter(blankToNull(catalog), blankToNull(status), blankToNull(runtime));
        }
    }

    /** A column of the matrix: one runtime version under one profile. */
    record Column(long runtime, long profile, String runtimeKind, String runtimeName, String runtimeVersion,
                  String profileName) {
        String label() {
            return runtimeName + " " + runtimeVersion + " / " + profileName;
        }
    }

    /**
     * The trend the orchestrator recorded for a result (its Regressions owns the rule):
     * regression, fixed, or broken (worse, but the native reference fails the app too).
     */
    enum Mark {
        REGRESSION, FIXED, BROKEN;

        static Mark of(String trend) {
            return trend == null ? null : valueOf(trend.toUpperCase(java.util.Locale.ROOT));
        }

        String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    record Badge(long result, long run, ResultStatus status, Mark mark) {}

    /** One app's latest results, one entry per column (null: never run there). */
    record Row(String catalog, String app, List<Badge> cells) {}

    record Matrix(Filter filter, List<Column> columns, List<Row> rows, List<String> catalogs, List<String> runtimes) {}

    /** The latest and previous result of one cell, as the matrix walk sees it. */
    record Latest(long catalog, String app, long runtime, long profile, long result, long run,
                          ResultStatus status, Mark mark) {}

    Matrix matrix(Filter filter) {
        try (Connection c = db.connection()) {
            Map<Long, String> catalogs = catalogNames(c);
            Map<Long, RuntimeVersion> runtimes = runtimes(c);
            Map<Long, String> profiles = profileNames(c);
            List<Latest> latest = latestCached(c);

            Map<String, Column> columns = new TreeMap<>();
            Map<List<Object>, Map<String, Badge>> rows = new LinkedHashMap<>();
            TreeSet<String> runtimeNames = new TreeSet<>();
            for (Latest l : latest) {
                RuntimeVersion rt = runtimes.get(l.runtime());
                runtimeNames.add(rt.name());
                String catalog = catalogs.get(l.catalog());
                if (filter.catalog() != null && !filter.catalog().equals(catalog)) continue;
                if (filter.runtime() != null && !filter.runtime().equals(rt.name())) continue;
                Column col = new Column(rt.id(), l.profile(), rt.kind(), rt.name(), rt.version(), profiles.get(l.profile()));
                String key = columnKey(col);
                columns.putIfAbsent(key, col);
                rows.computeIfAbsent(List.of(catalog, l.app()), k -> new HashMap<>())
                        .put(key, new Badge(l.result(), l.run(), l.status(), l.mark()));
            }
            List<Column> cols = List.copyOf(columns.values());
            List<Row> out = new ArrayList<>();
            for (Map.Entry<List<Object>, Map<String, Badge>> e : rows.entrySet()) {
                if (filter.status() != null && e.getValue().values().stream().noneMatch(b -> matches(b, filter.status()))) continue;
                List<Badge> cells = new ArrayList<>(cols.size());
                for (Column col : cols) cells.add(e.getValue().get(columnKey(col)));
                out.add(new Row((String) e.getKey().get(0), (String) e.getKey().get(1), java.util.Collections.unmodifiableList(cells)));
            }
            out.sort(java.util.Comparator.comparing(Row::catalog).thenComparing(Row::app));
            return new Matrix(filter, cols, out, List.copyOf(new TreeSet<>(catalogs.values())), List.copyOf(runtimeNames));
        } catch (SQLException e) {
            throw new StoreException("cannot read the matrix: " + e.getMessage(), e);
        }
    }

    private static boolean matches(Badge b, String status) {
        return switch (status.toLowerCase(java.util.Locale.ROOT)) {
            case "regression", "fixed", "broken" -> b.mark() != null && b.mark().label().equals(status.toLowerCase(java.util.Locale.ROOT));
            default -> b.status().name().equalsIgnoreCase(status);
        };
    }

    private static String columnKey(Column c) {
        // Sort columns by runtime name, version, then profile; ids keep distinct rows distinct.
        return c.runtimeName() + "\u0000" + c.runtimeVersion() + "\u0000" + c.profileName() + "\u0000" + c.runtime()
                + "\u0000" + c.profile();
    }

    /**
     * The latest result of every cell with the trend recorded for it: one scan in the order
     * of the cell index (oldest run first, so no sort), keeping the last row per cell;
     * cheaper than a correlated "no newer run" subquery per row.
     */
    static List<Latest> latest(Connection c) throws SQLException {
        List<Latest> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT catalog, app_name, runtime, profile, run, id, status, trend"
                + " FROM result ORDER BY catalog, app_name, runtime, profile, run");
             ResultSet rs = st.executeQuery()) {
            long catalog = -1, runtime = -1, profile = -1, run = 0, id = 0;
            String app = null, trend = null;
            ResultStatus status = null;
            while (rs.next()) {
                long cat = rs.getLong(1), rt = rs.getLong(3), pr = rs.getLong(4);
                String a = rs.getString(2);
                boolean sameCell = cat == catalog && rt == runtime && pr == profile && a.equals(app);
                if (!sameCell && app != null) out.add(new Latest(catalog, app, runtime, profile, id, run, status, Mark.of(trend)));
                catalog = cat;
                runtime = rt;
                profile = pr;
                app = a;
                run = rs.getLong(5);
                id = rs.getLong(6);
                status = ResultStatus.valueOf(rs.getString(7));
                trend = rs.getString(8);
            }
            if (app != null) out.add(new Latest(catalog, app, runtime, profile, id, run, status, Mark.of(trend)));
        }
        return out;
    }

    // ---- cell ----------------------------------------------------------------------------------

    record CellView(Result result, String catalog, App app, RuntimeVersion runtime, Profile profile,
                    List<Result> history, Result previous, List<SyscallUsage> syscalls, long latestResult) {}

    Optional<CellView> cell(long resultId) {
        Optional<Result> found = db.results().get(resultId);
        if (found.isEmpty()) return Optional.empty();
        Result r = found.get();
        List<Result> history = db.results().history(r.cell(), HISTORY);
        Result previous = db.results().previous(r).orElse(null);
        App app = db.catalogs().app(r.app()).orElse(null);
        String catalog = db.catalogs().get(r.catalog()).map(dev.binfarm.results.Catalog::name).orElse("#" + r.catalog());
        RuntimeVersion rt = db.runs().runtime(r.runtime()).orElse(new RuntimeVersion(r.runtime(), "?", "?", "?"));
        Profile profile = profile(r.profile());
        long latest = history.isEmpty() ? r.id() : history.getFirst().id();
        return Optional.of(new CellView(r, catalog, app, rt, profile, history, previous,
                db.results().syscallUsage(r.id()), latest));
    }

    private Profile profile(long id) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT name FROM profile WHERE id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return new Profile(id, "#" + id, null, null);
                return db.runs().profile(rs.getString(1)).orElseThrow();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read profile " + id + ": " + e.getMessage(), e);
        }
    }

    // ---- runs ----------------------------------------------------------------------------------

    record RunRow(Run run, Map<ResultStatus, Integer> counts, List<String> changes) {
        int count(ResultStatus s) {
            return counts.getOrDefault(s, 0);
        }

        int notPassing() {
            return count(ResultStatus.FAIL) + count(ResultStatus.CRASH) + count(ResultStatus.TIMEOUT) + count(ResultStatus.ERROR);
        }
    }

    private record RunsCache(List<Long> key, long takenMs, List<RunRow> rows) {}

    private volatile RunsCache runsCache;

    /**
     * Newest first; reused while results (newest id, count) and runs (newest id, count, how
     * many finished) look the same, for at most {@link #LATEST_TTL_MS}.
     */
    List<RunRow> runs() {
        List<Long> key;
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT (SELECT COALESCE(MAX(id), 0) FROM result),"
                     + " (SELECT COUNT(*) FROM result), (SELECT COALESCE(MAX(id), 0) FROM run), (SELECT COUNT(*) FROM run),"
                     + " (SELECT COUNT(finished) FROM run)");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            key = List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        } catch (SQLException e) {
            throw new StoreException("cannot read the runs: " + e.getMessage(), e);
        }
        long now = System.currentTimeMillis();
        RunsCache cached = runsCache;
        if (cached != null && cached.key().equals(key) && now - cached.takenMs() < LATEST_TTL_MS) return cached.rows();
        List<RunRow> rows = readRuns();
        runsCache = new RunsCache(key, now, rows);
        return rows;
    }

    private List<RunRow> readRuns() {
        List<Run> runs = db.runs().recent(RUNS);
        if (runs.isEmpty()) return List.of();
        long oldest = runs.getLast().id();
        try (Connection c = db.connection()) {
            Map<Long, Map<ResultStatus, Integer>> counts = new HashMap<>();
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT run, status, COUNT(*) FROM result WHERE run >= ? GROUP BY run, status")) {
                st.setLong(1, oldest);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) counts.computeIfAbsent(rs.getLong(1), k -> new EnumMap<>(ResultStatus.class))
                            .put(ResultStatus.valueOf(rs.getString(2)), rs.getInt(3));
                }
            }
            // A run's inputs: which catalog commits and runtime versions its results used.
            Map<Long, Map<String, TreeSet<String>>> commits = new HashMap<>();
            try (PreparedStatement st = c.prepareStatement("SELECT DISTINCT r.run, c.name, v.commit_id FROM result r"
                    + " JOIN app a ON a.id = r.app JOIN catalog_revision v ON v.id = a.revision JOIN catalog c ON c.id = v.catalog"
                    + " WHERE r.run >= ?")) {
                st.setLong(1, oldest);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) commits.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new TreeSet<>()).add(shortCommit(rs.getString(3)));
                }
            }
            Map<Long, RuntimeVersion> runtimes = runtimes(c);
            Map<Long, TreeSet<String>> usedRuntimes = new HashMap<>();
            try (PreparedStatement st = c.prepareStatement("SELECT DISTINCT run, runtime FROM result WHERE run >= ?")) {
                st.setLong(1, oldest);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        RuntimeVersion rt = runtimes.get(rs.getLong(2));
                        usedRuntimes.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>())
                                .add(rt.kind() + "/" + rt.name() + " " + rt.version());
                    }
                }
            }
            List<RunRow> out = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Run run = runs.get(i);
                List<String> changes = new ArrayList<>();
                Map<String, TreeSet<String>> mine = commits.getOrDefault(run.id(), new TreeMap<>());
                TreeSet<String> myRuntimes = usedRuntimes.getOrDefault(run.id(), new TreeSet<>());
                Run before = i + 1 < runs.size() ? runs.get(i + 1) : null;
                if (before == null) {
                    mine.forEach((cat, set) -> changes.add("catalog " + cat + " at " + String.join(",", set)));
                    myRuntimes.forEach(rt -> changes.add("runtime " + rt));
                } else {
                    Map<String, TreeSet<String>> theirs = commits.getOrDefault(before.id(), new TreeMap<>());
                    mine.forEach((cat, set) -> {
                        TreeSet<String> old = theirs.get(cat);
                        if (old == null) changes.add("catalog " + cat + " at " + String.join(",", set) + " (new)");
                        else if (!old.equals(set)) changes.add("catalog " + cat + " " + String.join(",", old) + " \u2192 " + String.join(",", set));
                    });
                    TreeSet<String> oldRuntimes = usedRuntimes.getOrDefault(before.id(), new TreeSet<>());
                    for (String rt : myRuntimes) if (!oldRuntimes.contains(rt)) changes.add("runtime " + rt + " (new)");
                    if (!Objects.equals(run.farmVersion(), before.farmVersion()))
                        changes.add("farm " + before.farmVersion() + " \u2192 " + run.farmVersion());
                }
                out.add(new RunRow(run, counts.getOrDefault(run.id(), Map.of()), List.copyOf(changes)));
            }
            return List.copyOf(out);
        } catch (SQLException e) {
            throw new StoreException("cannot read the runs: " + e.getMessage(), e);
        }
    }

    /** Runs still RUNNING, newest first, with their counts so far. */
    List<RunRow> activeRuns() {
        return runs().stream().filter(r -> r.run().status() == dev.binfarm.results.RunStatus.RUNNING).toList();
    }

    private static String shortCommit(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    // ---- syscalls ------------------------------------------------------------------------------

    /** What a syscall did for one app across its latest results: worst wins. */
    enum Use { USED, FAILING, DENIED }

    record AppSyscalls(String catalog, String app, Map<String, Use> uses) {}

    /** For one profile: syscalls its apps used, and which of those it denied. */
    record Coverage(String profile, boolean unrestricted, int allowedCount, int used, int denied, List<String> deniedNames) {
        int percent() {
            return used == 0 ? 100 : (int) Math.round(100.0 * (used - denied) / used);
        }
    }

    /** A syscall whose denial or ENOSYS sits in the latest non-passing result of {@code blockedApps} apps. */
    record Blocker(String syscall, int blockedApps, List<String> apps) {}

    record Syscalls(List<String> syscalls, List<AppSyscalls> apps, List<Coverage> coverage, List<Blocker> next) {}

    Syscalls syscalls() {
        try (Connection c = db.connection()) {
            Map<Long, String> catalogs = catalogNames(c);
            Map<Long, String> profileNames = profileNames(c);
            List<Latest> latest = latestCached(c);
            Map<Long, Latest> byResult = new HashMap<>();
            for (Latest l : latest) byResult.put(l.result(), l);

            Map<List<String>, Map<String, Use>> perApp = new TreeMap<>(java.util.Comparator
                    .comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
            Map<String, Integer> appsPerSyscall = new HashMap<>();
            Map<Long, TreeSet<String>> usedPerProfile = new HashMap<>(), deniedPerProfile = new HashMap<>();
            Map<String, TreeSet<String>> blocked = new HashMap<>();
            for (Latest l : latest) perApp.computeIfAbsent(List.of(catalogs.get(l.catalog()), l.app()), k -> new TreeMap<>());

            Long[] ids = byResult.keySet().toArray(Long[]::new);
            try (PreparedStatement st = c.prepareStatement("SELECT result, name, errno_histogram, denied_by_profile"
                    + " FROM syscall_usage WHERE result = ANY(?)")) {
                Array array = c.createArrayOf("BIGINT", ids);
                st.setArray(1, array);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Latest l = byResult.get(rs.getLong(1));
                        String name = rs.getString(2), errnos = rs.getString(3);
                        boolean denied = rs.getBoolean(4);
                        Use use = denied ? Use.DENIED : errnos == null || errnos.isEmpty() ? Use.USED : Use.FAILING;
                        String appName = catalogs.get(l.catalog()) + "/" + l.app();
                        Map<String, Use> uses = perApp.get(List.of(catalogs.get(l.catalog()), l.app()));
                        Use old = uses.get(name);
                        if (old == null) appsPerSyscall.merge(name, 1, Integer::sum);
                        if (old == null || use.compareTo(old) > 0) uses.put(name, use);
                        usedPerProfile.computeIfAbsent(l.profile(), k -> new TreeSet<>()).add(name);
                        if (denied) deniedPerProfile.computeIfAbsent(l.profile(), k -> new TreeSet<>()).add(name);
                        boolean absent = denied || (errnos != null && errnos.contains("ENOSYS"));
                        if (absent && l.status().failed())
                            blocked.computeIfAbsent(name, k -> new TreeSet<>()).add(appName);
                    }
                }
            }
            List<String> syscalls = new ArrayList<>(appsPerSyscall.keySet());
            syscalls.sort(java.util.Comparator.comparing((String s) -> -appsPerSyscall.get(s)).thenComparing(s -> s));
            List<AppSyscalls> apps = new ArrayList<>();
            perApp.forEach((k, v) -> apps.add(new AppSyscalls(k.get(0), k.get(1), v)));
            List<Coverage> coverage = new ArrayList<>();
            for (Map.Entry<Long, TreeSet<String>> e : new TreeMap<>(usedPerProfile).entrySet()) {
                Profile p = db.runs().profile(profileNames.get(e.getKey())).orElseThrow();
                TreeSet<String> denied = deniedPerProfile.getOrDefault(e.getKey(), new TreeSet<>());
                coverage.add(new Coverage(p.name(), p.unrestricted(), p.unrestricted() ? -1 : p.syscalls().size(),
                        e.getValue().size(), denied.size(), List.copyOf(denied)));
            }
            List<Blocker> next = new ArrayList<>();
            blocked.forEach((name, set) -> next.add(new Blocker(name, set.size(), List.copyOf(set))));
            next.sort(java.util.Comparator.comparing((Blocker b) -> -b.blockedApps()).thenComparing(Blocker::syscall));
            return new Syscalls(syscalls, apps, coverage, next);
        } catch (SQLException e) {
            throw new StoreException("cannot read syscall usage: " + e.getMessage(), e);
        }
    }

    // ---- small tables --------------------------------------------------------------------------

    private static Map<Long, String> catalogNames(Connection c) throws SQLException {
        return names(c, "SELECT id, name FROM catalog");
    }

    private static Map<Long, String> profileNames(Connection c) throws SQLException {
        return names(c, "SELECT id, name FROM profile");
    }

    private static Map<Long, String> names(Connection c, String sql) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            while (rs.next()) out.put(rs.getLong(1), rs.getString(2));
        }
        return out;
    }

    private static Map<Long, RuntimeVersion> runtimes(Connection c) throws SQLException {
        Map<Long, RuntimeVersion> out = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT id, kind, name, version FROM runtime");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) out.put(rs.getLong(1), new RuntimeVersion(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
        return out;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
