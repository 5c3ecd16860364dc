package io.daeploy.manager.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import io.daeploy.common.Json;
import io.daeploy.common.Notification;
import io.daeploy.common.Severity;
import io.daeploy.manager.store.Database;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Notifications in the manager's database; one row per (service, version, message, severity). */
public final class NotificationRepository {

    /** A stored notification plus when it was last e-mailed. */
    public record Stored(Notification notification, Optional<Instant> lastEmailed) {
    }

    private static final String COLUMNS = "id, service_name, service_version, message, severity, emails, timer_seconds,"
            + " count, first_seen, last_seen, last_emailed";

    private final Database database;

    public NotificationRepository(Database database) {
        this.database = database;
    }

    public Optional<Stored> find(String serviceName, String serviceVersion, String message, Severity severity) {
        return query("WHERE service_name = ? AND service_version = ? AND message = ? AND severity = ?",
                     serviceName, serviceVersion, message, severity.name()).stream().findFirst();
    }

    /** Inserts a first occurrence; returns it with its id. */
    public Notification insert(Notification n) {
        synchronized (database) {
            try (PreparedStatement st = database.connection().prepareStatement(
                    "INSERT INTO notification (service_name, service_version, message, severity, emails, timer_seconds,"
                            + " count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                st.setString(1, n.serviceName());
                st.setString(2, n.serviceVersion());
                st.setString(3, n.message());
                st.setString(4, n.severity().name());
                st.setString(5, Json.mapper().writeValueAsString(n.emails()));
                st.setLong(6, n.timerSeconds());
                st.setLong(7, n.count());
                st.setObject(8, utc(n.firstSeen()));
                st.setObject(9, utc(n.lastSeen()));
                st.executeUpdate();
                try (ResultSet keys = st.getGeneratedKeys()) {
                    keys.next();
                    return new Notification(keys.getLong(1), n.serviceName(), n.serviceVersion(), n.message(), n.severity(),
                            n.emails(), n.timerSeconds(), n.count(), n.firstSeen(), n.lastSeen());
                }
            } catch (SQLException e) {
                throw database.failure("Cannot store a notification", e);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot store a notification: " + e.getMessage(), e);
            }
        }
    }

    /** Stores a repeat: the counter, the last time, and the latest recipients and timer. */
    public void update(Notification n) {
        synchronized (database) {
            try (PreparedStatement st = database.connection().prepareStatement(
                    "UPDATE notification SET count = ?, last_seen = ?, emails = ?, timer_seconds = ? WHERE id = ?")) {
                st.setLong(1, n.count());
                st.setObject(2, utc(n.lastSeen()));
                st.setString(3, Json.mapper().writeValueAsString(n.emails()));
                st.setLong(4, n.timerSeconds());
                st.setLong(5, n.id());
                st.executeUpdate();
            } catch (SQLException e) {
                throw database.failure("Cannot update notification " + n.id(), e);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot update notification " + n.id() + ": " + e.getMessage(), e);
            }
        }
    }

    public void markEmailed(long id, Instant when) {
        database.update("UPDATE notification SET last_emailed = ? WHERE id = ?", utc(when), id);
    }

    /** Newest first (by the last time seen). */
    public List<Notification> all() {
        return query("").stream().map(Stored::notification).toList();
    }

    public int deleteAll() {
        return database.update("DELETE FROM notification");
    }

    private List<Stored> query(String where, Object... args) {
        synchronized (database) {
            try (PreparedStatement st = database.connection().prepareStatement(
                    "SELECT " + COLUMNS + " FROM notification " + where + " ORDER BY last_seen DESC, id DESC")) {
                for (int i = 0; i < args.length; i++) {
                    st.setObject(i + 1, args[i]);
                }
                List<Stored> list = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        list.add(read(rs));
                    }
                }
                return list;
            } catch (SQLException e) {
                throw database.failure("Cannot read notifications", e);
            }
        }
    }

    private static Stored read(ResultSet rs) throws SQLException {
        List<String> emails;
        try {
            emails = Json.mapper().readValue(rs.getString("emails"), new TypeReference<>() { });
        } catch (IOException e) {
            emails = List.of();
        }
        OffsetDateTime emailed = rs.getObject("last_emailed", OffsetDateTime.class);
        return new Stored(new Notification(
                rs.getLong("id"),
                rs.getString("service_name"),
                rs.getString("service_version"),
                rs.getString("message"),
                Severity.valueOf(rs.getString("severity")),
                emails,
                rs.getLong("timer_seconds"),
                rs.getLong("count"),
                rs.getObject("first_seen", OffsetDateTime.class).toInstant(),
                rs.getObject("last_seen", OffsetDateTime.class).toInstant()),
                Optional.ofNullable(emailed).map(OffsetDateTime::toInstant));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
