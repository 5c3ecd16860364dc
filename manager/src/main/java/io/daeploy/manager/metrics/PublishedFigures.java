package io.daeploy.manager.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.daeploy.common.Json;
import io.daeploy.manager.core.rollout.LatencyHistogram;
import io.daeploy.manager.core.rollout.VersionTraffic;

import java.util.List;
import java.util.Map;

/**
 * One manager's figures of one version as it writes them for the others to add up: counts and buckets only. Read
 * leniently (a field a later release adds is skipped), so that two releases side by side still add up what they share.
 *
 * @param shadow null where the version got no copies through this manager
 */
record PublishedFigures(Traffic traffic, Shadow shadow) {

    record Traffic(long requests, long serverErrors, double[] latencyBounds, long[] latencyCumulative, long latencyCount,
                   long matched, long differed) {
    }

    record Shadow(String version, long mirrored, long matched, long differed, long matchedOnlyIgnoring, long errors,
                  long dropped, long droppedWhileIdle, Map<Integer, Long> mainLatency, Map<Integer, Long> shadowLatency,
                  List<Map<String, Object>> recentDifferences) {
    }

    static PublishedFigures of(VersionTraffic traffic, ShadowFigures shadow) {
        LatencyHistogram latency = traffic.latency();
        return new PublishedFigures(new Traffic(traffic.requests(), traffic.serverErrors(), latency.bounds(), latency.cumulative(),
                latency.count(), traffic.matched(), traffic.differed()),
                shadow == null ? null : new Shadow(shadow.version(), shadow.mirrored(), shadow.matched(), shadow.differed(),
                        shadow.matchedOnlyIgnoring(), shadow.errors(), shadow.dropped(), shadow.droppedWhileIdle(),
                        shadow.mainLatency().sparse(), shadow.shadowLatency().sparse(), shadow.recentDifferences()));
    }

    VersionTraffic versionTraffic() {
        return new VersionTraffic(traffic.requests, traffic.serverErrors,
                new LatencyHistogram(traffic.latencyBounds, traffic.latencyCumulative, traffic.latencyCount),
                traffic.matched, traffic.differed);
    }

    /** Null where there is none. */
    ShadowFigures shadowFigures() {
        return shadow == null ? null : new ShadowFigures(shadow.version, shadow.mirrored, shadow.matched, shadow.differed,
                shadow.matchedOnlyIgnoring, shadow.errors, shadow.dropped, shadow.droppedWhileIdle,
                LatencyBuckets.fromSparse(shadow.mainLatency), LatencyBuckets.fromSparse(shadow.shadowLatency),
                shadow.recentDifferences == null ? List.of() : shadow.recentDifferences);
    }

    String json() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a version's figures", e);
        }
    }

    static PublishedFigures parse(String json) {
        try {
            PublishedFigures figures = Json.mapper().readValue(json, PublishedFigures.class);
            if (figures.traffic == null) {
                throw new IllegalArgumentException("no traffic in " + json);
            }
            return figures;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a version's figures: " + e.getOriginalMessage(), e);
        }
    }
}
