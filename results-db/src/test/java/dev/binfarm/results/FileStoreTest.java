package dev.binfarm.results;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded H2 file database in a fresh farm home. */
class FileStoreTest extends StoreContractTest {
    @TempDir
    Path home;

    @Override
    Database openStore() {
        return Database.openHome(home);
    }

    @Test
    void createsTheDatabaseFileInTheFarmHomeAndMigratesOnlyOnce() {
        assertTrue(Files.isRegularFile(home.resolve("db/binfarm.mv.db")), "database file in <home>/db");
        assertEquals(1, count("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1' AND \"success\""));
        assertEquals(0, db.migrate(), "nothing left to migrate");
    }

    @Test
    void committedRowsSurviveReopening() {
        Catalog c = db.catalogs().register("kept", "file:///k", null, false);
        db.catalogs().recordRevision(c.id(), "abc", List.of(dynamicApp("ls")));
        db.close();
        db = Database.openHome(home);
        assertEquals(List.of("ls"), db.catalogs().currentApps(c.id()).stream().map(App::name).toList());
    }
}
