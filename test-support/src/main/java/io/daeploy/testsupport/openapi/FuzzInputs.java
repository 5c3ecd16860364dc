package io.daeploy.testsupport.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Valid and broken requests for an operation, generated from its OpenAPI document: values of each schema (within its
 * bounds), then nulls, wrong types, missing and extra fields, huge numbers, long and odd strings, deep nesting, empty
 * and non-JSON bodies, repeated query parameters and odd path segments.
 */
public final class FuzzInputs {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<JsonNode> ODD_VALUES = List.of(NODES.nullNode(), NODES.textNode(""), NODES.textNode("\u0000"),
            NODES.textNode("x".repeat(20_000)), NODES.textNode("../../etc/passwd"), NODES.textNode("ÿ😀\u202e"),
            NODES.numberNode(new BigInteger("1" + "0".repeat(400))), NODES.numberNode(-1), NODES.numberNode(2.5),
            NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(-1e308), NODES.booleanNode(true),
            NODES.arrayNode().add(NODES.nullNode()), NODES.objectNode().put("a", 1), NODES.textNode("NaN"),
            NODES.textNode("Infinity"), NODES.textNode("1.0.0"), NODES.textNode("hello"));
    /** Odd, yet still one segment: an encoded slash or a dot-segment would name another route. */
    private static final List<String> ODD_SEGMENTS = List.of("%00", "x".repeat(300), "%20", "%C3%BF", "-", "%25");
    /** A query is short: servers refuse a long request line (414) before any route sees it. */
    private static final int LONGEST_QUERY_VALUE = 1_000;
    private static final int MAX_DEPTH = 4;

    private final JsonNode document;
    private final Map<String, List<String>> pathValues;
    private final Random random;

    /**
     * @param pathValues for path parameters of this name, values that reach something (an existing service's name);
     *                   other parameters get values of their schema, and one in four any parameter an odd segment
     */
    public FuzzInputs(JsonNode document, Map<String, List<String>> pathValues, long seed) {
        this.document = document;
        this.pathValues = Map.copyOf(pathValues);
        this.random = new Random(seed);
    }

    /** The {@code i}th request to one operation of the document. */
    public FuzzRequest request(String method, String template, int i) {
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        String path = template;
        List<Map.Entry<String, String>> query = new ArrayList<>();
        for (JsonNode parameter : parameters(template, operation)) {
            String name = parameter.path("name").asText();
            switch (parameter.path("in").asText()) {
                case "path" -> path = path.replace("{" + name + "}", segment(name, parameter.path("schema")));
                case "query" -> {
                    if (!parameter.path("required").asBoolean() && random.nextBoolean()) {
                        continue;
                    }
                    int times = random.nextInt(8) == 0 ? 2 : 1; // a repeated query parameter
                    for (int t = 0; t < times; t++) {
                        String value = text(random.nextInt(6) == 0 ? odd() : value(parameter.path("schema"), 0));
                        query.add(Map.entry(name, value.substring(0, Math.min(value.length(), LONGEST_QUERY_VALUE))));
                    }
                }
                default -> { } // headers and cookies are the HTTP client's
            }
        }
        return new FuzzRequest(method, template, path.replaceAll("\\{[^}]+}", "x"), query,
                body(operation.path("requestBody").path("content"), i));
    }

