package io.daeploy.sdk.testing;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.daeploy.common.Json;
import io.daeploy.sdk.TypeRef;

/** An answer of the service under test: status, body and headers, with the body readable as JSON or as bytes. */
public final class TestResponse {

    private final int status;
    private final byte[] bytes;
    private final HttpHeaders headers;

    TestResponse(int status, byte[] bytes, HttpHeaders headers) {
        this.status = status;
        this.bytes = bytes;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    /** The body as text, e.g. {@code "Hello Bob"} with its JSON quotes. */
    public String body() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The body as it came, e.g. the zip of {@code GET /~monitor/csv} or {@code /~monitor/db}. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The body as JSON. */
    public JsonNode json() {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError("The answer is not JSON (" + status + "): " + body(), e);
        }
    }

    /** The body converted to {@code type}: {@code as(String.class)} is {@code Hello Bob} without quotes. */
    public <T> T as(Class<T> type) {
        try {
            return Json.mapper().readValue(bytes, type);
        } catch (IOException e) {
            throw new AssertionError("The answer (" + status + ") is not a " + type.getSimpleName() + ": " + body(), e);
        }
    }

    /** The body converted to a generic type: {@code as(new TypeRef<List<Integer>>() {})}. */
    public <T> T as(TypeRef<T> type) {
        try {
            return Json.mapper().readValue(bytes, Json.mapper().constructType(type.type()));
        } catch (IOException e) {
            throw new AssertionError("The answer (" + status + ") is not a " + type + ": " + body(), e);
        }
    }

    /** The {@code detail} of an error answer, as text (a 422's list of problems as JSON). */
    public String detail() {
        JsonNode detail = json().get("detail");
        if (detail == null) {
            throw new AssertionError("The answer (" + status + ") has no detail: " + body());
        }
        return detail.isTextual() ? detail.asText() : detail.toString();
    }

    @Override
    public String toString() {
        return status + " " + body();
    }
}
