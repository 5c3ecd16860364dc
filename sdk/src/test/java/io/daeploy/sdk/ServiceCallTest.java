package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Daeploy.callService over real HTTP: callee services in-process, reached through a stand-in manager. */
class ServiceCallTest {

    private static RunningService main;
    private static RunningService pinned;
    private static RunningService caller;
    private static StandInManager manager;

    private ManagerConnection previous;

    @BeforeAll
    static void start() {
        main = DaeployService.start(new Callee(6), 0);
        pinned = DaeployService.start(new Callee(5), 0);
        caller = DaeployService.start(new Caller(), 0);
        manager = new StandInManager().route("callee", main).route("callee_1.0.0", pinned);
    }

    @AfterAll
    static void stop() {
        manager.close();
        caller.close();
        pinned.close();
        main.close();
    }

    @BeforeEach
    void connect() {
        previous = Daeploy.useConnection(ManagerConnection.to(manager.uri()));
        manager.forget();
    }

    @AfterEach
    void restore() {
        Daeploy.useConnection(previous);
    }

    @Test
    void integerResultFromTheMainVersion() {
        int roll = Daeploy.callService("callee", "roll", Map.of(), Integer.class);

        assertEquals(6, roll);
        StandInManager.Received request = manager.last();
        assertEquals("POST", request.method());
        assertEquals("/services/callee/roll", request.path());
        assertEquals("{}", request.body());
        assertEquals("application/json", request.contentType());
        assertEquals("application/json", request.accept());
    }

    @Test
    void recordArgumentsAndRecordResult() {
        Callee.Sum sum = Daeploy.call("callee", "sum").arguments(new Callee.Pair(2, 40)).as(Callee.Sum.class);

        assertEquals(new Callee.Sum(42, "callee 6"), sum);
        assertEquals("{\"a\":2,\"b\":40}", manager.last().body());
    }

    @Test
    void genericResultThroughTypeRefAndType() {
        List<Integer> dice = Daeploy.callService("callee", "many", Map.of("n", 3), new TypeRef<List<Integer>>() { });
        List<Integer> again = Daeploy.callService("callee", "many", Map.of("n", 2),
                new TypeRef<List<Integer>>() { }.type());

        assertEquals(List.of(6, 6, 6), dice);
        assertEquals(List.of(6, 6), again);
    }

    @Test
    void rawJsonAndEmptyAnswer() {
        JsonNode sum = Daeploy.call("callee", "sum").arguments(Map.of("a", 1, "b", 2)).asJson();
        String nothing = Daeploy.call("callee", "nothing").as(String.class);

        assertEquals(3, sum.get("total").asInt());
        assertNull(nothing);
    }

    @Test
    void versionCallsThatVersionOnly() {
        int roll = Daeploy.call("callee", "roll").version("1.0.0").as(Integer.class);

        assertEquals(5, roll);
        assertEquals("/services/callee_1.0.0/roll", manager.last().path());
    }

    @Test
    void getSendsArgumentsAsQueryParameters() {
        String echo = Daeploy.call("callee", "echo").method("get")
                .arguments(Map.of("text", "a b&c=d+é", "times", 2, "values", List.of(1, 2, 3)))
                .as(String.class);

        assertEquals("a b&c=d+éa b&c=d+é [1, 2, 3] no note", echo);
        StandInManager.Received request = manager.last();
        assertEquals("GET", request.method());
        assertEquals("", request.body());
        assertTrue(request.query().contains("values=%5B1%2C2%2C3%5D"), request.query());
    }

    @Test
    void deleteSendsArgumentsAsQueryParameters() {
        String removed = Daeploy.call("callee", "remove").method("DELETE").arguments(Map.of("id", "x/y")).as(String.class);

        assertEquals("removed x/y", removed);
        assertEquals("id=x%2Fy", manager.last().query());
    }

    @Test
    void refusedArgumentsSurfaceWithTheFieldName() {
        ServiceCallException e = assertThrows(ServiceCallException.class,
                () -> Daeploy.callService("callee", "many", Map.of("n", "lots"), new TypeRef<List<Integer>>() { }));

        assertEquals(422, e.status());
        assertEquals(ServiceCallException.Kind.REFUSED_ARGUMENTS, e.kind());
        assertEquals("callee", e.service());
        assertEquals("many", e.entrypoint());
        assertTrue(e.getMessage().startsWith("Call to callee/many failed: callee refused the arguments (422): body.n: "),
                e.getMessage());
        assertTrue(e.detail().startsWith("[{\"loc\":[\"body\",\"n\"]"), e.detail());
    }

