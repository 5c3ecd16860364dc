package io.daeploy.manager;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.manager.http.RouteCatalog;
import io.daeploy.manager.api.auth.AuthFilter;
import io.daeploy.manager.api.openapi.DocumentedAnswers;
import io.daeploy.manager.auth.AuthSettings;
import io.daeploy.manager.config.ManagerSettings;
import io.helidon.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of a real manager (started in this JVM with authentication on), enumerated from its
 * routing: without a token, with a forged, expired or revoked one, with a valid one, and with a
 * service's token.
 */
class AuthMatrixTest {

    private static final String PASSWORD = "correct horse battery";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path dataDir;
    private static ManagerServer manager;
    private static URI url;
    private static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        ManagerSettings settings = ManagerSettings.from(Config.empty(),
                Map.of("DAEPLOY_PORT", "0", "DAEPLOY_DATA_DIR", dataDir.toString()));
        manager = ManagerServer.start(settings, new AuthSettings(true, Optional.of(PASSWORD)), Config.empty());
        url = URI.create("http://127.0.0.1:" + manager.port());
        adminToken = login("admin", PASSWORD);
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static HttpResponse<String> call(String method, String path, String token, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        DocumentedAnswers.check(method, path, res.statusCode(), res.headers().firstValue("Content-Type").orElse(null),
                res.body());
        return res;
    }

    private static HttpResponse<String> call(String method, String path, String token) throws Exception {
        return call(method, path, token, "application/json");
    }

    /** Logs in through the form as a browser would and returns the session cookie's token. */
    private static String login(String user, String password) throws Exception {
        HttpResponse<String> res = postForm("username=" + enc(user) + "&password=" + enc(password) + "&next=%2F");
        assertEquals(303, res.statusCode(), res.body());
        String cookie = res.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
        return cookie.substring("daeploy=".length(), cookie.indexOf(';'));
    }

