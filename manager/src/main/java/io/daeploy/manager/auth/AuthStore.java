package io.daeploy.manager.auth;

import io.daeploy.manager.store.Database;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Users, tokens and the signing secret in the manager's database. Not final: a test slips a verify into a revoke. */
class AuthStore {

    /** A stored token: API tokens and service tokens can be revoked; sessions are not stored. */
    record TokenRow(String id, String subject, String kind, Instant created, Optional<Instant> expires, boolean revoked,
                    Optional<String> token) {
    }

    /** A token revoked, or a session ended, at {@code at} by the database's clock, by whichever manager. */
    record Revocation(String id, String kind, OffsetDateTime at) {
    }

    /** SQL state 23505, unique violation (SQL:2016), as H2 and PostgreSQL both name it. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database database;
    /** Per user name: empty when there is no such user, else whether it is an admin. Kept in step by the writes below. */
    private final Map<String, Optional<Boolean>> userRoles = new ConcurrentHashMap<>();

    AuthStore(Database database) {
        this.database = database;
    }

    /** The HMAC secret that signs tokens: made once, kept in the database so tokens survive restarts. */
    synchronized byte[] signingSecret() {
        Optional<String> stored = setting("jwt-secret");
        if (stored.isPresent()) {
            return Base64.getDecoder().decode(stored.get());
        }
        byte[] secret = new byte[64];
        new SecureRandom().nextBytes(secret);
        database.update("INSERT INTO manager_setting (name, setting_value) VALUES (?, ?)", "jwt-secret",
                        Base64.getEncoder().encodeToString(secret));
        return secret;
    }

    void putUser(String name, String passwordHash, boolean admin) {
        userRoles.remove(name);
        // the SQL standard's MERGE, which H2 and PostgreSQL (15 and later) both run
        database.update("MERGE INTO manager_user u USING (VALUES (?, ?, ?, ?)) AS v (name, password_hash, admin, created)"
                        + " ON u.name = v.name"
                        + " WHEN MATCHED THEN UPDATE SET password_hash = v.password_hash, admin = v.admin, created = v.created"
                        + " WHEN NOT MATCHED THEN INSERT (name, password_hash, admin, created)"
                        + " VALUES (v.name, v.password_hash, v.admin, v.created)",
                        name, passwordHash, admin, utc(Instant.now()));
    }

