package io.daeploy.manager;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.manager.api.openapi.DocumentedAnswers;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.core.CoreHarness;
import io.daeploy.manager.core.rollout.Rollouts;
import io.daeploy.manager.http.RouteCatalog;
import io.daeploy.manager.logs.ManagerLog;
import io.daeploy.manager.metrics.TrafficMetrics;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.daeploy.manager.store.RolloutRepository;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /services/~rollout} over HTTP: a start answers 201 with the status, and bad input is a 4xx naming the field. */
@ServerTest
class RolloutApiTest {

    private static CoreHarness manager;
    private static Rollouts rollouts;
    private final Http1Client client;

    RolloutApiTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws IOException {
        Path dataDir = Files.createTempDirectory("rollout-api-test");
        manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1));
        manager.deploy("api_rollout", "1.0.0");
        manager.deploy("api_rollout", "2.0.0");
        ManagerSettings settings = ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_DATA_DIR", dataDir.toString()));
        TrafficMetrics metrics = TrafficMetrics.recording();
        rollouts = new Rollouts(new RolloutRepository(manager.database), manager.repository, manager.core.deployer(), metrics,
                true, manager.notifications, manager.comparisons(), Clock.systemUTC());
        ManagerServer.routing(routing, settings, manager.core, manager.routes, manager.notifications, ManagerLog.install(dataDir),
                new RouteCatalog(), metrics, rollouts);
    }

    @AfterAll
    static void stop() {
        rollouts.close();
        manager.close();
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndAGoodStartAnswersItsStatus() throws Exception {
        String target = "\"name\":\"api_rollout\",\"version\":\"2.0.0\"";
        String[][] refusals = {
                {"{" + target + ",\"weights\":[5,25,50]}", "422", "Field weights:"},
                {"{" + target + ",\"weights\":\"5,100\"}", "422", "Field weights:"},
                {"{" + target + ",\"intervalSeconds\":0}", "422", "Field interval:"},
                {"{" + target + ",\"maxErrorPercent\":150}", "422", "Field maxErrorPercent:"},
                {"{" + target + ",\"failedChecks\":\"two\"}", "422", "Field failedChecks:"},
                {"{" + target + ",\"onRollback\":\"delete\"}", "422", "Field onRollback:"},
                {"{" + target + ",\"steps\":3}", "422", "Field steps: not a known field"},
                {"{" + target + ",\"ignore\":\"/at\"}", "422", "Field ignore: must be a list"},
                {"{" + target + ",\"ignore\":[\"at\"]}", "422", "Field ignore: each entry a JSON pointer"},
                {"{" + target + ",\"detectNoise\":\"yes\"}", "422", "Field detectNoise: must be true or false"},
                {"{\"name\":\"api_rollout\"}", "422", "Field version: required"},
                {"{\"name\":\"api_rollout\",\"version\":\"1.0.0\"}", "409", "Field version: api_rollout 1.0.0 is the main"},
                {"{\"name\":\"api_rollout\",\"version\":\"9.0.0\"}", "404", "No service api_rollout 9.0.0"},
                {"[1]", "422", "The body must be a JSON object"}};
        for (String[] refusal : refusals) {
            Answer answer = send(Method.POST, "/services/~rollout", refusal[0]);
            assertEquals(Integer.parseInt(refusal[1]), answer.status(), refusal[0] + " -> " + answer.body());
            assertTrue(answer.body().get("detail").asText().startsWith(refusal[2]), refusal[0] + " -> " + answer.body());
        }
        assertEquals(404, send(Method.GET, "/services/~rollout?name=api_rollout", null).status(), "nothing was started");

        assertEquals("[]", send(Method.GET, "/services/~comparison?name=api_rollout", null).body().get("ignore").toString(),
                "a refused start changed no comparison rule");
        Answer started = send(Method.POST, "/services/~rollout", "{" + target + ",\"shadowMinCopies\":0,\"weights\":[10,100],"
                + "\"ignore\":[\"/at\"]}");
        assertEquals(201, started.status(), started.body().toString());
        assertEquals("[\"/at\"]", started.body().at("/comparison/ignore").toString(), "the rollout set the rule");
        assertEquals("canary", started.body().get("phase").asText());
        assertEquals(10, started.body().get("weight").asInt());
        assertEquals(10, manager.routes.resolve("api_rollout").orElseThrow().canary().share().weight());
        assertEquals(409, send(Method.POST, "/services/~rollout", "{" + target + "}").status(), "one rollout of a name at a time");

        Answer badAction = send(Method.PUT, "/services/~rollout", "{\"name\":\"api_rollout\",\"action\":\"skip\"}");
        assertEquals(422, badAction.status());
        assertEquals("Field action: pause, resume or abort, got 'skip'", badAction.body().get("detail").asText());
        Answer paused = send(Method.PUT, "/services/~rollout", "{\"name\":\"api_rollout\",\"action\":\"pause\"}");
        assertTrue(paused.body().get("paused").asBoolean(), paused.body().toString());
        Answer aborted = send(Method.PUT, "/services/~rollout", "{\"name\":\"api_rollout\",\"action\":\"abort\"}");
        assertEquals("aborted", aborted.body().get("phase").asText());
        assertEquals(null, manager.routes.resolve("api_rollout").orElseThrow().canary());
    }

    @Test
    void aComparisonRuleIsSetKeptAndShownAndBadOnesChangeNothing() {
        Answer set = send(Method.PUT, "/services/~comparison", "{\"name\":\"api_rollout\",\"ignore\":[\"/at\",\"/items/*/id\"]}");
        assertEquals(200, set.status(), set.body().toString());
        assertEquals("[\"/at\",\"/items/*/id\"]", set.body().get("ignore").toString());
        assertEquals(false, set.body().get("detectNoise").asBoolean());
        Answer noise = send(Method.PUT, "/services/~comparison", "{\"name\":\"api_rollout\",\"detectNoise\":true}");
        assertEquals("[\"/at\",\"/items/*/id\"]", noise.body().get("ignore").toString(), "a field left out keeps its value");
        assertTrue(noise.body().get("detectNoise").asBoolean());
        assertEquals("[]", noise.body().get("learnedNoise").toString());
        String[][] refusals = {
                {"{\"name\":\"nobody\",\"ignore\":[]}", "404", "No service 'nobody' is deployed"},
                {"{\"ignore\":[]}", "422", "Field name: required"},
                {"{\"name\":\"api_rollout\",\"ignore\":[\"/ok\", 3]}", "422", "Field ignore: must be a list of strings"},
                {"{\"name\":\"api_rollout\",\"ignore\":[\"~0\"]}", "422", "Field ignore: each entry a JSON pointer"},
                {"{\"name\":\"api_rollout\",\"noise\":true}", "422", "Field noise: not a known field"}};
        for (String[] refusal : refusals) {
            Answer answer = send(Method.PUT, "/services/~comparison", refusal[0]);
            assertEquals(Integer.parseInt(refusal[1]), answer.status(), refusal[0] + " -> " + answer.body());
            assertTrue(answer.body().get("detail").asText().startsWith(refusal[2]), refusal[0] + " -> " + answer.body());
        }
        Answer shown = send(Method.GET, "/services/~comparison?name=api_rollout", null);
        assertEquals("[\"/at\",\"/items/*/id\"]", shown.body().get("ignore").toString(), "refusals changed nothing");
        assertTrue(manager.comparisons().ruleOf("api_rollout").detectNoise(), "kept in the store");
        send(Method.PUT, "/services/~comparison", "{\"name\":\"api_rollout\",\"ignore\":[],\"detectNoise\":false}");
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer send(Method method, String path, String json) {
        int query = path.indexOf('?');
        var request = client.method(method).path(query < 0 ? path : path.substring(0, query));
        if (query >= 0) {
            String[] kv = path.substring(query + 1).split("=", 2);
            request.queryParam(kv[0], kv[1]);
        }
        try (Http1ClientResponse response = json == null ? request.request() : request.submit(json)) {
            String body = response.as(String.class);
            DocumentedAnswers.check(method, response, body);
            return new Answer(response.status().code(), body.isEmpty() ? null : Json.mapper().readTree(body));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