    @Test
    void unknownServiceSaysSo() {
        ServiceCallException e = assertThrows(ServiceCallException.class,
                () -> Daeploy.callService("nobody", "roll", Map.of(), Integer.class));

        assertEquals(404, e.status());
        assertEquals(ServiceCallException.Kind.UNKNOWN_SERVICE, e.kind());
        assertEquals("Call to nobody/roll failed: unknown service: No service 'nobody' is deployed (see GET /services/)",
                e.getMessage());
        assertEquals("No service 'nobody' is deployed (see GET /services/)", e.detail());
    }

    @Test
    void unknownEntrypointSaysSo() {
        ServiceCallException e = assertThrows(ServiceCallException.class,
                () -> Daeploy.callService("callee", "rol", Map.of(), Integer.class));

        assertEquals(404, e.status());
        assertEquals(ServiceCallException.Kind.UNKNOWN_ENTRYPOINT, e.kind());
        assertTrue(e.getMessage().startsWith("Call to callee/rol failed: unknown entrypoint: No entrypoint 'rol'."),
                e.getMessage());
    }

    @Test
    void failingEntrypointShowsItsStatusAndDetail() {
        ServiceCallException e = assertThrows(ServiceCallException.class,
                () -> Daeploy.call("callee", "broken").asJson());

        assertEquals(500, e.status());
        assertEquals(ServiceCallException.Kind.ERROR_STATUS, e.kind());
        assertTrue(e.getMessage().startsWith("Call to callee/broken failed: HTTP 500: Internal error in entrypoint broken"),
                e.getMessage());
        assertTrue(e.detail().contains("the die fell off the table"), e.detail());
    }

    @Test
    void answerOfTheWrongTypeSaysWhatCameBack() {
        ServiceCallException e = assertThrows(ServiceCallException.class,
                () -> Daeploy.callService("callee", "word", null, Integer.class));

        assertEquals(200, e.status());
        assertEquals(ServiceCallException.Kind.WRONG_ANSWER_TYPE, e.kind());
        assertTrue(e.getMessage().startsWith("Call to callee/word failed: the answer is not a java.lang.Integer: got \"six\""),
                e.getMessage());
    }

    @Test
    void slowAnswerTimesOut() {
        ServiceCallException e = assertThrows(ServiceCallException.class,
                () -> Daeploy.call("callee", "slow").arguments(Map.of("millis", 3000))
                        .timeout(Duration.ofMillis(300)).as(String.class));

        assertEquals(0, e.status());
        assertEquals(ServiceCallException.Kind.TIMEOUT, e.kind());
        assertEquals("Call to callee/slow failed: callee did not answer within 0.3 s", e.getMessage());
    }

    @Test
    void aLateAnswerNeverReachesTheNextCall() throws InterruptedException {
        assertThrows(ServiceCallException.class, () -> Daeploy.call("callee", "slow").arguments(Map.of("millis", 600))
                .timeout(Duration.ofMillis(200)).as(String.class));
        Thread.sleep(800); // the late "done" has been sent by now; a pooled connection would still hold it

        for (int i = 0; i < 5; i++) {
            assertEquals(6, Daeploy.callService("callee", "roll", null, Integer.class));
        }
    }

    @Test
    void aShortTimeoutStaysWithItsCall() {
        for (int i = 0; i < 3; i++) { // leaves pooled connections behind that last served a short timeout
            assertEquals(6, Daeploy.call("callee", "roll").timeout(Duration.ofMillis(500)).as(Integer.class));
        }

        assertEquals("done", Daeploy.callService("callee", "slow", Map.of("millis", 1000), String.class));
    }

    @Test
    void defaultTimeoutComesFromTheConnection() {
        Daeploy.useConnection(ManagerConnection.to(manager.uri()).withCallTimeout(Duration.ofSeconds(1)));

        ServiceCallException e = assertThrows(ServiceCallException.class,
                () -> Daeploy.callService("callee", "slow", Map.of("millis", 3000), String.class));

        assertEquals("Call to callee/slow failed: callee did not answer within 1 s", e.getMessage());
    }

