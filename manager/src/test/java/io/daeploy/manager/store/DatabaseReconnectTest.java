package io.daeploy.manager.store;

import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.testing.OwnPostgresCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PostgreSQL store whose server goes away while the manager runs (a cluster of this test's own, stopped at once as a
 * crash would, then started again): uses fail as "unavailable", never as the manager's own fault, and the store
 * resumes by itself when the server is back, with nothing recorded lost.
 */
class DatabaseReconnectTest {

    @RegisterExtension
    static final OwnPostgresCluster POSTGRESQL = new OwnPostgresCluster();

    @Test
    void whileTheServerIsAwayUsesAreUnavailableAndTheyResumeWhenItIsBack() {
        try (Database database = POSTGRESQL.newStore()) {
            database.update("INSERT INTO manager_setting (name, setting_value) VALUES (?, ?)", "kept", "before");

            POSTGRESQL.stopServer();
            DomainException read = assertThrows(DomainException.class, () -> setting(database));
            assertEquals(DomainException.Kind.UNAVAILABLE, read.kind());
            assertTrue(read.getMessage().contains("database cannot be reached"), read.getMessage());
            DomainException write = assertThrows(DomainException.class,
                    () -> database.update("UPDATE manager_setting SET setting_value = ? WHERE name = ?", "during", "kept"));
            assertEquals(DomainException.Kind.UNAVAILABLE, write.kind(), "a write while the database is away: " + write.getMessage());

            POSTGRESQL.startServer();
            assertEquals(List.of("before"), setting(database), "read again once the server is back, as it was");
            database.update("UPDATE manager_setting SET setting_value = ? WHERE name = ?", "after", "kept");
            assertEquals(List.of("after"), setting(database));
        }
    }

    @Test
    void aReadOnAConnectionDroppedByARestartIsAnsweredOnANewOne() {
        try (Database database = POSTGRESQL.newStore()) {
            database.update("INSERT INTO manager_setting (name, setting_value) VALUES (?, ?)", "kept", "before");
            POSTGRESQL.stopServer();
            POSTGRESQL.startServer(); // the manager did not use the database meanwhile: its connection is stale
            assertEquals(List.of("before"), setting(database));
        }
    }

    private static List<String> setting(Database database) {
        return database.query("SELECT setting_value FROM manager_setting WHERE name = ?", row -> row.getString(1), "kept");
    }
}
