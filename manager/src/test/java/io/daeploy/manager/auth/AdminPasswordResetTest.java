package io.daeploy.manager.auth;

import io.daeploy.manager.config.DatabaseSettings;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.HttpErrors;
import io.daeploy.manager.store.DataDirectoryLock;
import io.daeploy.manager.store.Database;
import io.daeploy.manager.testing.PostgresCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code reset-admin-password}: the way back in for an admin who changed the password and forgot it. */
class AdminPasswordResetTest {

    private static final AuthSettings SETTINGS = new AuthSettings(true, Optional.of("password of the first start"));
    private static final Map<String, String> RESET = Map.of("DAEPLOY_ADMIN_PASSWORD", "the reset password");

    @Test
    void aForgottenAdminPasswordIsResetInADataDirectoryAndTheLockAfterGuessesIsLifted(@TempDir Path dataDir) {
        try (Database database = Database.open(dataDir)) {
            Authentication manager = Authentication.start(SETTINGS, database);
            manager.users().changePassword("admin", "since forgotten");
            for (int i = 0; i < LoginThrottle.FREE_ATTEMPTS; i++) {
                assertThrows(DomainException.class, () -> manager.users().authenticate("admin", "a guess"));
            }
        }
        assertEquals(0, AdminPasswordReset.run(DatabaseSettings.EMBEDDED, dataDir, RESET));

        try (Database database = Database.open(dataDir)) {
            Authentication manager = Authentication.start(SETTINGS, database);
            assertEquals("admin", manager.users().authenticate("admin", "the reset password"), "not locked any more");
            assertEquals(401, HttpErrors.status(assertThrows(DomainException.class,
                    () -> manager.users().authenticate("admin", "since forgotten"))).code());
        }
    }

    /** On PostgreSQL the managers keep running: the next login on any of them takes the new password. */
    @Test
    void theAdminPasswordOfAPostgresqlStoreIsResetWhileAManagerRuns(@TempDir Path dataDir) {
        PostgresCluster cluster = PostgresCluster.shared();
        DatabaseSettings settings = new DatabaseSettings(Optional.of(cluster.newDatabase()), cluster.user(), cluster.password());
        try (Database database = Database.open(settings, dataDir)) {
            Authentication running = Authentication.start(SETTINGS, database);
            running.users().changePassword("admin", "since forgotten");

            assertEquals(0, AdminPasswordReset.run(settings, dataDir, RESET));
            assertEquals("admin", running.users().authenticate("admin", "the reset password"));
        }
    }

    @Test
    void itNeedsThePasswordAndADataDirectoryNoManagerUses(@TempDir Path dataDir) {
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> AdminPasswordReset.reset(DatabaseSettings.EMBEDDED, dataDir, Map.of()));
        assertEquals("reset-admin-password sets the admin's password to DAEPLOY_ADMIN_PASSWORD, which is not set", unset.getMessage());

        DomainException tooShort = assertThrows(DomainException.class,
                () -> AdminPasswordReset.reset(DatabaseSettings.EMBEDDED, dataDir, Map.of("DAEPLOY_ADMIN_PASSWORD", "short")));
        assertEquals("password must have at least 8 characters", tooShort.getMessage());

        try (DataDirectoryLock running = DataDirectoryLock.acquire(dataDir)) {
            IllegalStateException inUse = assertThrows(IllegalStateException.class,
                    () -> AdminPasswordReset.reset(DatabaseSettings.EMBEDDED, dataDir, RESET));
            assertTrue(inUse.getMessage().contains("pid " + ProcessHandle.current().pid()), inUse.getMessage());
        }
        assertEquals(2, AdminPasswordReset.run(DatabaseSettings.EMBEDDED, dataDir, Map.of()), "the exit status when refused");
    }
}
