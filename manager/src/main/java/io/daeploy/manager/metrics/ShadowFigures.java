package io.daeploy.manager.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one shadow version's copies compared with the main's answers, as counts that add up across managers: copies
 * mirrored, matched (of them, matched only because fields that differed were left out), differed, failed, dropped (of
 * them, while the shadow was idle); the latencies of the main's and the shadow's answers; the newest differences.
 */
public record ShadowFigures(String version, long mirrored, long matched, long differed, long matchedOnlyIgnoring, long errors,
                            long dropped, long droppedWhileIdle, LatencyBuckets mainLatency, LatencyBuckets shadowLatency,
                            List<Map<String, Object>> recentDifferences) {

    /** How many differences are kept and shown: the newest. */
    public static final int RECENT_DIFFERENCES = 5;

    public ShadowFigures {
        recentDifferences = List.copyOf(recentDifferences);
    }

    public static ShadowFigures none(String version) {
        return new ShadowFigures(version, 0, 0, 0, 0, 0, 0, 0, LatencyBuckets.empty(), LatencyBuckets.empty(), List.of());
    }

    /** Both together: counts added, the newest differences of both. */
    public ShadowFigures plus(ShadowFigures other) {
        List<Map<String, Object>> differences = new ArrayList<>(recentDifferences);
        differences.addAll(other.recentDifferences);
        // "at" is an ISO-8601 instant in UTC: its text sorts as its time
        differences.sort(Comparator.comparing((Map<String, Object> d) -> String.valueOf(d.get("at"))).reversed());
        return new ShadowFigures(version, mirrored + other.mirrored, matched + other.matched, differed + other.differed,
                matchedOnlyIgnoring + other.matchedOnlyIgnoring, errors + other.errors, dropped + other.dropped,
                droppedWhileIdle + other.droppedWhileIdle, mainLatency.plus(other.mainLatency),
                shadowLatency.plus(other.shadowLatency),
                differences.subList(0, Math.min(RECENT_DIFFERENCES, differences.size())));
    }

    /** As the API shows it ({@code GET /services/~shadow}). */
    public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("version", version);
        report.put("mirrored", mirrored);
        report.put("matched", matched);
        report.put("differed", differed);
        report.put("matchedOnlyIgnoring", matchedOnlyIgnoring);
        report.put("errors", errors);
        report.put("dropped", dropped);
        report.put("droppedWhileIdle", droppedWhileIdle);
        report.put("mainLatencyMs", latencies(mainLatency));
        report.put("shadowLatencyMs", latencies(shadowLatency));
        report.put("recentDifferences", recentDifferences);
        return report;
    }

    private static Map<String, Double> latencies(LatencyBuckets buckets) {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("p50", buckets.quantileMillis(0.50));
        map.put("p99", buckets.quantileMillis(0.99));
        return map;
    }
}
