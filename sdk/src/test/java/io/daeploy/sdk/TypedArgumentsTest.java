package io.daeploy.sdk;

import static io.daeploy.sdk.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Records, lists, maps, enums and defaults in and out, and the 422 that names what is wrong inside them. */
class TypedArgumentsTest {

    public static class BadDefault {
        @Entrypoint
        public int twice(@Default("three") int n) {
            return 2 * n;
        }
    }

    private static RunningService service;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        service = DaeployService.start(new CatalogService(), new ServiceSettings("catalog", "1.0.0", 0, "127.0.0.1"));
        http = new HttpCalls(service);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void listOfRecordsInAndOut() {
        HttpResponse<String> response = http.post("/restock",
                "{\"items\": [{\"name\": \"cup\", \"quantity\": 2, \"size\": \"SMALL\"}], \"extra\": 3}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("[{\"name\":\"cup\",\"quantity\":5,\"size\":\"SMALL\",\"note\":null}]", response.body());
    }

    @Test
    void defaultIsUsedWhenTheArgumentIsLeftOut() {
        HttpResponse<String> response = http.post("/restock",
                "{\"items\": [{\"name\": \"cup\", \"quantity\": 2, \"size\": \"LARGE\"}]}");

        assertEquals(3, json(response).at("/0/quantity").asInt());
    }

    @Test
    void defaultsOfTextEnumAndListTypes() {
        assertEquals("\"Hello SMALL [1, 2]\"", http.get("/label").body());
        assertEquals("\"Hi LARGE [7]\"", http.get("/label?greeting=Hi&size=LARGE&codes=7").body());
    }

    @Test
    void missingRecordComponentIs422NamingIt() {
        HttpResponse<String> response = http.post("/restock", "{\"items\": [{\"name\": \"cup\", \"size\": \"SMALL\"}]}");

        assertEquals(422, response.statusCode());
        JsonNode problem = json(response).at("/detail/0");
        assertEquals("[\"body\",\"items\",0,\"quantity\"]", problem.get("loc").toString());
        assertEquals("missing", problem.get("type").asText());
    }

    @Test
    void nullRecordComponentIs422() {
        HttpResponse<String> response = http.post("/note", "{\"item\": {\"name\": null, \"quantity\": 1, \"size\": \"SMALL\"}}");

        assertEquals(422, response.statusCode());
        JsonNode problem = json(response).at("/detail/0");
        assertEquals("[\"body\",\"item\",\"name\"]", problem.get("loc").toString());
        assertEquals("expected string, got null", problem.get("msg").asText());
    }

    @Test
    void optionalRecordComponentMayBeLeftOut() {
        assertEquals("\"(none)\"", http.post("/note", "{\"item\": {\"name\": \"cup\", \"quantity\": 1, \"size\": \"SMALL\"}}").body());
        assertEquals("\"fragile\"", http.post("/note",
                "{\"item\": {\"name\": \"cup\", \"quantity\": 1, \"size\": \"SMALL\", \"note\": \"fragile\"}}").body());
    }

    @Test
    void numberWhereTextIsExpectedIs422() {
        HttpResponse<String> response = http.post("/pair", "{\"number\": 1, \"text\": 2}");

        assertEquals(422, response.statusCode());
        assertEquals("expected string, got 2", json(response).at("/detail/0/msg").asText());
    }

    @Test
    void mapsAreKeyedObjects() {
        assertEquals("{\"cups\":3}", http.post("/counts", "{\"stock\": {\"cups\": 3}}").body());
        assertEquals("[\"body\",\"stock\",\"cups\"]",
                json(http.post("/counts", "{\"stock\": {\"cups\": \"many\"}}")).at("/detail/0/loc").toString());
    }

    @Test
    void classWithDefaultConstructorKeepsFieldDefaults() {
        assertEquals("{\"colour\":\"red\",\"width\":80}", http.post("/settings", "{\"settings\": {\"colour\": \"red\"}}").body());
    }

    @Test
    void genericRecordAnswer() {
        assertEquals("{\"first\":1,\"second\":\"one\"}", http.post("/pair", "{\"number\": 1, \"text\": \"one\"}").body());
    }

    @Test
    void defaultThatDoesNotFitStopsTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new BadDefault(), 0));

        assertTrue(e.getMessage().startsWith("Entrypoint BadDefault.twice, parameter n: @Default(\"three\") is not JSON"),
                e.getMessage());
    }

    @Test
    void schemasComeFromTheJavaTypes() {
        JsonNode document = json(http.get("/openapi"));
        JsonNode schemas = document.at("/components/schemas");

        assertEquals("[\"name\",\"quantity\",\"size\"]", schemas.at("/Item/required").toString(), "Optional is not required");
        assertEquals("#/components/schemas/Size", schemas.at("/Item/properties/size/$ref").asText());
        assertEquals("[\"SMALL\",\"LARGE\"]", schemas.at("/Size/enum").toString());
        assertEquals("integer", schemas.at("/PairOfIntegerAndString/properties/first/type").asText());
        assertTrue(schemas.at("/Settings/required").isMissingNode(), "a class with defaults requires nothing");

        JsonNode restock = document.at("/paths/~1restock/post/requestBody/content/application~1json/schema");
        assertEquals("[\"items\"]", restock.get("required").toString(), "a parameter with a default is optional");
        assertEquals(1, restock.at("/properties/extra/default").asInt());
        assertEquals("#/components/schemas/Item", restock.at("/properties/items/items/$ref").asText());

        JsonNode counts = document.at("/paths/~1counts/post/requestBody/content/application~1json/schema/properties/stock");
        assertEquals("object", counts.get("type").asText());
        assertEquals("integer", counts.at("/additionalProperties/type").asText());

        JsonNode bytes = document.at("/paths/~1bytes/post/responses/200/content/application~1json/schema");
        assertEquals("byte", bytes.get("format").asText());

        JsonNode label = document.at("/paths/~1label/get/parameters");
        assertEquals("Hello", label.at("/0/schema/default").asText());
        assertTrue(!label.at("/0/required").asBoolean());
    }
}
