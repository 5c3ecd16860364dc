package io.daeploy.sdk;

import static io.daeploy.sdk.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bean Validation bounds: a 422 naming the bound, and the same bound in the OpenAPI schema. */
class BoundsTest {

    private static RunningService service;
    private static HttpCalls http;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        service = DaeployService.start(new ContractService(), new ServiceSettings("contracts", "1.0.0", 0, "127.0.0.1"));
        http = new HttpCalls(service);
        document = json(http.get("/openapi"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static JsonNode problem(HttpResponse<String> response) {
        assertEquals(422, response.statusCode(), response.body());
        JsonNode problem = json(response).at("/detail/0");
        assertEquals("bound_error", problem.get("type").asText(), problem.toString());
        return problem;
    }

    private static JsonNode body(String entrypoint) {
        return document.at("/paths/~1" + entrypoint + "/post/requestBody/content/application~1json/schema/properties");
    }

    @Test
    void minimumAndMaximum() {
        JsonNode low = problem(http.post("/roll", "{\"dice\": 0}"));
        assertEquals("[\"body\",\"dice\"]", low.get("loc").toString());
        assertEquals("must be greater than or equal to 1 (@Min(1)), got 0", low.get("msg").asText());
        assertEquals("must be less than or equal to 10 (@Max(10)), got 11",
                problem(http.post("/roll", "{\"dice\": 11}")).get("msg").asText());
        assertEquals("10", http.post("/roll", "{\"dice\": 10}").body());

        assertEquals(1, body("roll").at("/dice/minimum").asInt());
        assertEquals(10, body("roll").at("/dice/maximum").asInt());
    }

    @Test
    void textLength() {
        assertTrue(problem(http.post("/nickname", "{\"name\": \"a\"}")).get("msg").asText().contains("(@Size(max=5, min=2))"));
        assertEquals("\"abc\"", http.post("/nickname", "{\"name\": \"abc\"}").body());

        assertEquals(2, body("nickname").at("/name/minLength").asInt());
        assertEquals(5, body("nickname").at("/name/maxLength").asInt());
    }

    @Test
    void patternOnAQueryParameter() {
        JsonNode problem = problem(http.get("/code?code=ABC"));
        assertEquals("[\"query\",\"code\"]", problem.get("loc").toString());
        assertTrue(problem.get("msg").asText().contains("(@Pattern(regexp=\"[a-z]+\"))"), problem.toString());

        assertEquals("[a-z]+", document.at("/paths/~1code/get/parameters/0/schema/pattern").asText());
    }

    @Test
    void listSizeAndItems() {
        JsonNode blank = problem(http.post("/tags", "{\"tags\": [\"a\", \" \"]}"));
        assertEquals("[\"body\",\"tags\",1]", blank.get("loc").toString());
        assertTrue(blank.get("msg").asText().contains("(@NotBlank)"), blank.toString());
        assertTrue(problem(http.post("/tags", "{\"tags\": [\"a\", \"b\", \"c\"]}")).get("msg").asText()
                .contains("(@Size(max=2)), got 3 items"));

        assertEquals(2, body("tags").at("/tags/maxItems").asInt());
        assertEquals(1, body("tags").at("/tags/items/minLength").asInt());
    }

    @Test
    void boundsInsideRecords() {
        JsonNode far = problem(http.post("/route",
                "{\"route\": {\"name\": \"r\", \"stops\": [{\"x\": 2e6, \"y\": 0}, {\"x\": 0, \"y\": 0}]}}"));
        assertEquals("[\"body\",\"route\",\"stops\",0,\"x\"]", far.get("loc").toString());
        assertTrue(far.get("msg").asText().contains("(@DecimalMax(\"1e6\"))"), far.toString());
        assertEquals("[\"body\",\"route\",\"stops\"]",
                problem(http.post("/route", "{\"route\": {\"name\": \"r\", \"stops\": []}}")).get("loc").toString());
        assertEquals("2", http.post("/route", "{\"route\": {\"name\": \"r\", \"stops\": [{\"x\": 1, \"y\": 2}, {\"x\": 3, \"y\": 4}]}}").body());

        JsonNode schemas = document.at("/components/schemas");
        assertEquals(-1e6, schemas.at("/BoundedPoint/properties/x/minimum").asDouble());
        assertEquals(1e6, schemas.at("/BoundedPoint/properties/y/maximum").asDouble());
        assertEquals(1, schemas.at("/Route/properties/name/minLength").asInt());
        assertEquals(2, schemas.at("/Route/properties/stops/minItems").asInt());
    }
}
