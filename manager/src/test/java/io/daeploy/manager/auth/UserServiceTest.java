package io.daeploy.manager.auth;

import io.daeploy.manager.MovableClock;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.HttpErrors;
import io.daeploy.manager.store.Database;
import io.daeploy.manager.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logins against the manager's real H2 database in a temporary folder. */
class UserServiceTest {

    /** DAEPLOY_ADMIN_PASSWORD creates the admin; a later start with another one changes nothing. */
    @Test
    void theAdminPasswordIsTheOneOfTheFirstStartUntilTheAdminChangesIt(@TempDir Path dataDir) {
        try (Database database = TestDatabases.open(dataDir)) {
            Authentication.start(new AuthSettings(true, Optional.of("first password")), database);
            assertEquals("admin", users(database).authenticate("admin", "first password"));
        }
        try (Database database = TestDatabases.open(dataDir)) {
            Authentication auth = Authentication.start(new AuthSettings(true, Optional.of("second password")), database);
            DomainException other = assertThrows(DomainException.class, () -> auth.users().authenticate("admin", "second password"));
            assertEquals(401, HttpErrors.status(other).code());
            assertEquals("admin", auth.users().authenticate("admin", "first password"));

            auth.users().changePassword("admin", "changed by the admin");
            assertEquals("admin", auth.users().authenticate("admin", "changed by the admin"));
        }
        try (Database database = TestDatabases.open(dataDir)) {
            Authentication auth = Authentication.start(new AuthSettings(true, Optional.of("first password")), database);
            assertEquals("admin", auth.users().authenticate("admin", "changed by the admin"), "kept over a restart");
            assertEquals(401, HttpErrors.status(assertThrows(DomainException.class,
                    () -> auth.users().authenticate("admin", "first password"))).code());
        }
    }

    private static UserService users(Database database) {
        return new UserService(new AuthStore(database), new LoginThrottle(new LoginFailures(database)));
    }

    private static UserService users(Database database, AuthStore store, Clock clock, Passwords passwords) {
        return new UserService(store, new LoginThrottle(new LoginFailures(database)), clock, passwords);
    }

    @Test
    void aLockedNameIsRefusedEvenWithTheRightPasswordUntilTheLockEnds(@TempDir Path dataDir) {
        MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
        try (Database database = TestDatabases.open(dataDir)) {
            UserService users = users(database, new AuthStore(database), clock, Passwords.PBKDF2);
            users.createAdmin("right password");
            for (int i = 0; i < LoginThrottle.FREE_ATTEMPTS; i++) {
                assertEquals(401, HttpErrors.status(assertThrows(DomainException.class, () -> users.authenticate("admin", "guess"))).code());
            }
            DomainException locked = assertThrows(DomainException.class, () -> users.authenticate("admin", "right password"));
            assertEquals(429, HttpErrors.status(locked).code());
            assertEquals("Too many failed logins for admin; try again in 30 s", locked.getMessage());

            clock.advance(LoginThrottle.FIRST_LOCK.minusSeconds(1));
            assertEquals(429, HttpErrors.status(assertThrows(DomainException.class,
                    () -> users.authenticate("admin", "right password"))).code(), "one second before the end");
            clock.advance(java.time.Duration.ofSeconds(1));
            assertEquals("admin", users.authenticate("admin", "right password"));
        }
    }

    /**
     * Without a hash to check against, an unknown name would be answered at once and a known one only after
     * the hashing: the time would tell which names exist. So each attempt must cost one key derivation of the
     * stored cost, whether the name exists or not. Counted, not timed: a clock would make this test flaky.
     */
    @Test
    void anUnknownNameCostsTheSameHashingAsAKnownOne(@TempDir Path dataDir) {
        List<Integer> derivations = new CopyOnWriteArrayList<>();
        Passwords counted = new Passwords((password, salt, iterations) -> {
            derivations.add(iterations);
            return CheapPasswords.sha256(password, salt); // cheap, but tells passwords apart as the real one does
        });
        try (Database database = TestDatabases.open(dataDir)) {
            AuthStore store = new AuthStore(database);
            UserService users = users(database, store, Clock.systemUTC(), counted);
            users.createAdmin("right password");
            assertEquals(List.of(Passwords.ITERATIONS), derivations, "storing the admin password");
            String stored = store.passwordHash("admin").orElseThrow();

            derivations.clear();
            assertEquals(401, HttpErrors.status(assertThrows(DomainException.class, () -> users.authenticate("admin", "wrong"))).code());
            assertEquals(List.of(Passwords.ITERATIONS), derivations, "a known name: one derivation at the stored cost");

            derivations.clear();
            assertEquals(401, HttpErrors.status(assertThrows(DomainException.class, () -> users.authenticate("nobody", "wrong"))).code());
            assertEquals(List.of(Passwords.ITERATIONS), derivations, "an unknown name: one derivation at the same cost");

            String decoy = Passwords.decoy();
            assertEquals(schemeAndCost(stored), schemeAndCost(decoy), "the hash unknown names are checked against");
            assertEquals(stored.length(), decoy.length(), "salt and hash of the same sizes");
        }
    }

    /** Users of an earlier release keep their passwords: a hash of 210,000 iterations logs in, and is rewritten. */
    @Test
    void aHashOfTheEarlierCostStillLogsInAndIsRewrittenAtTodaysCost(@TempDir Path dataDir) {
        List<Integer> derivations = new CopyOnWriteArrayList<>();
        Passwords counted = new Passwords((password, salt, iterations) -> {
            derivations.add(iterations);
            return CheapPasswords.sha256(password, salt);
        });
        try (Database database = TestDatabases.open(dataDir)) {
            AuthStore store = new AuthStore(database);
            store.putUser("alice", counted.hash("old secret", 210_000), false);
            UserService users = users(database, store, Clock.systemUTC(), counted);

            derivations.clear();
            assertEquals("alice", users.authenticate("alice", "old secret"));
            assertEquals(List.of(210_000, Passwords.ITERATIONS), derivations, "checked at its cost, then hashed at today's");
            String rewritten = store.passwordHash("alice").orElseThrow();
            assertTrue(rewritten.startsWith("pbkdf2-sha256$" + Passwords.ITERATIONS + "$"), rewritten);

            derivations.clear();
            assertEquals("alice", users.authenticate("alice", "old secret"));
            assertEquals(List.of(Passwords.ITERATIONS), derivations, "once rewritten, a login costs one derivation");
            assertThrows(DomainException.class, () -> users.authenticate("alice", "wrong"));
            assertEquals(rewritten, store.passwordHash("alice").orElseThrow(), "a failed login rewrites nothing");
        }
    }

    @Test
    void theRealHashOfAnEarlierReleaseMatchesAndIsOutdated() {
        String earlier = Passwords.PBKDF2.hash("old secret", 210_000);
        assertTrue(Passwords.PBKDF2.matches("old secret", earlier));
        assertTrue(Passwords.outdated(earlier));
        assertFalse(Passwords.outdated(Passwords.PBKDF2.hash("new secret")));
        assertTrue(Passwords.outdated("bcrypt$whatever"));
    }

    @Test
    void noPasswordMatchesTheHashOfUnknownNames() {
        String decoy = Passwords.decoy();
        assertNotEquals(decoy, Passwords.decoy(), "a fresh salt each time");
        for (String password : List.of("", "admin", "password", decoy)) {
            assertFalse(Passwords.PBKDF2.matches(password, decoy), password);
        }
    }

    private static String schemeAndCost(String stored) {
        String[] parts = stored.split("\\$");
        return parts[0] + "$" + parts[1];
    }
}
