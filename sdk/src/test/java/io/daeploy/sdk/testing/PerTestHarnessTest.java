package io.daeploy.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

import io.daeploy.common.Severity;
import io.daeploy.sdk.Daeploy;
import io.daeploy.sdk.ManagerConnection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance-field harness starts a fresh service for each test, and puts the JVM's connection back after. */
class PerTestHarnessTest {

    private static GameService previousService;

    @RegisterExtension
    DaeployTestService game = DaeployTestService.of(new GameService());

    @Test
    void eachTestHasItsOwnServiceInstance() {
        if (previousService != null) {
            assertNotSame(previousService, game.service());
        }
        previousService = game.service();
        assertEquals(200, game.setParameter("target", 1).status());
    }

    @Test
    void parameterChangesOfAnotherTestAreGone() {
        assertEquals("6", game.get("/~parameters/target").body());
        previousService = game.service();
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
