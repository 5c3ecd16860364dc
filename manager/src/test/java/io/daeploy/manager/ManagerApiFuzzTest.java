package io.daeploy.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daeploy.common.Json;
import io.daeploy.manager.api.openapi.DocumentedAnswers;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.core.CoreHarness;
import io.daeploy.manager.http.RouteCatalog;
import io.daeploy.manager.logs.ManagerLog;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Valid and broken inputs, generated from the manager's own document, to every JSON route of a manager on the fake
 * runtime: nulls, wrong types, missing and extra fields, huge numbers, long and odd strings, deep nesting, empty and
 * non-JSON bodies, repeated query parameters. No answer may be a 5xx, every status must be documented, every body
 * must match its schema and every 4xx must carry a {@code detail}. A fixed seed; run longer by hand with
 * {@code -Dfuzz.tries=2000 -Dfuzz.seed=<n>}.
 */
@ServerTest
class ManagerApiFuzzTest {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 60);
    private static final long SEED = Long.getLong("fuzz.seed", 23);
    /** Streams that follow, pages and files: not JSON routes. */
    private static final Set<String> SKIPPED = Set.of("/services/~logs", "/logs/", "/docs", "/docs/assets/{file}", "/",
            "/dashboard/{file}", "/openapi", "/services/{name}/{path}", "/observe/metrics", "/~version");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<JsonNode> ODD_VALUES = List.of(NODES.nullNode(), NODES.textNode(""), NODES.textNode("\u0000"),
            NODES.textNode("x".repeat(20_000)), NODES.textNode("../../etc/passwd"), NODES.textNode("ÿ😀\u202e"),
            NODES.numberNode(new BigInteger("1" + "0".repeat(400))), NODES.numberNode(-1), NODES.numberNode(2.5),
            NODES.numberNode(Long.MAX_VALUE), NODES.booleanNode(true), NODES.arrayNode().add(NODES.nullNode()),
            NODES.objectNode().put("a", 1), NODES.textNode("1.0.0"), NODES.textNode("hello"));

    private static CoreHarness manager;
    private static final RouteCatalog CATALOG = new RouteCatalog();
    private final Http1Client client;

    ManagerApiFuzzTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws IOException {
        Path dataDir = Files.createTempDirectory("fuzz-api-test");
        manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1));
        ManagerSettings settings = ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_DATA_DIR", dataDir.toString()));
        ManagerServer.routing(routing, settings, manager.core, manager.routes, manager.notifications,
                ManagerLog.install(dataDir), CATALOG);
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void noInputMakesTheApiAnswerOutsideItsDocument() {
        JsonNode document = DocumentedAnswers.document();
        Random random = new Random(SEED);
        Map<String, Integer> tried = new TreeMap<>();
        for (RouteCatalog.Route route : CATALOG.routes()) {
            String path = route.path().isEmpty() ? "/" : route.path();
            if (SKIPPED.contains(path) || route.method().equals("ANY")) {
                continue;
            }
            JsonNode operation = document.path("paths").path(path).path(route.method().toLowerCase());
            for (int i = 0; i < TRIES; i++) {
                send(route.method(), path, operation, document, random, i);
            }
            tried.put(route.method() + " " + path, TRIES);
        }
        System.out.println("Fuzz inputs per route (seed " + SEED + "): " + tried);
        assertTrue(tried.size() > 15, "the JSON routes were reached: " + tried);
    }

    private void send(String method, String template, JsonNode operation, JsonNode document, Random random, int i) {
        String path = template.replace("{sha256}", random.nextBoolean() ? "a".repeat(64) : "zz")
                .replace("{name}", pick(random, "a", "x".repeat(300), "%00", "hello"))
                .replace("{id}", "nope");
        Http1ClientRequest request = client.method(Method.create(method)).path(path);
        for (JsonNode parameter : operation.path("parameters")) {
            if (!parameter.path("in").asText().equals("query") || (!parameter.path("required").asBoolean() && random.nextBoolean())) {
                continue;
            }
            int times = random.nextInt(8) == 0 ? 2 : 1; // a repeated query parameter
            for (int t = 0; t < times; t++) {
                request.queryParam(parameter.path("name").asText(), text(value(parameter.path("schema"), document, random, 0)));
            }
        }
        String body = body(operation.path("requestBody").path("content"), document, random, i);
        request.header(HeaderNames.CONTENT_TYPE, "application/json");
        try (Http1ClientResponse response = body == null ? request.request() : request.submit(body)) {
            String answer = response.entity().hasEntity() ? response.as(String.class) : "";
            int status = response.status().code();
            assertTrue(status < 500, method + " " + path + " " + body + " -> " + status + " " + answer);
            DocumentedAnswers.check(Method.create(method), response, answer);
            if (status >= 400 && !answer.isEmpty()) {
                assertTrue(Json.mapper().readTree(answer).hasNonNull("detail"), method + " " + path + " -> " + answer);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One try in five is a broken body (empty, not JSON, deep, not an object); else the schema's, mutated. */
    private static String body(JsonNode content, JsonNode document, Random random, int i) {
        if (content.isMissingNode() || content.size() == 0) {
            return i % 3 == 0 ? "{\"unexpected\": true}" : null;
        }
        JsonNode schema = content.elements().next().path("schema");
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> pick(random, "{", "not json", "[1,2", "\u0000", "{\"a\":}");
            case 2 -> "[".repeat(2_000) + "]".repeat(2_000);
            case 3 -> "{\"name\":" + "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000) + "}";
            case 4 -> pick(random, "[]", "null", "42", "\"text\"");
            default -> mutate(value(schema, document, random, 0), random).toString();
        };
    }

    /** A value of the schema: an object with its properties, a string of its pattern's kind, a number in range. */
    private static JsonNode value(JsonNode schema, JsonNode document, Random random, int depth) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            return value(document.path("components").path("schemas").path(name), document, random, depth + 1);
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText("string");
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").properties().forEach(p -> {
                    if (depth < 4 && (random.nextInt(4) > 0 || contains(schema.path("required"), p.getKey()))) {
                        object.set(p.getKey(), value(p.getValue(), document, random, depth + 1));
                    }
                });
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                for (int n = random.nextInt(3); n > 0 && depth < 4; n--) {
                    array.add(value(schema.path("items"), document, random, depth + 1));
                }
                yield array;
            }
            case "integer" -> NODES.numberNode(schema.has("maximum") ? random.nextInt(schema.get("maximum").asInt() + 1)
                    : random.nextInt(5));
            case "number" -> NODES.numberNode(random.nextDouble() * 100);
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            default -> NODES.textNode(pick(random, "fuzz", "fuzz_two", "1.0.0", "2.0.0-rc.1", "example/fuzz:1.0.0"));
        };
    }

    /** Half the time one field is replaced by an odd value, removed, or joined by an unknown one. */
    private static JsonNode mutate(JsonNode value, Random random) {
        if (!(value instanceof ObjectNode object) || random.nextBoolean()) {
            return value;
        }
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        switch (random.nextInt(3)) {
            case 0 -> {
                if (!names.isEmpty()) {
                    object.set(names.get(random.nextInt(names.size())), ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
                }
            }
            case 1 -> {
                if (!names.isEmpty()) {
                    object.remove(names.get(random.nextInt(names.size())));
                }
            }
            default -> object.set("extra_" + random.nextInt(100), ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
        }
        return object;
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static boolean contains(JsonNode array, String name) {
        for (JsonNode item : array) {
            if (item.asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
