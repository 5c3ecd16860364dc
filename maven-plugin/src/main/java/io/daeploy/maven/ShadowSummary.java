package io.daeploy.maven;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** One line per shadow of {@code GET /services/~shadow}: what a user checks before {@code daeploy:assign}. */
final class ShadowSummary {

    private ShadowSummary() {
    }

    static List<String> lines(JsonNode report) {
        List<String> lines = new ArrayList<>();
        String name = report.path("name").asText();
        for (JsonNode shadow : report.path("shadows")) {
            lines.add("shadow " + name + " " + shadow.path("version").asText()
                    + ": mirrored " + shadow.path("mirrored").asLong()
                    + ", matched " + shadow.path("matched").asLong()
                    + ", differed " + shadow.path("differed").asLong()
                    + ", errors " + shadow.path("errors").asLong()
                    + ", dropped " + shadow.path("dropped").asLong()
                    + latency(shadow));
        }
        return lines;
    }

    private static String latency(JsonNode shadow) {
        JsonNode main = shadow.path("mainLatencyMs").path("p50");
        JsonNode copy = shadow.path("shadowLatencyMs").path("p50");
        if (!main.isNumber() || !copy.isNumber()) {
            return "";
        }
        return "; p50 " + main.asDouble() + " ms main, " + copy.asDouble() + " ms shadow";
    }
}
