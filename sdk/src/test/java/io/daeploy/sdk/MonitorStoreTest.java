package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store behind Daeploy.store: never blocks the caller, drops and counts when full, keeps kinds apart. */
class MonitorStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void fullQueueDropsNewValuesCountsThemAndWarnsOnce() throws SQLException {
        MonitorStore store = store(3, RetentionLimit.DEFAULT);
        CountDownLatch gate = new CountDownLatch(1);
        store.writerGate = gate; // the writer waits: nothing leaves the queue
        try (LogCapture log = new LogCapture(MonitorStore.class.getName())) {
            List<Boolean> taken = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                taken.add(store.store("x", i));
            }

            assertEquals(List.of(true, true, true, false, false), taken);
            assertEquals(2, store.dropped());
            List<String> warnings = log.at(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.getFirst().startsWith("Monitoring store of test is full (3 values waiting to be written):"
                    + " dropped 1 value(s) so far"), warnings.getFirst());
        } finally {
            gate.countDown();
        }
        assertTrue(store.flush(Duration.ofSeconds(10)));
        assertEquals(3, values(store, "x").size());
        store.close();
    }

    @Test
    void storingNeverWaitsForTheDatabase() {
        MonitorStore store = store(10_000, RetentionLimit.DEFAULT);
        CountDownLatch gate = new CountDownLatch(1);
        store.writerGate = gate;
        try {
            long started = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                store.store("x", i);
            }
            // a blocked writer would make this wait forever; 1000 queue offers take well under a second
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5);
        } finally {
            gate.countDown();
            store.close();
        }
    }

    @Test
    void numbersTextsAndObjectsKeepTheirKind() throws SQLException {
        MonitorStore store = store(100, RetentionLimit.DEFAULT);
        store.store("n", 3);
        store.store("t", "three");
        store.store("j", List.of(1, 2, 3));
        store.store("b", true);

        assertEquals(3.0, values(store, "n").getFirst().number());
        assertEquals(MonitoredValue.Kind.TEXT, values(store, "t").getFirst().kind());
        assertEquals("[1,2,3]", values(store, "j").getFirst().text());
        assertEquals(MonitoredValue.Kind.JSON, values(store, "b").getFirst().kind());
        store.close();
    }

    @Test
    void valueThatIsNoJsonIsDroppedWithAWarning() {
        MonitorStore store = store(100, RetentionLimit.DEFAULT);
        try (LogCapture log = new LogCapture(MonitorStore.class.getName())) {
            assertFalse(store.store("stream", new Object()));

            assertTrue(log.at(Level.WARNING).getFirst().startsWith("Daeploy.store: the value of 'stream' (java.lang.Object)"
                    + " cannot be written as JSON, not stored"), log.at(Level.WARNING).toString());
        }
        store.close();
    }

    @Test
    void blankVariableOrNullValueIsTheCallersMistake() {
        MonitorStore store = store(100, RetentionLimit.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> store.store(" ", 1));
        assertThrows(IllegalArgumentException.class, () -> store.store("x", null));
        store.close();
    }

    @Test
    void closeWritesWhatIsQueuedThenRefusesMore() throws SQLException {
        MonitorStore store = store(100, RetentionLimit.DEFAULT);
        for (int i = 0; i < 50; i++) {
            store.store("x", i);
        }
        store.close();

        assertFalse(store.store("x", 99));
        MonitorStore reopened = store(100, RetentionLimit.DEFAULT);
        assertEquals(50, values(reopened, "x").size());
        reopened.close();
    }

    @Test
    void unopenableDatabaseIsLoggedAndValuesDropped() throws Exception {
        Path notAFolder = java.nio.file.Files.writeString(dataDir.resolve("file"), "x");
        MonitorStore store = new MonitorStore("test", new MonitorSettings(notAFolder.resolve("sub"), RetentionLimit.DEFAULT,
                Duration.ofDays(7), 100), ServiceJson.mapper());
        try (LogCapture log = new LogCapture(MonitorStore.class.getName())) {
            store.store("x", 1);
            assertTrue(store.flush(Duration.ofSeconds(10)));

            assertEquals(1, store.dropped());
            assertTrue(log.at(Level.SEVERE).getFirst().startsWith("Monitoring store of test cannot open its database"),
                    log.at(Level.SEVERE).toString());
        }
        store.close();
    }

    @Test
    void daeployStoreWithoutARunningServiceAnswersFalse() {
        assertFalse(Daeploy.store("x", 1), "no service runs in this test");
    }

    @Test
    void rowLimitKeepsTheNewestValuesOfEachVariable() throws SQLException {
        MonitorStore store = store(100, RetentionLimit.parse("2rows"));
        for (int i = 1; i <= 4; i++) {
            store.offer(MonitoredValue.number("x", NOW.plusSeconds(i), i));
            store.offer(MonitoredValue.number("y", NOW.plusSeconds(i), i * 10));
        }
        store.close();

        MonitorStore reopened = store(100, RetentionLimit.parse("2rows")); // the limit is applied when the writer opens
        reopened.store("z", 0);
        assertTrue(reopened.flush(Duration.ofSeconds(10)));
        assertEquals(List.of(3.0, 4.0), values(reopened, "x").stream().map(MonitoredValue::number).toList());
        assertEquals(List.of(30.0, 40.0), values(reopened, "y").stream().map(MonitoredValue::number).toList());
        reopened.close();
    }

    @Test
    void ageLimitDeletesOlderValues() throws SQLException {
        MonitorStore store = store(100, RetentionLimit.parse("1hours"));
        store.offer(MonitoredValue.number("x", NOW.minus(Duration.ofHours(2)), 1));
        store.offer(MonitoredValue.number("x", NOW.minus(Duration.ofMinutes(30)), 2));
        store.close();

        MonitorStore reopened = store(100, RetentionLimit.parse("1hours"));
        reopened.store("z", 0);
        assertTrue(reopened.flush(Duration.ofSeconds(10)));
        assertEquals(List.of(2.0), values(reopened, "x").stream().map(MonitoredValue::number).toList());
        reopened.close();
    }

    @Test
    void limitIsAppliedAgainEveryCleanInterval() throws Exception {
        MonitorStore store = new MonitorStore("test", new MonitorSettings(dataDir, RetentionLimit.parse("1rows"),
                Duration.ofMillis(200), 100), ServiceJson.mapper(), Clock.fixed(NOW, ZoneOffset.UTC));
        store.store("x", 1);
        store.store("x", 2);
        store.store("x", 3);
        assertTrue(store.flush(Duration.ofSeconds(10)));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (values(store, "x").size() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(3.0), values(store, "x").stream().map(MonitoredValue::number).toList());
        store.close();
    }

    private MonitorStore store(int capacity, RetentionLimit limit) {
        return new MonitorStore("test", new MonitorSettings(dataDir, limit, Duration.ofDays(7), capacity),
                ServiceJson.mapper(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<MonitoredValue> values(MonitorStore store, String variable) throws SQLException {
        return store.read(connection -> {
            List<MonitoredValue> values = new ArrayList<>();
            MonitorDatabase.query(connection, MonitorQuery.EARLIEST, MonitorQuery.LATEST, List.of(variable), values::add);
            return values;
        }, List.of());
    }
}
