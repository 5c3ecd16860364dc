package io.daeploy.manager.gateway;

import io.helidon.http.Method;
import io.daeploy.manager.metrics.ShadowTally;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShadowStatsTest {

    private static final ProxyForwarder.RequestCopy REQUEST =
            new ProxyForwarder.RequestCopy(Method.POST, "/hello", "", null, false);

    private static ProxyForwarder.Forwarded answer(int status, String body, String type) {
        return new ProxyForwarder.Forwarded(REQUEST, status, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                                            type, 1_000_000);
    }

    @Test
    void equalJsonMatchesWhateverItsLayout() {
        assertTrue(ShadowStats.same(answer(200, "{\"a\":1,\"b\":[1,2]}", "application/json"),
                                    answer(200, "{ \"b\": [1, 2], \"a\": 1 }", "application/json")));
    }

    @Test
    void anotherStatusOrBodyDiffers() {
        assertFalse(ShadowStats.same(answer(200, "\"x\"", "application/json"), answer(500, "\"x\"", "application/json")));
        assertFalse(ShadowStats.same(answer(200, "{\"v\":\"1.0.0\"}", "application/json"),
                                     answer(200, "{\"v\":\"2.0.0\"}", "application/json")));
        assertFalse(ShadowStats.same(answer(200, "abc", "text/plain"), answer(200, "abd", "text/plain")));
    }

    @Test
    void aBodyTooLargeToKeepIsComparedByStatusOnly() {
        assertTrue(ShadowStats.same(answer(200, null, null), answer(200, "anything", "text/plain")));
    }

    @Test
    void theReportCountsAndKeepsRecentDifferences() {
        ShadowTally tally = new ShadowTally("2.0.0");
        ShadowStats stats = new ShadowStats(tally, 1);
        stats.compare(answer(200, "1", "application/json"), answer(200, "1", "application/json"));
        stats.compare(answer(200, "1", "application/json"), answer(200, "2", "application/json"));
        assertTrue(stats.tryStart());
        assertFalse(stats.tryStart(), "one copy in flight at most");
        stats.finished();
        var report = tally.figures().report();
        assertEquals(2L, report.get("mirrored"));
        assertEquals(1L, report.get("matched"));
        assertEquals(1L, report.get("differed"));
        assertEquals(1L, report.get("dropped"));
    }
}
