package io.daeploy.manager;

import io.daeploy.common.CorsPolicy;
import io.daeploy.manager.auth.AuthSettings;
import io.daeploy.manager.config.ManagerSettings;
import io.helidon.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS on the manager's own routes, in a real manager started in this JVM with authentication on and
 * {@code DAEPLOY_CORS_ALLOWED_ORIGINS} set: preflights answered before authentication (a browser sends them without
 * credentials), actual answers (refusals and errors included) carrying the headers for an allowed origin only, and a
 * manager without the setting answering as it always did.
 */
class CorsApiTest {

    private static final String ALLOWED = "http://localhost:3000";
    private static final String OTHER = "http://elsewhere.example";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    @TempDir
    static Path plainDataDir;
    private static ManagerServer manager;
    private static ManagerServer plain;
    private static String token;

    @BeforeAll
    static void start() {
        manager = ManagerServer.start(ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_PORT", "0",
                        "DAEPLOY_DATA_DIR", dataDir.toString(), "DAEPLOY_CORS_ALLOWED_ORIGINS", ALLOWED + ",https://app.example.com")),
                new AuthSettings(true, Optional.of("correct horse battery")), Config.empty());
        token = manager.authentication().tokens().session("admin");
        plain = ManagerServer.start(ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_PORT", "0",
                "DAEPLOY_DATA_DIR", plainDataDir.toString())), new AuthSettings(false, Optional.empty()), Config.empty());
    }

    @AfterAll
    static void stop() {
        manager.close();
        plain.close();
    }

    @Test
    void preflightsToTheApiAndTheGatewayAreAnsweredWithoutCredentials() throws Exception {
        for (String path : List.of("/services/~deploy", "/notifications/", "/auth/token", "/logs/", "/observe/metrics",
                "/services/nobody/hello")) {
            HttpResponse<String> res = preflight(manager, path, ALLOWED, "POST", "authorization, content-type");
            assertEquals(204, res.statusCode(), path + ": " + res.body());
            assertEquals(List.of(ALLOWED), res.headers().allValues("Access-Control-Allow-Origin"), path);
            assertEquals("authorization, content-type", res.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
            assertEquals("600", res.headers().firstValue("Access-Control-Max-Age").orElse(null));
        }
    }

    @Test
    void aPreflightFromAnotherOriginIsRefusedWithoutCorsHeaders() throws Exception {
        HttpResponse<String> res = preflight(manager, "/services/~deploy", OTHER, "POST", "content-type");
        assertEquals(403, res.statusCode());
        assertTrue(res.body().contains("DAEPLOY_CORS_ALLOWED_ORIGINS"), res.body());
        assertCorsFree(res);
        HttpResponse<String> trace = preflight(manager, "/services/", ALLOWED, "TRACE", null);
        assertEquals(403, trace.statusCode(), "a method the APIs do not answer");
    }

    @Test
    void answersToAnAllowedOriginCarryTheHeadersRefusalsAndErrorsToo() throws Exception {
        HttpResponse<String> list = get(manager, "/services/", ALLOWED, token);
        assertEquals(200, list.statusCode(), list.body());
        assertEquals(List.of(ALLOWED), list.headers().allValues("Access-Control-Allow-Origin"));
        assertEquals("X-Daeploy-Version", list.headers().firstValue("Access-Control-Expose-Headers").orElse(null));
        assertTrue(list.headers().allValues("Vary").contains("Origin"), list.headers().toString());
        assertEquals(List.of(), list.headers().allValues("Access-Control-Allow-Credentials"), "credentials are off by default");

        HttpResponse<String> noToken = get(manager, "/services/", ALLOWED, null);
        assertEquals(401, noToken.statusCode(), "a page reads why it was refused");
        assertEquals(List.of(ALLOWED), noToken.headers().allValues("Access-Control-Allow-Origin"));

        HttpResponse<String> unknown = get(manager, "/services/~inspection?name=nobody&version=1.0.0", ALLOWED, token);
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals(List.of(ALLOWED), unknown.headers().allValues("Access-Control-Allow-Origin"), "an error handler's answer");

        HttpResponse<String> health = get(manager, "/observe/health", "https://app.example.com", null);
        assertEquals(200, health.statusCode());
        assertEquals(List.of("https://app.example.com"), health.headers().allValues("Access-Control-Allow-Origin"));
    }

    @Test
    void aRequestFromAnotherOriginIsServedWithoutCorsHeaders() throws Exception {
        HttpResponse<String> res = get(manager, "/services/", OTHER, token);
        assertEquals(200, res.statusCode(), "CORS is the browser's to enforce; the token decides");
        assertCorsFree(res);
    }

    @Test
    void withoutTheSettingNothingChanges() throws Exception {
        HttpResponse<String> preflight = preflight(plain, "/services/~deploy", ALLOWED, "POST", "content-type");
        assertCorsFree(preflight);
        HttpResponse<String> list = get(plain, "/services/", ALLOWED, null);
        assertEquals(200, list.statusCode());
        assertCorsFree(list);
        assertEquals(List.of(), list.headers().allValues("Vary"));
    }

    private static void assertCorsFree(HttpResponse<String> res) {
        assertTrue(res.headers().map().keySet().stream().noneMatch(CorsPolicy::isCorsHeader), res.headers().toString());
    }

    private static URI url(ManagerServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> preflight(ManagerServer server, String path, String origin, String method,
                                                  String headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(server, path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) {
            request.header("Access-Control-Request-Headers", headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ManagerServer server, String path, String origin, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(server, path)).header("Origin", origin)
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
