package io.daeploy.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Serves {@code /openapi}; behind the gateway its server URL is the gateway prefix. */
final class OpenApiHandler implements Handler {

    private final ObjectMapper mapper;
    private final ObjectNode document;
    private final byte[] unprefixed;

    OpenApiHandler(ObjectMapper mapper, ObjectNode document) {
        this.mapper = mapper;
        this.document = document;
        this.unprefixed = write(OpenApiGenerator.withServer(document, "/"));
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        String prefix = ForwardedPrefix.of(request);
        byte[] body = prefix.isEmpty() ? unprefixed : write(OpenApiGenerator.withServer(document, prefix));
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(body);
    }

    private byte[] write(ObjectNode node) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The OpenAPI document cannot be written", e); // a tree always writes
        }
    }
}
