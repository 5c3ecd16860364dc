package io.daeploy.manager.metrics;

import io.daeploy.common.Status;
import io.daeploy.manager.core.RouteTable;
import io.daeploy.manager.metrics.TrafficMetrics.Role;
import io.daeploy.manager.store.Database;
import io.daeploy.manager.store.FiguresRepository;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.ServiceRepository;
import io.daeploy.manager.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two managers on one database (H2 here, PostgreSQL in the manager's second test run), each counting what its own
 * gateway passed: whichever is asked answers with the figures of both.
 */
class FiguresExchangeTest {

    private static final RouteTable.Target MAIN = new RouteTable.Target("hello", "1.0.0", true, Status.RUNNING, null,
                                                                        List.of(URI.create("http://127.0.0.1:1")));
    private static final RouteTable.Target SHADOW = new RouteTable.Target("hello", "2.0.0", false, Status.RUNNING, null,
                                                                          List.of(URI.create("http://127.0.0.1:2")));

    @Test
    void whicheverManagerIsAskedAddsUpWhatBothCounted(@TempDir Path dataDir) {
        try (Database database = TestDatabases.open(dataDir)) {
            ServiceRepository versions = new ServiceRepository(database);
            versions.insert(ServiceRecord.deployed("hello", "1.0.0", true, null, Map.of()));
            versions.insert(ServiceRecord.deployed("hello", "2.0.0", false, null, Map.of()));
            RouteTable routes = new RouteTable();
            routes.replace(List.of(MAIN, SHADOW));
            TrafficMetrics a = TrafficMetrics.recording();
            TrafficMetrics b = TrafficMetrics.recording();
            FiguresExchange fromA = exchange(database, a, routes, "a", true);
            FiguresExchange fromB = exchange(database, b, routes, "b", false);

            for (int i = 0; i < 3; i++) {
                a.answered(MAIN, Role.MAIN, 200, 4_000_000);
            }
            a.answered(MAIN, Role.MAIN, 503, 400_000_000);
            b.answered(MAIN, Role.MAIN, 200, 4_000_000);
            b.answered(MAIN, Role.MAIN, 200, 4_000_000);
            a.shadowTally("hello", "2.0.0").compared(1_000_000, 3_000_000);
            a.shadowTally("hello", "2.0.0").matched(false);
            b.shadowTally("hello", "2.0.0").compared(1_000_000, 3_000_000);
            b.shadowTally("hello", "2.0.0").differed(Map.of("at", "2026-12-07T10:00:00Z", "path", "/hello/greet"));
            fromA.exchange();
            fromB.exchange();
            fromA.exchange();

            for (TrafficMetrics asked : List.of(a, b)) {
                var traffic = asked.of("hello", "1.0.0");
                assertEquals(6, traffic.requests(), "requests through both managers");
                assertEquals(1, traffic.serverErrors());
                assertEquals(6, traffic.latency().count());
                assertEquals(0.4, traffic.latency().quantile(0.99), 0.2, "the slow one, counted by a, seen from both");
                Map<String, Object> shadow = asked.shadowFigures("hello", "2.0.0").report();
                assertEquals(2L, shadow.get("mirrored"));
                assertEquals(1L, shadow.get("matched"));
                assertEquals(1L, shadow.get("differed"));
                assertEquals(1, ((List<?>) shadow.get("recentDifferences")).size());
            }
            assertEquals(4, a.localOf("hello", "1.0.0").requests(), "Prometheus still gets each manager's own");
            assertTrue(fromB.lastRequest("hello_1.0.0").isPresent(), "b knows when a last passed a request");

            // b restarts: it counts from nothing again, and what it counted before is not lost
            fromB.close();
            TrafficMetrics bAgain = TrafficMetrics.recording();
            FiguresExchange fromBAgain = exchange(database, bAgain, routes, "b", false);
            bAgain.answered(MAIN, Role.MAIN, 200, 4_000_000);
            fromBAgain.exchange();
            fromA.exchange();
            assertEquals(7, a.of("hello", "1.0.0").requests());
            assertEquals(7, bAgain.of("hello", "1.0.0").requests());

            // the shadow is killed: the leader clears its figures, no manager writes them again
            versions.delete("hello", "2.0.0");
            routes.replace(List.of(MAIN));
            fromA.exchange();
            fromBAgain.exchange();
            assertEquals(0, new FiguresRepository(database).allBut("none").stream()
                    .filter(row -> row.version().equals("2.0.0")).count(), "no figures of a version gone");
            assertEquals(7, bAgain.of("hello", "1.0.0").requests(), "those of the others stay");
            fromA.close();
            fromBAgain.close();
        }
    }

    @Test
    void aRowThatCannotBeReadIsLeftOutOfTheSums(@TempDir Path dataDir) {
        try (Database database = TestDatabases.open(dataDir)) {
            new ServiceRepository(database).insert(ServiceRecord.deployed("hello", "1.0.0", true, null, Map.of()));
            RouteTable routes = new RouteTable();
            routes.replace(List.of(MAIN));
            new FiguresRepository(database).publish(List.of(new FiguresRepository.Row("later", "c", "hello", "1.0.0",
                    "{\"traffic\":{\"requests\":5,\"latencyBounds\":[0.1],\"latencyCumulative\":[5],\"latencyCount\":5}}",
                    null, 1L)));
            TrafficMetrics a = TrafficMetrics.recording();
            a.answered(MAIN, Role.MAIN, 200, 4_000_000);
            try (FiguresExchange fromA = exchange(database, a, routes, "a", true)) {
                fromA.exchange();
                assertEquals(1, a.of("hello", "1.0.0").requests(), "a histogram of other bounds does not add up: left out");
            }
        }
    }

    private static FiguresExchange exchange(Database database, TrafficMetrics metrics, RouteTable routes, String name,
                                            boolean leads) {
        return new FiguresExchange(new FiguresRepository(database), metrics, routes, name, () -> leads, Clock.systemUTC());
    }
}
