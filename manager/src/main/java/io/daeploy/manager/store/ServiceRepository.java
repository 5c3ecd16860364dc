package io.daeploy.manager.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.daeploy.common.Json;
import io.daeploy.common.Status;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Service versions in the database. Every method is atomic; callers never see a half-written row. */
public final class ServiceRepository {

    private static final String COLUMNS = "name, version, main, status, since, image, reason, port, pid, app_dir, env, created";

    private final Database database;

    public ServiceRepository(Database database) {
        this.database = database;
    }

    /** Inserts a new version; false when that name and version already exist. */
    public boolean insert(ServiceRecord record) {
        synchronized (database) {
            try (PreparedStatement statement = connection().prepareStatement(
                    "INSERT INTO service_version (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(statement, record);
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
     * Writes a version's status, endpoint and image. Not whether it is the main: a record held across a restart may
     * be older than an assign meanwhile, and only {@link #makeMain} changes the main.
     */
    public void update(ServiceRecord record) {
        synchronized (database) {
            try (PreparedStatement statement = connection().prepareStatement(
                    "UPDATE service_version SET status = ?, since = ?, image = ?, reason = ?, port = ?, pid = ?"
                            + " WHERE name = ? AND version = ?")) {
                statement.setString(1, record.status().wire());
                statement.setObject(2, OffsetDateTime.ofInstant(record.since(), ZoneOffset.UTC));
                statement.setString(3, record.image());
                statement.setString(4, record.reason());
                setNullable(statement, 5, record.port(), Types.INTEGER);
                setNullable(statement, 6, record.pid(), Types.BIGINT);
                statement.setString(7, record.name());
                statement.setString(8, record.version());
                statement.executeUpdate();
            } catch (SQLException e) {
                throw failure("update " + record.qualifiedName(), e);
            }
        }
    }

    /** One statement, so no reader ever sees two mains or none. */
    public void makeMain(String name, String version) {
        synchronized (database) {
            try (PreparedStatement statement = connection().prepareStatement(
                    "UPDATE service_version SET main = (version = ?) WHERE name = ?")) {
                statement.setString(1, version);
                statement.setString(2, name);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw failure("make " + name + "_" + version + " main", e);
            }
        }
    }

    public void delete(String name, String version) {
        synchronized (database) {
            try (PreparedStatement statement = connection().prepareStatement(
                    "DELETE FROM service_version WHERE name = ? AND version = ?")) {
                statement.setString(1, name);
                statement.setString(2, version);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw failure("delete " + name + "_" + version, e);
            }
        }
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

    private ServiceRecord read(ResultSet rs) throws SQLException {
        return new ServiceRecord(
                rs.getString("name"),
                rs.getString("version"),
                rs.getBoolean("main"),
                Status.fromWire(rs.getString("status")),
                rs.getObject("since", OffsetDateTime.class).toInstant(),
                rs.getString("image"),
                rs.getString("reason"),
                (Integer) rs.getObject("port"),
                (Long) rs.getObject("pid"),
                Path.of(rs.getString("app_dir")),
                readEnv(rs.getString("env")),
                rs.getObject("created", OffsetDateTime.class).toInstant());
    }

    private void bind(PreparedStatement statement, ServiceRecord record) throws SQLException {
        statement.setString(1, record.name());
        statement.setString(2, record.version());
        statement.setBoolean(3, record.main());
        statement.setString(4, record.status().wire());
        statement.setObject(5, OffsetDateTime.ofInstant(record.since(), ZoneOffset.UTC));
        statement.setString(6, record.image());
        statement.setString(7, record.reason());
        setNullable(statement, 8, record.port(), Types.INTEGER);
        setNullable(statement, 9, record.pid(), Types.BIGINT);
        statement.setString(10, record.appDir().toString());
        statement.setString(11, writeEnv(record.env()));
        statement.setObject(12, OffsetDateTime.ofInstant(record.created(), ZoneOffset.UTC));
    }

    private static void setNullable(PreparedStatement statement, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType);
        } else {
            statement.setObject(index, value);
        }
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

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("Database failure trying to " + what + ": " + e.getMessage(), e);
    }

}
