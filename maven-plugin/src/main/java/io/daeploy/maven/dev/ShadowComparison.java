package io.daeploy.maven.dev;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * How the working copy answered the copies of the main's traffic since the previous reload, from
 * {@code GET /services/~shadow?name=} (the manager starts a shadow's figures again from zero at each reload).
 */
public final class ShadowComparison {

    private static final int BODY_CHARS = 200;

    private ShadowComparison() {
    }

    /**
     * {@code Since the last reload, hello 1.0.0-dev answered 12 copies: 10 equal, 2 different}, then the first
     * different pair as the report shows it; {@code no copies} when the main had no traffic.
     */
    public static List<String> lines(JsonNode report, String version) {
        for (JsonNode shadow : report.path("shadows")) {
            if (version.equals(shadow.path("version").asText())) {
                return lines(report.path("name").asText(), shadow);
            }
        }
        return List.of("No comparison for " + version + " yet: it is not a shadow of " + report.path("name").asText());
    }

    private static List<String> lines(String name, JsonNode shadow) {
        String subject = "Since the last reload, " + name + " " + shadow.path("version").asText();
        long mirrored = shadow.path("mirrored").asLong();
        long matched = shadow.path("matched").asLong();
        long differed = shadow.path("differed").asLong();
        long errors = shadow.path("errors").asLong();
        if (mirrored == 0) {
            return List.of(subject + " got no copies (no traffic to the main " + name + ")");
        }
        List<String> lines = new ArrayList<>();
        lines.add(subject + " answered " + (matched + differed) + " copies: " + matched + " equal, " + differed + " different"
                + (errors > 0 ? ", " + errors + " not answered" : ""));
        JsonNode differences = shadow.path("recentDifferences");
        if (differed > 0 && differences.size() > 0) {
            // the report lists the newest first and keeps a few: the first difference is the oldest it still has
            JsonNode first = differences.get(differences.size() - 1);
            lines.add("  first difference: " + first.path("method").asText() + " " + first.path("path").asText()
                    + fields(first.path("fields")));
            lines.add("    main   " + first.path("mainStatus").asInt() + " " + cut(first.path("mainBody").asText()));
            lines.add("    shadow " + first.path("shadowStatus").asInt() + " " + cut(first.path("shadowBody").asText()));
        }
        return lines;
    }

    private static String fields(JsonNode fields) {
        if (!fields.isArray() || fields.isEmpty()) {
            return "";
        }
        List<String> pointers = new ArrayList<>();
        fields.forEach(f -> {
            if (!f.asText().isEmpty()) { // "" points at the whole answer: nothing to add
                pointers.add(f.asText());
            }
        });
        return pointers.isEmpty() ? "" : " (fields " + String.join(", ", pointers) + ")";
    }

    private static String cut(String body) {
        String oneLine = body.replace('\n', ' ');
        return oneLine.length() <= BODY_CHARS ? oneLine : oneLine.substring(0, BODY_CHARS) + "...";
    }
}
