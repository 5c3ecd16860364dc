package io.daeploy.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import io.daeploy.common.Notification;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A manager process with authentication on: the plugin logs in, services use their own tokens. */
class AuthIT {

    private static final String ADMIN_PASSWORD = "admin password 1";

    private static ManagerProcess manager;
    private static ManagerClient admin;
    private static String adminToken;
    private static Path work;
    private static Map<String, String> userEnv;

    @BeforeAll
    static void start() {
        manager = ManagerProcess.start("auth", ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", ADMIN_PASSWORD));
        adminToken = new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login("admin", ADMIN_PASSWORD);
        admin = new ManagerClient(manager.url(), adminToken, Duration.ofSeconds(120));
        manager.useClient(admin);
        work = TestPaths.newWorkDir("auth-user");
        userEnv = Map.of("DAEPLOY_CONFIG", work.resolve("config.json").toString());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static MavenRun.Result goal(String goal, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = plugin(goal);
        System.arraycopy(args, 0, all, 1, args.length);
        return MavenRun.mvn(work, userEnv, all);
    }

    @Test
    void theGatewayNeedsATokenAndServicesUseTheirOwn() throws Exception {
        ServiceVersion deployed = admin.deploy("guarded", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());

        HttpResponse<String> anonymous = Http.postJson(manager.url().resolve("/services/guarded/hello"), "{\"name\":\"x\"}");
        assertEquals(401, anonymous.statusCode());
        String token = admin.createToken(1).get("token").asText();
        HttpResponse<String> allowed = Http.send(HttpRequest.newBuilder(manager.url().resolve("/services/guarded/relay"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"guarded\",\"name\":\"Ann\"}")));
        assertEquals(200, allowed.statusCode(), "the service called the gateway with its own token: " + allowed.body());
        assertEquals("\"Hello Ann\"", allowed.body());

        HttpResponse<String> raised = Http.send(HttpRequest.newBuilder(manager.url().resolve("/services/guarded/raise"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"from inside\"}")));
        assertEquals("true", raised.body());
        Notification n = admin.notifications().stream().filter(x -> x.message().equals("from inside")).findFirst().orElseThrow();
        assertEquals("guarded", n.serviceName());
        assertEquals("1.0.0", n.serviceVersion());
    }

    @Test
    void thePluginLogsInWithAPasswordAndSaysWhenItIsLoggedOut() {
        admin.addUser("carol", "carols password");
        MavenRun.Result wrong = goal("login", "-Ddaeploy.host=" + manager.url(), "-Ddaeploy.username=carol",
                "-Ddaeploy.password=not it");
        assertEquals(1, wrong.exitCode(), wrong.output());
        assertTrue(wrong.output().contains("Wrong user name or password"), wrong.output());

        MavenRun.Result login = goal("login", "-Ddaeploy.host=" + manager.url(), "-Ddaeploy.username=carol",
                "-Ddaeploy.password=carols password").requireSuccess();
        assertTrue(login.output().contains("logged in as carol"), login.output());
        goal("ls").requireSuccess();
        MavenRun.Result token = goal("token", "-Ddaeploy.days=2").requireSuccess();
        assertTrue(token.output().contains("Authorization: Bearer"), token.output());
        assertEquals(1, goal("user-ls").exitCode(), "carol is no admin");

        admin.removeUser("carol");
        MavenRun.Result loggedOut = goal("ls");
        assertEquals(1, loggedOut.exitCode(), loggedOut.output());
        assertTrue(loggedOut.output().contains("Logged out from " + manager.url() + ", log in again"), loggedOut.output());
    }

    @Test
    void theAdminManagesUsersWithThePlugin() {
        goal("login", "-Ddaeploy.host=" + manager.url(), "-Ddaeploy.username=admin",
             "-Ddaeploy.password=" + ADMIN_PASSWORD).requireSuccess();
        goal("user-add", "-Ddaeploy.username=dave", "-Ddaeploy.password=daves password").requireSuccess();
        assertTrue(goal("user-ls").requireSuccess().output().contains("dave"));
        goal("user-password", "-Ddaeploy.username=dave", "-Ddaeploy.password=another password").requireSuccess();
        new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login("dave", "another password");
        goal("user-rm", "-Ddaeploy.username=dave", "-Ddaeploy.yes").requireSuccess();
        ManagerException gone = assertThrows(ManagerException.class,
                () -> new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login("dave", "another password"));
        assertEquals(401, gone.status());
        goal("logout").requireSuccess();
    }

    @Test
    void loggingOutWithThePluginEndsTheSessionOnTheManager() throws Exception {
        admin.addUser("erin", "erins password");
        Path erinsWork = TestPaths.newWorkDir("auth-erin");
        Map<String, String> erinsEnv = Map.of("DAEPLOY_CONFIG", erinsWork.resolve("config.json").toString());
        MavenRun.mvn(erinsWork, erinsEnv, plugin("login"), "-Ddaeploy.host=" + manager.url(), "-Ddaeploy.username=erin",
                     "-Ddaeploy.password=erins password").requireSuccess();
        String stored = new ObjectMapper().readTree(erinsWork.resolve("config.json").toFile())
                .path("accessTokens").path(manager.url().toString()).asText();
        ManagerClient asErin = new ManagerClient(manager.url(), stored, Duration.ofSeconds(30));
        assertEquals("erin", asErin.verify().path("name").asText());

        MavenRun.Result logout = MavenRun.mvn(erinsWork, erinsEnv, plugin("logout")).requireSuccess();
        assertTrue(logout.output().contains("Logged out from " + manager.url()), logout.output());
        ManagerException ended = assertThrows(ManagerException.class, asErin::verify, "a copy of the token is useless now");
        assertEquals(401, ended.status());
        String elsewhere = new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login("erin", "erins password");
        assertEquals("erin", new ManagerClient(manager.url(), elsewhere, Duration.ofSeconds(30)).verify().path("name").asText(),
                     "her other sessions go on");
    }

    /**
     * The token of a version, as the real deploy gave it: read from the environment of the service's JVM
     * (Linux /proc; the manager shows it nowhere, by design), then the version is killed.
     */
    @Test
    void killingAVersionRevokesItsTokenAndNoSecretReachesTheManagersLog() throws Exception {
        ServiceVersion deployed = admin.deploy("holder", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
        HttpResponse<String> whoami = Http.send(HttpRequest.newBuilder(manager.url().resolve("/services/holder/whoami"))
                .header("Authorization", "Bearer " + adminToken).GET());
        assertEquals(200, whoami.statusCode(), whoami.body());
        Path environ = Path.of("/proc", new ObjectMapper().readTree(whoami.body()).get("pid").asText(), "environ");
        assumeTrue(Files.isReadable(environ), "no /proc to read the service's environment from");
        String serviceToken = Arrays.stream(Files.readString(environ).split("\0"))
                .filter(v -> v.startsWith("DAEPLOY_SERVICE_TOKEN=")).map(v -> v.substring(v.indexOf('=') + 1))
                .findFirst().orElseThrow(() -> new AssertionError("the service got no DAEPLOY_SERVICE_TOKEN"));
        assertEquals(200, asService(serviceToken, "/services/holder/hello").statusCode(), "the service's token works");

        admin.kill("holder", "1.0.0");
        HttpResponse<String> afterKill = asService(serviceToken, "/services/holder/hello");
        assertEquals(401, afterKill.statusCode(), "revoked, not merely a service that is gone (404): " + afterKill.body());
        assertEquals(401, asService(serviceToken, "/notifications/").statusCode());

        String apiToken = admin.createToken(null).get("token").asText();
        ManagerException wrong = assertThrows(ManagerException.class,
                () -> new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login("admin", "wrong password 77"));
        assertEquals(401, wrong.status());
        Path logFile = manager.dataDir().resolve("logs").resolve("manager.0.log");
        String log = Files.readString(logFile) + manager.output();
        assertTrue(log.contains("holder"), "the manager logged the deploy: " + log);
        Map<String, String> secrets = Map.of("the service token", serviceToken, "an API token", apiToken,
                "the admin's session", adminToken, "the admin password", ADMIN_PASSWORD, "a wrong password", "wrong password 77");
        secrets.forEach((what, secret) -> assertFalse(log.contains(secret), what + " is in the manager's log"));
    }

    /** docs/security.md: the credentials a caller shows the manager are not passed on to the service. */
    @Test
    void theGatewayKeepsTheCallersManagerCredentialsFromTheService() {
        ServiceVersion deployed = admin.deploy("echo", "1.0.0", Map.of(), HeaderEchoApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());

        HttpResponse<String> api = Http.send(HttpRequest.newBuilder(manager.url().resolve("/services/echo/headers"))
                .header("Authorization", "Bearer " + adminToken).header("Cookie", "daeploy=" + adminToken + "; theme=dark")
                .header("X-Request-Note", "kept").GET());
        assertEquals(200, api.statusCode(), api.body());
        assertTrue(api.body().contains("x-request-note: kept"), "other headers go through: " + api.body());
        assertTrue(api.body().contains("cookie: theme=dark\n"), "the service's own cookies go through: " + api.body());
        assertFalse(api.body().contains("authorization"), api.body());
        assertFalse(api.body().contains(adminToken), api.body());

        // RFC 9110 §7.6.1: a header the caller's Connection header names is for the hop to the manager only
        String raw = rawGet("/services/echo/headers", "Authorization: Bearer " + adminToken,
                            "Connection: close, X-Hop-Secret", "X-Hop-Secret: hidden", "X-Request-Note: kept");
        assertTrue(raw.contains("x-request-note: kept"), raw);
        assertFalse(raw.toLowerCase().contains("x-hop-secret"), "a Connection-nominated header stays on its hop: " + raw);

        HttpResponse<String> browser = Http.send(HttpRequest.newBuilder(manager.url().resolve("/services/echo/page"))
                .header("Cookie", "daeploy=" + adminToken).GET());
        assertEquals(200, browser.statusCode(), browser.body());
        assertFalse(browser.body().contains("cookie"), "a request with the session cookie alone: " + browser.body());
        admin.kill("echo", "1.0.0");
    }

    /** A POST with a service's token, as callService and notify make it. */
    private static HttpResponse<String> asService(String token, String path) {
        return Http.send(HttpRequest.newBuilder(manager.url().resolve(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));
    }

    @Test
    void thePluginLogsInWithATokenAndSaysWhenItWasRevoked() throws Exception {
        Path tokenWork = TestPaths.newWorkDir("auth-token");
        Map<String, String> tokenEnv = Map.of("DAEPLOY_CONFIG", tokenWork.resolve("config.json").toString());
        var created = admin.createToken(null);
        MavenRun.Result login = MavenRun.mvn(tokenWork, tokenEnv, plugin("login"), "-Ddaeploy.host=" + manager.url(),
                "-Ddaeploy.token=" + created.get("token").asText()).requireSuccess();
        assertTrue(login.output().contains("logged in as admin"), login.output());
        MavenRun.mvn(tokenWork, tokenEnv, plugin("ls")).requireSuccess();

        HttpResponse<String> revoked = Http.send(HttpRequest.newBuilder(
                manager.url().resolve("/auth/token/" + created.get("id").asText()))
                .header("Authorization", "Bearer " + adminToken).DELETE());
        assertEquals(200, revoked.statusCode(), revoked.body());
        MavenRun.Result loggedOut = MavenRun.mvn(tokenWork, tokenEnv, plugin("ls"));
        assertEquals(1, loggedOut.exitCode(), loggedOut.output());
        assertTrue(loggedOut.output().contains("Logged out from " + manager.url() + ", log in again"), loggedOut.output());

        MavenRun.Result refused = MavenRun.mvn(tokenWork, tokenEnv, plugin("login"), "-Ddaeploy.host=" + manager.url(),
                "-Ddaeploy.token=" + created.get("token").asText());
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("The manager at " + manager.url() + " does not accept that token"),
                   refused.output());
    }

    private static String plugin(String goal) {
        return "io.daeploy:daeploy-maven-plugin:" + TestPaths.projectVersion() + ":" + goal;
    }

    /** A request as bytes on a socket: java.net.http will not send a Connection header of the caller's choosing. */
    private static String rawGet(String path, String... headers) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", manager.port())) {
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("\r\n"); // the caller's Connection header says close
            socket.getOutputStream().write(request.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.setSoTimeout(10_000);
            // one answer, framed by its Content-Length or chunks: the connection may stay open after it
            java.io.InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                got.write(b);
                String text = got.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end < 0) {
                    continue;
                }
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
                if (length.find() && text.length() - end - 4 >= Integer.parseInt(length.group(1))) {
                    break;
                }
                if (text.toLowerCase().contains("transfer-encoding: chunked") && text.endsWith("\r\n0\r\n\r\n")) {
                    break;
                }
            }
            return got.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
