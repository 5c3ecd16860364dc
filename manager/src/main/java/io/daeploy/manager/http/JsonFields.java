package io.daeploy.manager.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.manager.errors.DomainException;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading a JSON object's fields at the edge, each wrong one refused with a message that names it. */
public final class JsonFields {

    private JsonFields() {
    }

    /** The request's body as a JSON object whose fields are among those known. */
    public static JsonNode object(ServerRequest req, Set<String> known, String example) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(req.content().inputStream());
        } catch (IOException e) {
            throw DomainException.malformed("Request body is not valid JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw DomainException.invalid("The body must be a JSON object: " + example);
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw DomainException.invalid("Field " + field + ": not a known field; the fields are " + known.stream().sorted().toList());
            }
        });
        return body;
    }

    public static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw DomainException.invalid("Field " + field + ": required, a string");
        }
        return value.asText();
    }

    public static int whole(JsonNode body, String field, int fallback) {
        JsonNode value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw DomainException.invalid("Field " + field + ": must be a whole number, got " + value);
        }
        return value.intValue();
    }

    public static double number(JsonNode body, String field, double fallback) {
        JsonNode value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw DomainException.invalid("Field " + field + ": must be a number, got " + value);
        }
        return value.doubleValue();
    }

    public static Optional<Boolean> bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw DomainException.invalid("Field " + field + ": must be true or false, got " + value);
        }
        return Optional.of(value.booleanValue());
    }

    /** A list of strings; empty when the field is absent. */
    public static Optional<List<String>> texts(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw DomainException.invalid("Field " + field + ": must be a list of strings, got " + value);
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw DomainException.invalid("Field " + field + ": must be a list of strings, got " + item + " in it");
            }
            texts.add(item.asText());
        }
        return Optional.of(texts);
    }
}
