package io.daeploy.manager.metrics;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ShadowFiguresTest {

    @Test
    void twoManagersFiguresAddUpAndTheNewestDifferencesOfBothAreShown() {
        ShadowTally first = new ShadowTally("2.0.0");
        ShadowTally second = new ShadowTally("2.0.0");
        Instant start = Instant.parse("2026-12-07T10:00:00Z");
        for (int i = 0; i < 4; i++) {
            first.compared(1_000_000, 2_000_000);
            first.differed(Map.of("at", start.plusSeconds(2L * i).toString(), "path", "/first/" + i));
            second.compared(1_000_000, 2_000_000);
            second.differed(Map.of("at", start.plusSeconds(2L * i + 1).toString(), "path", "/second/" + i));
        }
        second.compared(1_000_000, 2_000_000);
        second.matched(true);
        second.droppedAsleep();

        Map<String, Object> report = first.figures().plus(second.figures()).report();
        assertEquals(9L, report.get("mirrored"));
        assertEquals(8L, report.get("differed"));
        assertEquals(1L, report.get("matched"));
        assertEquals(1L, report.get("matchedOnlyIgnoring"));
        assertEquals(1L, report.get("droppedWhileIdle"));
        assertEquals(Map.of("p50", 1.0, "p99", 1.0), rounded(report.get("mainLatencyMs")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> differences = (List<Map<String, Object>>) report.get("recentDifferences");
        assertEquals(List.of("/second/3", "/first/3", "/second/2", "/first/2", "/second/1"),
                     differences.stream().map(d -> d.get("path")).toList(), "the newest five of both, newest first");
    }

    /** Within the 2 % a bucket allows. */
    @SuppressWarnings("unchecked")
    private static Map<String, Double> rounded(Object latencies) {
        Map<String, Double> map = (Map<String, Double>) latencies;
        return Map.of("p50", Math.round(map.get("p50") * 10) / 10.0, "p99", Math.round(map.get("p99") * 10) / 10.0);
    }
}
