package io.daeploy.manager.auth;

import io.daeploy.manager.api.ApiException;
import io.daeploy.manager.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logins against the manager's real H2 database in a temporary folder. */
class UserServiceTest {

    @Test
    void theAdminPasswordIsTheOneOfTheLatestStart(@TempDir Path dataDir) {
        try (Database database = Database.open(dataDir)) {
            Authentication.start(new AuthSettings(true, Optional.of("first password")), database);
            assertEquals("admin", new UserService(new AuthStore(database)).authenticate("admin", "first password"));
        }
        try (Database database = Database.open(dataDir)) {
            Authentication.start(new AuthSettings(true, Optional.of("second password")), database);
            UserService users = new UserService(new AuthStore(database));
            ApiException old = assertThrows(ApiException.class, () -> users.authenticate("admin", "first password"));
            assertEquals(401, old.status().code());
            assertEquals("admin", users.authenticate("admin", "second password"));
        }
    }

    @Test
    void aLockedNameIsRefusedEvenWithTheRightPasswordUntilTheLockEnds(@TempDir Path dataDir) {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        try (Database database = Database.open(dataDir)) {
            UserService users = new UserService(new AuthStore(database), clock);
            users.applyAdminPassword("right password");
            for (int i = 0; i < LoginThrottle.FREE_ATTEMPTS; i++) {
                assertEquals(401, assertThrows(ApiException.class, () -> users.authenticate("admin", "guess")).status().code());
            }
            ApiException locked = assertThrows(ApiException.class, () -> users.authenticate("admin", "right password"));
            assertEquals(429, locked.status().code());
            assertEquals("Too many failed logins for admin; try again in 30 s", locked.getMessage());

            now.set(now.get().plus(LoginThrottle.FIRST_LOCK).minusSeconds(1));
            assertEquals(429, assertThrows(ApiException.class, () -> users.authenticate("admin", "right password"))
                    .status().code(), "one second before the end");
            now.set(now.get().plusSeconds(1));
            assertEquals("admin", users.authenticate("admin", "right password"));
        }
    }

    /**
     * Without a hash to check against, an unknown name would be answered at once and a known one only after
     * the hashing: the time would tell which names exist. The hashing takes some 100 ms, a lookup well under 1.
     */
    @Test
    void anUnknownNameCostsTheSameHashingAsAKnownOne(@TempDir Path dataDir) {
        try (Database database = Database.open(dataDir)) {
            UserService users = new UserService(new AuthStore(database));
            users.applyAdminPassword("right password");
            users.authenticate("admin", "right password"); // warm up
            long known = fastest(3, i -> users.authenticate("admin", "wrong " + i));
            long unknown = fastest(3, i -> users.authenticate("nobody" + i, "wrong"));
            assertTrue(unknown * 3 > known, "unknown name " + Duration.ofNanos(unknown).toMillis() + " ms, known name "
                    + Duration.ofNanos(known).toMillis() + " ms");
        }
    }

    private static long fastest(int times, java.util.function.IntConsumer failedLogin) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < times; i++) {
            int attempt = i;
            long start = System.nanoTime();
            assertThrows(ApiException.class, () -> failedLogin.accept(attempt));
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}
