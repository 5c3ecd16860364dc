package io.daeploy.sdk;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of each monitored variable the store keeps: the newest {@code n} values ({@code 1000rows}),
 * or the values of the last {@code n} days, hours, minutes or seconds ({@code 90days}).
 *
 * @param rows the number of values kept per variable, or 0 when the limit is an age
 * @param age  the oldest age kept, or null when the limit is a number of rows
 */
record RetentionLimit(long rows, Duration age) {

    static final String UNITS = "rows|days|hours|minutes|seconds";
    static final RetentionLimit DEFAULT = new RetentionLimit(0, Duration.ofDays(90));

    private static final Pattern FORMAT = Pattern.compile("^\\s*(\\d{1,12})\\s*([A-Za-z]+)\\s*$");

    /**
     * Reads {@code <n>rows|days|hours|minutes|seconds}.
     *
     * @throws IllegalArgumentException when the text is not of that form or {@code n} is 0
     */
    static RetentionLimit parse(String text) {
        Matcher matcher = FORMAT.matcher(text == null ? "" : text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2).toLowerCase(Locale.ROOT);
            if (amount > 0 && unit.equals("rows")) {
                return new RetentionLimit(amount, null);
            }
            if (amount > 0) {
                ChronoUnit timeUnit = timeUnit(unit);
                if (timeUnit != null) {
                    return new RetentionLimit(0, Duration.of(amount, timeUnit));
                }
            }
        }
        throw new IllegalArgumentException("expected <n>" + UNITS + " with n > 0, e.g. 90days or 10000rows, got '" + text + "'");
    }

    /** Reads a clean interval, {@code <n>days|hours|minutes|seconds}. */
    static Duration parseInterval(String text) {
        RetentionLimit limit;
        try {
            limit = parse(text);
        } catch (IllegalArgumentException e) {
            limit = null;
        }
        if (limit == null || limit.age() == null) {
            throw new IllegalArgumentException("expected <n>days|hours|minutes|seconds with n > 0, e.g. 7days, got '" + text + "'");
        }
        return limit.age();
    }

    boolean byRows() {
        return age == null;
    }

    @Override
    public String toString() {
        return byRows() ? rows + "rows" : age.toSeconds() + "seconds";
    }

    private static ChronoUnit timeUnit(String unit) {
        return switch (unit) {
            case "days" -> ChronoUnit.DAYS;
            case "hours" -> ChronoUnit.HOURS;
            case "minutes" -> ChronoUnit.MINUTES;
            case "seconds" -> ChronoUnit.SECONDS;
            default -> null;
        };
    }
}
