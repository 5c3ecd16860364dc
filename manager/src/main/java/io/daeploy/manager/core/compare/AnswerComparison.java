package io.daeploy.manager.core.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whether two answers to the same request are the same: the same status, and the same body, as JSON where both are
 * JSON (leaving out the fields a name's rule and its learned noise name), else byte for byte. A body too large to keep
 * (null) is not compared.
 */
public final class AnswerComparison {

    /** Differing fields named in a verdict, at most: enough to show what differs. */
    static final int SHOWN_FIELDS = 20;

    /** One answer: its status, its body as read (null when not kept) and its content type. */
    public record Answer(int status, byte[] body, String contentType) {
    }

    /**
     * @param same     the answers count as the same
     * @param noise    they are the same only because fields that differed were left out
     * @param fields   where they differ (JSON pointers in order; empty when the status or a body that is not JSON differs)
     */
    public record Verdict(boolean same, boolean noise, List<String> fields) {

        static final Verdict SAME = new Verdict(true, false, List.of());
        static final Verdict DIFFERENT = new Verdict(false, false, List.of());
    }

    private AnswerComparison() {
    }

    public static Verdict compare(Answer main, Answer other, Predicate<String> leftOut) {
        if (main.status() != other.status()) {
            return Verdict.DIFFERENT;
        }
        if (main.body() == null || other.body() == null || Arrays.equals(main.body(), other.body())) {
            return Verdict.SAME; // the usual case: equal bytes need no JSON parsing
        }
        JsonNode a = json(main);
        JsonNode b = a == null ? null : json(other);
        if (a == null || b == null) {
            return Verdict.DIFFERENT;
        }
        JsonDifferences.Found found = JsonDifferences.between(a, b, leftOut, SHOWN_FIELDS);
        return found.none() ? new Verdict(true, found.leftOut(), List.of()) : new Verdict(false, false, found.pointers().stream().sorted().toList());
    }

    /** Where two answers of the same version to the same request differ: its noise (shapes); empty if they do not. */
    public static List<String> noiseBetween(Answer first, Answer second, Predicate<String> leftOut) {
        if (first.status() != second.status() || first.body() == null || second.body() == null
                || Arrays.equals(first.body(), second.body())) {
            return List.of();
        }
        JsonNode a = json(first);
        JsonNode b = a == null ? null : json(second);
        return a == null || b == null ? List.of()
                : JsonDifferences.between(a, b, leftOut, LearnedNoise.MAX_FIELDS).shapes();
    }

    private static JsonNode json(Answer answer) {
        if (answer.contentType() == null || !answer.contentType().toLowerCase(java.util.Locale.ROOT).contains("json")) {
            return null;
        }
        try {
            return Json.mapper().readTree(answer.body());
        } catch (IOException e) {
            return null; // not really JSON: compared byte for byte
        }
    }
}
