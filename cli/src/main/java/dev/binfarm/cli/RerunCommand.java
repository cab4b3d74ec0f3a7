package dev.binfarm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binfarm.results.Database;
import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.Run;
import dev.binfarm.results.RunStatus;
import dev.binfarm.results.Trigger;
import dev.binfarm.worker.CellExecutor;
import dev.binfarm.worker.CellOutcome;
import dev.binfarm.worker.CellSpec;
import dev.binfarm.worker.ResultDiff;
import dev.binfarm.worker.RunRequest;
import dev.binfarm.worker.FarmRuntimes;
import dev.binfarm.worker.Runtimes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code farm rerun APP}: runs one app's cells now, at its catalog's current revision, as a
 * run of its own (trigger "rerun"), and shows each outcome against the cell's previous result.
 */
@Command(name = "rerun", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reruns one app's cells now (at its catalog's synced revision) and compares each with its previous result:",
                "status, exit, first differing stdout line, syscalls added/removed.",
                "Exit status: 0 when every cell passes (or is skipped), 1 when one does not, 2 on usage errors."},
        footer = {"", "Example: farm rerun static-pie-apps/bc"})
final class RerunCommand implements Callable<Integer> {
    static final String WORKER = "farm-rerun";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(index = "0", paramLabel = "APP", description = "The app: NAME or CATALOG/NAME.")
    String app;

    @Option(names = "--catalog", paramLabel = "NAME", description = "The app's catalog (default: the one catalog that has it).")
    String catalog;

    @Option(names = "--runtime", paramLabel = "R", description = "Runtime(s) to run on (default: emulator; see 'farm runtime list').")
    List<String> runtimes;

    @Option(names = "--profile", paramLabel = "P", description = "Syscall profile(s) (default: " + RunRequest.DEFAULT_PROFILE + ").")
    List<String> profiles;

    @Option(names = "--keep-work", description = "Keep the work dir of a cell that does not pass (under <home>/work).")
    boolean keepWork;

