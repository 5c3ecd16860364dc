package io.daeploy.manager.store;

import io.daeploy.manager.config.DatabaseSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-shot move of a data directory's H2 database into an empty PostgreSQL database: every table of the store,
 * row by row, in one transaction. The applications, logs and certificates stay in the data directory, which the manager
 * on PostgreSQL keeps using. A database that holds anything already is refused, so nothing is ever overwritten.
 */
public final class StoreCopy {

    /** The store's tables, each copied whole. */
    static final List<String> TABLES = List.of("service_version", "notification", "manager_user", "api_token",
            "manager_setting", "rollout", "comparison", "login_failure");
    /**
     * Tables not copied: the leader's lease (every database has a row of its own from its migrations, and no one leads a
     * copy yet) and the figures each manager on a shared database writes (a manager on H2 writes none).
     */
    static final List<String> NOT_COPIED = List.of("leader_lease", "manager_figures");

    private StoreCopy() {
    }

    /** Copies; rows copied per table. The data directory must not be in use by a manager. */
    public static Map<String, Integer> copy(Path dataDir, DatabaseSettings target) {
        String url = target.url().orElseThrow(() -> new IllegalArgumentException(
                "Setting DAEPLOY_DATABASE_URL must name the PostgreSQL database to copy into"));
        if (!Files.exists(Database.file(dataDir).resolveSibling(Database.file(dataDir).getFileName() + ".mv.db"))) {
            throw new IllegalArgumentException("There is no database to copy in " + dataDir + " (DAEPLOY_DATA_DIR)");
        }
        try (DataDirectoryLock ignored = DataDirectoryLock.acquire(dataDir);
             Database from = Database.open(dataDir);
             Database to = Database.postgresql(url, target.user(), target.password())) {
            synchronized (from) {
                synchronized (to) {
                    return copy(from.connection(), to.connection(), DatabaseSettings.redacted(url));
                }
            }
        }
    }

    private static Map<String, Integer> copy(Connection from, Connection to, String shownUrl) {
        try {
            List<String> filled = new ArrayList<>();
            for (String table : TABLES) {
                if (count(to, table) > 0) {
                    filled.add(table);
                }
            }
            if (!filled.isEmpty()) {
                throw new IllegalStateException("The database at " + shownUrl + " is not empty (" + String.join(", ", filled)
                        + " hold rows): copy only into a new, empty database");
            }
            Map<String, Integer> copied = new LinkedHashMap<>();
            to.setAutoCommit(false);
            try {
                for (String table : TABLES) {
                    copied.put(table, copyTable(from, to, table));
                }
                // the ids were copied as they were: new notifications count on from the highest
                try (Statement statement = to.createStatement()) {
                    statement.execute("SELECT setval(pg_get_serial_sequence('notification', 'id'),"
                            + " COALESCE(MAX(id), 0) + 1, false) FROM notification");
                }
                to.commit();
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            } finally {
                to.setAutoCommit(true);
            }
            return Collections.unmodifiableMap(copied);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot copy the store into " + shownUrl + ": " + e.getMessage(), e);
        }
    }

    private static int count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int copyTable(Connection from, Connection to, String table) throws SQLException {
        try (Statement select = from.createStatement(); ResultSet rows = select.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
            int count = 0;
            try (PreparedStatement statement = to.prepareStatement(insert)) {
                while (rows.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        // text as text: a CLOB handed over as a Clob would become a large object on PostgreSQL
                        boolean text = meta.getColumnType(i) == Types.CLOB || meta.getColumnType(i) == Types.VARCHAR;
                        statement.setObject(i, text ? rows.getString(i) : rows.getObject(i));
                    }
                    statement.addBatch();
                    count++;
                }
                statement.executeBatch();
            }
            return count;
        }
    }
}
