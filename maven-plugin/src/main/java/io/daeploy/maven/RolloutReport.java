package io.daeploy.maven;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A rollout's status as the goals print it: where it is, the current window's figures, the last judgement, history. */
final class RolloutReport {

    private RolloutReport() {
    }

    static List<String> format(JsonNode status) {
        List<String> lines = new ArrayList<>();
        String phase = status.path("phase").asText();
        String where = switch (phase) {
            case "shadow" -> "shadow phase";
            case "canary" -> "canary step " + status.path("step").asInt() + " of " + status.path("steps").asInt() + ", "
                    + status.path("weight").asInt() + " % of the requests";
            default -> phase.replace('_', ' ');
        };
        lines.add("Rollout of " + status.path("name").asText() + " " + status.path("version").asText() + " (from "
                + status.path("previousMain").asText() + "): " + where + (status.path("paused").asBoolean() ? ", paused" : "")
                + ", " + status.path("failedChecks").asInt() + " failed checks");
        if (!status.path("reason").isNull() && !status.path("reason").isMissingNode()) {
            lines.add("  " + status.path("reason").asText());
        }
        JsonNode window = status.path("window");
        if (!window.isMissingNode()) {
            lines.add("  window since " + window.path("since").asText() + ": " + figures("candidate", window.path("candidate"))
                    + "; " + figures("main", window.path("main")));
        }
        JsonNode comparison = status.path("comparison");
        if (comparison.path("ignore").size() > 0 || comparison.path("detectNoise").asBoolean()) {
            lines.add("  answers compared ignoring " + (comparison.path("ignore").isEmpty() ? "no field"
                    : String.join(", ", texts(comparison.path("ignore"))))
                    + (comparison.path("detectNoise").asBoolean() ? "; noise learned from the main: "
                    + (comparison.path("learnedNoise").isEmpty() ? "none yet" : String.join(", ", texts(comparison.path("learnedNoise"))))
                    : ""));
        }
        JsonNode judgement = status.path("lastJudgement");
        if (judgement.has("held")) {
            lines.add("  held: " + judgement.path("held").asText());
        }
        for (JsonNode check : judgement.path("checks")) {
            lines.add("  " + check.path("name").asText() + " " + check.path("measured").asDouble() + " against "
                    + check.path("threshold").asDouble() + (check.path("passed").asBoolean() ? " (passed)" : " (failed)"));
        }
        for (JsonNode event : status.path("history")) {
            lines.add("  " + event.path("at").asText() + " " + event.path("event").asText() + ": " + event.path("detail").asText());
        }
        return lines;
    }

    private static String figures(String who, JsonNode figures) {
        return who + " " + figures.path("requests").asLong() + " requests, " + round(figures.path("errorPercent").asDouble())
                + " % errors, p99 " + (figures.path("p99Ms").isNull() ? "n/a" : round(figures.path("p99Ms").asDouble()) + " ms")
                + (figures.path("compared").asLong() > 0 ? ", " + round(figures.path("matchPercent").asDouble()) + " % of "
                + figures.path("compared").asLong() + " copies matched" : "");
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        list.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static String round(double value) {
        return String.valueOf(Math.round(value * 10) / 10.0);
    }
}
