package io.daeploy.manager.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the database and the lock live, and who may read them: the manager's user alone. */
class DatabaseFilesTest {

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aNewDataDirectoryAndItsDatabaseAreTheOwnersAlone(@TempDir Path parent) throws Exception {
        Path dataDir = parent.resolve("new/data");
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir); Database ignored = Database.open(dataDir)) {
            assertEquals("rwx------", mode(dataDir));
            assertEquals("rw-------", mode(dataDir.resolve(DataDirectoryLock.FILE)));
            assertEquals("rwx------", mode(dataDir.resolve("db")));
            assertEquals("rw-------", mode(dataDir.resolve("db/daeploy.mv.db")));
        }
    }

    @Test
    void aDatabaseOfAnEarlierReleaseBesideEverythingElseIsMovedIntoItsFolderWithItsData(@TempDir Path dataDir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("daeploy"), "daeploy", "")) {
            c.createStatement().execute("CREATE TABLE earlier (said VARCHAR(20))");
            c.createStatement().execute("INSERT INTO earlier VALUES ('kept')");
        }
        Files.setPosixFilePermissions(dataDir.resolve("daeploy.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));

        try (Database database = Database.open(dataDir);
             ResultSet rs = database.connection().createStatement().executeQuery("SELECT said FROM earlier")) {
            assertTrue(rs.next());
            assertEquals("kept", rs.getString(1));
        }
        assertFalse(Files.exists(dataDir.resolve("daeploy.mv.db")));
        assertEquals("rw-------", mode(dataDir.resolve("db/daeploy.mv.db")), "narrowed as well");
    }
}