    @Option(names = "--json", description = "Print {\"run\": id, \"cells\": [...]} instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (FarmHome home = FarmHome.of(spec)) {
            Database db = home.database();
            Runtimes known = FarmRuntimes.of(FarmVersion.VERSION, db, home.dir());
            List<String> onRuntimes = runtimes == null || runtimes.isEmpty() ? List.of("emulator") : runtimes;
            for (String r : onRuntimes) {
                var runtime = known.get(r).orElseThrow(
                        () -> new UserError("no runtime named '" + r + "' (known: " + String.join(", ", known.names()) + ")"));
                if (!runtime.available().ok())
                    throw new UserError("runtime '" + r + "' cannot run here: " + runtime.available().why());
            }
            List<String> onProfiles = profiles == null || profiles.isEmpty() ? List.of(RunRequest.DEFAULT_PROFILE) : profiles;
            Target target = resolve(db);
            String commit = db.catalogs().currentRevision(target.catalogId).orElseThrow().commit();

            CellExecutor executor = new CellExecutor(home.dir(), db, known, keepWork);
            Run run = db.runs().create(Trigger.RERUN, FarmVersion.VERSION);
            List<Cell> cells = new ArrayList<>();
            try {
                for (String r : onRuntimes) {
                    for (String p : onProfiles) {
                        CellExecutor.Recorded rec = executor.executeAndRecord(run.id(), new CellSpec(target.catalog, commit, target.app, r, p), WORKER);
                        Optional<Result> previous = db.results().previous(rec.result());
                        ResultDiff diff = previous.map(prev -> ResultDiff.between(prev, db.results().syscallUsage(prev.id()),
                                rec.result(), db.results().syscallUsage(rec.result().id()))).orElse(null);
                        cells.add(new Cell(rec.outcome(), rec.result(), previous.orElse(null), diff));
                    }
                }
                db.runs().finish(run.id(), RunStatus.FINISHED);
            } catch (RuntimeException e) {
                db.runs().finish(run.id(), RunStatus.ABORTED);
                throw e;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) out.println(JSON.writeValueAsString(json(run, cells)));
            else text(out, run, cells);
            out.flush();
            boolean allPass = cells.stream().allMatch(c -> c.outcome.status() == ResultStatus.PASS || c.outcome.status() == ResultStatus.SKIPPED);
            return allPass ? 0 : 1;
        }
    }

    private record Target(String catalog, long catalogId, String app) { }

    private record Cell(CellOutcome outcome, Result result, Result previous, ResultDiff diff) { }

    /** APP as CATALOG/NAME, NAME with --catalog, or NAME found in exactly one synced catalog. */
    private Target resolve(Database db) {
        var dao = db.catalogs();
        if (catalog != null) {
            var c = dao.get(catalog).orElseThrow(() -> new UserError("no catalog named '" + catalog + "' (see 'farm catalog list')"));
            return target(dao, c, app);
        }
        int slash = app.indexOf('/');
        if (slash > 0) {
            var c = dao.get(app.substring(0, slash));
            if (c.isPresent()) return target(dao, c.get(), app.substring(slash + 1));
        }
        List<Target> found = new ArrayList<>();
        for (var c : dao.list()) {
            if (dao.currentApp(c.id(), app).isPresent()) found.add(new Target(c.name(), c.id(), app));
        }
        if (found.isEmpty()) throw new UserError("no app named '" + app + "' in any synced catalog (see 'farm catalog apps NAME')");
        if (found.size() > 1)
            throw new UserError("app '" + app + "' is in several catalogs (" + String.join(", ", found.stream().map(Target::catalog).toList())
                    + "): name one with --catalog or CATALOG/" + app);
        return found.getFirst();
    }

    private static Target target(dev.binfarm.results.CatalogDao dao, dev.binfarm.results.Catalog c, String name) {
        if (dao.currentRevision(c.id()).isEmpty())
            throw new UserError("catalog " + c.name() + " has not been synced yet (run 'farm catalog sync " + c.name() + "')");
        if (dao.currentApp(c.id(), name).isEmpty())
            throw new UserError("catalog " + c.name() + " has no app '" + name + "' (see 'farm catalog apps " + c.name() + "')");
        return new Target(c.name(), c.id(), name);
    }

    private static void text(PrintWriter out, Run run, List<Cell> cells) {
        out.printf("run %d (rerun)%n", run.id());
        for (Cell c : cells) {
            CellSpec s = c.outcome.cell();
            var r = c.outcome.run();
            StringBuilder line = new StringBuilder();
            line.append(String.format(Locale.ROOT, "%s/%s on %s/%s: %s", s.catalog(), s.app(), s.runtime(), s.profile(), c.outcome.status()));
            if (r.exitCode() != null) line.append(", exit ").append(r.exitCode());
            if (r.signal() != null) line.append(", signal ").append(r.signal());
            line.append(String.format(Locale.ROOT, ", %.2f s", r.duration().toMillis() / 1000.0));
            if (r.instructions() > 0) line.append(", ").append(r.instructions()).append(" instructions");
            out.println(line);
            if (c.outcome.reason() != null) out.println("  reason: " + c.outcome.reason());
            if (c.previous == null) {
                out.println("  no previous result of this cell");
            } else if (c.diff.same()) {
                out.printf("  same as run %d%n", c.previous.run());
            } else {
                out.printf("  changed since run %d:%n", c.previous.run());
                for (String d : c.diff.describe()) out.println("    " + d);
            }
        }
    }

    private static ObjectNode json(Run run, List<Cell> cells) {
        ObjectNode root = JSON.createObjectNode();
        root.put("run", run.id());
        ArrayNode arr = root.putArray("cells");
        for (Cell c : cells) {
            CellSpec s = c.outcome.cell();
            var r = c.outcome.run();
            ObjectNode n = arr.addObject();
            n.put("catalog", s.catalog());
            n.put("app", s.app());
            n.put("runtime", s.runtime());
            n.put("profile", s.profile());
            n.put("commit", s.commit());
            n.put("status", c.outcome.status().name());
            n.put("reason", c.outcome.reason());
            n.put("exit", r.exitCode());
            n.put("signal", r.signal());
            n.put("durationMs", r.duration().toMillis());
            n.put("instructions", r.instructions());
            n.put("result", c.result.id());
            if (c.previous == null) {
                n.putNull("previous");
            } else {
                ObjectNode p = n.putObject("previous");
                p.put("run", c.previous.run());
                p.put("status", c.previous.status().name());
                p.put("exit", c.previous.exitCode());
                ObjectNode d = n.putObject("diff");
                d.put("same", c.diff.same());
                if (c.diff.statusChanged()) d.putArray("status").add(c.diff.statusBefore()).add(c.diff.statusAfter());
                if (c.diff.exitChanged()) d.putArray("exit").add(c.diff.exitBefore()).add(c.diff.exitAfter());
                if (c.diff.stdout() != null) {
                    ObjectNode o = d.putObject("stdout");
                    o.put("line", c.diff.stdout().line());
                    o.put("before", c.diff.stdout().before());
                    o.put("after", c.diff.stdout().after());
                }
                ArrayNode added = d.putArray("syscallsAdded");
                c.diff.syscallsAdded().forEach(added::add);
                ArrayNode removed = d.putArray("syscallsRemoved");
                c.diff.syscallsRemoved().forEach(removed::add);
            }
        }
        return root;
    }
}
