package io.daeploy.manager.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The manager's embedded H2 database (file mode) under the data directory.
 * One connection, serialised by the repositories: the manager's write rate is tiny.
 */
public final class Database implements AutoCloseable {

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
            Connection connection = DriverManager.getConnection(url, "daeploy", "");
            Database database = new Database(connection);
            database.migrate();
            return database;
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

    /** Runs a statement without parameters (schema changes). */
    public synchronized void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Database failure: " + e.getMessage(), e);
        }
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

    private void migrate() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS service_version (
                        name VARCHAR(63) NOT NULL,
                        version VARCHAR(63) NOT NULL,
                        main BOOLEAN NOT NULL,
                        status VARCHAR(16) NOT NULL,
                        since TIMESTAMP WITH TIME ZONE NOT NULL,
                        image VARCHAR(512),
                        reason VARCHAR(4000),
                        port INT,
                        pid BIGINT,
                        app_dir VARCHAR(1024) NOT NULL,
                        env CLOB NOT NULL,
                        created TIMESTAMP WITH TIME ZONE NOT NULL,
                        PRIMARY KEY (name, version))""");
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
