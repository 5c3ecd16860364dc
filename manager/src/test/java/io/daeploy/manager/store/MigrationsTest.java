package io.daeploy.manager.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MigrationsTest {

    /**
     * Flyway's checksums of V1 to V9 as the releases before PostgreSQL applied them to H2 data directories: an applied
     * migration that changes no longer validates, and those data directories would not start.
     */
    private static final List<Integer> APPLIED_CHECKSUMS = List.of(-974781284, -1913930684, 1447021356, -909026316, 538250359,
            95952627, -1726454913, 2134836428, -1518969616);

    /** Releases before PostgreSQL kept every migration in db/migration; a checksum depends on the content, not the folder. */
    @Test
    void aDataDirectoryMigratedWhenAllMigrationsLayInOneFolderStillOpensAndKeepsItsChecksums(@TempDir Path work)
            throws IOException, URISyntaxException, SQLException {
        Path earlierLayout = Files.createDirectories(work.resolve("db-migration"));
        for (String folder : List.of("h2", "common")) {
            try (Stream<Path> files = Files.list(Path.of(MigrationsTest.class.getResource("/db/migration/" + folder).toURI()))) {
                for (Path file : files.toList()) {
                    Files.copy(file, earlierLayout.resolve(file.getFileName()));
                }
            }
        }
        Path dataDir = work.resolve("data");
        String url = "jdbc:h2:file:" + Database.file(dataDir) + ";DB_CLOSE_ON_EXIT=FALSE";
        Flyway.configure().dataSource(url, "daeploy", "").locations("filesystem:" + earlierLayout).load().migrate();
        try (Connection c = DriverManager.getConnection(url, "daeploy", "")) {
            c.createStatement().execute("INSERT INTO manager_setting (name, setting_value) VALUES ('kept', 'yes')");
        }

        try (Database database = Database.open(dataDir)) {
            assertEquals(List.of("yes"), database.query("SELECT setting_value FROM manager_setting WHERE name = 'kept'",
                    rs -> rs.getString(1)));
            List<Integer> checksums = new ArrayList<>(database.query(
                    "SELECT \"checksum\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"",
                    rs -> rs.getInt(1)));
            assertEquals(APPLIED_CHECKSUMS, checksums.subList(0, APPLIED_CHECKSUMS.size()), "the later ones apply after them");
        }
    }
}
