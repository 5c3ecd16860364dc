package io.daeploy.manager.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CrashHistoryTest {

    @Test
    void backOffDoublesUpToACap() {
        assertEquals(Duration.ofSeconds(1), CrashHistory.delayBefore(1));
        assertEquals(Duration.ofSeconds(2), CrashHistory.delayBefore(2));
        assertEquals(Duration.ofSeconds(16), CrashHistory.delayBefore(5));
        assertEquals(Duration.ofSeconds(30), CrashHistory.delayBefore(9));
    }

    @Test
    void oldCrashesAreForgotten() {
        CrashHistory history = new CrashHistory();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(1, history.record(start));
        assertEquals(2, history.record(start.plusSeconds(60)));
        assertEquals(1, history.record(start.plus(Duration.ofMinutes(30))));
    }
}
