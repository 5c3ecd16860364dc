package io.daeploy.manager;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.manager.api.openapi.DocumentedAnswers;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.core.CoreHarness;
import io.daeploy.manager.core.rollout.Rollouts;
import io.daeploy.manager.http.RouteCatalog;
import io.daeploy.manager.logs.ManagerLog;
import io.daeploy.manager.metrics.TrafficHistory;
import io.daeploy.manager.metrics.TrafficMetrics;
import io.daeploy.manager.metrics.TrafficMetrics.Role;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.daeploy.manager.store.RolloutRepository;
import io.helidon.config.Config;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /services/~traffic} over HTTP, registered as the manager registers it: each version's points and the
 * name's rollout for the dashboard's charts, and 4xx naming what is wrong.
 */
@ServerTest
class TrafficApiTest {

    private static final String NAME = "api_traffic";
    private static final Duration PERIOD = Duration.ofSeconds(5);

    private static Path dataDir;
    private static ManagerLog log;
    private static CoreHarness manager;
    private static Rollouts rollouts;
    private static TrafficMetrics metrics;
    private static TrafficHistory history;
    private static final MovableClock CLOCK = new MovableClock(Instant.parse("2025-01-01T12:00:00Z"));

    private final Http1Client client;
    private final Http1Client metricsOff;

    TrafficApiTest(Http1Client client, @Socket("metrics-off") Http1Client metricsOff) {
        this.client = client;
        this.metricsOff = metricsOff;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws IOException {
        setUp();
        metrics = TrafficMetrics.recording();
        rollouts = new Rollouts(new RolloutRepository(manager.database), manager.repository, manager.core.deployer(), metrics,
                true, manager.notifications, manager.comparisons(), Clock.systemUTC());
        history = new TrafficHistory(metrics, manager.core.inspector()::list, CLOCK, PERIOD);
        ManagerServer.routing(routing, settings(Map.of()), manager.core, manager.routes, manager.notifications, log,
                new RouteCatalog(), metrics, rollouts, history);
    }

    /** The same manager started with {@code DAEPLOY_METRICS=false}. */
    @SetUpRoute("metrics-off")
    static void routingWithoutMetrics(HttpRouting.Builder routing) throws IOException {
        setUp();
        TrafficMetrics off = TrafficMetrics.off();
        ManagerServer.routing(routing, settings(Map.of("DAEPLOY_METRICS", "false")), manager.core, manager.routes,
                manager.notifications, log, new RouteCatalog(), off, null,
                new TrafficHistory(off, manager.core.inspector()::list, CLOCK, PERIOD));
    }

    private static synchronized void setUp() throws IOException {
        if (manager == null) {
            dataDir = Files.createTempDirectory("traffic-api-test");
            log = ManagerLog.install(dataDir);
            manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1));
            manager.deploy(NAME, "1.0.0");
            manager.deploy(NAME, "2.0.0");
        }
    }

    private static ManagerSettings settings(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("DAEPLOY_DATA_DIR", dataDir.toString());
        return ManagerSettings.from(Config.empty(), all);
    }

    @AfterAll
    static void stop() {
        history.close();
        rollouts.close();
        manager.close();
    }

    @Test
    void badInputIsRefusedNamingWhatIsWrong() {
        Answer missing = get(client, null);
        assertEquals(400, missing.status(), missing.body().toString());
        assertEquals("Query parameter name is required: ?name=hello", missing.body().get("detail").asText());

        Answer unknown = get(client, "nobody");
        assertEquals(404, unknown.status(), unknown.body().toString());
        assertEquals("No service nobody is deployed", unknown.body().get("detail").asText());

        Answer off = get(metricsOff, NAME);
        assertEquals(409, off.status(), off.body().toString());
        assertTrue(off.body().get("detail").asText().contains("DAEPLOY_METRICS=false"), off.body().toString());
    }

    @Test
    void answersEachVersionsPointsAndTheNamesRollout() {
        history.sample();
        for (int i = 0; i < 50; i++) {
            metrics.answered(manager.routes.resolve(NAME + "_1.0.0").orElseThrow().target(), Role.MAIN, i < 5 ? 500 : 200, TimeUnit.MILLISECONDS.toNanos(8));
        }
        CLOCK.advance(PERIOD);
        history.sample();

        Answer answer = get(client, NAME);
        assertEquals(200, answer.status(), answer.body().toString());
        JsonNode body = answer.body();
        assertEquals(NAME, body.get("name").asText());
        assertEquals(5, body.get("sampleSeconds").asInt());
        assertTrue(body.get("rollout").isNull(), "no rollout was started: " + body);
        JsonNode main = body.get("versions").get(0);
        assertEquals("1.0.0", main.get("version").asText());
        assertTrue(main.get("main").asBoolean());
        assertEquals(100, main.get("weight").asInt());
        JsonNode point = main.get("points").get(0);
        assertEquals(CLOCK.instant().toString(), point.get("at").asText());
        assertEquals(10.0, point.get("requestsPerSecond").asDouble(), 1e-9);
        assertEquals(10.0, point.get("errorPercent").asDouble(), 1e-9);
        assertTrue(point.get("p50Ms").asDouble() > 5 && point.get("p99Ms").asDouble() <= 10, point.toString());
        JsonNode quiet = body.get("versions").get(1).get("points").get(0);
        assertEquals("2.0.0", body.get("versions").get(1).get("version").asText());
        assertEquals(0.0, quiet.get("requestsPerSecond").asDouble());
        assertTrue(quiet.get("p99Ms").isNull(), "no request, no latency: " + quiet);

        Answer started = send(Method.POST, "/services/~rollout",
                "{\"name\":\"" + NAME + "\",\"version\":\"2.0.0\",\"shadowMinCopies\":0,\"weights\":[10,100]}");
        assertEquals(201, started.status(), started.body().toString());
        JsonNode during = get(client, NAME).body();
        assertEquals("canary", during.get("rollout").get("phase").asText(), during.toString());
        assertEquals(1, during.get("rollout").get("step").asInt());
        assertEquals(10, during.get("versions").get(1).get("weight").asInt());
        assertEquals(90, during.get("versions").get(0).get("weight").asInt());
    }

    private record Answer(int status, JsonNode body) {
    }

    private static Answer get(Http1Client on, String name) {
        Http1ClientRequest request = on.get("/services/~traffic");
        if (name != null) {
            request.queryParam("name", name);
        }
        return read(Method.GET, request.request());
    }

    private Answer send(Method method, String path, String json) {
        return read(method, client.method(method).path(path).submit(json));
    }

    private static Answer read(Method method, Http1ClientResponse response) {
        try (response) {
            String body = response.as(String.class);
            DocumentedAnswers.check(method, response, body);
            return new Answer(response.status().code(), Json.mapper().readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
