package io.daeploy.manager.metrics;

import io.daeploy.common.Status;
import io.daeploy.manager.core.RouteTable;
import io.daeploy.manager.core.rollout.Rollouts;

import io.daeploy.manager.core.rollout.VersionTraffic;
import io.daeploy.manager.metrics.TrafficMetrics.CopyOutcome;
import io.daeploy.manager.metrics.TrafficMetrics.Role;
import org.junit.jupiter.api.Test;

import java.util.List;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a rollout reads back is what was recorded, and what Prometheus gets. */
class TrafficMetricsTest {

    private final TrafficMetrics metrics = TrafficMetrics.recording();

    @Test
    void aVersionsFiguresSumItsMainAndCanaryRequestsAndItsCopies() {
        for (int i = 0; i < 90; i++) {
            metrics.answered(target("hello", "2.0.0"), Role.CANARY, 200, TimeUnit.MILLISECONDS.toNanos(8));
        }
        for (int i = 0; i < 10; i++) {
            metrics.answered(target("hello", "2.0.0"), Role.MAIN, 503, TimeUnit.MILLISECONDS.toNanos(20));
        }
        metrics.answered(target("hello", "2.0.0"), Role.DIRECT, 500, 1); // by its own name: not a caller of the name
        metrics.answered(target("hello", "1.0.0"), Role.MAIN, 500, 1);   // another version
        metrics.copied(target("hello", "2.0.0"), CopyOutcome.MATCHED);
        metrics.copied(target("hello", "2.0.0"), CopyOutcome.MATCHED);
        metrics.copied(target("hello", "2.0.0"), CopyOutcome.DIFFERED);
        metrics.copied(target("hello", "2.0.0"), CopyOutcome.DROPPED);

        VersionTraffic traffic = metrics.of("hello", "2.0.0");
        assertEquals(100, traffic.requests());
        assertEquals(10, traffic.serverErrors());
        assertEquals(100, traffic.latency().count());
        assertEquals(0, traffic.latency().cumulative()[0], "none within 5 ms");
        assertEquals(90, traffic.latency().cumulative()[1], "90 within 10 ms");
        assertEquals(100, traffic.latency().cumulative()[2], "all within 25 ms");
        assertEquals(0.0235, traffic.latency().quantile(0.99), 1e-9);
        assertEquals(2, traffic.matched());
        assertEquals(1, traffic.differed());

        VersionTraffic unknown = metrics.of("hello", "9.9.9");
        assertEquals(0, unknown.requests());
        assertTrue(Double.isNaN(unknown.latency().quantile(0.99)));

        String exposition = metrics.scrape();
        assertTrue(exposition.contains("daeploy_requests_total{code=\"200\",role=\"canary\",service=\"hello\",version=\"2.0.0\"} 90.0"),
                exposition);
    }

    @Test
    void eachNamesLatestRolloutPhaseIsAGaugeOfOne() {
        TrafficMetrics metrics = TrafficMetrics.recording();
        metrics.observeRollouts(List.of(new Rollouts.Phase("shop", "2.0.0", "canary"), new Rollouts.Phase("cart", "1.1.0", "rolled_back")));
        String exposition = metrics.scrape();
        assertTrue(exposition.contains("daeploy_rollout_phase{phase=\"canary\",service=\"shop\",version=\"2.0.0\"} 1.0"), exposition);
        assertTrue(exposition.contains("daeploy_rollout_phase{phase=\"rolled_back\",service=\"cart\",version=\"1.1.0\"} 1.0"));
        metrics.observeRollouts(List.of(new Rollouts.Phase("shop", "2.0.0", "promoted")));
        String later = metrics.scrape();
        assertTrue(later.contains("phase=\"promoted\",service=\"shop\""), later);
        assertFalse(later.contains("phase=\"canary\""), "a phase left is no longer exported");
    }

    @Test
    void offRecordsNothing() {
        TrafficMetrics off = TrafficMetrics.off();
        off.answered(target("hello", "1.0.0"), Role.MAIN, 200, 1);
        assertEquals(0, off.of("hello", "1.0.0").requests());
        assertTrue(!off.on());
    }

    private static RouteTable.Target target(String name, String version) {
        return new RouteTable.Target(name, version, false, Status.RUNNING, null, List.of());
    }
}
