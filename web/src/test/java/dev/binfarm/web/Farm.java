package dev.binfarm.web;

import dev.binfarm.results.App;
import dev.binfarm.results.AppEntry;
import dev.binfarm.results.Catalog;
import dev.binfarm.results.Database;
import dev.binfarm.results.NewResult;
import dev.binfarm.results.Profile;
import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.Run;
import dev.binfarm.results.RunStatus;
import dev.binfarm.results.RuntimeVersion;
import dev.binfarm.results.SyscallUsage;
import dev.binfarm.results.Trigger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real farm store for the dashboard's tests: an H2 file database in a temp dir, filled
 * through the real DAOs, so the web module's own queries meet the real schema.
 */
final class Farm implements AutoCloseable {
    final Database db;

    Farm(Path dir) {
        db = Database.open(Database.fileUrl(dir.resolve("farm")), Database.USER, Database.PASSWORD);
    }

    /** Registers {@code name} (if new) and syncs it to {@code commit} with these apps. */
    Catalog catalog(String name, String commit, List<String> apps) {
        Catalog c = db.catalogs().ensure(name, "file:///catalogs/" + name, "main", false);
        List<AppEntry> entries = new ArrayList<>();
        for (String app : apps) {
            entries.add(new AppEntry(app, app, app, "static-pie", "/usr/bin/" + app.replace('/', '-'), app + "/bin",
                    null, null, 1234L, app + "/binfarm.yaml", List.of()));
        }
        db.catalogs().recordRevision(c.id(), commit, entries);
        return db.catalogs().get(name).orElseThrow();
    }

    App app(String catalog, String app) {
        long id = db.catalogs().get(catalog).orElseThrow().id();
        return db.catalogs().currentApp(id, app).orElseThrow();
    }

    RuntimeVersion runtime(String name, String version) {
        return db.runs().runtime("emulator", name, version);
    }

    Profile profile(String name, List<String> syscalls) {
        return db.runs().profile(name, "test", syscalls);
    }

    Run run(Trigger trigger) {
        Run r = db.runs().create(trigger, "0.1.0-test");
        return db.runs().finish(r.id(), RunStatus.FINISHED);
    }

    Result result(Run run, App app, RuntimeVersion rt, Profile p, ResultStatus status, String stdout, SyscallUsage... usage) {
        Instant now = Instant.now();
        return db.results().record(new NewResult(run.id(), app.id(), rt.id(), p.id(), status,
                status == ResultStatus.PASS ? 0 : 1, null, 12, 1000L, stdout, "", null, "test-worker", now, now), List.of(usage));
    }

    /** The trend the orchestrator's Regressions records for a result once its run ends. */
    Result trend(Result r, String trend) {
        try (java.sql.Connection c = db.connection();
             java.sql.PreparedStatement st = c.prepareStatement("UPDATE result SET trend = ? WHERE id = ?")) {
            st.setString(1, trend);
            st.setLong(2, r.id());
            st.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    static SyscallUsage used(int nr, String name, long calls) {
        return new SyscallUsage(nr, name, calls, Map.of(), false);
    }

    static SyscallUsage denied(int nr, String name) {
        return new SyscallUsage(nr, name, 1, Map.of("ENOSYS", 1L), true);
    }

    static SyscallUsage failing(int nr, String name, String errno) {
        return new SyscallUsage(nr, name, 2, Map.of(errno, 1L), false);
    }

    long count(String table) {
        try (var c = db.connection(); var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
