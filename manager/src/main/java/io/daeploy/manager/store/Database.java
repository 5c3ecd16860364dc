package io.daeploy.manager.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The manager's embedded H2 database (file mode) under the data directory, at the schema of {@link Migrations}.
 * One connection, serialised by the repositories: the manager's write rate is tiny.
 */
public final class Database implements AutoCloseable {

    private static final String USER = "daeploy";

    private final Connection connection;

    private Database(Connection connection) {
        this.connection = connection;
    }

    public static Database open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            // WRITE_DELAY=0: each commit reaches the file at once. H2's default writes them up to a second later, and a
            // manager killed within that second lost what it had answered as done.
            String url = "jdbc:h2:file:" + dataDir.resolve("daeploy").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
            Connection connection = DriverManager.getConnection(url, USER, "");
            Migrations.apply(url, USER);
            return new Database(connection);
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("locked")) {
                throw new IllegalStateException("The database in " + dataDir + " is in use by another manager."
                        + " Stop it, or give this one another DAEPLOY_DATA_DIR.", e);
            }
            throw new IllegalStateException("Cannot open the database in " + dataDir + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** The one connection; callers hold the lock of this object while they use it. */
    public Connection connection() {
        return connection;
    }

    /** Runs an update with parameters; returns the number of rows changed. */
    public synchronized int update(String sql, Object... args) {
        try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Database failure: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing on shutdown: nothing left to do
        }
    }
}
