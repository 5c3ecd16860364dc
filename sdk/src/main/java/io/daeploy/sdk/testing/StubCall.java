package io.daeploy.sdk.testing;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.daeploy.common.Json;

/**
 * One call that reached the stand-in manager's gateway: which service, version and entrypoint it was for, and
 * its arguments, the JSON object a {@code callService} sent (for GET and DELETE, the query parameters as text).
 *
 * @param service    the service name called, e.g. {@code die_roller}
 * @param version    the version asked for, when the call named one
 * @param entrypoint the entrypoint called
 * @param method     the HTTP method
 * @param arguments  the arguments as one JSON object
 */
public record StubCall(String service, Optional<String> version, String entrypoint, String method, JsonNode arguments) {

    /** The argument {@code name} converted to {@code type}, e.g. {@code args.get("n", Integer.class)}; null when absent. */
    public <T> T get(String name, Class<T> type) {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Json.mapper().treeToValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("argument '" + name + "' is not a " + type.getSimpleName() + ": " + value, e);
        }
    }

    /** Whether the call carried the argument {@code name}. */
    public boolean has(String name) {
        return arguments.has(name);
    }
}