    @Test
    void unreachableManagerSaysWhere() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Daeploy.useConnection(ManagerConnection.to(java.net.URI.create("http://127.0.0.1:" + closedPort)));

        ServiceCallException e = assertThrows(ServiceCallException.class,
                () -> Daeploy.callService("callee", "roll", Map.of(), Integer.class));

        assertEquals(0, e.status());
        assertEquals(ServiceCallException.Kind.MANAGER_UNREACHABLE, e.kind());
        assertEquals("Call to callee/roll failed: cannot reach the Daeploy manager at http://127.0.0.1:" + closedPort
                + " (connection refused)", e.getMessage());
    }

    @Test
    void withoutManagerUrlTheCallExplainsWhatToSet() {
        Daeploy.useConnection(ManagerConnection.fromEnvironment(Map.of()));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Daeploy.callService("callee", "roll", Map.of(), Integer.class));

        assertEquals("callService needs a Daeploy manager: DAEPLOY_MANAGER_URL is not set. The manager sets it for the"
                + " services it runs; to run by hand, set it to the manager's URL, e.g. http://127.0.0.1:8080", e.getMessage());
    }

    @Test
    void tokenIsSentAsBearerAuthorization() {
        Daeploy.callService("callee", "roll", Map.of(), Integer.class);
        assertNull(manager.last().authorization());

        Daeploy.useConnection(ManagerConnection.to(manager.uri()).withToken("s3cret"));
        Daeploy.callService("callee", "roll", Map.of(), Integer.class);

        assertEquals("Bearer s3cret", manager.last().authorization());
    }

    @Test
    void uncaughtCallFailureInAnEntrypointAnswers502WithTheReason() {
        HttpCalls http = new HttpCalls(caller);

        HttpResponse<String> relayed = http.post("/relay", "{\"service\":\"callee\"}");
        HttpResponse<String> failed = http.post("/relay", "{\"service\":\"nobody\"}");

        assertEquals(200, relayed.statusCode());
        assertEquals("6", relayed.body());
        assertEquals(502, failed.statusCode());
        assertEquals("Call to nobody/roll failed: unknown service: No service 'nobody' is deployed (see GET /services/)",
                HttpCalls.json(failed).get("detail").asText());
    }

    @Test
    void wrongInputIsRefusedBeforeAnythingIsSent() {
        IllegalArgumentException method = assertThrows(IllegalArgumentException.class,
                () -> Daeploy.call("callee", "roll").method("FETCH"));
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> Daeploy.call("Die Roller", "roll"));
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> Daeploy.call("callee", "roll").version("latest"));
        IllegalArgumentException arguments = assertThrows(IllegalArgumentException.class,
                () -> Daeploy.callService("callee", "roll", "six", Integer.class));

        assertTrue(method.getMessage().contains("FETCH"), method.getMessage());
        assertTrue(name.getMessage().startsWith("service: "), name.getMessage());
        assertTrue(version.getMessage().startsWith("version: "), version.getMessage());
        assertTrue(arguments.getMessage().startsWith("arguments must be a Map or an object"), arguments.getMessage());
        assertTrue(manager.received().isEmpty());
    }

    @Test
    void logsTheCallAtInfoAndTheArgumentsOnlyAtFine() {
        try (LogCapture log = new LogCapture("io.daeploy.sdk.Daeploy")) {
            Daeploy.callService("callee", "roll", Map.of("player", "alice@example.com"), Integer.class);
            Daeploy.call("callee", "roll").version("1.0.0").as(Integer.class);

            assertEquals(List.of("Calling roll of callee", "Calling roll of callee 1.0.0"), log.at(Level.INFO));
            assertTrue(log.at(Level.FINE).stream().anyMatch(m -> m.contains("alice@example.com")), log.at(Level.FINE).toString());
            assertTrue(log.at(Level.FINE).stream().anyMatch(m -> m.endsWith(": 200")), log.at(Level.FINE).toString());
        }
    }

    @Test
    void concurrentCallsAllSucceed() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> rolls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                rolls.add(threads.submit(() -> Daeploy.callService("callee", "roll", null, Integer.class)));
            }
            for (Future<Integer> roll : rolls) {
                assertEquals(6, roll.get());
            }
        }
        assertFalse(manager.received().size() < 100);
    }
}
