package dev.binfarm.results;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

/** Runs and the two other cell dimensions besides apps: runtimes and profiles. */
public final class RunDao {
    private static final String RUN_COLUMNS = "id, run_trigger, started, finished, farm_version, status";

    private final DataSource ds;

    public RunDao(DataSource ds) {
        this.ds = ds;
    }

    /** Starts a run now. */
    public Run create(Trigger trigger, String farmVersion) {
        Instant now = Jdbc.stored(Instant.now());
        return Jdbc.withConnection(ds, "cannot create a run", c -> {
            long id = Jdbc.insert(c, "INSERT INTO run (run_trigger, started, farm_version, status) VALUES (?, ?, ?, ?)",
                    trigger.label(), now, farmVersion, RunStatus.RUNNING.name());
            return new Run(id, trigger, now, null, farmVersion, RunStatus.RUNNING);
        });
    }

    /** Marks a run FINISHED or ABORTED now. */
    public Run finish(long run, RunStatus status) {
        if (status == RunStatus.RUNNING) throw new IllegalArgumentException("a run finishes as FINISHED or ABORTED");
        Instant now = Jdbc.stored(Instant.now());
        return Jdbc.transaction(ds, "cannot finish run " + run, c -> {
            if (Jdbc.update(c, "UPDATE run SET finished = ?, status = ? WHERE id = ?", now, status.name(), run) != 1)
                throw new StoreException("run " + run + " does not exist");
            return Jdbc.queryOne(c, "SELECT " + RUN_COLUMNS + " FROM run WHERE id = ?", RunDao::run, run).orElseThrow();
        });
    }

    public Optional<Run> get(long run) {
        return Jdbc.withConnection(ds, "cannot read run " + run, c ->
                Jdbc.queryOne(c, "SELECT " + RUN_COLUMNS + " FROM run WHERE id = ?", RunDao::run, run));
    }

    /** The newest runs first. */
    public List<Run> recent(int limit) {
        return Jdbc.withConnection(ds, "cannot list runs", c ->
                Jdbc.query(c, "SELECT " + RUN_COLUMNS + " FROM run ORDER BY id DESC LIMIT ?", RunDao::run, limit));
    }

    /** The runtime row for (kind, name, version), created on first use. */
    public RuntimeVersion runtime(String kind, String name, String version) {
        String what = "cannot record runtime " + kind + "/" + name + "@" + version;
        String select = "SELECT id, kind, name, version FROM runtime WHERE kind = ? AND name = ? AND version = ?";
        Optional<RuntimeVersion> found = Jdbc.withConnection(ds, what,
                c -> Jdbc.queryOne(c, select, RunDao::runtime, kind, name, version));
        if (found.isPresent()) return found.get();
        try {
            return Jdbc.withConnection(ds, what, c -> new RuntimeVersion(
                    Jdbc.insert(c, "INSERT INTO runtime (kind, name, version) VALUES (?, ?, ?)", kind, name, version),
                    kind, name, version));
        } catch (DuplicateException raced) {
            return Jdbc.withConnection(ds, what, c -> Jdbc.queryOne(c, select, RunDao::runtime, kind, name, version))
                    .orElseThrow();
        }
    }

    public Optional<RuntimeVersion> runtime(long id) {
        return Jdbc.withConnection(ds, "cannot read runtime " + id, c -> Jdbc.queryOne(c,
                "SELECT id, kind, name, version FROM runtime WHERE id = ?", RunDao::runtime, id));
    }

    /**
     * Records the profile {@code name} with its current source and syscall set (null: all
     * allowed), creating or updating it.
     */
    public Profile profile(String name, String source, List<String> syscalls) {
        String set = syscalls == null ? null : String.join(",", new TreeSet<>(syscalls));
        return Jdbc.transaction(ds, "cannot record profile " + name, c -> {
            int updated = Jdbc.update(c, "UPDATE profile SET source = ?, syscalls = ? WHERE name = ?", source, set, name);
            if (updated == 0) Jdbc.insert(c, "INSERT INTO profile (name, source, syscalls) VALUES (?, ?, ?)", name, source, set);
            return Jdbc.queryOne(c, "SELECT id, name, source, syscalls FROM profile WHERE name = ?", RunDao::profile, name)
                    .orElseThrow();
        });
    }

    public Optional<Profile> profile(String name) {
        return Jdbc.withConnection(ds, "cannot read profile " + name, c -> Jdbc.queryOne(c,
                "SELECT id, name, source, syscalls FROM profile WHERE name = ?", RunDao::profile, name));
    }

    private static Run run(ResultSet rs) throws SQLException {
        return new Run(rs.getLong("id"), Trigger.of(rs.getString("run_trigger")), Jdbc.instant(rs, "started"),
                Jdbc.instant(rs, "finished"), rs.getString("farm_version"), RunStatus.valueOf(rs.getString("status")));
    }

    private static RuntimeVersion runtime(ResultSet rs) throws SQLException {
        return new RuntimeVersion(rs.getLong("id"), rs.getString("kind"), rs.getString("name"), rs.getString("version"));
    }

    private static Profile profile(ResultSet rs) throws SQLException {
        String set = rs.getString("syscalls");
        List<String> syscalls = set == null ? null : set.isEmpty() ? List.of() : Arrays.asList(set.split(","));
        return new Profile(rs.getLong("id"), rs.getString("name"), rs.getString("source"),
                syscalls == null ? null : List.copyOf(syscalls));
    }
}
