package io.daeploy.manager.gateway;

import io.daeploy.common.CorsPolicy;
import io.daeploy.common.Status;
import io.daeploy.manager.config.ManagerSettings.GatewaySettings;
import io.daeploy.manager.core.RouteTable;
import io.daeploy.manager.http.CorsFilter;
import io.daeploy.manager.http.HttpErrors;
import io.daeploy.manager.errors.DomainException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS through the gateway's real routes with the manager's filter in front, to a service on raw sockets that records
 * what reached it: preflights are answered by the manager and never forwarded, answers from the service leave with
 * the manager's CORS headers in place of the service's own, and a request from an origin not on the list is still
 * served, only without CORS headers.
 */
@ServerTest
class GatewayCorsTest {

    private static final String ALLOWED = "http://app.example:3000";
    private static final String OTHER = "http://elsewhere.example";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RawBackend backend;

    private final URI url;

    GatewayCorsTest(WebServer server) {
        this.url = URI.create("http://127.0.0.1:" + server.port());
    }

    /**
     * As the manager's server: the test server also gets the features Helidon's registry finds on the class path, its
     * own CORS feature among them (it comes with the observe module), which allows any origin; the manager has none.
     */
    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        server.features(server.features().stream().filter(feature -> !feature.type().equals("cors")).toList());
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws IOException {
        backend = new RawBackend();
        RouteTable routes = new RouteTable();
        routes.replace(List.of(new RouteTable.Target("raw", "1.0.0", true, Status.RUNNING, null, List.of(backend.endpoint()))));
        ProxyForwarder forwarder = new ProxyForwarder(new GatewaySettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 4, 64 * 1024));
        CorsFilter.register(routing, CorsPolicy.parse(ALLOWED, false));
        routing.any("/services/*", new GatewayHandler(routes, forwarder, new ShadowMirror(forwarder, 4, 64 * 1024)))
                .error(DomainException.class, HttpErrors::handle);
    }

    @AfterAll
    static void stop() throws IOException {
        backend.close();
    }

    @BeforeEach
    void aServiceThatAnswersCorsItself() {
        backend.forget();
        backend.answer((request, out) -> out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                + "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Credentials: true\r\n"
                + "Access-Control-Expose-Headers: X-Secret\r\nVary: Accept-Encoding\r\n\r\nok").getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void anAllowedPreflightIsAnsweredByTheManagerAndNeverForwarded() throws Exception {
        HttpResponse<String> res = preflight("/services/raw/hello", ALLOWED, "POST", "content-type, x-daeploy-version");
        assertEquals(204, res.statusCode(), res.body());
        assertEquals(List.of(ALLOWED), res.headers().allValues("Access-Control-Allow-Origin"));
        assertEquals("GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS", res.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
        assertEquals("content-type, x-daeploy-version", res.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
        assertEquals("600", res.headers().firstValue("Access-Control-Max-Age").orElse(null));
        assertTrue(res.headers().firstValue("Vary").orElse("").startsWith("Origin"), res.headers().toString());
        assertNull(res.headers().firstValue("Access-Control-Allow-Credentials").orElse(null), "credentials are off");
        assertNull(backend.next(1), "the service never sees a preflight");
    }

    @Test
    void aPreflightFromAnotherOriginIsRefusedWithoutCorsHeadersAndNotForwarded() throws Exception {
        HttpResponse<String> res = preflight("/services/raw/hello", OTHER, "POST", "content-type");
        assertEquals(403, res.statusCode());
        assertTrue(res.body().contains("Origin " + OTHER + " is not allowed"), res.body());
        assertCorsFree(res);
        assertNull(backend.next(1), "the service never sees a preflight");
    }

    @Test
    void theServicesAnswerLeavesWithTheManagersCorsHeadersInsteadOfItsOwn() throws Exception {
        HttpResponse<String> res = post("/services/raw/hello", ALLOWED);
        assertEquals(200, res.statusCode());
        assertEquals("ok", res.body());
        assertEquals(List.of(ALLOWED), res.headers().allValues("Access-Control-Allow-Origin"), "the manager's, alone");
        assertEquals(List.of("X-Daeploy-Version"), res.headers().allValues("Access-Control-Expose-Headers"));
        assertEquals(List.of(), res.headers().allValues("Access-Control-Allow-Credentials"), "the service's is dropped");
        String vary = String.join(",", res.headers().allValues("Vary"));
        assertTrue(vary.contains("Accept-Encoding") && vary.contains("Origin"), vary);
        assertEquals("1.0.0", res.headers().firstValue("X-Daeploy-Version").orElse(null));
        assertNotNull(backend.next(5), "the request itself went to the service");
    }

    @Test
    void aRequestFromAnotherOriginIsServedWithoutCorsHeaders() throws Exception {
        HttpResponse<String> res = post("/services/raw/hello", OTHER);
        assertEquals(200, res.statusCode(), "CORS is the browser's to enforce");
        assertEquals("ok", res.body());
        assertCorsFree(res);
        assertTrue(String.join(",", res.headers().allValues("Vary")).contains("Origin"), "caches keep origins apart");
        assertNotNull(backend.next(5));
    }

    @Test
    void aStreamedAnswerAndTheGatewaysOwnRefusalCarryTheHeadersToo() throws Exception {
        backend.answer((request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nAccess-Control-Allow-Origin: *\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 20; i++) {
                out.write(("1000\r\n" + "x".repeat(4096) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
        HttpResponse<String> streamed = post("/services/raw/stream", ALLOWED);
        assertEquals(200, streamed.statusCode());
        assertEquals(20 * 4096, streamed.body().length());
        assertEquals(List.of(ALLOWED), streamed.headers().allValues("Access-Control-Allow-Origin"));

        HttpResponse<String> unknown = post("/services/nobody/hello", ALLOWED);
        assertEquals(404, unknown.statusCode());
        assertEquals(List.of(ALLOWED), unknown.headers().allValues("Access-Control-Allow-Origin"),
                "a page can read why its call failed");
    }

    @Test
    void withoutAnOriginTheServicesCorsHeadersAreDroppedAllTheSame() throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(url.resolve("/services/raw/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        assertCorsFree(res);
    }

    private static void assertCorsFree(HttpResponse<String> res) {
        Map<String, List<String>> headers = res.headers().map();
        assertTrue(headers.keySet().stream().noneMatch(CorsPolicy::isCorsHeader), headers.toString());
    }

    private HttpResponse<String> preflight(String path, String origin, String method, String headers) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url.resolve(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url.resolve(path)).POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bob\"}"))
                .header("Origin", origin).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
