package io.daeploy.sdk;

import static io.daeploy.sdk.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Null where the declared type takes none, and numbers JSON cannot carry: 422 with the full location, never a 500. */
class NullAndInfinityTest {

    private static RunningService service;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        service = DaeployService.start(new ContractService(), new ServiceSettings("contracts", "1.0.0", 0, "127.0.0.1"));
        http = new HttpCalls(service);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/count|{\"words\": null}|[\"body\",\"words\"]",
            "/count|{\"words\": [\"a\", null]}|[\"body\",\"words\",1]",
            "/corners|{\"shape\": {\"name\": null, \"corners\": [], \"labels\": {}}}|[\"body\",\"shape\",\"name\"]",
            "/corners|{\"shape\": {\"name\": \"a\", \"corners\": [{\"x\": 1, \"y\": 2}, null], \"labels\": {}}}|[\"body\",\"shape\",\"corners\",1]",
            "/corners|{\"shape\": {\"name\": \"a\", \"corners\": [{\"x\": null, \"y\": 2}], \"labels\": {}}}|[\"body\",\"shape\",\"corners\",0,\"x\"]",
            "/corners|{\"shape\": {\"name\": \"a\", \"corners\": [], \"labels\": {\"top\": null}}}|[\"body\",\"shape\",\"labels\",\"top\"]",
            "/dice|{\"dice\": null}|[\"body\",\"dice\"]",
            "/half|{\"value\": \"null\"}|[\"body\",\"value\"]"})
    void nullAtAnyDepthIs422WithItsFullLocation(String call) {
        String[] parts = call.split("\\|");
        HttpResponse<String> response = http.post(parts[0], parts[1]);

        assertEquals(422, response.statusCode(), response.body());
        JsonNode problem = json(response).at("/detail/0");
        assertEquals(parts[2], problem.get("loc").toString());
        assertEquals("null_not_allowed", problem.get("type").asText());
        assertTrue(problem.get("msg").asText().endsWith(", got null"), problem.toString());
    }

    @Test
    void defaultAppliesWhenLeftOutNotWhenNull() {
        assertEquals("3", http.post("/dice", "{}").body());
        assertEquals(422, http.post("/dice", "{\"dice\": null}").statusCode());
    }

    @Test
    void optionalAndJsonNodeTakeNull() {
        assertEquals("\"(none)\"", http.post("/maybe", "{\"text\": null}").body());
        assertEquals("\"null\"", http.post("/raw", "{\"value\": null}").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-1e400", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\""})
    void numberADoubleCannotHoldIs422(String value) {
        HttpResponse<String> response = http.post("/half", "{\"value\": " + value + "}");

        assertEquals(422, response.statusCode(), response.body());
        JsonNode problem = json(response).at("/detail/0");
        assertEquals("[\"body\",\"value\"]", problem.get("loc").toString());
        assertEquals("number_not_finite", problem.get("type").asText());
    }

    @Test
    void fourHundredDigitsAre422() {
        HttpResponse<String> response = http.post("/half", "{\"value\": " + "9".repeat(400) + "}");

        assertEquals(422, response.statusCode(), response.body());
        assertEquals("number_not_finite", json(response).at("/detail/0/type").asText());
    }

    @Test
    void floatOutOfItsRangeIs422() {
        assertEquals(422, http.post("/third", "{\"value\": 1e39}").statusCode());
        assertEquals("1.0", http.post("/third", "{\"value\": 3}").body());
    }

    @Test
    void numberInsideARecordIsLocated() {
        HttpResponse<String> response = http.post("/corners",
                "{\"shape\": {\"name\": \"a\", \"corners\": [{\"x\": 1e400, \"y\": 2}], \"labels\": {\"w\": \"NaN\"}}}");

        assertEquals(422, response.statusCode(), response.body());
        assertEquals("[\"body\",\"shape\",\"corners\",0,\"x\"]", json(response).at("/detail/0/loc").toString());
        assertEquals("[\"body\",\"shape\",\"labels\",\"w\"]", json(response).at("/detail/1/loc").toString());
    }

    @Test
    void finiteNumbersStillPass() {
        assertEquals("1.5", http.post("/half", "{\"value\": 3}").body());
        assertEquals("1.5", http.post("/half", "{\"value\": \"3\"}").body());
    }

    @Test
    void anEntrypointProducingInfinityAnswers500SayingSo() {
        HttpResponse<String> response = http.post("/overflow", null);

        assertEquals(500, response.statusCode());
        String detail = json(response).get("detail").asText();
        assertTrue(detail.matches("Internal error in entrypoint overflow \\(id [0-9a-f]{12}\\): it produced a number JSON"
                + " cannot carry \\(Infinity at the answer\\)"), detail);
    }

    @Test
    void anEntrypointProducingNaNInsideItsAnswerSaysWhere() {
        HttpResponse<String> response = http.post("/notANumber", null);

        assertEquals(500, response.statusCode());
        String detail = json(response).get("detail").asText();
        assertTrue(detail.endsWith("it produced a number JSON cannot carry (NaN at [1].x)"), detail);
    }

    @Test
    void anArrayOfDoublesIsCheckedToo() {
        HttpResponse<String> response = http.post("/ratios", null);

        assertEquals(500, response.statusCode());
        assertTrue(json(response).get("detail").asText().endsWith("(NaN at [1])"), response.body());
    }
}
