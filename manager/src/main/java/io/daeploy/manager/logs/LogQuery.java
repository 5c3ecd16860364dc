package io.daeploy.manager.logs;

import io.daeploy.manager.api.ApiException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What part of a log to send: the last {@code tail} lines (empty: all), only lines at or after
 * {@code since}, and whether to keep following new lines.
 */
public record LogQuery(OptionalInt tail, Optional<Instant> since, boolean follow) {

    public static final int DEFAULT_TAIL = 100;

    /** From the query parameters {@code tail}, {@code since}, {@code follow}; bad values are a 422 naming the accepted forms. */
    public static LogQuery parse(Optional<String> tail, Optional<String> since, Optional<String> follow) {
        return new LogQuery(parseTail(tail.orElse(Integer.toString(DEFAULT_TAIL))),
                            since.filter(s -> !s.isBlank()).map(LogQuery::parseSince),
                            follow.map(f -> f.isEmpty() || Boolean.parseBoolean(f)).orElse(false));
    }

    static OptionalInt parseTail(String tail) {
        if (tail.equalsIgnoreCase("all")) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(tail.trim());
            if (n >= 0) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw ApiException.unprocessable("tail must be a whole number of lines (e.g. 50) or all; got '" + tail + "'");
    }

    /** {@code 2026-11-27}, {@code 2026-11-27T10:15:00}, {@code 2026-11-27 10:15:00}, with optional fraction and Z/offset; UTC when none. */
    static Instant parseSince(String since) {
        String s = since.trim().replace(' ', 'T');
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(s).toInstant();
            }
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ApiException.unprocessable("since must be an ISO date or date-time (2026-11-27, 2026-11-27T10:15:00,"
                    + " 2026-11-27 10:15:00 or with Z/offset; UTC when none); got '" + since + "'");
        }
    }
}
