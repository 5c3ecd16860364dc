package io.daeploy.manager.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Rollouts in the database, one row per name: the latest. */
public final class RolloutRepository {

    private static final String COLUMNS = "name, version, plan, phase, step, paused, failures, previous_main, started, updated,"
            + " reason, history";

    private final Database database;

    public RolloutRepository(Database database) {
        this.database = database;
    }

    /** Stores a new rollout of its name, replacing a finished one; false when one is under way. */
    public boolean start(RolloutRecord rollout) {
        synchronized (database) {
            Optional<RolloutRecord> current = find(rollout.name());
            if (current.isPresent() && current.get().underWay()) {
                return false;
            }
            execute("DELETE FROM rollout WHERE name = ?", rollout.name());
            execute("INSERT INTO rollout (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rollout.name(),
                    rollout.version(), rollout.plan(), rollout.phase(), rollout.step(), rollout.paused(), rollout.failures(),
                    rollout.previousMain(), time(rollout), OffsetDateTime.ofInstant(rollout.updated(), ZoneOffset.UTC),
                    rollout.reason(), rollout.history());
            return true;
        }
    }

    /** Writes where a rollout is now. */
    public void save(RolloutRecord rollout) {
        execute("UPDATE rollout SET phase = ?, step = ?, paused = ?, failures = ?, updated = ?, reason = ?, history = ?"
                        + " WHERE name = ?", rollout.phase(), rollout.step(), rollout.paused(), rollout.failures(),
                OffsetDateTime.ofInstant(rollout.updated(), ZoneOffset.UTC), rollout.reason(), rollout.history(), rollout.name());
    }

    public Optional<RolloutRecord> find(String name) {
        return query("WHERE name = ?", name).stream().findFirst();
    }

    /** The latest rollout of every name. */
    public List<RolloutRecord> all() {
        return query("");
    }

    /** Rollouts under way. */
    public List<RolloutRecord> underWay() {
        return query("WHERE phase IN ('shadow', 'canary')");
    }

    private static OffsetDateTime time(RolloutRecord rollout) {
        return OffsetDateTime.ofInstant(rollout.started(), ZoneOffset.UTC);
    }

    private void execute(String sql, Object... args) {
        database.update(sql, args);
    }

    private List<RolloutRecord> query(String where, String... args) {
        return database.query("SELECT " + COLUMNS + " FROM rollout " + where + " ORDER BY name", RolloutRepository::read,
                              (Object[]) args);
    }

    private static RolloutRecord read(ResultSet rs) throws SQLException {
        return new RolloutRecord(rs.getString("name"), rs.getString("version"), rs.getString("plan"), rs.getString("phase"),
                rs.getInt("step"), rs.getBoolean("paused"), rs.getInt("failures"), rs.getString("previous_main"),
                rs.getObject("started", OffsetDateTime.class).toInstant(), rs.getObject("updated", OffsetDateTime.class).toInstant(),
                rs.getString("reason"), rs.getString("history"));
    }
}
