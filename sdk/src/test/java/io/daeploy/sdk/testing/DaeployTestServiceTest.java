package io.daeploy.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.daeploy.common.Severity;
import io.daeploy.sdk.HttpException;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness as a service author uses it: a static extension, stubs, recorded notifications. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaeployTestServiceTest {

    @RegisterExtension
    static DaeployTestService game = DaeployTestService.of(new GameService())
            .as("game", "1.0.0")
            .stubService("die_roller", "roll", args -> args.get("sides", Integer.class));

    @Test
    @Order(1)
    void stubAnswersTheServicesCall() {
        TestResponse response = game.post("play", null);

        assertEquals(200, response.status());
        assertEquals("won", response.as(String.class));
        StubCall call = game.manager().calls().getFirst();
        assertEquals("die_roller", call.service());
        assertEquals("roll", call.entrypoint());
        assertEquals(6, call.get("sides", Integer.class));
    }

    @Test
    @Order(2)
    void notificationsAreRecordedWithTheServicesNameAndVersion() {
        game.post("play", null);

        assertEquals(1, game.notifications().size());
        assertEquals("Jackpot: rolled 6", game.notifications().getFirst().message());
        assertEquals(Severity.INFO, game.notifications().getFirst().severity());
        assertEquals("game", game.notifications().getFirst().serviceName());
        assertEquals("1.0.0", game.notifications().getFirst().serviceVersion());
    }

    @Test
    @Order(3)
    void recordsStartEmptyInEveryTest() {
        assertTrue(game.notifications().isEmpty());
        assertTrue(game.manager().calls().isEmpty());
    }

    @Test
    @Order(4)
    void aTestsOwnStubReplacesTheClassStubForThatTest() {
        game.manager().stubService("die_roller", "roll", args -> 2);

        assertEquals("lost", game.post("play", null).as(String.class));
    }

    @Test
    @Order(5)
    void theClassStubIsBackAfterATestReplacedIt() {
        assertEquals("won", game.post("play", null).as(String.class));
    }

    @Test
    @Order(6)
    void versionedStubAnswersOnlyCallsNamingThatVersion() {
        game.manager().stubService("die_roller", "2.0.0", "roll", args -> "two");

        assertEquals("two", game.post("playVersion", Map.of("version", "2.0.0")).as(String.class));
        assertEquals("2.0.0", game.manager().calls().getFirst().version().orElseThrow());
        assertEquals("6", game.post("playVersion", Map.of("version", "1.0.0")).as(String.class), "the any-version stub");
    }

    @Test
    @Order(7)
    void stubThrowingHttpExceptionFailsTheCallWithItsStatus() {
        game.manager().stubService("die_roller", "roll", args -> {
            throw new HttpException(418, "no dice");
        });

        TestResponse response = game.post("status", null);

        assertEquals(503, response.status());
        assertEquals("418 Call to die_roller/roll failed: HTTP 418: no dice", response.detail());
    }

    @Test
    @Order(8)
    void unstubbedServiceIsUnknownAsAtTheRealManager() {
        game.manager().removeStubs();
        try {
            TestResponse response = game.post("status", null);

            assertEquals(503, response.status());
            assertTrue(response.detail().startsWith("404 Call to die_roller/roll failed: unknown service: No service"
                    + " 'die_roller' is deployed"), response.detail());
        } finally {
            game.manager().stubService("die_roller", "roll", args -> 6); // later tests (if any) expect one
        }
    }

    @Test
    @Order(9)
    void storedValuesAndParametersAreReachable() {
        game.manager().stubService("die_roller", "roll", args -> 3);
        game.post("play", null);
        game.post("play", null);

        String rolls = game.monitored("roll").get("value").toString();
        assertTrue(rolls.endsWith(",3.0,3.0]"), "the service (and its store) lives as long as the test class: " + rolls);
        assertEquals(200, game.setParameter("target", 3).status());
        assertEquals("won", game.post("play", null).as(String.class));
        assertEquals(3, game.<GameService>service().target.get());
        assertEquals(422, game.setParameter("target", "three").status());
    }

    @Test
    @Order(10)
    void getWithQueryAndRawRequests() {
        assertEquals("{\"target\":3}", game.get("/~parameters").body());
        assertEquals(200, game.get("/~monitor", Map.of("variables", "roll")).status());
        assertEquals(405, game.request("PUT", "/play", "{}").status());
        assertNotEquals(0, game.uri().getPort());
        assertEquals(List.of(), game.notifications());
    }
}
