package io.daeploy.sdk;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.helidon.common.uri.UriQuery;

/**
 * The filters of {@code GET /~monitor}: {@code start} and {@code end} (inclusive; ISO-8601, UTC unless an offset is
 * given, a date alone meaning its midnight) and {@code variables} (repeat it for several; none means all).
 */
record MonitorQuery(Instant start, Instant end, List<String> variables) {

    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** The filters, or the 422 problems that name the ones that cannot be read. */
    static MonitorQuery from(UriQuery query) throws InvalidArgumentsException {
        List<ArgumentProblem> problems = new ArrayList<>(2);
        Instant start = time(query, "start", EARLIEST, problems);
        Instant end = time(query, "end", LATEST, problems);
        if (problems.isEmpty() && start.isAfter(end)) {
            problems.add(ArgumentProblem.valueError(List.of(ArgumentBinder.QUERY, "end"),
                    "end (" + end + ") is before start (" + start + ")"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidArgumentsException(problems);
        }
        List<String> variables = query.contains("variables") ? query.all("variables") : List.of();
        return new MonitorQuery(start, end, List.copyOf(variables));
    }

    private static Instant time(UriQuery query, String name, Instant absent, List<ArgumentProblem> problems) {
        if (!query.contains(name) || query.get(name).isBlank()) {
            return absent;
        }
        String text = query.get(name).trim();
        Instant parsed = parse(text);
        if (parsed == null && text.indexOf(' ') > 0) {
            // An unencoded "+01:00" arrives as " 01:00"; a space between date and time is common too.
            parsed = parse(text.substring(0, text.lastIndexOf(' ')) + "+" + text.substring(text.lastIndexOf(' ') + 1));
            if (parsed == null) {
                parsed = parse(text.replaceFirst(" ", "T"));
            }
        }
        if (parsed == null) {
            problems.add(ArgumentProblem.typeError(List.of(ArgumentBinder.QUERY, name),
                    "expected an ISO-8601 time such as 2026-01-31T12:00:00Z or a date such as 2026-01-31, got \"" + text + "\""));
            return absent;
        }
        return parsed;
    }

    private static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
