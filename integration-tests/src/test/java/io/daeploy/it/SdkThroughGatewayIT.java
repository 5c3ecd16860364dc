package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the SDK gives a deployed service, seen through a real manager: a callService that fails says how
 * (unknown service, unknown entrypoint, refused arguments) in the manager's own words, and a service's
 * /~parameters and /~monitor answer through the gateway.
 */
class SdkThroughGatewayIT {

    private static ManagerProcess manager;

    @BeforeAll
    static void deployCallerAndCallee() {
        manager = ManagerProcess.start("sdk-gateway", Map.of());
        ManagerClient client = manager.client();
        for (String name : new String[] {"caller", "callee"}) {
            ServiceVersion deployed = client.deploy(name, "1.0.0", Map.of(), FixtureApp.zip());
            assertEquals("running", deployed.status(), () -> name + " did not start: " + deployed.reason());
        }
    }

    @AfterAll
    static void stopManager() {
        manager.close();
    }

    private static URI gateway(String path) {
        return manager.url().resolve(path);
    }

    private static JsonNode json(HttpResponse<String> res) {
        try {
            return Json.mapper().readTree(res.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + res.body(), e);
        }
    }

    /** What caller's code saw when it called {@code service/entrypoint} with {@code arguments} (JSON). */
    private static JsonNode callerTries(String service, String entrypoint, String arguments) {
        HttpResponse<String> res = Http.postJson(gateway("/services/caller/tryCall"),
                "{\"service\":\"" + service + "\",\"entrypoint\":\"" + entrypoint + "\",\"arguments\":" + arguments + "}");
        assertEquals(200, res.statusCode(), res.body());
        return json(res);
    }

    // ---- callService failures, as the calling service sees them ----

    @Test
    void aCallThatWorksGivesTheAnswer() {
        JsonNode seen = callerTries("callee", "repeat", "{\"text\":\"ab\",\"times\":2}");
        assertEquals("abab", seen.path("answer").asText(), seen.toString());
    }

    @Test
    void anUnknownServiceSaysNoServiceOfThatName() {
        JsonNode seen = callerTries("nobody", "hello", "{\"name\":\"Bob\"}");
        assertEquals("UNKNOWN_SERVICE", seen.path("kind").asText(), seen.toString());
        assertEquals(404, seen.path("status").asInt());
        assertEquals("No service 'nobody' is deployed (see GET /services/)", seen.path("detail").asText());
        assertEquals("Call to nobody/hello failed: unknown service: No service 'nobody' is deployed (see GET /services/)",
                     seen.path("message").asText());
    }

    @Test
    void anUnknownEntrypointSaysNoEntrypointAndListsTheOnesThereAre() {
        JsonNode seen = callerTries("callee", "helo", "{\"name\":\"Bob\"}");
        assertEquals("UNKNOWN_ENTRYPOINT", seen.path("kind").asText(), seen.toString());
        assertEquals(404, seen.path("status").asInt());
        String message = seen.path("message").asText();
        assertTrue(message.startsWith("Call to callee/helo failed: unknown entrypoint: No entrypoint 'helo'. Entrypoints: "),
                   message);
        assertTrue(message.contains("hello"), message);
    }

    @Test
    void refusedArgumentsNameTheField() {
        JsonNode seen = callerTries("callee", "repeat", "{\"text\":\"ab\",\"times\":\"many\"}");
        assertEquals("REFUSED_ARGUMENTS", seen.path("kind").asText(), seen.toString());
        assertEquals(422, seen.path("status").asInt());
        String message = seen.path("message").asText();
        assertTrue(message.startsWith("Call to callee/repeat failed: callee refused the arguments (422): body.times: "),
                   message);
        assertTrue(seen.path("detail").asText().contains("\"times\""), seen.toString());
    }

    // ---- /~parameters and /~monitor through the gateway ----

    @Test
    void parametersAreReadAndChangedThroughTheGatewayAndTheEntrypointUsesTheNewValue() {
        HttpResponse<String> all = Http.get(gateway("/services/callee/~parameters"));
        assertEquals(200, all.statusCode(), all.body());
        assertEquals("Hello", json(all).path("salutation").asText(), all.body());
        assertEquals("\"Hello Bob\"", Http.postJson(gateway("/services/callee/salute"), "{\"name\":\"Bob\"}").body());

        HttpResponse<String> changed = Http.postJson(gateway("/services/callee/~parameters/salutation"),
                                                     "{\"value\":\"Howdy\"}");
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals("\"Howdy\"", Http.get(gateway("/services/callee/~parameters/salutation")).body());
        assertEquals("\"Howdy Bob\"", Http.postJson(gateway("/services/callee/salute"), "{\"name\":\"Bob\"}").body());

        HttpResponse<String> unknown = Http.postJson(gateway("/services/callee/~parameters/salutations"),
                                                     "{\"value\":\"Hi\"}");
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(json(unknown).path("detail").asText().startsWith("No parameter 'salutations'"), unknown.body());
        HttpResponse<String> wrongType = Http.postJson(gateway("/services/callee/~parameters/salutation"),
                                                       "{\"value\":{\"text\":\"Hi\"}}");
        assertEquals(422, wrongType.statusCode(), wrongType.body());
        assertEquals("\"Howdy\"", Http.get(gateway("/services/callee/~parameters/salutation")).body(), "unchanged");
    }

    @Test
    void storedValuesAreServedByMonitorThroughTheGateway() throws Exception {
        assertEquals("true", Http.postJson(gateway("/services/caller/remember"),
                                           "{\"variable\":\"temperature\",\"value\":21.5}").body());
        assertEquals("true", Http.postJson(gateway("/services/caller/remember"),
                                           "{\"variable\":\"temperature\",\"value\":22}").body());
        Http.postJson(gateway("/services/caller/remember"), "{\"variable\":\"humidity\",\"value\":55}");

        HttpResponse<String> monitor = Http.get(gateway("/services/caller/~monitor"));
        assertEquals(200, monitor.statusCode(), monitor.body());
        assertEquals("[21.5,22.0]", json(monitor).at("/temperature/value").toString(), monitor.body());
        assertEquals("[55.0]", json(monitor).at("/humidity/value").toString(), monitor.body());

        HttpResponse<String> filtered = Http.get(gateway("/services/caller/~monitor?variables=humidity"));
        assertEquals(Set.of("humidity"), fieldNames(json(filtered)), filtered.body());

        HttpResponse<byte[]> csv;
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            csv = http.send(HttpRequest.newBuilder(gateway("/services/caller/~monitor/csv")).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
        }
        assertEquals(200, csv.statusCode());
        assertEquals(Set.of("humidity.csv", "temperature.csv"), zipEntries(csv.body()));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> zipEntries(byte[] zip) throws IOException {
        Set<String> names = new TreeSet<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
