package io.daeploy.manager.store;

import io.daeploy.manager.config.DatabaseSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * The manager's database at the schema of {@link Migrations}: by default the embedded H2 (file mode) in
 * {@code <data>/db/}, else the PostgreSQL database that {@link DatabaseSettings} name. One connection, serialised by the
 * repositories: the manager's write rate is tiny. The repositories' SQL runs on both.
 *
 * <p>The folder is the owner's alone (0700): it holds the signing secret and the password hashes, and services may
 * pass through the data directory to their own folders. H2 creates its files with the process's umask, so the folder,
 * not the files, is what keeps them private; the files are made 0600 as well.
 */
public final class Database implements AutoCloseable {

    private static final String USER = "daeploy";

    /** The databases the manager runs on; each has a folder of migrations of its own beside the common ones. */
    enum Kind {
        H2("h2"), POSTGRESQL("postgresql");

        final String migrations;

        Kind(String migrations) {
            this.migrations = migrations;
        }
    }

    private final Connection connection;

    private Database(Connection connection) {
        this.connection = connection;
    }

    /** The database the settings name: PostgreSQL when they have a URL, else H2 in the data directory. */
    public static Database open(DatabaseSettings settings, Path dataDir) {
        return settings.url().map(url -> postgresql(url, settings.user(), settings.password())).orElseGet(() -> open(dataDir));
    }

    /** A PostgreSQL database, migrated to this manager's schema. */
    public static Database postgresql(String url, String user, String password) {
        String shown = DatabaseSettings.redacted(url);
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to the database at " + shown + " (DAEPLOY_DATABASE_URL) as '" + user
                    + "': " + e.getMessage());
        }
        try {
            Migrations.apply(Kind.POSTGRESQL, url, user, password);
            return new Database(connection);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw new IllegalStateException("Cannot bring the database at " + shown + " to this manager's schema: "
                    + e.getMessage(), e);
        }
    }

    static final String FOLDER = "db";
    private static final String NAME = "daeploy";
    /** The files of a database as H2 names them. */
    private static final List<String> FILES = List.of(NAME + ".mv.db", NAME + ".trace.db");

    /** The database's files without the {@code .mv.db}, as H2's URL names them. */
    public static Path file(Path dataDir) {
        return dataDir.resolve(FOLDER).resolve(NAME).toAbsolutePath();
    }

    public static Database open(Path dataDir) {
        try {
            Path folder = dataDir.resolve(FOLDER);
            PrivateFolders.create(folder);
            moveFromEarlierLayout(dataDir, folder);
            // WRITE_DELAY=0: each commit reaches the file at once. H2's default writes them up to a second later, and a
            // manager killed within that second lost what it had answered as done.
            String url = "jdbc:h2:file:" + file(dataDir) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
            Connection connection = DriverManager.getConnection(url, USER, "");
            Migrations.apply(Kind.H2, url, USER, "");
            for (String name : FILES) {
                PrivateFolders.restrictFile(folder.resolve(name));
            }
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

    /** Releases before this one kept the database beside everything else in the data directory. */
    private static void moveFromEarlierLayout(Path dataDir, Path folder) throws java.io.IOException {
        for (String name : FILES) {
            Path earlier = dataDir.resolve(name);
            if (Files.exists(earlier) && !Files.exists(folder.resolve(name))) {
                Files.move(earlier, folder.resolve(name));
            }
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

    /** How one row of a query becomes a value. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(java.sql.ResultSet row) throws SQLException;
    }

    /** Runs a query with parameters; each row read by the reader. */
    public synchronized <T> java.util.List<T> query(String sql, RowReader<T> reader, Object... args) {
        try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            java.util.List<T> rows = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Database failure: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing on shutdown or after a failure: nothing left to do
        }
    }
}
