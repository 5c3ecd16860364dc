package io.daeploy.manager.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.daeploy.common.Json;
import io.daeploy.common.Status;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service versions in the database. Every method is one statement, so callers never see a half-written row. Writes of
 * what should be ({@link #insert}, {@link #makeMain}, {@link #markTerminating}) and of what was observed
 * ({@link #recordObserved}) touch different columns: neither overwrites the other.
 */
public final class ServiceRepository {

    private static final String COLUMNS = "name, version, main, image, env, created, generation, replicas, cpu, memory,"
            + " terminating, keep_image, weight, sticky, idle_timeout_seconds, asleep, revision, status, reason, since, restarts, runtime_ref";

    private final Database database;

    public ServiceRepository(Database database) {
        this.database = database;
    }

    /** Inserts a new version; false when that name and version already exist. */
    public boolean insert(ServiceRecord record) {
        synchronized (database) {
            try (PreparedStatement statement = connection().prepareStatement(
                    "INSERT INTO service_version (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                statement.setString(1, record.name());
                statement.setString(2, record.version());
                statement.setBoolean(3, record.main());
                statement.setString(4, record.image());
                statement.setString(5, writeEnv(record.env()));
                statement.setObject(6, time(record.created()));
                statement.setLong(7, record.generation());
                statement.setInt(8, record.replicas());
                statement.setString(9, record.cpu());
                statement.setString(10, record.memory());
                statement.setBoolean(11, record.terminating());
                statement.setBoolean(12, record.keepImage());
                statement.setInt(13, record.weight());
                statement.setBoolean(14, record.sticky());
                statement.setInt(15, (int) record.idleTimeout().toSeconds());
                statement.setBoolean(16, record.asleep());
                statement.setInt(17, record.revision());
                statement.setString(18, record.status().wire());
                statement.setString(19, record.reason());
                statement.setObject(20, time(record.since()));
                statement.setInt(21, record.restarts());
                statement.setString(22, record.runtimeRef());
                statement.executeUpdate();
                return true;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    return false;
                }
                throw failure("insert " + record.qualifiedName(), e);
            }
        }
    }

    /**
     * Writes what was observed of a version: status, reason, since, restarts and the runtime's reference. Not what
     * should be: a record held while the runtime worked may be older than an assign or a kill meanwhile.
     */
    public void recordObserved(ServiceRecord record) {
        recordObserved(record, null);
    }

    /**
     * The same, by the leader: refused ({@link LeaseLost}) once {@code fence} is not the lease any more; a null fence
     * (the only manager there is) is never refused.
     */
    public void recordObserved(ServiceRecord record, Fence fence) {
        fenced(fence, "UPDATE service_version SET status = ?, reason = ?, since = ?, restarts = ?, runtime_ref = ?"
                        + " WHERE name = ? AND version = ?", "record what was observed of " + record.qualifiedName(),
                record.status().wire(), record.reason(), time(record.since()), record.restarts(), record.runtimeRef(),
                record.name(), record.version());
    }

    /**
     * Where the version's ready instances answer, as the leader sees them (none: empty); the other managers route by
     * it. Refused ({@link LeaseLost}) once {@code fence} is not the lease any more.
     */
    public void recordEndpoints(String name, String version, List<URI> endpoints, Fence fence) {
        fenced(fence, "UPDATE service_version SET endpoints = ? WHERE name = ? AND version = ?",
               "record where " + name + "_" + version + " answers",
               String.join(" ", endpoints.stream().map(URI::toString).toList()), name, version);
    }

    /** Where each version's ready instances answer, by qualified name, as the leader last recorded it. */
    public Map<String, List<URI>> endpoints() {
        Map<String, List<URI>> all = new java.util.HashMap<>();
        for (Map.Entry<String, List<URI>> one : database.query("SELECT name, version, endpoints FROM service_version",
                row -> Map.entry(row.getString("name") + "_" + row.getString("version"), parseEndpoints(row.getString("endpoints"))))) {
            all.put(one.getKey(), one.getValue());
        }
        return all;
    }

    /** Where one version's ready instances answer, as the leader last recorded it; empty when none or no such version. */
    public List<URI> endpoints(String name, String version) {
        return database.query("SELECT endpoints FROM service_version WHERE name = ? AND version = ?",
                row -> parseEndpoints(row.getString("endpoints")), name, version).stream().findFirst().orElse(List.of());
    }

    private static List<URI> parseEndpoints(String stored) {
        return stored == null || stored.isBlank() ? List.of()
                : java.util.Arrays.stream(stored.trim().split(" ")).map(URI::create).toList();
    }

    /**
     * One statement, so no reader ever sees two mains or none; each version whose role changes gets a new generation.
     * A new main ends the name's canary: its share was one of the old main's traffic.
     */
    public void makeMain(String name, String version) {
        update("UPDATE service_version SET main = (version = ?), weight = 0, sticky = FALSE, generation = generation + 1"
                        + " WHERE name = ? AND (main <> (version = ?) OR weight <> 0)", "make " + name + "_" + version + " main",
                version, name, version);
    }

    /**
     * Gives one version other than the main a share of its name's requests, and takes it from any other (a name has one
     * canary); a weight of 0 ends the share. One statement; each version whose share changes gets a new generation.
     * False when nothing changed.
     */
    public boolean setCanary(String name, String version, int weight, boolean sticky) {
        return update("UPDATE service_version SET weight = CASE WHEN version = ? THEN ? ELSE 0 END,"
                        + " sticky = CASE WHEN version = ? THEN ? ELSE FALSE END, generation = generation + 1"
                        + " WHERE name = ? AND NOT main AND (weight <> CASE WHEN version = ? THEN ? ELSE 0 END"
                        + " OR sticky <> CASE WHEN version = ? THEN ? ELSE FALSE END)",
                "give " + name + "_" + version + " " + weight + " % of the requests",
                version, weight, version, weight > 0 && sticky, name, version, weight, version, weight > 0 && sticky) > 0;
    }

    /** Killed: from now on it should not run; the record stays until what ran is gone. */
    public boolean markTerminating(String name, String version, boolean keepImage) {
        return update("UPDATE service_version SET terminating = TRUE, keep_image = ?, generation = generation + 1"
                + " WHERE name = ? AND version = ? AND NOT terminating", "kill " + name + "_" + version, keepImage, name,
                version) > 0;
    }

    /** How many instances should run; a new generation when that changes. False when there is no such live version. */
    public boolean scale(String name, String version, int replicas) {
        return update("UPDATE service_version SET replicas = ?, generation = generation + 1"
                + " WHERE name = ? AND version = ? AND NOT terminating AND replicas <> ?", "scale " + name + "_" + version,
                replicas, name, version, replicas) > 0;
    }

    /**
     * Asleep (scale to zero: nothing of it should run) or awake again; a new generation when that changes. False when
     * nothing changed or there is no such live version.
     */
    public boolean setAsleep(String name, String version, boolean asleep) {
        return update("UPDATE service_version SET asleep = ?, generation = generation + 1"
                + " WHERE name = ? AND version = ? AND NOT terminating AND asleep <> ?",
                (asleep ? "put to sleep " : "wake ") + name + "_" + version, asleep, name, version, asleep) > 0;
    }

    /**
     * Which code of the version should run, and its image where the runtime built one (null: the image stays); a new
     * generation when that changes. False when nothing changed.
     */
    public boolean setRevision(String name, String version, int revision, String image) {
        return update("UPDATE service_version SET revision = ?, image = COALESCE(?, image), generation = generation + 1"
                + " WHERE name = ? AND version = ? AND NOT terminating AND revision <> ?",
                "set the code revision of " + name + "_" + version, revision, image, name, version, revision) > 0;
    }

    public void delete(String name, String version) {
        delete(name, version, null);
    }

    /**
     * The same, by the leader: refused ({@link LeaseLost}) once {@code fence} is not the lease any more; a null fence
     * (the only manager there is) is never refused.
     */
    public void delete(String name, String version, Fence fence) {
        fenced(fence, "DELETE FROM service_version WHERE name = ? AND version = ?", "delete " + name + "_" + version,
               name, version);
    }

    /**
     * One statement under the fence's condition (none: as it is). A row the statement missed while the fence no longer
     * holds means the leader was deposed; a row that is simply gone (killed meanwhile) is no one's fault.
     */
    private void fenced(Fence fence, String sql, String what, Object... args) {
        if (fence == null) {
            update(sql, what, args);
            return;
        }
        Object[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = fence.holder();
        all[args.length + 1] = fence.generation();
        synchronized (database) {
            if (update(sql + " AND " + Fence.STILL_HELD, what, all) == 0 && !stillHeld(fence)) {
                throw new LeaseLost(fence);
            }
        }
    }

    private boolean stillHeld(Fence fence) {
        return !database.query("SELECT 1 FROM leader_lease WHERE id = 1 AND holder = ? AND generation = ?",
                row -> Boolean.TRUE, fence.holder(), fence.generation()).isEmpty();
    }

    public Optional<ServiceRecord> find(String name, String version) {
        return query("WHERE name = ? AND version = ?", name, version).stream().findFirst();
    }

    /** All versions, ordered by name and then by deployment time. */
    public List<ServiceRecord> all() {
        return query("");
    }

    public List<ServiceRecord> byName(String name) {
        return query("WHERE name = ?", name);
    }

    private int update(String sql, String what, Object... args) {
        synchronized (database) {
            try (PreparedStatement statement = connection().prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 1, args[i]);
                }
                return statement.executeUpdate();
            } catch (SQLException e) {
                throw failure(what, e);
            }
        }
    }

    private List<ServiceRecord> query(String where, String... args) {
        synchronized (database) {
            try (PreparedStatement statement = connection().prepareStatement(
                    "SELECT " + COLUMNS + " FROM service_version " + where + " ORDER BY name, created")) {
                for (int i = 0; i < args.length; i++) {
                    statement.setString(i + 1, args[i]);
                }
                List<ServiceRecord> records = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        records.add(read(rs));
                    }
                }
                return records;
            } catch (SQLException e) {
                throw failure("read service versions", e);
            }
        }
    }

    private static ServiceRecord read(ResultSet rs) throws SQLException {
        return new ServiceRecord(
                rs.getString("name"),
                rs.getString("version"),
                rs.getBoolean("main"),
                rs.getString("image"),
                readEnv(rs.getString("env")),
                rs.getObject("created", OffsetDateTime.class).toInstant(),
                rs.getLong("generation"),
                rs.getInt("replicas"),
                rs.getString("cpu"),
                rs.getString("memory"),
                rs.getBoolean("terminating"),
                rs.getBoolean("keep_image"),
                rs.getInt("weight"),
                rs.getBoolean("sticky"),
                Duration.ofSeconds(rs.getInt("idle_timeout_seconds")),
                rs.getBoolean("asleep"),
                rs.getInt("revision"),
                Status.fromWire(rs.getString("status")),
                rs.getString("reason"),
                rs.getObject("since", OffsetDateTime.class).toInstant(),
                rs.getInt("restarts"),
                rs.getString("runtime_ref"));
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Map<String, String> readEnv(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<>() { });
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static String writeEnv(Map<String, String> env) {
        try {
            return Json.mapper().writeValueAsString(env);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connection() {
        return database.connection();
    }

    private RuntimeException failure(String what, SQLException e) {
        return database.failure("Database failure trying to " + what, e);
    }
}
