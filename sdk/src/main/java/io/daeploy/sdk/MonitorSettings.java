package io.daeploy.sdk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Where and how long the monitoring store keeps values, read once from the environment.
 *
 * @param directory     folder of the database file ({@code DAEPLOY_SERVICE_DATA_DIR}, default {@code ./service-data})
 * @param limit         {@code DAEPLOY_SERVICE_DB_TABLE_LIMIT}, default {@code 90days}
 * @param cleanInterval {@code DAEPLOY_SERVICE_DB_CLEAN_INTERVAL}, default {@code 7days}: how often the limit is applied
 * @param queueCapacity values waiting to be written at most; beyond it new values are dropped (and counted)
 */
record MonitorSettings(Path directory, RetentionLimit limit, Duration cleanInterval, int queueCapacity) {

    static final String TABLE_LIMIT = "DAEPLOY_SERVICE_DB_TABLE_LIMIT";
    static final String CLEAN_INTERVAL = "DAEPLOY_SERVICE_DB_CLEAN_INTERVAL";
    static final Duration DEFAULT_CLEAN_INTERVAL = Duration.ofDays(7);
    static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    private static final Logger LOGGER = Logger.getLogger(MonitorSettings.class.getName());

    /** The environment's settings; a value that cannot be read is logged and its default used, never fatal. */
    static MonitorSettings fromEnvironment(Map<String, String> env, Path directory) {
        RetentionLimit limit = RetentionLimit.DEFAULT;
        String limitText = env.get(TABLE_LIMIT);
        if (limitText != null && !limitText.isBlank()) {
            try {
                limit = RetentionLimit.parse(limitText);
            } catch (IllegalArgumentException e) {
                LOGGER.severe("Environment variable " + TABLE_LIMIT + ": " + e.getMessage() + "; using the default 90days");
            }
        }
        Duration interval = DEFAULT_CLEAN_INTERVAL;
        String intervalText = env.get(CLEAN_INTERVAL);
        if (intervalText != null && !intervalText.isBlank()) {
            try {
                interval = RetentionLimit.parseInterval(intervalText);
            } catch (IllegalArgumentException e) {
                LOGGER.severe("Environment variable " + CLEAN_INTERVAL + ": " + e.getMessage() + "; using the default 7days");
            }
        }
        return new MonitorSettings(directory, limit, interval, DEFAULT_QUEUE_CAPACITY);
    }
}