    private static HttpResponse<String> postForm(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url.resolve("/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A request line for a catalogued route: path parameters and wildcards filled in. */
    private static List<String[]> requests() {
        List<String[]> requests = new ArrayList<>();
        for (RouteCatalog.Route route : manager.routes().routes()) {
            String path = route.path().replaceAll("\\{[^}]+}", "x").replace("*", "x");
            path = path.isEmpty() ? "/" : path;
            List<String> methods = route.method().equals("ANY") ? List.of("GET", "POST") : List.of(route.method());
            for (String method : methods) {
                requests.add(new String[]{method, path});
            }
        }
        return requests;
    }

    @Test
    void everyRouteIsCatalogued() {
        List<String> paths = manager.routes().routes().stream().map(r -> r.method() + " " + r.path()).toList();
        for (String expected : List.of("GET /services/", "POST /services/~deploy", "DELETE /services/", "PUT /services/~assign",
                "GET /services/~logs", "ANY /services/{name}/*", "GET /notifications/", "GET /logs/", "GET /~version",
                "POST /auth/token", "DELETE /admin/user/{name}", "GET /")) {
            assertTrue(paths.contains(expected), expected + " missing from " + paths);
        }
    }

    @Test
    void withoutATokenEveryGuardedRouteIs401AndTheOpenOnesAnswer() throws Exception {
        for (String[] r : requests()) {
            HttpResponse<String> res = call(r[0], r[1], null);
            assertTrue(res.statusCode() < 500, r[0] + " " + r[1] + " without a token or body: " + res.statusCode() + " "
                    + res.body());
            if (AuthFilter.isOpen(r[1])) {
                assertNotEquals(401, res.statusCode(), r[0] + " " + r[1] + " is open");
            } else {
                assertEquals(401, res.statusCode(), r[0] + " " + r[1] + " without a token: " + res.body());
                assertTrue(res.body().contains("Not logged in"), res.body());
            }
        }
    }

    @Test
    void aLoginWithoutBodyOrFieldsSaysWhatIsMissing() throws Exception {
        HttpResponse<String> noBody = call("POST", "/auth/login", null);
        assertEquals(400, noBody.statusCode(), noBody.body());
        assertEquals("Log in with the form fields username and password (application/x-www-form-urlencoded);"
                + " missing: username, password", Json.mapper().readTree(noBody.body()).get("detail").asText());
        HttpResponse<String> noPassword = postForm("username=admin");
        assertEquals(400, noPassword.statusCode(), noPassword.body());
        assertTrue(noPassword.body().contains("missing: password\""), noPassword.body());

        HttpResponse<String> browser = HTTP.send(HttpRequest.newBuilder(url.resolve("/auth/login"))
                .header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&next=%2Flogs%2F")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, browser.statusCode(), "a browser goes back to the form");
        String location = browser.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/auth/login?error=") && location.contains("missing%3A+password")
                && location.endsWith("&next=%2Flogs%2F"), location);
        HttpResponse<String> page = call("GET", location, null, "text/html");
        assertTrue(page.body().contains("missing: password"), page.body());
    }

    @Test
    void afterTheLoginTheBrowserGoesToThePageItAskedForOnThisManagerOnly() throws Exception {
        HttpResponse<String> local = postForm("username=admin&password=" + enc(PASSWORD) + "&next=" + enc("/logs/?tail=5"));
        assertEquals(303, local.statusCode());
        assertEquals("/logs/?tail=5", local.headers().firstValue("Location").orElseThrow());
        for (String away : List.of("http://evil.example/", "//evil.example", "/\\evil.example")) {
            HttpResponse<String> res = postForm("username=admin&password=" + enc(PASSWORD) + "&next=" + enc(away));
            assertEquals("/", res.headers().firstValue("Location").orElseThrow(), away);
            HttpResponse<String> page = call("GET", "/auth/login?next=" + enc(away), null, "text/html");
            assertFalse(page.body().contains("evil.example"), "the form does not carry " + away + " on");
        }
    }

    @Test
    void theSessionCookieLastsSevenDaysAndScriptsCannotReadIt() throws Exception {
        HttpResponse<String> res = postForm("username=admin&password=" + enc(PASSWORD));
        List<String> attributes = List.of(res.headers().firstValue("Set-Cookie").orElseThrow().split(";\\s*"));
        assertTrue(attributes.contains("Max-Age=604800"), attributes.toString());
        assertTrue(attributes.contains("HttpOnly"), attributes.toString());
        assertTrue(attributes.contains("SameSite=Lax"), attributes.toString());
        assertTrue(attributes.contains("Path=/"), attributes.toString());
        assertFalse(attributes.contains("Secure"), "plain HTTP: a Secure cookie would never come back");
        HttpResponse<String> proxied = HTTP.send(HttpRequest.newBuilder(url.resolve("/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + enc(PASSWORD))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(List.of(proxied.headers().firstValue("Set-Cookie").orElseThrow().split(";\\s*")).contains("Secure"),
                   "behind an HTTPS proxy");
    }

    @Test
    void aBrowserWithoutACookieIsSentToTheLoginPage() throws Exception {
        HttpResponse<String> res = call("GET", "/services/?x=1", null, "text/html,application/xhtml+xml");
        assertEquals(303, res.statusCode());
        assertEquals("/auth/login?next=%2Fservices%2F%3Fx%3D1", res.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> page = call("GET", "/auth/login?next=%2Fservices%2F", null, "text/html");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("name=\"password\"") && page.body().contains("value=\"/services/\""), page.body());
    }

    @Test
    void forgedExpiredAndRevokedTokensAre401() throws Exception {
        String forged = JWT.create().withIssuer("daeploy-manager").withSubject("admin").withJWTId("x")
                .withClaim("kind", "session").sign(Algorithm.HMAC256("not the secret"));
        String expired = JWT.create().withIssuer("daeploy-manager").withSubject("admin").withJWTId("y")
                .withClaim("kind", "session").withExpiresAt(Instant.now().minusSeconds(60)).sign(Algorithm.HMAC256(secret()));
        JsonNode created = Json.mapper().readTree(call("POST", "/auth/token", adminToken).body());
        String revoked = created.get("token").asText();
        assertEquals(200, call("GET", "/services/", revoked).statusCode(), "a fresh API token works");
        assertEquals(200, call("DELETE", "/auth/token/" + created.get("id").asText(), adminToken).statusCode());

        JsonNode expiring = Json.mapper().readTree(call("POST", "/auth/token?days=3", adminToken).body());
        String revokedExpiring = expiring.get("token").asText();
        assertEquals(200, call("GET", "/services/", revokedExpiring).statusCode(), "a fresh expiring API token works");
        assertEquals(200, call("DELETE", "/auth/token/" + expiring.get("id").asText(), adminToken).statusCode());
        HttpResponse<String> unknown = call("DELETE", "/auth/token/no-such-token", adminToken);
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("You have no token no-such-token"), unknown.body());

        for (String bad : List.of(forged, expired, revoked, revokedExpiring, "not-a-jwt")) {
            for (String[] r : requests()) {
                if (!AuthFilter.isOpen(r[1])) {
                    assertEquals(401, call(r[0], r[1], bad).statusCode(), r[0] + " " + r[1]);
                }
            }
        }
    }

    @Test
    void withAValidTokenNoRouteIs401() throws Exception {
        for (String[] r : requests()) {
            if (r[1].equals("/auth/logout")) {
                continue;
            }
            HttpResponse<String> res = call(r[0], r[1], adminToken);
            assertNotEquals(401, res.statusCode(), r[0] + " " + r[1] + ": " + res.body());
            assertNotEquals(403, res.statusCode(), r[0] + " " + r[1] + ": " + res.body());
            assertTrue(res.statusCode() < 500, r[0] + " " + r[1] + " without a body: " + res.statusCode() + " " + res.body());
        }
    }

    @Test
    void aServiceTokenCallsServicesAndNotifiesButNothingElse() throws Exception {
        String service = manager.authentication().serviceToken("caller_1.0.0").orElseThrow();
        assertEquals(404, call("POST", "/services/other/roll", service).statusCode(), "reaches the gateway");
        assertEquals(400, call("POST", "/notifications/", service).statusCode(), "reaches notifications (empty body)");
        assertEquals(403, call("GET", "/admin/user/", service).statusCode());
        assertEquals(403, call("GET", "/services/", service).statusCode());
        assertEquals(403, call("POST", "/services/~deploy", service).statusCode());
        assertEquals(403, call("GET", "/logs/", service).statusCode());

        manager.authentication().revokeServiceToken("caller_1.0.0");
        assertEquals(401, call("POST", "/services/other/roll", service).statusCode(), "revoked when the version is killed");
    }

    @Test
    void usersTheirTokensAndTheAdminRules() throws Exception {
        HttpRequest add = HttpRequest.newBuilder(url.resolve("/admin/user/bob")).header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"bobs password\"}")).build();
        assertEquals(201, HTTP.send(add, HttpResponse.BodyHandlers.ofString()).statusCode());
        String bob = login("bob", "bobs password");
        assertEquals(200, call("GET", "/services/", bob).statusCode());
        assertEquals(403, call("GET", "/admin/user/", bob).statusCode(), "only the admin manages users");
        JsonNode bobsApiToken = Json.mapper().readTree(call("POST", "/auth/token?days=1", bob).body());
        assertTrue(bobsApiToken.has("expiresAt"));
        assertEquals(bobsApiToken.get("id").asText(),
                     Json.mapper().readTree(call("GET", "/auth/token", bob).body()).get(0).get("id").asText());
        assertEquals(422, call("POST", "/auth/token?days=soon", bob).statusCode());

        assertEquals(403, call("DELETE", "/admin/user/admin", adminToken).statusCode(), "the admin cannot be removed");
        assertEquals(200, call("DELETE", "/admin/user/bob", adminToken).statusCode());
        assertEquals(401, call("GET", "/services/", bob).statusCode(), "a removed user's session ends");
        assertEquals(401, call("GET", "/services/", bobsApiToken.get("token").asText()).statusCode());
    }

    /** DAEPLOY_ADMIN_PASSWORD only creates the admin: afterwards the admin changes the password like any user's. */
    @Test
    void theAdminChangesTheirOwnPasswordThroughTheApi() throws Exception {
        assertEquals(200, changePassword("admin", "the admin's new password").statusCode());
        try {
            login("admin", "the admin's new password");
            assertEquals(401, postForm("username=admin&password=" + enc(PASSWORD)).statusCode(), "the one of the start");
        } finally {
            assertEquals(200, changePassword("admin", PASSWORD).statusCode());
        }
    }

    private static HttpResponse<String> changePassword(String user, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url.resolve("/admin/user/" + user)).header("Authorization", "Bearer " + adminToken)
                .PUT(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(java.util.Map.of("password", password))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void repeatedFailedLoginsAreRefusedForAWhile() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, postForm("username=admin2&password=guess" + i).statusCode());
        }
        HttpResponse<String> locked = postForm("username=admin2&password=guess");
        assertEquals(429, locked.statusCode(), locked.body());
        assertTrue(locked.body().contains("try again in"), locked.body());
    }

    @Test
    void tokensNeverReachTheLog() throws Exception {
        call("GET", "/services/", adminToken);
        call("GET", "/services/", "not-a-jwt");
        assertEquals(401, postForm("username=admin&password=" + enc("a wrong password 42")).statusCode());
        JsonNode api = Json.mapper().readTree(call("POST", "/auth/token?days=1", adminToken).body());
        String apiToken = api.get("token").asText();
        call("GET", "/services/", apiToken);
        call("DELETE", "/auth/token/" + api.get("id").asText(), adminToken);
        call("GET", "/services/", apiToken);
        String log = Files.readString(dataDir.resolve("logs").resolve("manager.0.log"));
        assertTrue(log.contains("Authentication is on"), "the log is the manager's: " + log);
        for (String secret : List.of(adminToken, apiToken, PASSWORD, "a wrong password 42")) {
            assertFalse(log.contains(secret), secret + " is in the log");
        }
    }

    /** The signing secret, read from the manager's own database (same JVM, so H2 shares it). */
    private static byte[] secret() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + io.daeploy.manager.store.Database.file(dataDir) + ";DB_CLOSE_ON_EXIT=FALSE",
                "daeploy", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT setting_value FROM manager_setting WHERE name = 'jwt-secret'")) {
            rs.next();
            return Base64.getDecoder().decode(rs.getString(1));
        }
    }
}
