package dev.binfarm.cli;

import dev.binfarm.catalog.Catalogs;
import dev.binfarm.orchestrator.DbCatalogStore;
import dev.binfarm.results.Database;
import dev.binfarm.results.StoreException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The farm home ({@code --home}, {@code $BINFARM_HOME}, {@code ~/.binfarm}) and what
 * lives in it: {@code db/} (the H2 results store), {@code catalogs/<name>.git}
 * (catalog mirrors), {@code demo/} (the demo's sample catalog). Opens the
 * database on first use; close it when the command ends.
 */
final class FarmHome implements AutoCloseable {
    private final Path dir;
    private Database db;

    FarmHome(Path dir) { this.dir = dir; }

    /** The home of the running {@code farm} command, whichever subcommand asks. */
    static FarmHome of(CommandLine.Model.CommandSpec spec) {
        return new FarmHome(((Farm) spec.root().userObject()).home());
    }

    Path dir() { return dir; }

    Path catalogsDir() { return dir.resolve("catalogs"); }

    Path demoDir() { return dir.resolve("demo"); }

    Database database() {
        if (db == null) {
            try {
                db = Database.openHome(dir);
            } catch (StoreException e) {
                throw new UserError("cannot open the farm database in " + dir + ": " + e.getMessage());
            }
        }
        return db;
    }

    Catalogs catalogs() {
        return new Catalogs(catalogsDir(), new DbCatalogStore(database().catalogs()));
    }

    @Override
    public void close() {
        if (db != null) db.close();
    }
}
