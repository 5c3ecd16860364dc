package io.daeploy.manager.core;

import io.daeploy.manager.MovableClock;
import io.daeploy.common.Status;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.daeploy.manager.store.ServiceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restarts after crashes: back-off, the window, giving up; alone on a clock of the test's own, then through the core. */
class SupervisorTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void restartsBackOffOneTwoFourEightSixteenSecondsThenGiveUp() {
        try (Supervisor supervisor = new Supervisor(clock)) {
            for (long seconds : List.of(1L, 2L, 4L, 8L, 16L)) {
                Supervisor.Decision decision = supervisor.crashed("hello_1.0.0");
                assertEquals(Duration.ofSeconds(seconds), ((Supervisor.Decision.Restart) decision).delay());
                assertTrue(supervisor.holdsBack("hello_1.0.0"), "waits out its back-off");
                clock.advance(Duration.ofSeconds(seconds));
                assertFalse(supervisor.holdsBack("hello_1.0.0"), "then the reconciler may start it");
            }
            assertEquals(new Supervisor.Decision.GiveUp(6), supervisor.crashed("hello_1.0.0"));
        }
    }

    @Test
    void crashesOlderThanTenMinutesDoNotCount() {
        try (Supervisor supervisor = new Supervisor(clock)) {
            for (int i = 0; i < 5; i++) {
                supervisor.crashed("hello_1.0.0");
            }
            clock.advance(Duration.ofMinutes(11));
            assertEquals(1, ((Supervisor.Decision.Restart) supervisor.crashed("hello_1.0.0")).attempt());
        }
    }

    @Test
    void aCrashLoopThroughTheCoreEndsInFailedWithTheLastOutput(@TempDir Path dataDir) {
        FakeRuntime runtime = new FakeRuntime();
        try (CoreHarness manager = new CoreHarness(dataDir, runtime, Duration.ofHours(1))) {
            manager.deploy("hello", "1.0.0");
            for (int crash = 1; crash <= 5; crash++) {
                int started = crash;
                runtime.crash("hello_1.0.0", 3);
                manager.await("hello", "1.0.0", r -> r.status() == Status.RUNNING && runtime.count("start hello_1.0.0") == started + 1);
            }
            runtime.crash("hello_1.0.0", 3);

            ServiceRecord failed = manager.awaitStatus("hello", "1.0.0", Status.FAILED);
            assertEquals("crashed 6 times within 10 minutes (last exit code 3); not restarted again; last output:"
                    + " last words of hello_1.0.0", failed.reason());
            assertEquals(6, runtime.count("start hello_1.0.0"), "5 restarts, then no more");
            assertTrue(manager.notifications().contains("Crashed with exit code 3; restarting (attempt 1 of 5)"),
                    manager.notifications().toString());
            assertFalse(manager.routes.resolve("hello").orElseThrow().target().serving());
        }
    }
}
