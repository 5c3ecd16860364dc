package io.daeploy.manager.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.daeploy.common.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/** Writes JSON bodies and the {@code {"detail": ...}} error shape of the whole API. */
public final class JsonResponses {

    private JsonResponses() {
    }

    public static void send(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON response", e);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes);
    }

    public static void ok(ServerResponse res, Object body) {
        send(res, Status.OK_200, body);
    }

    public static void error(ServerResponse res, Status status, Object detail) {
        send(res, status, Map.of("detail", detail));
    }
}
