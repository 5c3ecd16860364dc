package io.daeploy.common;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a version may serve no request before it is stopped (scale to zero), as users write it: {@code 90s},
 * {@code 10m}, {@code 2h}, a bare number of seconds, or {@code off} (also {@code 0}): never.
 */
public final class IdleTimeouts {

    /** Longer than a month is a mistake rather than a wish. */
    public static final Duration MAX = Duration.ofDays(30);

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d)?");

    private IdleTimeouts() {
    }

    /**
     * The time-out {@code text} names, {@link Duration#ZERO} for {@code off}.
     *
     * @throws IllegalArgumentException naming what is wrong, for the caller to put after the field's name
     */
    public static Duration parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("off") || value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORM.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a duration such as 90s, 10m or 2h, or off; got '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        Duration timeout = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (timeout.isZero() || timeout.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("must be from 1s to 30d, or off; got '" + text + "'");
        }
        return timeout;
    }

    /** As users write it: {@code 10m}, {@code 90s}; {@code off} for zero. */
    public static String format(Duration timeout) {
        long seconds = timeout.toSeconds();
        if (seconds == 0) {
            return "off";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
