package io.daeploy.manager;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.manager.api.openapi.DocumentedAnswers;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.core.CoreHarness;
import io.daeploy.manager.http.RouteCatalog;
import io.daeploy.manager.logs.ManagerLog;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.helidon.config.Config;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The services API over HTTP ({@link ManagerServer#routing}, as the manager registers it) on a core with the in-memory
 * fake runtime: statuses and {@code {"detail"}} answers of deploy, list, assign, kill and inspection.
 */
@ServerTest
class ServicesApiTest {

    private static CoreHarness manager;
    private final Http1Client client;

    ServicesApiTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws IOException {
        Path dataDir = Files.createTempDirectory("services-api-test");
        manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1));
        ManagerSettings settings = ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_DATA_DIR", dataDir.toString()));
        ManagerServer.routing(routing, settings, manager.core, manager.routes, manager.notifications,
                ManagerLog.install(dataDir), new RouteCatalog());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void aDeployAnswers201WithTheRunningVersionAndASecondOne409() {
        Answer deployed = deployImage("api_deploy", "1.0.0");
        assertEquals(201, deployed.status(), deployed.body().toString());
        assertEquals("running", deployed.body().get("status").asText());
        assertTrue(deployed.body().get("main").asBoolean());

        Answer again = deployImage("api_deploy", "1.0.0");
        assertEquals(409, again.status());
        assertEquals("api_deploy 1.0.0 is already deployed: kill it first or deploy another version",
                again.body().get("detail").asText());
        assertEquals(1, list().stream().filter(v -> v.get("name").asText().equals("api_deploy")).count());
    }

    @Test
    void aMainWithShadowsIs403AndAnAssignSwitchesTheMain() {
        deployImage("api_assign", "1.0.0");
        deployImage("api_assign", "2.0.0");

        Answer refused = send(Method.DELETE, "/services/?name=api_assign&version=1.0.0", null);
        assertEquals(403, refused.status());
        assertTrue(refused.body().get("detail").asText().contains("assign another version as main"), refused.body().toString());

        Answer assigned = send(Method.PUT, "/services/~assign", "{\"name\":\"api_assign\",\"version\":\"2.0.0\"}");
        assertEquals(200, assigned.status(), assigned.body().toString());
        assertEquals("2.0.0", manager.routes.resolve("api_assign").orElseThrow().target().version());

        Answer killed = send(Method.DELETE, "/services/?name=api_assign", null);
        assertEquals(200, killed.status());
        assertEquals(List.of("1.0.0", "2.0.0"), versions(killed.body()), "shadows first");
        assertTrue(list().stream().noneMatch(v -> v.get("name").asText().equals("api_assign")));
    }

    @Test
    void unknownVersionsAndBadInputAreClearRefusals() {
        Answer unknown = send(Method.GET, "/services/~inspection?name=nobody&version=1.0.0", null);
        assertEquals(404, unknown.status());
        assertEquals("No service nobody 1.0.0 is deployed", unknown.body().get("detail").asText());

        Answer notJson = send(Method.PUT, "/services/~assign", "{not json");
        assertEquals(400, notJson.status());

        Answer badName = deployImage("Bad-Name", "1.0.0");
        assertEquals(422, badName.status(), badName.body().toString());
        assertTrue(badName.body().get("detail").asText().contains("Bad-Name"), badName.body().toString());

        Answer assignStarting = send(Method.PUT, "/services/~assign", "{\"name\":\"nobody\",\"version\":\"1.0.0\"}");
        assertEquals(404, assignStarting.status());
    }

    @Test
    void replicasCpuAndMemoryAreRefusedByARuntimeOfOneInstancePerVersionBeforeAnythingIsStored() {
        Answer replicas = send(Method.POST, "/services/~image", "{\"name\":\"api_scaled\",\"version\":\"1.0.0\","
                + "\"image\":\"example/api_scaled:1.0.0\",\"replicas\":3}");
        assertEquals(422, replicas.status(), replicas.body().toString());
        assertTrue(replicas.body().get("detail").asText().startsWith("Field replicas: 3 instances of a version need"
                + " DAEPLOY_RUNTIME=kubernetes"), replicas.body().toString());
        Answer memory = send(Method.POST, "/services/~image", "{\"name\":\"api_scaled\",\"version\":\"1.0.0\","
                + "\"image\":\"example/api_scaled:1.0.0\",\"memory\":\"1Gi\"}");
        assertEquals(422, memory.status(), memory.body().toString());
        assertTrue(memory.body().get("detail").asText().startsWith("Field memory:"), memory.body().toString());
        assertTrue(list().stream().noneMatch(v -> v.get("name").asText().equals("api_scaled")), "nothing was stored");

        deployImage("api_scaled", "1.0.0");
        Answer notANumber = send(Method.PUT, "/services/~scale", "{\"name\":\"api_scaled\",\"version\":\"1.0.0\",\"replicas\":\"many\"}");
        assertEquals(422, notANumber.status());
        assertEquals("Field replicas: must be a whole number, got 'many'", notANumber.body().get("detail").asText());
        Answer tooMany = send(Method.PUT, "/services/~scale", "{\"name\":\"api_scaled\",\"version\":\"1.0.0\",\"replicas\":101}");
        assertEquals(422, tooMany.status());
        assertEquals("Field replicas: must be from 1 to 100, got 101", tooMany.body().get("detail").asText());
        Answer three = send(Method.PUT, "/services/~scale", "{\"name\":\"api_scaled\",\"version\":\"1.0.0\",\"replicas\":3}");
        assertEquals(422, three.status());
        Answer unknown = send(Method.PUT, "/services/~scale", "{\"name\":\"api_scaled\",\"version\":\"9.0.0\",\"replicas\":1}");
        assertEquals(404, unknown.status());
        Answer same = send(Method.PUT, "/services/~scale", "{\"name\":\"api_scaled\",\"version\":\"1.0.0\",\"replicas\":1}");
        assertEquals(200, same.status(), same.body().toString());
        assertEquals(1, same.body().get("replicas").asInt());
        JsonNode listed = list().stream().filter(v -> v.get("name").asText().equals("api_scaled")).findFirst().orElseThrow();
        assertEquals(1, listed.get("replicas").asInt());
        assertEquals(1, listed.get("readyReplicas").asInt(), "ls shows how many instances answer");
    }

    @Test
    void weightsGiveACanaryItsShareAndBadInputChangesNothing() {
        deployImage("api_canary", "1.0.0");
        deployImage("api_canary", "2.0.0");
        deployImage("api_canary", "3.0.0");
        String target = "{\"name\":\"api_canary\",\"version\":\"2.0.0\",";
        for (String[] bad : new String[][] {
                {target + "\"weight\":101}", "422", "Field weight: must be a percentage from 0 to 100, got 101"},
                {target + "\"weight\":-1}", "422", "Field weight: must be a percentage from 0 to 100, got -1"},
                {target + "\"weight\":2.5}", "422", "Field weight: must be a whole number from 0 to 100, got 2.5"},
                {target + "\"weight\":\"half\"}", "422", "Field weight: must be a whole number from 0 to 100, got \"half\""},
                {target + "\"weight\":10,\"sticky\":\"yes\"}", "422", "Field sticky: must be true or false, got \"yes\""},
                {target + "\"sticky\":true}", "422", "name, version and weight are required"},
                {"{\"name\":\"api_canary\",\"version\":\"1.0.0\",\"weight\":10}", "409", "Field version: api_canary 1.0.0 is the main version"},
                {"{\"name\":\"api_canary\",\"version\":\"9.0.0\",\"weight\":10}", "404", "No service api_canary 9.0.0 is deployed"}}) {
            Answer refused = send(Method.PUT, "/services/~weights", bad[0]);
            assertEquals(Integer.parseInt(bad[1]), refused.status(), bad[0] + " -> " + refused.body());
            assertTrue(refused.body().get("detail").asText().startsWith(bad[2]), refused.body().toString());
        }
        assertEquals(Map.of("1.0.0", 100, "2.0.0", 0, "3.0.0", 0), shares("api_canary"), "nothing changed");
        assertEquals(null, manager.routes.resolve("api_canary").orElseThrow().canary());

        Answer set = send(Method.PUT, "/services/~weights", target + "\"weight\":25,\"sticky\":true}");
        assertEquals(200, set.status(), set.body().toString());
        assertEquals(3, set.body().size(), "the name's versions");
        assertEquals(Map.of("1.0.0", 75, "2.0.0", 25, "3.0.0", 0), shares("api_canary"));
        var canary = manager.routes.resolve("api_canary").orElseThrow().canary();
        assertEquals("2.0.0", canary.target().version());
        assertEquals(25, canary.share().weight());
        assertTrue(canary.share().sticky());

        send(Method.PUT, "/services/~weights", "{\"name\":\"api_canary\",\"version\":\"3.0.0\",\"weight\":40}");
        assertEquals(Map.of("1.0.0", 60, "2.0.0", 0, "3.0.0", 40), shares("api_canary"), "one canary per name");

        Answer assigned = send(Method.PUT, "/services/~assign", "{\"name\":\"api_canary\",\"version\":\"3.0.0\"}");
        assertEquals(200, assigned.status(), assigned.body().toString());
        assertEquals(Map.of("1.0.0", 0, "2.0.0", 0, "3.0.0", 100), shares("api_canary"), "a new main ends the split");
        assertEquals(null, manager.routes.resolve("api_canary").orElseThrow().canary());

        send(Method.PUT, "/services/~weights", "{\"name\":\"api_canary\",\"version\":\"1.0.0\",\"weight\":10}");
        assertEquals(200, send(Method.DELETE, "/services/?name=api_canary&version=1.0.0", null).status());
        assertEquals(Map.of("2.0.0", 0, "3.0.0", 100), shares("api_canary"), "a killed canary's share goes back to the main");
        assertEquals(null, manager.routes.resolve("api_canary").orElseThrow().canary());
    }

    @Test
    void metricsCountWhatTheGatewayAnsweredPerVersion() {
        deployImage("api_metered", "1.0.0");
        Answer proxied = send(Method.GET, "/services/api_metered/hello", null);
        Answer again = send(Method.GET, "/services/api_metered/hello", null);
        assertEquals(proxied.status(), again.status());

        try (Http1ClientResponse response = client.get("/observe/metrics").request()) {
            assertEquals(200, response.status().code());
            String contentType = response.headers().first(io.helidon.http.HeaderNames.CONTENT_TYPE).orElseThrow();
            assertTrue(contentType.startsWith("text/plain; version=0.0.4"), contentType);
            String exposition = response.as(String.class);
            List<String> counted = exposition.lines().filter(line -> line.startsWith("daeploy_requests_total{")
                    && line.contains("service=\"api_metered\"")).toList();
            assertEquals(1, counted.size(), exposition);
            assertTrue(counted.get(0).contains("code=\"" + proxied.status() + "\"") && counted.get(0).contains("role=\"main\"")
                    && counted.get(0).endsWith(" 2.0"), counted.get(0));
            assertTrue(exposition.contains("daeploy_rollout_weight{service=\"api_metered\",version=\"1.0.0\"} 100.0"), exposition);
            assertTrue(exposition.contains("jvm_memory_used_bytes{"), "the manager's JVM");
        }
    }

    private Map<String, Integer> shares(String name) {
        Map<String, Integer> shares = new java.util.HashMap<>();
        list().stream().filter(v -> v.get("name").asText().equals(name))
                .forEach(v -> shares.put(v.get("version").asText(), v.get("weight").asInt()));
        return shares;
    }

    private Answer deployImage(String name, String version) {
        return send(Method.POST, "/services/~image", "{\"name\":\"" + name + "\",\"version\":\"" + version
                + "\",\"image\":\"example/" + name + ":" + version + "\"}");
    }

    private List<JsonNode> list() {
        Answer answer = send(Method.GET, "/services/", null);
        assertEquals(200, answer.status());
        List<JsonNode> all = new java.util.ArrayList<>();
        answer.body().forEach(all::add);
        return all;
    }

    private static List<String> versions(JsonNode array) {
        List<String> versions = new java.util.ArrayList<>();
        array.forEach(v -> versions.add(v.get("version").asText()));
        return versions;
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer send(Method method, String path, String json) {
        int query = path.indexOf('?');
        var request = client.method(method).path(query < 0 ? path : path.substring(0, query));
        if (query >= 0) {
            for (String pair : path.substring(query + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                request.queryParam(kv[0], kv[1]);
            }
        }
        try (Http1ClientResponse response = json == null ? request.request()
                : request.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json").submit(json)) {
            String body = response.as(String.class);
            DocumentedAnswers.check(method, response, body);
            return new Answer(response.status().code(), body.isEmpty() ? Json.mapper().nullNode() : Json.mapper().readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
