package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real manager routing to a real service JVM: what a caller of {@code /services/...} sees. */
class GatewayIT {

    private static ManagerProcess manager;
    private static ManagerClient client;

    @BeforeAll
    static void deployFixture() {
        manager = ManagerProcess.start("gateway", ManagerProcess.env("DAEPLOY_GATEWAY_READ_TIMEOUT_SECONDS", "2"));
        client = manager.client();
        ServiceVersion deployed = client.deploy("fixture", "1.0.0", Map.of("GREETING", "hi there"), FixtureApp.zip());
        assertEquals("running", deployed.status(), () -> "deploy failed: " + deployed.reason());
        assertTrue(deployed.main());
    }

    @AfterAll
    static void stopManager() {
        manager.close();
    }

    private static URI gateway(String path) {
        return manager.url().resolve(path);
    }

    @Test
    void mainVersionAndQualifiedVersionBothAnswer() {
        HttpResponse<String> byName = Http.postJson(gateway("/services/fixture/hello"), "{\"name\":\"Bob\"}");
        assertEquals(200, byName.statusCode(), byName.body());
        assertEquals("\"Hello Bob\"", byName.body());

        HttpResponse<String> byVersion = Http.postJson(gateway("/services/fixture_1.0.0/hello"), "{\"name\":\"Ann\"}");
        assertEquals(200, byVersion.statusCode(), byVersion.body());
        assertEquals("\"Hello Ann\"", byVersion.body());
    }

    @Test
    void serviceGetsItsIdentityAndEnvironment() throws Exception {
        HttpResponse<String> res = Http.get(gateway("/services/fixture/whoami"));
        assertEquals(200, res.statusCode(), res.body());
        JsonNode who = Json.mapper().readTree(res.body());
        assertEquals("fixture", who.get("name").asText());
        assertEquals("1.0.0", who.get("version").asText());
        assertEquals("hi there", who.get("greeting").asText());
    }

    @Test
    void listShowsTheRunningMainVersion() {
        ServiceVersion listed = client.services().stream().filter(s -> s.name().equals("fixture")).findFirst().orElseThrow();
        assertEquals("1.0.0", listed.version());
        assertEquals("running", listed.status());
        assertTrue(listed.main());
        assertTrue(listed.since() != null);
    }

    @Test
    void openApiAndDocsWorkBehindTheGatewayPrefix() throws Exception {
        HttpResponse<String> openapi = Http.get(gateway("/services/fixture/openapi"));
        assertEquals(200, openapi.statusCode(), openapi.body());
        JsonNode doc = Json.mapper().readTree(openapi.body());
        assertEquals("/services/fixture", doc.at("/servers/0/url").asText(), "Try it out must go through the gateway");
        assertTrue(doc.at("/paths/~1hello/post").isObject(), openapi.body());

        HttpResponse<String> docs = Http.get(gateway("/services/fixture/docs"));
        assertEquals(200, docs.statusCode());
        assertTrue(docs.body().toLowerCase().contains("swagger"), docs.body());
    }

    @Test
    void errorsOfTheServicePassThrough() {
        HttpResponse<String> malformed = Http.postJson(gateway("/services/fixture/hello"), "{\"name\":");
        assertEquals(400, malformed.statusCode(), malformed.body());

        HttpResponse<String> missing = Http.postJson(gateway("/services/fixture/hello"), "{}");
        assertEquals(422, missing.statusCode(), missing.body());
        assertTrue(missing.body().contains("name"), missing.body());

        HttpResponse<String> mistyped = Http.postJson(gateway("/services/fixture/repeat"), "{\"text\":\"a\",\"times\":\"x\"}");
        assertEquals(422, mistyped.statusCode(), mistyped.body());
        assertTrue(mistyped.body().contains("times"), mistyped.body());
    }

    @Test
    void largeBodiesAreStreamedBothWays() {
        String megabyte = "a".repeat(1024 * 1024);
        HttpResponse<String> upload = Http.postJson(gateway("/services/fixture/length"), "{\"text\":\"" + megabyte + "\"}");
        assertEquals(200, upload.statusCode(), upload.body());
        assertEquals(Integer.toString(megabyte.length()), upload.body());

        HttpResponse<String> download = Http.postJson(gateway("/services/fixture/repeat"), "{\"text\":\"ab\",\"times\":200000}");
        assertEquals(200, download.statusCode());
        assertEquals(400_002, download.body().length());
    }

    @Test
    void aBodyOfUnknownLengthIsForwardedChunked() {
        String body = "{\"text\":\"" + "c".repeat(300_000) + "\"}";
        HttpResponse<String> res = Http.send(HttpRequest.newBuilder(gateway("/services/fixture/length"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("300000", res.body());
    }

    @Test
    void manyConcurrentCallersAllGetTheirOwnAnswer() throws Exception {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<HttpResponse<String>>>();
            for (int i = 0; i < 400; i++) {
                String name = "caller" + i;
                futures.add(pool.submit(() -> Http.postJson(gateway("/services/fixture/hello"), "{\"name\":\"" + name + "\"}")));
            }
            for (int i = 0; i < futures.size(); i++) {
                HttpResponse<String> res = futures.get(i).get();
                assertEquals(200, res.statusCode(), res.body());
                assertEquals("\"Hello caller" + i + "\"", res.body());
            }
        }
    }

    @Test
    void expectContinueUploadsDoNotStall() {
        String body = "{\"text\":\"" + "b".repeat(512 * 1024) + "\"}";
        HttpResponse<String> res = Http.send(HttpRequest.newBuilder(gateway("/services/fixture/length"))
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, res.statusCode(), res.body());
        assertEquals(Integer.toString(512 * 1024), res.body());
    }

    @Test
    void aSlowServiceGives504AndAQuickOneStillAnswers() {
        HttpResponse<String> slow = Http.postJson(gateway("/services/fixture/slow"), "{\"millis\":4000}");
        assertEquals(504, slow.statusCode(), slow.body());
        assertTrue(slow.body().contains("fixture 1.0.0"), slow.body());

        HttpResponse<String> quick = Http.postJson(gateway("/services/fixture/slow"), "{\"millis\":10}");
        assertEquals(200, quick.statusCode(), quick.body());
    }

    @Test
    void unknownServicesAndVersionsAre404() {
        HttpResponse<String> unknown = Http.postJson(gateway("/services/nosuch/hello"), "{}");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("nosuch"), unknown.body());

        HttpResponse<String> unknownVersion = Http.postJson(gateway("/services/fixture_9.9.9/hello"), "{}");
        assertEquals(404, unknownVersion.statusCode());

        HttpResponse<String> unknownApi = Http.get(gateway("/services/~nothing"));
        assertEquals(404, unknownApi.statusCode());
    }

    @Test
    void killStopsTheJvmAndRemovesItsRoutes() throws Exception {
        ServiceVersion other = client.deploy("other", "2.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", other.status(), other.reason());
        long pid = client.inspection("other", "2.0.0").get("pid").asLong();
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        assertEquals(1, client.kill("other", "2.0.0").size());

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the service JVM must be gone");
        assertEquals(404, Http.postJson(gateway("/services/other/hello"), "{\"name\":\"x\"}").statusCode());
        assertEquals(404, Http.postJson(gateway("/services/other_2.0.0/hello"), "{\"name\":\"x\"}").statusCode());
        assertTrue(client.services().stream().noneMatch(s -> s.name().equals("other")));
        assertEquals(200, Http.postJson(gateway("/services/fixture/hello"), "{\"name\":\"Bob\"}").statusCode(),
                     "other services are untouched");
    }
}
