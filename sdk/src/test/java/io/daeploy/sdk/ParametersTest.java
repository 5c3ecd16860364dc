package io.daeploy.sdk;

import static io.daeploy.sdk.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameters as a user of the service sees them: /~parameters over HTTP, and the entrypoints that read them. */
class ParametersTest {

    @TempDir
    Path dataDir;

    private TunableService tunable;
    private RunningService service;
    private HttpCalls http;

    @BeforeEach
    void start() {
        tunable = new TunableService();
        service = DaeployService.start(tunable, new ServiceSettings("tunable", "1.0.0", 0, "127.0.0.1", dataDir));
        http = new HttpCalls(service);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void listAnswersEveryParameterByName() {
        HttpResponse<String> response = http.get("/~parameters");

        assertEquals(200, response.statusCode());
        assertEquals("{\"greeting\":\"Hello\",\"limit\":10,\"mode\":\"FAST\",\"verbose\":false,\"weights\":[0.5,0.5]}",
                response.body());
    }

    @Test
    void oneParameterIsReadByName() {
        assertEquals("\"Hello\"", http.get("/~parameters/greeting").body());
        assertEquals("[0.5,0.5]", http.get("/~parameters/weights").body());
    }

    @Test
    void postChangesTheValueTheEntrypointsUse() {
        try (LogCapture log = new LogCapture("io.daeploy.sdk.Parameter")) {
            HttpResponse<String> response = http.post("/~parameters/greeting", "{\"value\": \"Hi\"}");

            assertEquals(200, response.statusCode());
            assertEquals("\"Hi\"", response.body());
            assertEquals(List.of("Parameter greeting changed to Hi"), log.at(Level.INFO));
        }
        assertEquals("\"Hi Bob\"", http.post("/hello", "{\"name\": \"Bob\"}").body());
        assertEquals("Hi", tunable.greeting.get());
    }

    @Test
    void genericValuesAreConvertedToTheirElementType() {
        http.post("/~parameters/weights", "{\"value\": [1, 2.5]}");

        assertEquals(List.of(1.0, 2.5), tunable.weights.get());
    }

    @Test
    void enumValueIsOneOfItsConstants() {
        HttpResponse<String> response = http.post("/~parameters/mode", "{\"value\": \"SLOW\"}");

        assertEquals(422, response.statusCode());
        assertEquals("expected one of FAST, CAREFUL, got \"SLOW\"", json(response).at("/detail/0/msg").asText());
    }

    @Test
    void notExposedParameterRefusesPostWith405ButCanBeRead() {
        HttpResponse<String> response = http.post("/~parameters/limit", "{\"value\": 99}");

        assertEquals(405, response.statusCode());
        assertEquals("GET", response.headers().firstValue("Allow").orElseThrow());
        assertTrue(json(response).get("detail").asText().startsWith("Parameter 'limit' is not exposed"), response.body());
        assertEquals("10", http.get("/~parameters/limit").body());
    }

    @Test
    void serviceCodeChangesAParameterThatIsNotExposed() {
        http.post("/raiseLimit", null);

        assertEquals("11", http.get("/~parameters/limit").body());
        assertEquals("11", http.get("/currentLimit").body());
    }

    @Test
    void unknownParameterIs404ListingTheParameters() {
        HttpResponse<String> response = http.post("/~parameters/colour", "{\"value\": \"red\"}");

        assertEquals(404, response.statusCode());
        assertEquals("No parameter 'colour'. Parameters: greeting, limit, mode, verbose, weights",
                json(response).get("detail").asText());
        assertEquals(404, http.get("/~parameters/colour").statusCode());
    }

    @Test
    void valueOfTheWrongTypeIs422NamingValue() {
        HttpResponse<String> response = http.post("/~parameters/greeting", "{\"value\": 3}");

        assertEquals(422, response.statusCode());
        JsonNode problem = json(response).at("/detail/0");
        assertEquals("[\"body\",\"value\"]", problem.get("loc").toString());
        assertEquals("expected string, got 3", problem.get("msg").asText());
        assertEquals("Hello", tunable.greeting.get(), "a refused value changes nothing");
    }

    @Test
    void missingOrNullValueIs422() {
        assertEquals("missing", json(http.post("/~parameters/greeting", "{}")).at("/detail/0/type").asText());
        assertEquals("expected string, got null",
                json(http.post("/~parameters/greeting", "{\"value\": null}")).at("/detail/0/msg").asText());
    }

    @Test
    void bodyThatIsNotJsonIs400() {
        assertEquals(400, http.post("/~parameters/greeting", "Hi").statusCode());
    }

    @Test
    void otherMethodsAre405() {
        HttpResponse<String> response = http.send("DELETE", "/~parameters/greeting", null);

        assertEquals(405, response.statusCode());
        assertEquals("GET, POST", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void monitoredParameterStoresItsFirstValueAndEveryChange() {
        http.post("/~parameters/mode", "{\"value\": \"CAREFUL\"}");
        tunable.mode.set(TunableService.Mode.FAST);

        JsonNode mode = json(http.get("/~monitor?variables=mode")).get("mode");
        assertEquals("[\"FAST\",\"CAREFUL\",\"FAST\"]", mode.get("value").toString());
        assertEquals(3, mode.get("timestamp").size());
    }

    @Test
    void unmonitoredParametersAreNotStored() {
        http.post("/~parameters/greeting", "{\"value\": \"Hi\"}");

        assertEquals(404, http.get("/~monitor?variables=greeting").statusCode());
    }

    @Test
    void staticParameterFieldsAreServedToo() {
        http.post("/~parameters/verbose", "{\"value\": true}");

        assertTrue(TunableService.verbose());
        http.post("/~parameters/verbose", "{\"value\": false}");
    }

    @Test
    void parametersAreDocumentedInOpenApi() {
        JsonNode document = json(http.get("/openapi"));

        assertEquals("Parameters", document.at("/paths/~1~0parameters~1greeting/post/tags/0").asText());
        assertEquals("string", document.at("/paths/~1~0parameters~1greeting/post/requestBody/content/application~1json"
                + "/schema/properties/value/type").asText());
        assertTrue(document.at("/paths/~1~0parameters~1limit/post").isMissingNode(), "not exposed: no POST");
        assertEquals("array", document.at("/paths/~1~0parameters/get/responses/200/content/application~1json/schema"
                + "/properties/weights/type").asText());
    }

    @Test
    void setRefusesNull() {
        assertThrows(IllegalArgumentException.class, () -> tunable.greeting.set(null));
    }

    @Test
    void waitIsNotNeededForMonitoredValues() {
        // GET /~monitor waits for values still being written: what was stored before it is in its answer.
        for (int i = 0; i < 50; i++) {
            tunable.mode.set(i % 2 == 0 ? TunableService.Mode.CAREFUL : TunableService.Mode.FAST);
        }
        assertEquals(51, json(http.get("/~monitor?variables=mode")).at("/mode/value").size());
        assertTrue(service.flushMonitoring(Duration.ofSeconds(1)));
    }
}
