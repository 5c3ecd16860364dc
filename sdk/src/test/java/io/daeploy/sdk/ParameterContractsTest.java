package io.daeploy.sdk;

import static io.daeploy.sdk.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A parameter update is checked as an entrypoint argument is: 422 with a detail and {@code ["body", "value", ...]}. */
class ParameterContractsTest {

    public static class Alarm {
        final Parameter<Double> criticalAbove = Parameter.of("criticalAbove", 40.0);
        final Parameter<List<String>> emails = Parameter.of("emails", new TypeRef<List<String>>() {}, List.of());

        @Entrypoint
        public double threshold() {
            return criticalAbove.get();
        }
    }

    private static Alarm alarm;
    private static RunningService service;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        alarm = new Alarm();
        service = DaeployService.start(alarm, new ServiceSettings("alarm", "1.0.0", 0, "127.0.0.1"));
        http = new HttpCalls(service);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"\\u0000\"", "\" \"", "1e400", "\"NaN\"", "\"Infinity\"", "null", "\"null\""})
    void aValueADoubleParameterCannotTakeIs422(String value) {
        HttpResponse<String> response = http.post("/~parameters/criticalAbove", "{\"value\": " + value + "}");

        assertEquals(422, response.statusCode(), response.body());
        JsonNode problem = json(response).at("/detail/0");
        assertEquals("[\"body\",\"value\"]", problem.get("loc").toString());
        assertEquals(false, problem.get("msg").asText().isBlank());
        assertEquals(40.0, alarm.criticalAbove.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[null]", "[\"a@example.com\", null]"})
    void aNullInsideAListParameterIs422(String value) {
        HttpResponse<String> response = http.post("/~parameters/emails", "{\"value\": " + value + "}");

        assertEquals(422, response.statusCode(), response.body());
        JsonNode problem = json(response).at("/detail/0");
        assertEquals("null_not_allowed", problem.get("type").asText());
        assertEquals("body", problem.at("/loc/0").asText());
        assertEquals("value", problem.at("/loc/1").asText());
        assertEquals(List.of(), alarm.emails.get());
    }
}
