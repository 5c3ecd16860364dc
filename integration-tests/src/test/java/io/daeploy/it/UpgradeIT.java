package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.Notification;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data directory written by the release before schema migrations (a fixture made by
 * {@code src/test/fixtures/make-upgrade-fixture.sh}, not by hand) opened by this manager: migrated, and every service,
 * user, token and notification it recorded is there, the services answer again without a redeploy.
 */
class UpgradeIT {

    @Test
    void aDataDirectoryOfTheReleaseBeforeMigrationsIsMigratedAndKeepsEverything() throws Exception {
        Properties fixture = new Properties();
        try (InputStream in = UpgradeIT.class.getResourceAsStream("/upgrade/fixture.properties")) {
            fixture.load(in);
        }
        Path dataDir = TestPaths.newWorkDir("upgrade").resolve("data");
        Files.createDirectories(dataDir);
        try (InputStream db = UpgradeIT.class.getResourceAsStream("/upgrade/daeploy.mv.db")) {
            Files.copy(db, dataDir.resolve("daeploy.mv.db"));
        }
        String service = fixture.getProperty("service");
        List<String> versions = List.of(fixture.getProperty("versions").split(","));
        for (String version : versions) {
            // what the old manager had stored of the upload: the fixture service's jar and libraries
            installApplication(dataDir.resolve("services").resolve(service).resolve(version).resolve("app"));
        }

        try (ManagerProcess manager = ManagerProcess.startOn(dataDir, ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", fixture.getProperty("adminPassword")))) {
            ManagerClient client = new ManagerClient(manager.url(), fixture.getProperty("apiToken"), Duration.ofSeconds(60));
            manager.useClient(client);
            assertTrue(manager.output().contains("Database schema migrated to version"), manager.output());

            List<ServiceVersion> listed = client.services();
            assertEquals(versions, listed.stream().map(ServiceVersion::version).toList(), "every version, by the token kept");
            assertEquals(fixture.getProperty("main"), listed.stream().filter(ServiceVersion::main).findFirst().orElseThrow().version());
            for (String version : versions) {
                HttpResponse<String> answer = awaitAnswer(manager, fixture.getProperty("apiToken"),
                        "/services/" + service + "_" + version + "/hello");
                assertEquals("\"Hello Bob\"", answer.body(), "answers again without a redeploy");
            }

            new ManagerClient(manager.url(), null, Duration.ofSeconds(30))
                    .login(fixture.getProperty("user"), fixture.getProperty("userPassword")); // the user and password kept
            Notification kept = client.notifications().stream()
                    .filter(n -> n.message().equals(fixture.getProperty("notification"))).findFirst().orElseThrow();
            assertEquals(Long.parseLong(fixture.getProperty("notificationId")), kept.id());
            assertTrue(client.notify(new io.daeploy.common.NotificationRequest(service, versions.get(0), "after the upgrade",
                    io.daeploy.common.Severity.INFO, List.of(), 0)).id() > kept.id(), "new ids go on from the old ones");
        }
    }

    private static HttpResponse<String> awaitAnswer(ManagerProcess manager, String token, String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = Http.send(HttpRequest.newBuilder(manager.url().resolve(path)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bob\"}")));
            if (last.statusCode() == 200) {
                return last;
            }
            ManagerProcess.sleep(200);
        }
        throw new AssertionError(path + " did not answer within 60 s: " + (last == null ? "" : last.statusCode() + " "
                + last.body()) + "\n" + manager.output());
    }

    private static void installApplication(Path app) {
        Path fixture = TestPaths.fixtureDir();
        try {
            Files.createDirectories(app.resolve("libs"));
            Files.copy(fixture.resolve("fixture-service.jar"), app.resolve("application.jar"), StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> libs = Files.list(fixture.resolve("libs"))) {
                for (Path lib : libs.toList()) {
                    Files.copy(lib, app.resolve("libs").resolve(lib.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
