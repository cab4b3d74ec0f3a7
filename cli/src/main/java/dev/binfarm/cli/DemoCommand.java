package dev.binfarm.cli;

import dev.binfarm.catalog.App;
import dev.binfarm.catalog.DemoCatalog;
import dev.binfarm.catalog.importer.HostImport;
import dev.binfarm.orchestrator.Orchestrator;
import dev.binfarm.orchestrator.Selection;
import dev.binfarm.results.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code farm demo}: the farm's main job on embedded defaults, offline. For now:
 * import some of this machine's programs into a sample catalog, register it,
 * sync it, list its apps, run the matrix on the emulator and print it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show the farm at work, offline, on a sample catalog of this machine's programs.",
                "Imports a few host programs (with their libraries and loader) into <home>/demo/catalog,",
                "registers that repository as catalog 'demo', syncs it, lists its apps, then runs",
                "them on the emulator and prints the matrix."})
final class DemoCommand extends CatalogAction {
    static final String CATALOG = "demo";

    @Override
    void act() throws Exception {
        Path repo = home().demoDir().resolve("catalog");
        out().printf("farm home: %s%n", home().dir());
        DemoCatalog.Built built = DemoCatalog.build(repo);
        for (HostImport imp : built.imported())
            out().printf("imported %-8s %s (%s, %d files)%n", imp.name(), imp.elf(), imp.kind(), imp.files().size());
        for (String s : built.skipped()) out().printf("skipped  %s%n", s);
        var catalogs = catalogs();
        catalogs.add(CATALOG, repo.toUri().toString(), null);
        var r = catalogs.sync(CATALOG);
        out().printf("catalog %s synced at %s: %d apps%n%n", CATALOG, r.commit().substring(0, 12), r.apps().size());
        Table t = new Table("APP", "KIND", "ELF", "INTERPRETER", "SHA256", "SPEC");
        for (App a : r.apps())
            t.row(a.name(), a.kind().label(), a.elf(), a.interpreter(), a.sha256().substring(0, 12), a.spec().source());
        t.print(out());
        // The whole farm on these apps: one run on the emulator, whatever statuses the cells get
        // (host programs are dynamic, which the emulator does not load yet: they say so).
        out().printf("%nrunning catalog %s on the emulator...%n", CATALOG);
        Orchestrator.Report run = RunCommand.run(home(), Trigger.MANUAL,
                new Selection(List.of(CATALOG), null, null, null), 2, Duration.ofMinutes(30), err());
        for (String note : run.notes()) out().println("note: " + note);
        RunView.table(out(), run.run(), run.cells());
        out().printf("%nnext: farm catalog show %s/%s   farm results %d   farm runs%n", CATALOG,
                r.apps().get(0).name(), run.run().id());
    }
}
