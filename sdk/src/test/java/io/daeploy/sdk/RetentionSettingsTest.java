package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

/** DAEPLOY_SERVICE_DB_TABLE_LIMIT and DAEPLOY_SERVICE_DB_CLEAN_INTERVAL: read, or logged and replaced by the default. */
class RetentionSettingsTest {

    @Test
    void limitIsRowsOrAnAge() {
        assertEquals(new RetentionLimit(1000, null), RetentionLimit.parse("1000rows"));
        assertEquals(new RetentionLimit(0, Duration.ofDays(90)), RetentionLimit.parse("90days"));
        assertEquals(new RetentionLimit(0, Duration.ofHours(12)), RetentionLimit.parse("12HOURS"));
        assertEquals(new RetentionLimit(0, Duration.ofMinutes(5)), RetentionLimit.parse(" 5 minutes "));
        assertEquals(new RetentionLimit(0, Duration.ofSeconds(30)), RetentionLimit.parse("30seconds"));
    }

    @Test
    void otherLimitsAreRefused() {
        for (String text : List.of("", "days", "10", "10weeks", "-1rows", "0days", "1.5days")) {
            assertThrows(IllegalArgumentException.class, () -> RetentionLimit.parse(text), text);
        }
    }

    @Test
    void cleanIntervalIsAnAgeNotRows() {
        assertEquals(Duration.ofDays(7), RetentionLimit.parseInterval("7days"));
        assertThrows(IllegalArgumentException.class, () -> RetentionLimit.parseInterval("100rows"));
    }

    @Test
    void defaultsAreNinetyDaysCleanedWeekly() {
        MonitorSettings settings = MonitorSettings.fromEnvironment(Map.of(), Path.of("data"));

        assertEquals(RetentionLimit.DEFAULT, settings.limit());
        assertEquals(Duration.ofDays(7), settings.cleanInterval());
        assertEquals(Path.of("data"), settings.directory());
    }

    @Test
    void environmentValuesAreUsed() {
        MonitorSettings settings = MonitorSettings.fromEnvironment(Map.of(
                "DAEPLOY_SERVICE_DB_TABLE_LIMIT", "500rows",
                "DAEPLOY_SERVICE_DB_CLEAN_INTERVAL", "1hours"), Path.of("data"));

        assertEquals(new RetentionLimit(500, null), settings.limit());
        assertEquals(Duration.ofHours(1), settings.cleanInterval());
    }

    @Test
    void invalidValuesAreLoggedAndTheDefaultsUsed() {
        try (LogCapture log = new LogCapture(MonitorSettings.class.getName())) {
            MonitorSettings settings = MonitorSettings.fromEnvironment(Map.of(
                    "DAEPLOY_SERVICE_DB_TABLE_LIMIT", "lots",
                    "DAEPLOY_SERVICE_DB_CLEAN_INTERVAL", "sometimes"), Path.of("data"));

            assertEquals(RetentionLimit.DEFAULT, settings.limit());
            assertEquals(Duration.ofDays(7), settings.cleanInterval());
            List<String> errors = log.at(Level.SEVERE);
            assertEquals(2, errors.size());
            assertTrue(errors.get(0).startsWith("Environment variable DAEPLOY_SERVICE_DB_TABLE_LIMIT: expected"
                    + " <n>rows|days|hours|minutes|seconds"), errors.get(0));
            assertTrue(errors.get(0).endsWith("got 'lots'; using the default 90days"), errors.get(0));
            assertTrue(errors.get(1).startsWith("Environment variable DAEPLOY_SERVICE_DB_CLEAN_INTERVAL"), errors.get(1));
        }
    }
}
