package io.daeploy.manager.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The copy to PostgreSQL takes every table of the store: a migration that adds one must add it to the copy too. */
class StoreCopyTablesTest {

    @Test
    void theCopyNamesEveryTableTheMigrationsMake(@TempDir Path dataDir) {
        try (Database database = Database.open(dataDir)) {
            Set<String> tables = new TreeSet<>(database.query(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC' AND table_type = 'BASE TABLE'",
                    row -> row.getString(1).toLowerCase(Locale.ROOT)));
            tables.remove("flyway_schema_history");
            tables.removeAll(StoreCopy.NOT_COPIED);
            assertEquals(tables, new TreeSet<>(StoreCopy.TABLES));
        }
    }
}
