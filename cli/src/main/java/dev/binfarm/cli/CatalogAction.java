package dev.binfarm.cli;

import dev.binfarm.catalog.CatalogException;
import dev.binfarm.catalog.Catalogs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Shared plumbing of the catalog subcommands: the farm home, output streams, one-line errors. */
abstract class CatalogAction implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private FarmHome home;

    abstract void act() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try (FarmHome h = FarmHome.of(spec)) {
            home = h;
            act();
            return 0;
        } catch (CatalogException e) {
            throw new UserError(e.getMessage());
        } finally {
            out().flush();
        }
    }

    FarmHome home() { return home; }

    Catalogs catalogs() { return home.catalogs(); }

    PrintWriter out() { return spec.commandLine().getOut(); }

    PrintWriter err() { return spec.commandLine().getErr(); }
}
