package io.daeploy.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A real manager as a release before incremental deploys answers: every request is passed to it, but the incremental
 * deploy routes answer 404 as its gateway answers any unknown {@code /services/~...} route.
 */
final class EarlierManager implements AutoCloseable {

    private static final List<String> NEWER_ROUTES = List.of("/services/~blobs/", "/services/~deploy/manifest");

    private final URI manager;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private EarlierManager(URI manager) throws IOException {
        this.manager = manager;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static EarlierManager before(URI manager) {
        try {
            return new EarlierManager(manager);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] request = body.readAllBytes();
            if (NEWER_ROUTES.stream().anyMatch(path::startsWith)) {
                answer(exchange, 404, "application/json", ("{\"detail\":\"No manager route " + path + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(manager.resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofMinutes(5))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(request));
            for (String header : List.of("Content-Type", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    forward.header(header, value);
                }
            }
            HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer(exchange, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("text/plain"), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
