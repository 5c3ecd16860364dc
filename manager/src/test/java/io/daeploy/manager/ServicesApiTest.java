package io.daeploy.manager;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
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
            return new Answer(response.status().code(), body.isEmpty() ? Json.mapper().nullNode() : Json.mapper().readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
