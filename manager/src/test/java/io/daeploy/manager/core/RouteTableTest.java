package io.daeploy.manager.core;

import io.daeploy.common.Status;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {

    private final RouteTable routes = new RouteTable();

    @Test
    void aNameResolvesToItsMainAndAQualifiedNameToThatVersion() {
        routes.replace(List.of(
                new RouteTable.Target("hello", "1.0.0", true, Status.RUNNING, null, List.of(URI.create("http://127.0.0.1:1"))),
                new RouteTable.Target("hello", "2.0.0", false, Status.RUNNING, null, List.of(URI.create("http://127.0.0.1:2"))),
                new RouteTable.Target("die_roller", "1.0.0", true, Status.RUNNING, null, List.of(URI.create("http://127.0.0.1:3")))));

        assertEquals("1.0.0", routes.resolve("hello").orElseThrow().target().version());
        assertEquals("2.0.0", routes.resolve("hello_2.0.0").orElseThrow().target().version());
        assertEquals("die_roller", routes.resolve("die_roller").orElseThrow().target().name());
        assertEquals("1.0.0", routes.resolve("die_roller_1.0.0").orElseThrow().target().version());
        assertTrue(routes.resolve("hello_3.0.0").isEmpty());
        assertTrue(routes.resolve("die").isEmpty());
    }

    @Test
    void aCanaryTakesExactlyItsShareAcrossSnapshotsOfOtherChangesAndANewShareStartsAfresh() {
        int canary = 0;
        for (int i = 0; i < 100; i++) {
            // another name's change publishes a new snapshot before every request
            split(5, 3, i % 2 == 0 ? Status.RUNNING : Status.STARTING);
            canary += routes.resolve("hello").orElseThrow().canary().takesNext() ? 1 : 0;
        }
        assertEquals(5, canary, "5 % of 100, though every request met a new snapshot");

        split(50, 4, Status.RUNNING);
        RouteTable.Canary halves = routes.resolve("hello").orElseThrow().canary();
        assertEquals(List.of(false, true, false, true), List.of(halves.takesNext(), halves.takesNext(), halves.takesNext(),
                halves.takesNext()), "a new step counts from its start");
    }

    private void split(int weight, long step, Status other) {
        routes.replace(List.of(
                new RouteTable.Target("hello", "1.0.0", true, Status.RUNNING, null, List.of(URI.create("http://127.0.0.1:1"))),
                new RouteTable.Target("hello", "2.0.0", false, Status.RUNNING, null, List.of(URI.create("http://127.0.0.1:2")),
                        new RouteTable.Share(weight, false, step)),
                new RouteTable.Target("other", "1.0.0", true, other, null, List.of())));
    }

    @Test
    void theMainCarriesItsRunningShadowsAndAVersionNone() {
        routes.replace(List.of(
                new RouteTable.Target("hello", "1.0.0", true, Status.RUNNING, null, List.of(URI.create("http://127.0.0.1:1"))),
                new RouteTable.Target("hello", "2.0.0", false, Status.RUNNING, null, List.of(URI.create("http://127.0.0.1:2"))),
                new RouteTable.Target("hello", "3.0.0", false, Status.STARTING, null, List.of()),
                new RouteTable.Target("hello", "4.0.0", false, Status.FAILED, "boom", List.of())));
        assertEquals(List.of("2.0.0"), routes.resolve("hello").orElseThrow().shadows().stream()
                .map(RouteTable.Target::version).toList());
        assertTrue(routes.resolve("hello_1.0.0").orElseThrow().shadows().isEmpty());
    }

    @Test
    void requestsAreSpreadOverEveryReadyEndpointOfAVersion() {
        URI one = URI.create("http://127.0.0.1:1");
        URI two = URI.create("http://127.0.0.1:2");
        routes.replace(List.of(new RouteTable.Target("hello", "1.0.0", true, Status.RUNNING, null, List.of(one, two))));
        RouteTable.Target target = routes.resolve("hello").orElseThrow().target();
        assertEquals(List.of(one, two, one, two), List.of(target.endpoint(), target.endpoint(), target.endpoint(), target.endpoint()));
    }

    @Test
    void aVersionWithoutReadyEndpointsServesNothing() {
        routes.replace(List.of(new RouteTable.Target("hello", "1.0.0", true, Status.RUNNING, null, List.of())));
        RouteTable.Target target = routes.resolve("hello").orElseThrow().target();
        assertEquals(null, target.endpoint());
        assertTrue(!target.serving());
    }

    @Test
    void replacingDropsWhatIsGone() {
        routes.replace(List.of(new RouteTable.Target("a", "1.0.0", true, Status.RUNNING, null, List.of())));
        routes.replace(List.of());
        assertTrue(routes.resolve("a").isEmpty());
    }
}
