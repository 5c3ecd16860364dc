package io.daeploy.manager;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.manager.api.openapi.ApiRoute;
import io.daeploy.manager.api.openapi.ManagerApiRoutes;
import io.daeploy.manager.auth.AuthSettings;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.http.RouteCatalog;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manager's {@code /openapi} cannot drift from its routing: every route a real manager registers (listed by its
 * {@link RouteCatalog}) is described, and the document it serves holds exactly the routes registered.
 */
class RouteDocumentationTest {

    private static final String PASSWORD = "correct horse battery";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dataDir;

    @Test
    void withAuthenticationOnEveryRegisteredRouteIsDocumentedWithTheLoginsSecuritySchemes() throws Exception {
        try (ManagerServer manager = start(true)) {
            assertEveryRouteDocumented(manager);
            String token = manager.authentication().tokens().session("admin");
            JsonNode document = openApi(manager, token);
            assertTrue(document.path("paths").has("/auth/login"));
            assertTrue(document.path("paths").has("/admin/user/{name}"));
            assertEquals(Set.of("bearer", "cookie"), names(document.path("components").path("securitySchemes")));
            assertEquals(0, document.path("paths").path("/auth/login").path("get").path("security").size(), "open");
            assertTrue(document.path("paths").path("/services/").path("get").path("responses").has("401"));

            HttpResponse<String> docs = get(manager, "/docs", token);
            assertEquals(200, docs.statusCode());
            assertTrue(docs.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertTrue(docs.body().contains("assets/swagger-ui-bundle.js"), docs.body());
            HttpResponse<String> script = get(manager, "/docs/assets/swagger-ui-bundle.js", token);
            assertEquals(200, script.statusCode());
            assertTrue(script.body().length() > 100_000, "the webjar's bundle");
            assertEquals(404, get(manager, "/docs/assets/..%2Fpom.properties", token).statusCode());
            assertEquals(401, get(manager, "/docs", null).statusCode(), "behind the login like the dashboard");
        }
    }

    @Test
    void withAuthenticationOffTheDocumentHasNoLoginAndNoSecurity() throws Exception {
        try (ManagerServer manager = start(false)) {
            assertEveryRouteDocumented(manager);
            JsonNode document = openApi(manager, null);
            assertFalse(document.path("paths").has("/auth/login"));
            assertFalse(document.path("paths").has("/admin/user/"));
            assertTrue(document.path("paths").has("/auth/verify"));
            assertTrue(document.path("components").path("securitySchemes").isMissingNode());
            assertFalse(document.path("paths").path("/services/").path("get").path("responses").has("401"));
            for (String path : List.of("/services/", "/services/~deploy", "/services/~image", "/services/~assign",
                    "/services/~logs", "/services/~inspection", "/services/~shadow", "/notifications/", "/logs/",
                    "/services/{name}/{path}")) {
                assertTrue(document.path("paths").has(path), path + " in " + names(document.path("paths")));
            }
            JsonNode deploy = document.path("paths").path("/services/~deploy").path("post").path("responses");
            assertTrue(deploy.path("200").path("content").has("application/x-ndjson"), "the progress stream");
            assertTrue(deploy.path("201").path("content").has("application/json"));
            assertEquals("#/components/schemas/Error", deploy.path("422").path("content").path("application/json")
                    .path("schema").path("$ref").asText());
            Files.writeString(Path.of("target", "manager-openapi.json"), document.toPrettyString());
        }
    }

    private ManagerServer start(boolean auth) {
        ManagerSettings settings = ManagerSettings.from(Config.empty(),
                Map.of("DAEPLOY_PORT", "0", "DAEPLOY_DATA_DIR", dataDir.toString()));
        return ManagerServer.start(settings, new AuthSettings(auth, auth ? Optional.of(PASSWORD) : Optional.empty()),
                Config.empty());
    }

    /** A registered route missing from {@link ManagerApiRoutes} fails here, naming it. */
    private static void assertEveryRouteDocumented(ManagerServer manager) {
        Set<String> described = ManagerApiRoutes.all().stream().map(ApiRoute::key).collect(Collectors.toSet());
        List<String> undocumented = manager.routes().routes().stream().map(r -> r.method() + " " + r.path())
                .filter(route -> !described.contains(route)).toList();
        assertEquals(List.of(), undocumented, "routes missing from ManagerApiRoutes");
    }

    private static JsonNode openApi(ManagerServer manager, String token) throws Exception {
        HttpResponse<String> res = get(manager, "/openapi", token);
        assertEquals(200, res.statusCode(), res.body());
        return Json.mapper().readTree(res.body());
    }

    private static HttpResponse<String> get(ManagerServer manager, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + manager.port() + path))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> names(JsonNode object) {
        return object.properties().stream().map(Map.Entry::getKey).collect(Collectors.toSet());
    }
}
