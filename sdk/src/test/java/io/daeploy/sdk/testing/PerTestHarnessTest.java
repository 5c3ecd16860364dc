package io.daeploy.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.daeploy.common.Severity;
import io.daeploy.sdk.Daeploy;
import io.daeploy.sdk.ManagerConnection;
import io.daeploy.sdk.RunningService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An instance-field harness starts a fresh service for each test, and puts the JVM's connection back after.
 * The two "fresh" tests do the same thing with different values, so whichever JUnit runs second fails if the
 * first one's service, parameter change or stored value is still there; no method order is assumed.
 */
class PerTestHarnessTest {

    // The running services the tests saw, by identity; checked once every test has run.
    private static final List<RunningService> SERVICES_SEEN = new ArrayList<>();

    @RegisterExtension
    DaeployTestService game = DaeployTestService.of(new GameService());

    @AfterAll
    static void noTwoTestsSharedAService() {
        Set<RunningService> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(SERVICES_SEEN);
        assertEquals(SERVICES_SEEN.size(), distinct.size(), "a service was reused by another test");
    }

    /** Starts from the declared state, changes it, and sees the change. */
    private void startsFreshThenChanges(int target, int rolled) {
        SERVICES_SEEN.add(game.running());
        assertEquals("6", game.get("/~parameters/target").body(), "the declared value, not another test's");
        assertEquals(List.of(), rolls(), "no stored values of another test");

        assertEquals(200, game.setParameter("target", target).status());
        assertEquals(Integer.toString(target), game.get("/~parameters/target").body());
        game.manager().stubService("die_roller", "roll", args -> rolled);
        assertEquals("lost", game.post("play", null).as(String.class));
        assertEquals(List.of(rolled), rolls());
    }

    /** The stored values of {@code roll}, oldest first; none when nothing was stored. */
    private List<Integer> rolls() {
        TestResponse monitor = game.get("/~monitor");
        assertEquals(200, monitor.status(), monitor.body());
        List<Integer> values = new ArrayList<>();
        monitor.json().path("roll").path("value").forEach(v -> values.add(v.asInt()));
        return values;
    }

    @Test
    void aFreshServiceForThisTest() {
        startsFreshThenChanges(1, 2);
    }

    @Test
    void anotherFreshServiceForThisTest() {
        startsFreshThenChanges(3, 4);
    }

    @Test
    void serviceNameDefaultsToTheClassName() {
        Daeploy.notify("hello", Severity.INFO);

        assertEquals("gameservice", game.notifications().getFirst().serviceName());
    }

    @Test
    void connectionIsPutBackWhenTheServiceStops() {
        ManagerConnection before = ManagerConnection.to(URI.create("http://127.0.0.1:1"));
        Daeploy.useConnection(before);
        DaeployTestService other = DaeployTestService.of(new GameService());
        other.start();
        assertTrue(Daeploy.connection().managerUrl().orElseThrow().getPort() != 1);
        other.stop();

        assertEquals(before, Daeploy.connection());
        Daeploy.useConnection(game.manager().connection("gameservice", "0.0.0"));
    }

    @Test
    void stubCallArgumentsConvertOrRefuse() {
        game.manager().stubService("die_roller", "roll", args -> args.get("sides", String.class));

        assertEquals(200, game.post("play", null).status(), "6 is read as the text \"6\"");
        StubCall call = game.manager().calls().getFirst();
        assertTrue(call.has("sides"));
        assertEquals(null, call.get("missing", Integer.class));
        assertThrows(IllegalArgumentException.class, () -> call.get("sides", Map.class));
    }
}
