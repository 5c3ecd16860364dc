package io.daeploy.sdk.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.daeploy.common.Json;
import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Entrypoint;
import io.daeploy.sdk.ServiceSettings;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The two servers bench/sdk-overhead.sh compares, each in a JVM of its own: {@code sdk PORT} serves {@code hello(name)}
 * as an SDK entrypoint; {@code plain PORT} does the same work in a hand-written Helidon SE handler (read the body,
 * parse the JSON, check the name is a string, answer the JSON greeting, 422 otherwise). The gap is what the SDK's
 * binding, validation and error handling cost.
 */
public final class OverheadServers {

    /** The SDK service. */
    public static class Hello {
        @Entrypoint(accessLog = false) // the plain handler writes no log line either: compare like with like
        public String hello(String name) {
            return "Hello " + name;
        }
    }

    private OverheadServers() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !(args[0].equals("sdk") || args[0].equals("plain"))) {
            System.err.println("usage: OverheadServers sdk|plain PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        if (args[0].equals("sdk")) {
            DaeployService.start(new Hello(), new ServiceSettings("hello", "1.0.0", port, "127.0.0.1"));
        } else {
            plain(port);
        }
        System.err.println("ready " + args[0] + " on " + port);
        new CountDownLatch(1).await(); // until killed
    }

    private static void plain(int port) {
        ObjectMapper mapper = Json.mapper();
        WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .routing(routing -> routing.post("/hello", (request, response) -> hello(request, response, mapper)))
                .build()
                .start();
    }

    private static void hello(ServerRequest request, ServerResponse response, ObjectMapper mapper) throws IOException {
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readAllBytes();
        }
        JsonNode name = mapper.readTree(body).get("name");
        if (name == null || !name.isTextual()) {
            response.status(Status.UNPROCESSABLE_CONTENT_422).header(HeaderValues.CONTENT_TYPE_JSON)
                    .send("{\"detail\":[{\"loc\":[\"body\",\"name\"],\"msg\":\"field required\",\"type\":\"missing\"}]}");
            return;
        }
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(mapper.writeValueAsBytes("Hello " + name.asText()));
    }
}
