package io.daeploy.sdk;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the intervals of {@link Every}: {@code 500ms}, {@code 10s}, {@code 1.5 minutes}, {@code PT10S}. */
final class Intervals {

    private static final Pattern FORMAT = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]+)\\s*$");
    private static final Map<String, Long> MILLIS_PER_UNIT = Map.ofEntries(
            Map.entry("ms", 1L), Map.entry("millis", 1L), Map.entry("milliseconds", 1L),
            Map.entry("s", 1000L), Map.entry("sec", 1000L), Map.entry("second", 1000L), Map.entry("seconds", 1000L),
            Map.entry("m", 60_000L), Map.entry("min", 60_000L), Map.entry("minute", 60_000L), Map.entry("minutes", 60_000L),
            Map.entry("h", 3_600_000L), Map.entry("hour", 3_600_000L), Map.entry("hours", 3_600_000L),
            Map.entry("d", 86_400_000L), Map.entry("day", 86_400_000L), Map.entry("days", 86_400_000L));

    private Intervals() {
    }

    /** A positive interval of at least a millisecond; throws {@link IllegalArgumentException} saying what is accepted. */
    static Duration parse(String text) {
        Duration duration = null;
        Matcher matcher = FORMAT.matcher(text == null ? "" : text);
        if (matcher.matches()) {
            Long perUnit = MILLIS_PER_UNIT.get(matcher.group(2).toLowerCase(Locale.ROOT));
            if (perUnit != null) {
                BigDecimal millis = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(perUnit));
                duration = Duration.ofMillis(millis.longValue());
            }
        } else if (text != null && text.trim().toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                duration = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                duration = null;
            }
        }
        if (duration == null || duration.toMillis() < 1) {
            throw new IllegalArgumentException("'" + text + "' is not an interval; write a positive number and a unit:"
                    + " 500ms, 10s, 1.5s, 5m, 2h, 1d (or PT10S)");
        }
        return duration;
    }

    /** {@code 1.5 s}, {@code 10 s}, {@code 0.25 s}: how intervals and run times are shown in messages. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
