package io.daeploy.manager.store;

import io.daeploy.manager.config.DatabaseSettings;
import io.daeploy.manager.errors.DomainException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;

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
    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    /** SQL state 22021, character not in repertoire: PostgreSQL's answer to a NUL in text. */
    private static final String UNSTORABLE_CHARACTER = "22021";

    /** The databases the manager runs on; each has a folder of migrations of its own beside the common ones. */
    enum Kind {
        H2("h2"), POSTGRESQL("postgresql");

        final String migrations;

        Kind(String migrations) {
            this.migrations = migrations;
        }
    }

    /** Opens the same database again. */
    @FunctionalInterface
    private interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final boolean shared;
    private Connection connection;

    private Database(Connection connection, Opener opener, boolean shared) {
        this.connection = connection;
        this.opener = opener;
        this.shared = shared;
    }

    /** Whether several managers may use it at once (PostgreSQL); H2 in a data directory is one manager's own. */
    public boolean shared() {
        return shared;
    }

    /** A connection of its own, for a listener that waits on it without holding up the store. */
    Connection openAnother() throws SQLException {
        return opener.open();
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
            return new Database(connection, () -> DriverManager.getConnection(url, user, password), true);
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
            return new Database(connection, () -> DriverManager.getConnection(url, USER, ""), false);
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

    /**
     * The one connection; callers hold the lock of this object while they use it. A connection lost with its database
     * (a PostgreSQL server restarted, a network cut) is opened again here, at the first use after; while that fails,
     * every use fails as {@link DomainException.Kind#UNAVAILABLE}, and the store resumes when the database is back.
     */
    public synchronized Connection connection() {
        try {
            if (connection.isClosed()) {
                connection = opener.open();
                LOG.info("Connected to the database again");
            }
            return connection;
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /**
     * What a failed statement becomes: {@link DomainException.Kind#UNAVAILABLE} when the database could not be
     * reached (the next use connects again), otherwise a failure of the manager's own.
     */
    public RuntimeException failure(String what, SQLException e) {
        if (UNSTORABLE_CHARACTER.equals(e.getSQLState())) {
            // PostgreSQL holds no NUL in text (H2 does): a value with one can be neither stored nor found
            return DomainException.invalid("A value holds a character that cannot be stored (NUL, \\u0000)");
        }
        if (lostConnection(e)) {
            closeQuietly(connection); // not always closed by the driver: the next use opens a new one
            return unreachable(e);
        }
        return new IllegalStateException(what + ": " + e.getMessage(), e);
    }

    /** SQL state class 08, connection exception (SQL:2016); or a connection the driver has closed since. */
    private boolean lostConnection(SQLException e) {
        try {
            return e.getSQLState() != null && e.getSQLState().startsWith("08") || connection.isClosed();
        } catch (SQLException closedCheck) {
            return true;
        }
    }

    private static DomainException unreachable(SQLException e) {
        return DomainException.unavailable("The manager's database cannot be reached: " + e.getMessage(), e);
    }

    /** Runs an update with parameters; returns the number of rows changed. */
    public synchronized int update(String sql, Object... args) {
        try (java.sql.PreparedStatement statement = connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure("Database failure", e);
        }
    }

    /** How one row of a query becomes a value. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(java.sql.ResultSet row) throws SQLException;
    }

    /**
     * Runs a query with parameters; each row read by the reader. A query on a connection that the database dropped
     * (its server restarted since the last use) is run once more on a new one: reading twice changes nothing.
     */
    public synchronized <T> java.util.List<T> query(String sql, RowReader<T> reader, Object... args) {
        try {
            return queryOnce(sql, reader, args);
        } catch (DomainException e) {
            if (e.kind() != DomainException.Kind.UNAVAILABLE) {
                throw e;
            }
            return queryOnce(sql, reader, args);
        }
    }

    private <T> java.util.List<T> queryOnce(String sql, RowReader<T> reader, Object... args) {
        try (java.sql.PreparedStatement statement = connection().prepareStatement(sql)) {
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
            throw failure("Database failure", e);
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
