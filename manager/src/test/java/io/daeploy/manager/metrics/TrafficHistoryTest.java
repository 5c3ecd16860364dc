package io.daeploy.manager.metrics;

import io.daeploy.common.ServiceVersion;
import io.daeploy.manager.MovableClock;
import io.daeploy.manager.core.rollout.LatencyHistogram;
import io.daeploy.manager.core.rollout.VersionTraffic;
import io.daeploy.manager.metrics.TrafficHistory.Point;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The charts' points are what each version did between two readings of the gateway's cumulative figures. */
class TrafficHistoryTest {

    private static final double[] BOUNDS = {0.01, 0.1, 1};
    private static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Instant START = Instant.parse("2025-01-01T12:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final Map<String, VersionTraffic> readings = new HashMap<>();
    private final List<ServiceVersion> listed = new ArrayList<>(List.of(version("1.0.0", true), version("2.0.0", false)));
    private final TrafficHistory history = new TrafficHistory((name, version) -> readings.getOrDefault(name + "_" + version,
            traffic(0, 0, 0, 0, 0)), () -> List.copyOf(listed), clock, PERIOD);

    @Test
    void eachPointIsWhatAVersionDidSinceThePreviousReading() {
        readings.put("hello_1.0.0", traffic(100, 1, 100, 100, 100));
        history.sample();
        assertEquals(List.of(), history.points("hello", "1.0.0"), "one reading alone says nothing about a period");

        // in the next period: 50 more requests, 5 of them 5xx, 40 within the first bound and 10 within the second
        readings.put("hello_1.0.0", traffic(150, 6, 140, 150, 150));
        later();
        Point first = history.points("hello", "1.0.0").get(0);
        assertEquals(START.plus(PERIOD), first.at());
        assertEquals(10.0, first.requestsPerSecond(), 1e-9);
        assertEquals(10.0, first.errorPercent(), 1e-9);
        assertEquals(6.25, first.p50Ms(), 1e-9);
        assertEquals(95.5, first.p99Ms(), 1e-9);

        Point quiet = history.points("hello", "2.0.0").get(0);
        assertEquals(0.0, quiet.requestsPerSecond());
        assertNull(quiet.errorPercent(), "no request: no error rate, rather than a rate of 0");
        assertNull(quiet.p50Ms());
        assertNull(quiet.p99Ms());

        readings.put("hello_2.0.0", traffic(20, 0, 20, 20, 20));
        later();
        assertEquals(2, history.points("hello", "1.0.0").size());
        assertNull(history.points("hello", "1.0.0").get(1).p99Ms(), "1.0.0 answered nothing in this period");
        Point canary = history.points("hello", "2.0.0").get(1);
        assertEquals(4.0, canary.requestsPerSecond(), 1e-9);
        assertEquals(0.0, canary.errorPercent(), 1e-9);
        assertEquals(5.0, canary.p50Ms(), 1e-9);
        assertEquals(9.9, canary.p99Ms(), 1e-9);
    }

    @Test
    void aVersionNoLongerListedIsForgottenAndStartsAgainWhenItComesBack() {
        history.sample();
        later();
        assertEquals(1, history.points("hello", "2.0.0").size());

        listed.remove(1);
        later();
        assertEquals(List.of(), history.points("hello", "2.0.0"));
        assertEquals(2, history.points("hello", "1.0.0").size());

        listed.add(version("2.0.0", false));
        later();
        assertEquals(List.of(), history.points("hello", "2.0.0"), "its first reading again");
        later();
        assertEquals(1, history.points("hello", "2.0.0").size());
    }

    @Test
    void countersThatStartedAgainGiveNoPointOnlyANewStart() {
        readings.put("hello_1.0.0", traffic(500, 0, 500, 500, 500));
        history.sample();
        readings.put("hello_1.0.0", traffic(10, 0, 10, 10, 10));
        later();
        assertEquals(List.of(), history.points("hello", "1.0.0"));
        readings.put("hello_1.0.0", traffic(60, 0, 60, 60, 60));
        later();
        assertEquals(10.0, history.points("hello", "1.0.0").get(0).requestsPerSecond(), 1e-9);
    }

    @Test
    void onlyTheKeptPeriodIsKept() {
        history.sample();
        int samples = (int) (2 * TrafficHistory.KEPT.toMillis() / PERIOD.toMillis());
        for (int i = 0; i < samples; i++) {
            later();
        }
        List<Point> points = history.points("hello", "1.0.0");
        assertEquals(TrafficHistory.KEPT.toMillis() / PERIOD.toMillis(), points.size());
        assertEquals(clock.instant(), points.get(points.size() - 1).at());
        assertTrue(!points.get(0).at().isBefore(clock.instant().minus(TrafficHistory.KEPT)), points.get(0).toString());
    }

    private void later() {
        clock.advance(PERIOD);
        history.sample();
    }

    private static ServiceVersion version(String version, boolean main) {
        return new ServiceVersion("hello", version, main, "running", START, null, null);
    }

    /** Cumulative figures: requests, 5xx among them, and how many took at most each of the three bounds. */
    private static VersionTraffic traffic(long requests, long serverErrors, long... atMost) {
        return new VersionTraffic(requests, serverErrors, new LatencyHistogram(BOUNDS, atMost, requests), 0, 0);
    }
}
