package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.Notification;
import io.daeploy.common.NotificationRequest;
import io.daeploy.common.ServiceVersion;
import io.daeploy.common.Severity;
import io.daeploy.manager.testing.PostgresCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real manager whose store is a real PostgreSQL database (DAEPLOY_DATABASE_URL), one of a cluster of the test's own:
 * what it records outlives it, and a data directory's H2 store moves there with {@code copy-to-postgresql}.
 */
class PostgresStoreIT {

    private static final String ADMIN_PASSWORD = "admin password 1";
    private static final String ANN_PASSWORD = "ann's password 1";

    /** What a user did before the manager went away: all of it must be there after. */
    private record Recorded(String apiToken, String revokedToken, long notificationId) {
    }

    private Map<String, String> postgresql;
    private ManagerProcess manager;

    @BeforeEach
    void database() {
        PostgresCluster cluster = PostgresCluster.shared();
        postgresql = ManagerProcess.env("DAEPLOY_DATABASE_URL", cluster.newDatabase(), "DAEPLOY_DATABASE_USER", cluster.user(),
                "DAEPLOY_DATABASE_PASSWORD", cluster.password(), "DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", ADMIN_PASSWORD);
    }

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void servicesUsersTokensAndNotificationsOutliveARestart() {
        manager = ManagerProcess.start("postgresql", postgresql);
        Recorded recorded = recordEverything();

        manager.stop();
        manager.restart();

        assertFalse(Files.exists(manager.dataDir().resolve("db").resolve("daeploy.mv.db")), "no H2 database beside it");
        assertEverythingIsThere(recorded);
    }

    @Test
    void aDataDirectorysStoreIsCopiedIntoAnEmptyDatabaseOnlyOnce() throws Exception {
        manager = ManagerProcess.start("h2-to-postgresql", ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", ADMIN_PASSWORD));
        Recorded recorded = recordEverything();
        manager.stop();

        Copy copy = copyToPostgresql(manager.dataDir());
        assertEquals(0, copy.exitCode(), copy.output());
        assertTrue(copy.output().contains("1 service_version, 1 notification, 2 manager_user"), copy.output());

        manager = ManagerProcess.startOn(manager.dataDir(), postgresql);
        assertEverythingIsThere(recorded);
        ServiceVersion deployed = client(login("admin", ADMIN_PASSWORD)).deploy("second", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), "the manager on PostgreSQL deploys: " + deployed.reason());
        assertTrue(client(login("admin", ADMIN_PASSWORD)).notify(new NotificationRequest("second", "1.0.0", "new one",
                Severity.INFO, List.of(), 0)).id() > recorded.notificationId(), "new notifications count on");

        manager.stop();
        Copy again = copyToPostgresql(manager.dataDir());
        assertEquals(2, again.exitCode(), again.output());
        assertTrue(again.output().contains("Daeploy manager cannot copy its store: The database at "
                + postgresql.get("DAEPLOY_DATABASE_URL") + " is not empty"), again.output());
        assertFalse(again.output().contains(postgresql.get("DAEPLOY_DATABASE_PASSWORD")), again.output());
    }

    private Recorded recordEverything() {
        String adminToken = login("admin", ADMIN_PASSWORD);
        ManagerClient admin = client(adminToken);
        ServiceVersion deployed = admin.deploy("survivor", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
        admin.addUser("ann", ANN_PASSWORD);
        String apiToken = admin.createToken(1).get("token").asText();
        JsonNode revoked = admin.createToken(null);
        HttpResponse<String> revocation = as(manager.url().resolve("/auth/token/" + revoked.get("id").asText()), adminToken, "DELETE");
        assertEquals(200, revocation.statusCode(), revocation.body());
        Notification raised = admin.notify(new NotificationRequest("survivor", "1.0.0", "disk almost full", Severity.WARNING,
                List.of(), 0));
        return new Recorded(apiToken, revoked.get("token").asText(), raised.id());
    }

    private void assertEverythingIsThere(Recorded recorded) {
        ManagerClient admin = client(login("admin", ADMIN_PASSWORD));
        login("ann", ANN_PASSWORD);
        ServiceVersion listed = admin.services().get(0);
        assertEquals(List.of("survivor", "1.0.0", "running"), List.of(listed.name(), listed.version(), listed.status()));
        HttpResponse<String> answer = awaitAnswering(recorded.apiToken());
        assertEquals(200, answer.statusCode(), "the API token made before: " + answer.body());
        assertEquals(401, as(manager.url().resolve("/services/"), recorded.revokedToken(), "GET").statusCode(),
                "the token revoked before");
        List<Notification> notifications = admin.notifications();
        assertEquals(List.of(recorded.notificationId()), notifications.stream().map(Notification::id).toList());
        assertEquals("disk almost full", notifications.get(0).message());
    }

    private record Copy(int exitCode, String output) {
    }

    private Copy copyToPostgresql(Path dataDir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ManagerProcess.javaBinary(), "-jar", TestPaths.managerJar().toString(),
                "copy-to-postgresql").redirectErrorStream(true);
        builder.environment().putAll(postgresql);
        builder.environment().put("DAEPLOY_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        return new Copy(process.exitValue(), output);
    }

    /** Logs in (a login that fails throws); the session token. */
    private String login(String user, String password) {
        return new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login(user, password);
    }

    private ManagerClient client(String token) {
        return new ManagerClient(manager.url(), token, Duration.ofSeconds(120));
    }

    private HttpResponse<String> awaitAnswering(String token) {
        HttpResponse<String> last = null;
        for (int i = 0; i < 100; i++) {
            last = as(manager.url().resolve("/services/survivor/whoami"), token, "GET");
            if (last.statusCode() == 200) {
                return last;
            }
            ManagerProcess.sleep(100);
        }
        return last;
    }

    private static HttpResponse<String> as(URI uri, String token, String method) {
        return Http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }
}
