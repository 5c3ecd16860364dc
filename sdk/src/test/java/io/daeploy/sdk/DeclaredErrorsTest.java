package io.daeploy.sdk;

import static io.daeploy.sdk.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code @Entrypoint(errors = ...)}: declared statuses are in the document; an undeclared one answers and is warned about once. */
class DeclaredErrorsTest {

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

    @Test
    void declaredStatusesAreListedWithTheErrorSchema() {
        JsonNode responses = json(http.get("/openapi")).at("/paths/~1find/post/responses");

        for (String status : List.of("404", "409")) {
            assertEquals("#/components/schemas/Error",
                    responses.at("/" + status + "/content/application~1json/schema/$ref").asText(), responses.toString());
        }
        assertEquals("Not Found (declared by the entrypoint)", responses.at("/404/description").asText());
        assertFalse(json(http.get("/openapi")).at("/paths/~1teapot/post/responses").has("418"));
    }

    @Test
    void declaredStatusAnswersWithoutAWarning() {
        try (LogCapture log = new LogCapture(EntrypointHandler.class.getName())) {
            assertEquals(409, http.post("/find", "{\"id\": 409}").statusCode());
            assertEquals(404, http.post("/find", "{\"id\": 1}").statusCode());

            assertTrue(log.at(Level.WARNING).isEmpty(), log.at(Level.WARNING).toString());
        }
    }

    @Test
    void undeclaredStatusPassesThroughWithOneWarning() {
        try (LogCapture log = new LogCapture(EntrypointHandler.class.getName())) {
            assertEquals(418, http.post("/teapot", null).statusCode());
            assertEquals("I am a teapot", json(http.post("/teapot", null)).get("detail").asText());

            List<String> warnings = log.at(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.getFirst().startsWith("Entrypoint teapot answered 418, a status it does not declare"),
                    warnings.getFirst());
        }
    }

    public static class SuccessAsError {
        @Entrypoint(errors = 200)
        public int x() {
            return 1;
        }
    }

    @Test
    void aDeclaredErrorThatIsNoErrorStopsTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new SuccessAsError(), new ServiceSettings("bad", "1.0.0", 0, "127.0.0.1")));
        assertTrue(e.getMessage().contains("errors lists 200, which is not an error status"), e.getMessage());
    }
}