    /**
     * Adds a user unless one of that name exists, also when another manager adds it at the same moment.
     *
     * @return whether this call added it
     */
    boolean addUserIfAbsent(String name, String passwordHash, boolean admin) {
        userRoles.remove(name);
        try {
            return database.update("INSERT INTO manager_user (name, password_hash, admin, created) VALUES (?, ?, ?, ?)",
                                   name, passwordHash, admin, utc(Instant.now())) == 1;
        } catch (IllegalStateException e) {
            if (uniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Whether a failed write found a row of the same key, written by another manager a moment before. */
    static boolean uniqueViolation(RuntimeException e) {
        return e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }

    boolean updatePassword(String name, String passwordHash) {
        return database.update("UPDATE manager_user SET password_hash = ? WHERE name = ?", passwordHash, name) == 1;
    }

    boolean deleteUser(String name) {
        try {
            return database.update("DELETE FROM manager_user WHERE name = ?", name) == 1;
        } finally {
            userRoles.remove(name);
        }
    }

    /**
     * Whether a user exists (empty when not) and is an admin: asked by every request with a session or API token,
     * the gateway's included, so answered from memory after the first time.
     */
    Optional<Boolean> userIsAdmin(String name) {
        return userRoles.computeIfAbsent(name, n -> passwordHash(n).isEmpty() ? Optional.empty() : Optional.of(isAdmin(n)));
    }

    /**
     * Brings the cached users in step with the database, where another manager may have removed one: a small table,
     * read whole.
     */
    void refreshUsers() {
        Map<String, Boolean> admins = database.query("SELECT name, admin FROM manager_user",
                                                     row -> Map.entry(row.getString(1), row.getBoolean(2)))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        for (String name : userRoles.keySet()) {
            userRoles.computeIfPresent(name, (n, cached) -> Optional.ofNullable(admins.get(n)));
        }
    }

    Optional<String> passwordHash(String name) {
        return queryStrings("SELECT password_hash FROM manager_user WHERE name = ?", name).stream().findFirst();
    }

    boolean isAdmin(String name) {
        return !queryStrings("SELECT name FROM manager_user WHERE name = ? AND admin", name).isEmpty();
    }

    List<String> userNames() {
        return queryStrings("SELECT name FROM manager_user ORDER BY name");
    }

    void insertToken(TokenRow row) {
        database.update("INSERT INTO api_token (id, subject, kind, created, expires, revoked, token, revoked_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN CURRENT_TIMESTAMP END)",
                        row.id(), row.subject(), row.kind(), utc(row.created()), row.expires().map(AuthStore::utc).orElse(null),
                        row.revoked(), row.token().orElse(null), row.revoked());
    }

    boolean revoke(String id) {
        return database.update("UPDATE api_token SET revoked = TRUE, revoked_at = CURRENT_TIMESTAMP WHERE id = ? AND NOT revoked", id) == 1;
    }

    int revokeAllOf(String subject) {
        return database.update("UPDATE api_token SET revoked = TRUE, revoked_at = CURRENT_TIMESTAMP WHERE subject = ? AND NOT revoked", subject);
    }

    /** Every token id of a subject, revoked or not. */
    List<String> tokenIdsOf(String subject) {
        return queryStrings("SELECT id FROM api_token WHERE subject = ?", subject);
    }

    /** Ids of the ended sessions that would otherwise still be valid; forgets those past their expiry. */
    List<String> endedSessions(String sessionKind) {
        database.update("DELETE FROM api_token WHERE kind = ? AND expires < ?", sessionKind, utc(Instant.now()));
        return tokens("WHERE kind = ? AND revoked", sessionKind).stream().map(TokenRow::id).toList();
    }

    /** The revocations and ended sessions after {@code after}, by the database's clock. */
    List<Revocation> revokedAfter(OffsetDateTime after) {
        return database.query("SELECT id, kind, revoked_at FROM api_token WHERE revoked_at > ?",
                              row -> new Revocation(row.getString(1), row.getString(2), row.getObject(3, OffsetDateTime.class)),
                              after);
    }

    /** The database's clock, which all managers share. */
    OffsetDateTime databaseNow() {
        return database.query("SELECT CURRENT_TIMESTAMP", row -> row.getObject(1, OffsetDateTime.class)).get(0);
    }

    Optional<TokenRow> token(String id) {
        return tokens("WHERE id = ?", id).stream().findFirst();
    }

    List<TokenRow> tokensOf(String subject, String kind) {
        return tokens("WHERE subject = ? AND kind = ? AND NOT revoked ORDER BY created", subject, kind);
    }

    private List<TokenRow> tokens(String where, Object... args) {
        synchronized (database) {
            try (PreparedStatement st = database.connection().prepareStatement(
                    "SELECT id, subject, kind, created, expires, revoked, token FROM api_token " + where)) {
                for (int i = 0; i < args.length; i++) {
                    st.setObject(i + 1, args[i]);
                }
                List<TokenRow> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new TokenRow(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class).toInstant(),
                                Optional.ofNullable(rs.getObject(5, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                                rs.getBoolean(6), Optional.ofNullable(rs.getString(7))));
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw database.failure("Cannot read tokens", e);
            }
        }
    }

    private Optional<String> setting(String name) {
        return queryStrings("SELECT setting_value FROM manager_setting WHERE name = ?", name).stream().findFirst();
    }

    private List<String> queryStrings(String sql, Object... args) {
        synchronized (database) {
            try (PreparedStatement st = database.connection().prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    st.setObject(i + 1, args[i]);
                }
                List<String> values = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
                return values;
            } catch (SQLException e) {
                throw database.failure("Database failure", e);
            }
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
