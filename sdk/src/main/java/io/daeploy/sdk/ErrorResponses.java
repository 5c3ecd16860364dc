package io.daeploy.sdk;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerResponse;

/** Every error leaves the service as JSON {@code {"detail": ...}}, whatever went wrong. */
final class ErrorResponses {

    private final ObjectMapper mapper;
    private final boolean showErrors;

    ErrorResponses(ObjectMapper mapper) {
        this(mapper, false);
    }

    /** @param showErrors whether a 500 answer carries the exception's class and message ({@code DAEPLOY_SHOW_ERRORS}) */
    ErrorResponses(ObjectMapper mapper, boolean showErrors) {
        this.mapper = mapper;
        this.showErrors = showErrors;
    }

    /**
     * 500 {@code Internal error in entrypoint <name> (id <id>)}, the stack trace logged under the same id: the caller
     * learns what to quote, not the service's insides. An {@code explanation} (what the SDK itself found wrong, never
     * the service's data) is always added; else, with {@code DAEPLOY_SHOW_ERRORS=true}, {@code : <class>: <message>}.
     */
    void sendInternalError(ServerResponse response, Logger logger, String entrypoint, Throwable cause, String explanation) {
        String id = ErrorIds.next();
        String summary = "Internal error in entrypoint " + entrypoint + " (id " + id + ")";
        logger.log(Level.SEVERE, summary + (explanation == null ? "" : ": " + explanation), cause);
        String detail = explanation != null ? summary + ": " + explanation
                : showErrors ? summary + ": " + cause.getClass().getName() + ": " + cause.getMessage()
                : summary;
        send(response, Status.INTERNAL_SERVER_ERROR_500, detail);
    }

    /** {@code {"detail": "<text>"}} with the given status. */
    void send(ServerResponse response, Status status, String detail) {
        ObjectNode body = mapper.createObjectNode();
        body.put("detail", detail);
        write(response, status, body);
    }

    /** 422 with {@code {"detail": [{"loc": [...], "msg": ..., "type": ...}, ...]}}. */
    void sendProblems(ServerResponse response, List<ArgumentProblem> problems) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode detail = body.putArray("detail");
        for (ArgumentProblem problem : problems) {
            ObjectNode item = detail.addObject();
            ArrayNode loc = item.putArray("loc");
            for (Object part : problem.loc()) {
                if (part instanceof Integer index) {
                    loc.add(index);
                } else {
                    loc.add(String.valueOf(part));
                }
            }
            item.put("msg", problem.msg());
            item.put("type", problem.type());
        }
        write(response, Status.UNPROCESSABLE_CONTENT_422, body);
    }

    /** Answers paths that are no entrypoint, listing the ones that exist. */
    Handler unknownEntrypoint(List<String> entrypointNames) {
        String known = String.join(", ", entrypointNames);
        return (request, response) -> {
            String path = request.path().path();
            String name = path.startsWith("/") ? path.substring(1) : path;
            String detail = name.isEmpty()
                    ? "No entrypoint at the service root; call one by name, or read the documentation at docs. Entrypoints: "
                    : "No entrypoint '" + name + "'. Entrypoints: ";
            send(response, Status.NOT_FOUND_404, detail + known);
        };
    }

    /** Answers an entrypoint path called with another method than its own. */
    Handler methodNotAllowed(String entrypoint, Method allowed) {
        return (request, response) -> {
            response.header(HeaderNames.ALLOW, allowed.text());
            send(response, Status.METHOD_NOT_ALLOWED_405, "Method " + request.prologue().method().text()
                    + " is not allowed on entrypoint '" + entrypoint + "'; use " + allowed.text());
        };
    }

    private void write(ServerResponse response, Status status, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = "{\"detail\":\"error\"}".getBytes(StandardCharsets.UTF_8); // a tree of strings always writes
        }
        response.status(status);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(bytes);
    }
}