    /** The operation's parameters and the path's own, references resolved. */
    private List<JsonNode> parameters(String template, JsonNode operation) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode list : List.of(document.path("paths").path(template).path("parameters"), operation.path("parameters"))) {
            list.forEach(p -> all.add(resolved(p)));
        }
        return all;
    }

    private String segment(String name, JsonNode schema) {
        if (random.nextInt(4) == 0) {
            return ODD_SEGMENTS.get(random.nextInt(ODD_SEGMENTS.size()));
        }
        List<String> known = pathValues.get(name);
        String value = known != null && !known.isEmpty() && random.nextInt(3) > 0
                ? known.get(random.nextInt(known.size())) : text(value(schema, 0)).replace('/', '_');
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One try in five is a broken body (empty, not JSON, deep, not an object); else the schema's, mutated. */
    private String body(JsonNode content, int i) {
        if (content.isMissingNode() || content.isEmpty()) {
            return i % 3 == 0 ? "{\"unexpected\": true}" : null;
        }
        JsonNode schema = content.elements().next().path("schema");
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> pick("{", "not json", "[1,2", "\u0000", "{\"a\":}", "{\"a\":1,\"a\":2}");
            case 2 -> "[".repeat(2_000) + "]".repeat(2_000);
            case 3 -> "{\"name\":" + "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000) + "}";
            case 4 -> pick("[]", "null", "42", "\"text\"", "{}");
            default -> mutate(value(schema, 0)).toString();
        };
    }

    /** A value of the schema: an object with its properties, a string of its length, a number in its range. */
    JsonNode value(JsonNode schema, int depth) {
        schema = resolved(schema);
        if (schema.has("enum")) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        for (String choice : List.of("oneOf", "anyOf")) {
            if (schema.path(choice).isArray() && !schema.path(choice).isEmpty()) {
                return value(schema.path(choice).get(random.nextInt(schema.path(choice).size())), depth);
            }
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText("string");
        return switch (type) {
            case "object" -> object(schema, depth);
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int least = schema.path("minItems").asInt(0);
                int most = Math.max(least, Math.min(schema.path("maxItems").asInt(3), least + 3));
                for (int n = least + random.nextInt(most - least + 1); n > 0 && depth < MAX_DEPTH; n--) {
                    array.add(value(schema.path("items"), depth + 1));
                }
                yield array;
            }
            case "integer" -> NODES.numberNode((long) Math.floor(inRange(schema, 0, 5)));
            case "number" -> NODES.numberNode(inRange(schema, 0, 100));
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(string(schema));
        };
    }

    private JsonNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        schema.path("properties").properties().forEach(p -> {
            if (depth < MAX_DEPTH && (random.nextInt(4) > 0 || contains(schema.path("required"), p.getKey()))) {
                object.set(p.getKey(), value(p.getValue(), depth + 1));
            }
        });
        JsonNode additional = schema.path("additionalProperties");
        if (additional.isObject() && depth < MAX_DEPTH) {
            for (int n = random.nextInt(3); n > 0; n--) {
                object.set(pick("a", "b", "key_" + random.nextInt(10)), value(additional, depth + 1));
            }
        }
        return object;
    }

    private double inRange(JsonNode schema, double low, double high) {
        double min = schema.path("minimum").asDouble(schema.has("maximum") ? Math.min(low, schema.path("maximum").asDouble()) : low);
        double max = schema.path("maximum").asDouble(Math.max(min, high));
        return random.nextInt(8) == 0 ? pick(min, max) : min + random.nextDouble() * Math.min(max - min, 1e9);
    }

    private String string(JsonNode schema) {
        String text = pick("fuzz", "fuzz_two", "1.0.0", "2.0.0-rc.1", "example/fuzz:1.0.0", "a", "Fuzz Text 42");
        int least = schema.path("minLength").asInt(0);
        int most = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        if (text.length() < least) {
            text = text + "x".repeat(least - text.length());
        }
        return text.length() > most ? text.substring(0, most) : text;
    }

    /** Half the time one field is replaced by an odd value, removed, or joined by an unknown one. */
    private JsonNode mutate(JsonNode value) {
        if (!(value instanceof ObjectNode object) || random.nextBoolean()) {
            return value;
        }
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        switch (random.nextInt(3)) {
            case 0 -> {
                if (!names.isEmpty()) {
                    object.set(names.get(random.nextInt(names.size())), odd());
                }
            }
            case 1 -> {
                if (!names.isEmpty()) {
                    object.remove(names.get(random.nextInt(names.size())));
                }
            }
            default -> object.set("extra_" + random.nextInt(100), odd());
        }
        return object;
    }

    private JsonNode odd() {
        return ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
    }

    private JsonNode resolved(JsonNode node) {
        while (node.has("$ref")) {
            node = document.at(node.get("$ref").asText().substring(1));
        }
        return node;
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
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
