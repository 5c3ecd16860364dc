package io.daeploy.manager.auth;

import io.daeploy.manager.config.DatabaseSettings;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.store.DataDirectoryLock;
import io.daeploy.manager.store.Database;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar daeploy-manager.jar reset-admin-password}: the way back in when the admin's password is forgotten,
 * since {@code DAEPLOY_ADMIN_PASSWORD} only creates the admin. Sets the admin's password to
 * {@code DAEPLOY_ADMIN_PASSWORD} in the store the settings name and lifts the admin's lock after failed logins, then
 * stops. A PostgreSQL store may be in use by running managers (they check the new password at the next login); an H2
 * data directory must not be.
 */
public final class AdminPasswordReset {

    public static final String COMMAND = "reset-admin-password";
    private static final String PASSWORD = "DAEPLOY_ADMIN_PASSWORD";

    private AdminPasswordReset() {
    }

    /** @return the exit status of the command */
    public static int run(DatabaseSettings database, Path dataDir, Map<String, String> env) {
        try {
            reset(database, dataDir, env);
        } catch (IllegalArgumentException | IllegalStateException | DomainException e) {
            System.err.println("Daeploy manager cannot reset the admin password: " + e.getMessage());
            return 2;
        }
        System.out.println("The password of admin is now the one of " + PASSWORD + " in " + where(database, dataDir) + ".");
        return 0;
    }

    static void reset(DatabaseSettings database, Path dataDir, Map<String, String> env) {
        String password = Optional.ofNullable(env.get(PASSWORD)).filter(p -> !p.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException(COMMAND + " sets the admin's password to " + PASSWORD
                        + ", which is not set"));
        if (database.url().isPresent()) {
            try (Database store = Database.open(database, dataDir)) {
                reset(store, password);
            }
            return;
        }
        try (DataDirectoryLock ignored = DataDirectoryLock.acquire(dataDir); Database store = Database.open(dataDir)) {
            reset(store, password);
        }
    }

    private static void reset(Database database, String password) {
        new UserService(new AuthStore(database), new LoginThrottle(new LoginFailures(database))).resetAdminPassword(password);
    }

    private static String where(DatabaseSettings database, Path dataDir) {
        return database.url().map(DatabaseSettings::redacted).orElse("the data directory " + dataDir);
    }
}
