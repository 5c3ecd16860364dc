package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.daeploy.common.Json;
import io.helidon.http.Method;

import org.junit.jupiter.api.Test;

class CallRequestTest {

    private static final URI MANAGER = URI.create("http://manager:8080");

    @Test
    void postPutsNoArgumentsInTheUrl() {
        ObjectNode args = CallRequest.argumentsObject(Map.of("n", 5), Json.mapper());

        assertEquals(URI.create("http://manager:8080/services/dice_1.0.0/many"),
                CallRequest.uri(MANAGER, "dice_1.0.0", "many", Method.POST, args));
    }

    @Test
    void getQueryHasScalarsAsTextOthersAsJsonAndLeavesNullsOut() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", "Bob & Alice");
        values.put("n", 5);
        values.put("ok", true);
        values.put("tags", List.of("a", "b"));
        values.put("where", Map.of("x", 1));
        values.put("note", null);
        ObjectNode args = CallRequest.argumentsObject(values, Json.mapper());

        assertEquals("name=Bob%20%26%20Alice&n=5&ok=true&tags=%5B%22a%22%2C%22b%22%5D&where=%7B%22x%22%3A1%7D",
                CallRequest.query(args));
    }

    @Test
    void nullArgumentsAreAnEmptyObject() {
        assertEquals("{}", CallRequest.argumentsObject(null, Json.mapper()).toString());
        assertEquals(URI.create("http://manager:8080/services/dice/roll"),
                CallRequest.uri(MANAGER, "dice", "roll", Method.GET, CallRequest.argumentsObject(null, Json.mapper())));
    }

    @Test
    void encodingKeepsOnlyUnreservedCharacters() {
        assertEquals("a-b.c_d~e%2Bf%3Dg%2F%C3%A9", CallRequest.encode("a-b.c_d~e+f=g/é"));
    }
}
