package io.daeploy.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.OptionalInt;

/**
 * The {@code tail} and {@code since} options of a log, one set of rules for the manager (which answers 422)
 * and the plugin (which refuses before asking). Bad values throw IllegalArgumentException naming the accepted forms.
 */
public final class LogOptions {

    private LogOptions() {
    }

    /** A number of lines ≥ 0, or empty for {@code all}. */
    public static OptionalInt parseTail(String tail) {
        if (tail.equalsIgnoreCase("all")) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(tail.trim());
            if (n >= 0) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException ignored) {
            // the message below
        }
        throw new IllegalArgumentException("tail must be a whole number of lines (e.g. 50) or all; got '" + tail + "'");
    }

    /** {@code 2026-11-27}, {@code 2026-11-27T10:15:00}, {@code 2026-11-27 10:15:00}, with optional fraction and Z/offset; UTC when none. */
    public static Instant parseSince(String since) {
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
            throw new IllegalArgumentException("since must be an ISO date or date-time (2026-11-27, 2026-11-27T10:15:00,"
                    + " 2026-11-27 10:15:00 or with Z/offset; UTC when none); got '" + since + "'");
        }
    }
}
