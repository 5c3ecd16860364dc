package io.daeploy.manager.auth;

import io.daeploy.manager.store.Database;
import io.daeploy.manager.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The throttle on the manager's real database (H2 in a temporary folder; PostgreSQL in the second test run). */
class LoginThrottleTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dataDir;
    private Database database;

    @BeforeEach
    void open() {
        database = TestDatabases.open(dataDir);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theFifthFailureLocksForThirtySecondsAndEachFurtherOneDoubles() {
        LoginThrottle throttle = new LoginThrottle(new LoginFailures(database));
        for (int i = 0; i < 4; i++) {
            throttle.failed("ann", T0);
        }
        assertTrue(throttle.lockedFor("ann", T0).isEmpty(), "four failures are free");
        throttle.failed("ann", T0);
        assertEquals(Duration.ofSeconds(30), throttle.lockedFor("ann", T0).orElseThrow());
        throttle.failed("ann", T0.plusSeconds(31));
        assertEquals(Duration.ofSeconds(60), throttle.lockedFor("ann", T0.plusSeconds(31)).orElseThrow());
    }

    @Test
    void namesAreForgottenAQuarterOfAnHourAfterTheirLastFailureOrLock() {
        LoginThrottle throttle = new LoginThrottle(new LoginFailures(database));
        for (int i = 0; i < 1000; i++) {
            throttle.failed("guess" + i, T0);
        }
        for (int i = 0; i < 5; i++) {
            throttle.failed("locked", T0);
        }
        assertEquals(1001, throttle.size());
        Instant later = T0.plus(LoginThrottle.MAX_LOCK).plusSeconds(1);
        throttle.failed("another", later);
        assertEquals(2, throttle.size(), "the guesses are gone; the lock of 'locked' ended 30 s after T0 but 15 min"
                + " have not passed since");
        throttle.failed("another", later.plus(LoginThrottle.MAX_LOCK).plusSeconds(31));
        assertEquals(1, throttle.size());
    }

    @Test
    void atTheCapNamesNotLockedMakeRoomButLockedOnesStay() {
        int maxNames = 100;
        LoginThrottle throttle = new LoginThrottle(new LoginFailures(database), maxNames);
        for (int i = 0; i < 5; i++) {
            throttle.failed("target", T0);
        }
        for (int i = 0; i < maxNames + 10; i++) {
            throttle.failed("flood" + i, T0.plusSeconds(1));
        }
        assertTrue(throttle.size() <= maxNames, "bounded: " + throttle.size());
        assertTrue(throttle.lockedFor("target", T0.plusSeconds(2)).isPresent(), "flooding does not unlock a name");
    }
}
