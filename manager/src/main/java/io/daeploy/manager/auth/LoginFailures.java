package io.daeploy.manager.auth;

import io.daeploy.manager.store.Database;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The failed logins per user name ({@link LoginThrottle}), in the database that all managers share. */
final class LoginFailures {

    /** The failures of a name, and the revision a change must name to replace them. */
    record Row(LoginThrottle.Failures failures, long revision) {
    }

    private final Database database;

    LoginFailures(Database database) {
        this.database = database;
    }

    Optional<Row> read(String name) {
        return database.query("SELECT failures, last_failure, locked_until, revision FROM login_failure WHERE name = ?",
                              row -> new Row(new LoginThrottle.Failures(row.getInt(1), instant(row.getObject(2, OffsetDateTime.class)),
                                                                        Optional.ofNullable(row.getObject(3, OffsetDateTime.class))
                                                                                .map(OffsetDateTime::toInstant)),
                                             row.getLong(4)),
                              name).stream().findFirst();
    }

    /** @return false when another manager stored the name first */
    boolean insert(String name, LoginThrottle.Failures failures) {
        try {
            return database.update("INSERT INTO login_failure (name, failures, last_failure, locked_until, forget_after, revision)"
                                   + " VALUES (?, ?, ?, ?, ?, 1)", name, failures.count(), utc(failures.last()),
                                   failures.lockedUntil().map(LoginFailures::utc).orElse(null), utc(failures.forgetAfter())) == 1;
        } catch (IllegalStateException e) {
            if (AuthStore.uniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** @return false when the stored failures are no longer those of {@code revision}, or gone */
    boolean replace(String name, long revision, LoginThrottle.Failures failures) {
        return database.update("UPDATE login_failure SET failures = ?, last_failure = ?, locked_until = ?, forget_after = ?,"
                               + " revision = revision + 1 WHERE name = ? AND revision = ?", failures.count(), utc(failures.last()),
                               failures.lockedUntil().map(LoginFailures::utc).orElse(null), utc(failures.forgetAfter()),
                               name, revision) == 1;
    }

    void delete(String name) {
        database.update("DELETE FROM login_failure WHERE name = ?", name);
    }

    /** Deletes the names with nothing left to remember at {@code now}. */
    void forget(Instant now) {
        database.update("DELETE FROM login_failure WHERE forget_after <= ?", utc(now));
    }

    /** Deletes the names not locked at {@code now}. */
    void dropUnlocked(Instant now) {
        database.update("DELETE FROM login_failure WHERE locked_until IS NULL OR locked_until <= ?", utc(now));
    }

    int count() {
        return database.query("SELECT COUNT(*) FROM login_failure", row -> row.getInt(1)).get(0);
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
