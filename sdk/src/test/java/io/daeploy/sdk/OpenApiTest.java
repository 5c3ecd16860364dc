package io.daeploy.sdk;

import static io.daeploy.sdk.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated document Swagger UI and API clients read. */
class OpenApiTest {

    private static RunningService service;
    private static HttpCalls http;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        service = DaeployService.start(new GreetingService(), new ServiceSettings("greeting", "1.2.3", 0, "127.0.0.1"));
        http = new HttpCalls(service);
        HttpResponse<String> response = http.get("/openapi");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        document = json(response);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void infoNamesServiceAndVersion() {
        assertEquals("3.1.0", document.get("openapi").asText());
        assertEquals("greeting 1.2.3", document.at("/info/title").asText());
        assertEquals("1.2.3", document.at("/info/version").asText());
        assertEquals("Automatically generated, interactive API documentation", document.at("/info/description").asText());
    }

    @Test
    void everyEntrypointIsAnOperationWithItsMethod() {
        JsonNode hello = document.at("/paths/~1hello/post");
        assertEquals("hello", hello.get("operationId").asText());
        assertEquals("Entrypoints", hello.at("/tags/0").asText());
        assertFalse(document.at("/paths/~1answer/get").isMissingNode());
        assertFalse(document.at("/paths/~1remove/delete").isMissingNode());
        long entrypointPaths = document.get("paths").properties().stream()
                .filter(path -> path.getValue().findValue("tags").get(0).asText().equals("Entrypoints")).count();
        assertEquals(14, entrypointPaths);
        assertTrue(document.at("/paths/~1forget/put/responses").has("204"));
    }

    @Test
    void requestBodyListsParametersAndRequiredOnes() {
        JsonNode schema = document.at("/paths/~1greet/post/requestBody/content/application~1json/schema");
        assertEquals("string", schema.at("/properties/name/type").asText());
        assertEquals("string", schema.at("/properties/greeting/type").asText());
        assertEquals("[\"name\"]", schema.get("required").toString(), "Optional parameters are not required");

        JsonNode create = document.at("/paths/~1create/post/requestBody/content/application~1json/schema");
        assertEquals("[\"id\",\"count\"]", create.get("required").toString());
        assertEquals("int32", create.at("/properties/count/format").asText());
    }

    @Test
    void entrypointWithoutParametersHasNoRequestBody() {
        assertTrue(document.at("/paths/~1ping/post/requestBody").isMissingNode());
    }

    @Test
    void getParametersAreDocumentedAsQueryParameters() {
        JsonNode parameters = document.at("/paths/~1add/get/parameters");
        assertEquals("a", parameters.at("/0/name").asText());
        assertEquals("query", parameters.at("/0/in").asText());
        assertTrue(parameters.at("/0/required").asBoolean());
        assertEquals("integer", parameters.at("/1/schema/type").asText());
    }

    @Test
    void responsesUseSuccessStatusAndErrorShapes() {
        JsonNode create = document.at("/paths/~1create/post/responses");
        assertTrue(create.has("201"));
        assertEquals("object", create.at("/201/content/application~1json/schema/type").asText());
        assertTrue(create.has("422"));
        assertTrue(create.has("500"));
        assertEquals("array", document.at("/components/schemas/ValidationError/properties/detail/type").asText());
    }

    @Test
    void typesMapToSchemas() {
        JsonNode total = document.at("/paths/~1total/post/requestBody/content/application~1json/schema/properties/values");
        assertEquals("array", total.get("type").asText());
        assertEquals("integer", total.at("/items/type").asText());

        JsonNode order = document.at("/components/schemas/Order/properties");
        assertEquals("string", order.at("/id/type").asText());
        assertEquals("#/components/schemas/Mood", order.at("/mood/$ref").asText());
        assertEquals("[\"HAPPY\",\"GRUMPY\"]", document.at("/components/schemas/Mood/enum").toString());
        assertEquals("[\"count\",\"id\",\"mood\",\"tags\"]", document.at("/components/schemas/Order/required").toString(),
                "record components are required");
        assertEquals("array", order.at("/tags/type").asText());
        assertEquals("#/components/schemas/Order",
                document.at("/paths/~1order/post/responses/200/content/application~1json/schema/$ref").asText());
        assertEquals("number", document.at("/components/schemas/Rectangle/properties/width/type").asText());
    }

    @Test
    void serverIsRootWithoutGateway() {
        assertEquals("/", document.at("/servers/0/url").asText());
    }

    @Test
    void serverIsForwardedPrefixBehindGateway() {
        HttpResponse<String> response = http.send("GET", "/openapi", null, "X-Forwarded-Prefix", "/services/greeting");

        assertEquals("/services/greeting", json(response).at("/servers/0/url").asText());
    }
}
