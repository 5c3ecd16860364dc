package io.daeploy.common;

import java.time.Instant;
import java.util.List;

/**
 * A stored notification ({@code GET /notifications/}): the same notification raised again
 * increments {@code count} and moves {@code lastSeen} instead of adding a row.
 */
public record Notification(long id,
                           String serviceName,
                           String serviceVersion,
                           String message,
                           Severity severity,
                           List<String> emails,
                           long timerSeconds,
                           long count,
                           Instant firstSeen,
                           Instant lastSeen) {
}
