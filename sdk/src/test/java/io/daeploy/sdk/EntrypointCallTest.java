package io.daeploy.sdk;

import static io.daeploy.sdk.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.daeploy.common.Json;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a caller of an entrypoint sees, over real HTTP. */
class EntrypointCallTest {

    private static RunningService service;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        service = DaeployService.start(new GreetingService(), new ServiceSettings("greeting", "1.2.3", 0, "127.0.0.1"));
        http = new HttpCalls(service);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void postWithJsonObjectAnswersJsonOfResult() {
        HttpResponse<String> response = http.post("/hello", "{\"name\":\"Bob\"}");

        assertEquals(200, response.statusCode());
        assertEquals("\"Hello Bob\"", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void unknownFieldsAreIgnored() {
        HttpResponse<String> response = http.post("/hello", "{\"name\":\"Bob\",\"extra\":true}");

        assertEquals("\"Hello Bob\"", response.body());
    }

    @Test
    void entrypointWithoutParametersAcceptsEmptyBody() {
        HttpResponse<String> response = http.post("/ping", "");

        assertEquals(200, response.statusCode());
        assertEquals("\"pong\"", response.body());
    }

    @Test
    void getEntrypointAnswersGet() {
        HttpResponse<String> response = http.get("/answer");

        assertEquals(200, response.statusCode());
        assertEquals("42", response.body());
    }

    @Test
    void getEntrypointReadsArgumentsFromQueryString() {
        HttpResponse<String> response = http.get("/add?a=2&b=40");

        assertEquals(200, response.statusCode());
        assertEquals("42", response.body());
    }

    @Test
    void getEntrypointReportsMistypedQueryArgumentAsQuery() {
        HttpResponse<String> response = http.get("/add?a=2&b=x");

        assertEquals(422, response.statusCode());
        JsonNode problem = json(response).get("detail").get(0);
        assertEquals("[\"query\",\"b\"]", problem.get("loc").toString());
        assertEquals("expected integer, got \"x\"", problem.get("msg").asText());
    }

    @Test
    void deleteEntrypointReadsQueryString() {
        HttpResponse<String> response = http.send("DELETE", "/remove?id=17", null);

        assertEquals(200, response.statusCode());
        assertEquals("\"removed 17\"", response.body());
    }

    @Test
    void customSuccessStatusIsUsed() {
        HttpResponse<String> response = http.post("/create", "{\"id\":\"a1\",\"count\":3}");

        assertEquals(201, response.statusCode());
        JsonNode body = json(response);
        assertEquals("a1", body.get("id").asText());
        assertEquals(3, body.get("count").asInt());
    }

    @Test
    void voidEntrypointAnswersNull() {
        HttpResponse<String> response = http.post("/reset", null);

        assertEquals(200, response.statusCode());
        assertEquals("null", response.body());
    }

    @Test
    void noContentStatusAnswersWithoutBody() {
        HttpResponse<String> response = http.send("PUT", "/forget", "{\"id\":\"a1\"}");

        assertEquals(204, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void malformedJsonIs400WithParserMessage() {
        HttpResponse<String> response = http.post("/hello", "{\"name\": Bob}");

        assertEquals(400, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(json(response).get("detail").asText().startsWith("Request body is not valid JSON: "),
                response.body());
    }

    @Test
    void bodyThatIsNotAnObjectIs400() {
        HttpResponse<String> response = http.post("/hello", "[\"Bob\"]");

        assertEquals(400, response.statusCode());
        assertTrue(json(response).get("detail").asText().contains("must be a JSON object keyed by parameter names"),
                response.body());
    }

    @Test
    void missingArgumentIs422NamingTheField() {
        HttpResponse<String> response = http.post("/hello", "{}");

        assertEquals(422, response.statusCode());
        assertEquals("{\"detail\":[{\"loc\":[\"body\",\"name\"],\"msg\":\"field required\",\"type\":\"missing\"}]}",
                response.body());
    }

    @Test
    void emptyBodyForEntrypointWithParametersIs422() {
        HttpResponse<String> response = http.post("/hello", null);

        assertEquals(422, response.statusCode());
        assertEquals("name", json(response).get("detail").get(0).get("loc").get(1).asText());
    }

    @Test
    void mistypedIntegerIs422NamingTheField() {
        HttpResponse<String> response = http.post("/create", "{\"id\":\"a1\",\"count\":\"abc\"}");

        assertEquals(422, response.statusCode());
        JsonNode problem = json(response).get("detail").get(0);
        assertEquals("[\"body\",\"count\"]", problem.get("loc").toString());
        assertEquals("expected integer, got \"abc\"", problem.get("msg").asText());
        assertEquals("type_error", problem.get("type").asText());
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        HttpResponse<String> response = http.post("/create", "{\"count\":1.5}");

        assertEquals(422, response.statusCode());
        JsonNode detail = json(response).get("detail");
        assertEquals(2, detail.size(), response.body());
        assertEquals("id", detail.get(0).get("loc").get(1).asText());
        assertEquals("missing", detail.get(0).get("type").asText());
        assertEquals("count", detail.get(1).get("loc").get(1).asText());
        assertEquals("expected integer, got 1.5", detail.get(1).get("msg").asText());
    }

    @Test
    void nullForPrimitiveIs422() {
        HttpResponse<String> response = http.post("/create", "{\"id\":\"a1\",\"count\":null}");

        assertEquals(422, response.statusCode());
        assertEquals("expected integer, got null", json(response).get("detail").get(0).get("msg").asText());
    }

    @Test
    void listArgumentIsConvertedToGenericType() {
        HttpResponse<String> response = http.post("/total", "{\"values\":[1,2,3]}");

        assertEquals(200, response.statusCode());
        assertEquals("6", response.body());
    }

    @Test
    void mistypedListElementIsLocatedByIndex() {
        HttpResponse<String> response = http.post("/total", "{\"values\":[1,\"two\",3]}");

        assertEquals(422, response.statusCode());
        JsonNode problem = json(response).get("detail").get(0);
        assertEquals("[\"body\",\"values\",1]", problem.get("loc").toString());
        assertEquals("expected integer, got \"two\"", problem.get("msg").asText());
    }

    @Test
    void recordArgumentIsConverted() {
        HttpResponse<String> response = http.post("/area", "{\"rectangle\":{\"width\":3,\"height\":4}}");

        assertEquals(200, response.statusCode());
        assertEquals("12.0", response.body());
    }

    @Test
    void recordRoundTripsWithListsAndEnums() throws Exception {
        String order = "{\"id\":\"o1\",\"count\":2,\"tags\":[\"red\",\"big\"],\"mood\":\"HAPPY\"}";

        HttpResponse<String> response = http.post("/order", "{\"order\":" + order + "}");

        assertEquals(200, response.statusCode());
        assertEquals(Json.mapper().readTree(order), json(response));
    }

    @Test
    void mistypedFieldInsideRecordIsLocatedByPath() {
        HttpResponse<String> response = http.post("/order", "{\"order\":{\"id\":\"o1\",\"count\":\"many\"}}");

        assertEquals(422, response.statusCode());
        JsonNode problem = json(response).get("detail").get(0);
        assertEquals("[\"body\",\"order\",\"count\"]", problem.get("loc").toString());
        assertEquals("expected integer, got \"many\"", problem.get("msg").asText());
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() {
        HttpResponse<String> response = http.post("/order", "{\"order\":{\"id\":\"o1\",\"mood\":\"SLEEPY\"}}");

        assertEquals(422, response.statusCode());
        assertEquals("expected one of HAPPY, GRUMPY, got \"SLEEPY\"",
                json(response).get("detail").get(0).get("msg").asText());
    }

    @Test
    void recordConstructorRefusalIs422ValueError() {
        HttpResponse<String> response = http.post("/area", "{\"rectangle\":{\"width\":-1,\"height\":4}}");

        assertEquals(422, response.statusCode());
        JsonNode problem = json(response).get("detail").get(0);
        assertEquals("value_error", problem.get("type").asText());
        assertEquals("sides must not be negative", problem.get("msg").asText());
    }

    @Test
    void optionalParameterMayBeLeftOut() {
        assertEquals("\"Hello, Ann\"", http.post("/greet", "{\"name\":\"Ann\"}").body());
        assertEquals("\"Hi, Ann\"", http.post("/greet", "{\"name\":\"Ann\",\"greeting\":\"Hi\"}").body());
    }

    @Test
    void httpExceptionAnswersItsStatusAndDetail() {
        HttpResponse<String> response = http.post("/findOrder", "{\"id\":17}");

        assertEquals(404, response.statusCode());
        assertEquals("{\"detail\":\"No order 17\"}", response.body());
    }

    @Test
    void otherExceptionIs500WithMessageButNoStackTrace() {
        HttpResponse<String> response = http.post("/explode", null);

        assertEquals(500, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(json(response).get("detail").asText().matches("Internal error in entrypoint explode \\(id [0-9a-f]{12}\\)"),
                response.body());
        assertFalse(response.body().contains("at io."), response.body());
        assertFalse(response.body().contains("at com."), response.body());
    }

    @Test
    void unknownEntrypointIs404ListingTheEntrypoints() {
        HttpResponse<String> response = http.post("/xyz", "{}");

        assertEquals(404, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        String detail = json(response).get("detail").asText();
        assertTrue(detail.startsWith("No entrypoint 'xyz'. Entrypoints: "), detail);
        assertTrue(detail.contains("hello") && detail.contains("answer"), detail);
    }

    @Test
    void wrongMethodIs405NamingTheAllowedOne() {
        HttpResponse<String> response = http.get("/hello");

        assertEquals(405, response.statusCode());
        assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
        assertTrue(json(response).get("detail").asText().contains("use POST"), response.body());
    }
}
