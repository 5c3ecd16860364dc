package io.daeploy.manager.store;

import java.util.List;

/**
 * What each manager's gateway counted per version, as text its author wrote and only it reads (see
 * {@code V13__figures_of_each_manager.sql}): each manager writes its own rows and reads those of the others.
 */
public final class FiguresRepository {

    /**
     * One manager process's figures of one version.
     *
     * @param lastRequestAt epoch milliseconds of the last request it passed to the version; null when none
     */
    public record Row(String incarnation, String manager, String name, String version, String figures, Long lastRequestAt,
                      long updatedAt) {
    }

    private final Database database;

    public FiguresRepository(Database database) {
        this.database = database;
    }

    /** Writes (or rewrites) this manager's rows. */
    public void publish(List<Row> rows) {
        for (Row row : rows) {
            // the SQL standard's MERGE, which H2 and PostgreSQL (15 and later) both run; a null parameter is of no type
            // for PostgreSQL: the casts say
            database.update("MERGE INTO manager_figures f USING (VALUES (?, ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT)))"
                            + " AS v (incarnation, manager, name, version, figures, last_request_at, updated_at)"
                            + " ON f.incarnation = v.incarnation AND f.name = v.name AND f.version = v.version"
                            + " WHEN MATCHED THEN UPDATE SET figures = v.figures, last_request_at = v.last_request_at,"
                            + " updated_at = v.updated_at"
                            + " WHEN NOT MATCHED THEN INSERT (incarnation, manager, name, version, figures, last_request_at, updated_at)"
                            + " VALUES (v.incarnation, v.manager, v.name, v.version, v.figures, v.last_request_at, v.updated_at)",
                            row.incarnation(), row.manager(), row.name(), row.version(), row.figures(), row.lastRequestAt(),
                            row.updatedAt());
        }
    }

    /** Every row but those of one manager process (the one asking keeps its own in memory). */
    public List<Row> allBut(String incarnation) {
        return database.query("SELECT incarnation, manager, name, version, figures, last_request_at, updated_at"
                        + " FROM manager_figures WHERE incarnation <> ?",
                row -> new Row(row.getString("incarnation"), row.getString("manager"), row.getString("name"),
                               row.getString("version"), row.getString("figures"),
                               row.getObject("last_request_at") == null ? null : row.getLong("last_request_at"),
                               row.getLong("updated_at")), incarnation);
    }

    /** Forgets the figures of versions the store no longer holds; how many rows went. */
    public int forgetGoneVersions() {
        return database.update("DELETE FROM manager_figures f WHERE NOT EXISTS"
                + " (SELECT 1 FROM service_version s WHERE s.name = f.name AND s.version = f.version)");
    }
}
