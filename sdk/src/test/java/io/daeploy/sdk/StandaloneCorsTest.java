package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.daeploy.common.CorsPolicy;

/**
 * A service run by itself with {@code DAEPLOY_CORS_ALLOWED_ORIGINS} answers CORS as the manager's gateway does:
 * preflights answered for any route, the headers on answers to an allowed origin, none for another origin, whose
 * request is still served.
 */
class StandaloneCorsTest {

    private static final String ALLOWED = "http://localhost:3000";
    private static final String OTHER = "http://elsewhere.example";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningService service;

    @BeforeAll
    static void start() {
        ServiceSettings settings = ServiceSettings.fromEnvironment(Map.of("DAEPLOY_SERVICE_NAME", "greeting",
                "DAEPLOY_CORS_ALLOWED_ORIGINS", ALLOWED), GreetingService.class);
        service = DaeployService.start(new GreetingService(), settings.withPort(0));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void theSettingsComeFromTheSameVariablesAsTheManagers() {
        assertEquals(CorsPolicy.off(), ServiceSettings.fromEnvironment(Map.of(), GreetingService.class).cors());
        assertTrue(ServiceSettings.fromEnvironment(Map.of("DAEPLOY_CORS_ALLOWED_ORIGINS", "https://app.example.com",
                "DAEPLOY_CORS_ALLOW_CREDENTIALS", "true"), GreetingService.class).cors().allowCredentials());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ServiceSettings.fromEnvironment(
                Map.of("DAEPLOY_CORS_ALLOWED_ORIGINS", "localhost:3000"), GreetingService.class));
        assertTrue(bad.getMessage().contains("DAEPLOY_CORS_ALLOWED_ORIGINS: 'localhost:3000' is not an origin"), bad.getMessage());
    }

    @Test
    void anAllowedPreflightIsAnsweredAndTheEntrypointsAnswerCarriesTheHeaders() throws Exception {
        HttpResponse<String> preflight = preflight("/hello", ALLOWED);
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals(List.of(ALLOWED), preflight.headers().allValues("Access-Control-Allow-Origin"));
        assertEquals("GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS",
                preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
        assertEquals("content-type", preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(null));

        HttpResponse<String> hello = post("/hello", ALLOWED, "{\"name\":\"Bob\"}");
        assertEquals(200, hello.statusCode(), hello.body());
        assertEquals("\"Hello Bob\"", hello.body());
        assertEquals(List.of(ALLOWED), hello.headers().allValues("Access-Control-Allow-Origin"));
        assertTrue(hello.headers().allValues("Vary").contains("Origin"), hello.headers().toString());

        HttpResponse<String> missing = post("/hello", ALLOWED, "{}");
        assertEquals(422, missing.statusCode());
        assertEquals(List.of(ALLOWED), missing.headers().allValues("Access-Control-Allow-Origin"), "a page reads what was wrong");
    }

    @Test
    void anotherOriginGetsNoCorsHeadersButItsRequestIsServed() throws Exception {
        HttpResponse<String> preflight = preflight("/hello", OTHER);
        assertEquals(403, preflight.statusCode());
        assertTrue(preflight.body().contains("\"detail\""), preflight.body());
        assertCorsFree(preflight);

        HttpResponse<String> hello = post("/hello", OTHER, "{\"name\":\"Bob\"}");
        assertEquals(200, hello.statusCode());
        assertCorsFree(hello);
    }

    private static void assertCorsFree(HttpResponse<String> res) {
        assertFalse(res.headers().map().keySet().stream().anyMatch(CorsPolicy::isCorsHeader), res.headers().toString());
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    private static HttpResponse<String> preflight(String path, String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String origin, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Origin", origin).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
