package io.daeploy.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Stands in for the real Daeploy manager in SDK tests: it routes {@code /services/{name}/...} and
 * {@code /services/{name}_{version}/...} to services started in-process, answers unknown names with the
 * manager's 404, and records what {@code POST /notifications/} receives. Only the surface the SDK talks
 * to is here; the real manager's gateway and its end-to-end tests live in the manager and integration-tests.
 */
final class StandInManager implements AutoCloseable {

    /** One request as it reached the stand-in. */
    record Received(String method, String path, String query, String authorization, String accept,
                    String contentType, String body) {
    }

    private static final String SERVICES = "/services/";

    private final HttpClient forwarder = HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final Map<String, URI> services = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int notificationStatus = 201;
    private final WebServer server;

    StandInManager() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .routing(routing -> routing
                        .any("/services/*", this::gateway)
                        .post("/notifications/", this::notification))
                .build()
                .start();
    }

    /** Routes {@code target} ({@code name} or {@code name_version}) to a running service. */
    StandInManager route(String target, RunningService service) {
        services.put(target, service.uri());
        return this;
    }

    /** What {@code POST /notifications/} answers from now on: 201, or an error status such as 500. */
    void answerNotificationsWith(int status) {
        notificationStatus = status;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    List<Received> received() {
        return received;
    }

    Received last() {
        return received.getLast();
    }

    void forget() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop();
    }

    private void gateway(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        String body = record(req);
        String rest = req.path().rawPath().substring(SERVICES.length());
        int slash = rest.indexOf('/');
        String target = slash < 0 ? rest : rest.substring(0, slash);
        URI service = services.get(target);
        if (service == null) {
            res.status(Status.NOT_FOUND_404).header(HeaderValues.CONTENT_TYPE_JSON)
                    .send("{\"detail\":\"No service '" + target + "' is deployed (see GET /services/)\"}");
            return;
        }
        String query = req.query().rawValue();
        URI uri = URI.create(service + (slash < 0 ? "/" : rest.substring(slash)) + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder out = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(req.prologue().method().text(), body.isEmpty()
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        req.headers().first(HeaderNames.CONTENT_TYPE).ifPresent(value -> out.header("Content-Type", value));
        HttpResponse<byte[]> answer = forwarder.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        res.status(Status.create(answer.statusCode()));
        answer.headers().firstValue("Content-Type").ifPresent(value -> res.header(HeaderNames.CONTENT_TYPE, value));
        res.send(answer.body());
    }

    private void notification(ServerRequest req, ServerResponse res) throws IOException {
        String body = record(req);
        int status = notificationStatus;
        res.status(Status.create(status)).header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(status < 300 ? body : "{\"detail\":\"the notification store is down\"}");
    }

    private String record(ServerRequest req) throws IOException {
        String body = "";
        if (req.content().hasEntity()) {
            try (InputStream in = req.content().inputStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        received.add(new Received(req.prologue().method().text(), req.path().rawPath(), req.query().rawValue(),
                req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                req.headers().first(HeaderNames.ACCEPT).orElse(null),
                req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), body));
        return body;
    }
}
