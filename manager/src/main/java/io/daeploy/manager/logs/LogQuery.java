package io.daeploy.manager.logs;

import io.daeploy.common.LogOptions;
import io.daeploy.manager.errors.DomainException;

import java.time.Instant;
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
        try {
            return LogOptions.parseTail(tail);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(e.getMessage());
        }
    }

    static Instant parseSince(String since) {
        try {
            return LogOptions.parseSince(since);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(e.getMessage());
        }
    }
}
