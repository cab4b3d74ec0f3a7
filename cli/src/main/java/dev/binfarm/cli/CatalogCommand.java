package dev.binfarm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code farm catalog}: the catalog registry, sync, app listings, and host import. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = {"Catalogs: git repositories of prebuilt Linux apps the farm tests.",
                "Built in: dynamic-apps and static-pie-apps (the upstream Unikraft catalogs)."},
        subcommands = {
                CatalogCommand.Add.class,
                CatalogCommand.Sync.class,
                CatalogCommand.List.class,
                CatalogCommand.Apps.class,
                CatalogCommand.Show.class,
                CatalogImportCommand.class,
        })
final class CatalogCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a catalog, or point a registered one (such as a built-in) at another URL or branch.")
    static final class Add extends CatalogAction {
        @CommandLine.Parameters(index = "0", paramLabel = "NAME", description = "Catalog name: lower-case letters, digits, '.', '_', '-'.")
        String name;

        @CommandLine.Parameters(index = "1", paramLabel = "URL", description = "Git URL: https://, ssh://, git://, file:// or an absolute path.")
        String url;

        @CommandLine.Option(names = "--branch", paramLabel = "B", description = "Branch to follow (default: the remote's HEAD).")
        String branch;

        @Override
        void act() throws Exception {
            var c = catalogs().add(name, url, branch);
            out().printf("registered %s -> %s%s; run 'farm catalog sync %s'%n", c.name(), c.url(),
                    c.branch() == null ? "" : " (branch " + c.branch() + ")", c.name());
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = {"Fetch a catalog (all when NAME is omitted), discover its apps and record the commit.",
                    "A failed sync changes nothing: the previous revision stays in use (exit status 2)."})
    static final class Sync extends CatalogAction {
        @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Catalog to sync.")
        String name;

        @Override
        void act() throws Exception {
            var catalogs = catalogs();
            java.util.List<String> names = name != null ? java.util.List.of(name)
                    : catalogs.list().stream().map(dev.binfarm.catalog.Catalog::name).toList();
            int failed = 0;
            for (String n : names) {
                try {
                    var r = catalogs.sync(n);
                    String change = r.previousCommit() == null ? "first sync"
                            : r.changed() ? "was " + r.previousCommit().substring(0, 12) : "unchanged";
                    out().printf("synced %s at %s (%s): %d apps%n", n, r.commit().substring(0, 12), change, r.apps().size());
                    for (String note : r.notes()) out().printf("  note: %s%n", note);
                } catch (dev.binfarm.catalog.CatalogException e) {
                    if (names.size() == 1) throw new UserError(e.getMessage());
                    err().println("farm: " + e.getMessage());
                    failed++;
                }
            }
            out().flush();
            if (failed > 0) throw new UserError(failed + " of " + names.size() + " catalogs failed to sync");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered catalogs and their synced commits.")
    static final class List extends CatalogAction {
        @Override
        void act() {
            Table t = new Table("NAME", "URL", "BRANCH", "COMMIT", "SYNCED", "APPS");
            for (var c : catalogs().list()) {
                var r = c.revision();
                t.row(c.name(), c.url(), c.branch() == null ? "HEAD" : c.branch(),
                        r == null ? "never synced" : r.commit().substring(0, 12),
                        r == null ? null : r.syncedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        r == null ? null : r.apps());
            }
            t.print(out());
        }
    }

    @Command(name = "apps", mixinStandardHelpOptions = true, description = "List the apps of a synced catalog.")
    static final class Apps extends CatalogAction {
        @CommandLine.Parameters(index = "0", paramLabel = "NAME", description = "A synced catalog.")
        String name;

        @CommandLine.Option(names = "--json", description = "Print a JSON array: name, kind, elf, interpreter, root, filesystem, sha256, spec, notes.")
        boolean json;

        @Override
        void act() throws Exception {
            var found = catalogs().apps(name);
            if (json) {
                out().println(AppJson.array(found.apps()));
                out().flush();
                return;
            }
            Table t = new Table("APP", "KIND", "ELF", "INTERPRETER", "SPEC", "NOTES");
            for (var a : found.apps())
                t.row(a.name(), a.kind().label(), a.elf(), a.interpreter(), a.spec().source(), String.join("; ", a.notes()));
            t.print(out());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one app: where it is, what it is, and its spec.")
    static final class Show extends CatalogAction {
        @CommandLine.Parameters(index = "0", paramLabel = "NAME/APP", description = "Catalog and app, e.g. dynamic-apps/sqlite3.")
        String ref;

        @CommandLine.Option(names = "--json", description = "Print the app as a JSON object.")
        boolean json;

        @Override
        void act() throws Exception {
            int slash = ref.indexOf('/');
            if (slash <= 0 || slash == ref.length() - 1)
                throw new UserError("expected NAME/APP, e.g. dynamic-apps/sqlite3, got '" + ref + "'");
            var app = catalogs().app(ref.substring(0, slash), ref.substring(slash + 1));
            if (json) out().println(AppJson.object(app));
            else AppJson.describe(app, out());
            out().flush();
        }
    }
}
