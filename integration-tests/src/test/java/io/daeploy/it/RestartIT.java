package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.Notification;
import io.daeploy.common.ServiceVersion;
import io.daeploy.common.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The manager and its services survive each other's deaths. */
class RestartIT {

    private ManagerProcess manager;
    private ManagerClient client;

    @BeforeEach
    void deploy() {
        manager = ManagerProcess.start("restart", Map.of());
        client = manager.client();
        ServiceVersion deployed = client.deploy("survivor", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    private long servicePid() {
        HttpResponse<String> res = Http.get(manager.url().resolve("/services/survivor/whoami"));
        assertEquals(200, res.statusCode(), res.body());
        try {
            JsonNode who = Json.mapper().readTree(res.body());
            return who.get("pid").asLong();
        } catch (Exception e) {
            throw new AssertionError(res.body(), e);
        }
    }

    /** Waits until the gateway answers for the service again, and returns its pid. */
    private long awaitAnswering(Duration within) {
        Instant end = Instant.now().plus(within);
        String last = "";
        while (Instant.now().isBefore(end)) {
            HttpResponse<String> res = Http.get(manager.url().resolve("/services/survivor/whoami"));
            if (res.statusCode() == 200) {
                return servicePid();
            }
            last = res.statusCode() + " " + res.body();
            ManagerProcess.sleep(100);
        }
        fail("survivor did not answer within " + within + "; last answer " + last + "\n" + manager.output());
        return -1;
    }

    @Test
    void afterKill9TheServiceIsListedAndAnswersWithoutRedeploy() {
        long pid = servicePid();
        manager.kill9();
        manager.restart();

        assertEquals(pid, awaitAnswering(Duration.ofSeconds(5)), "the running JVM is adopted, not restarted");
        ServiceVersion listed = client.services().get(0);
        assertEquals("survivor", listed.name());
        assertEquals("running", listed.status());
        assertTrue(listed.main());
    }

    @Test
    void afterAGracefulStopTheServiceAnswersAgain() {
        long pid = servicePid();
        manager.stop();
        manager.restart();
        assertEquals(pid, awaitAnswering(Duration.ofSeconds(5)));
    }

    @Test
    void aServiceThatDiedWhileTheManagerWasDownIsStartedAgain() {
        long pid = servicePid();
        manager.kill9();
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        manager.restart();
        long newPid = awaitAnswering(Duration.ofSeconds(30));
        assertNotEquals(pid, newPid);
        assertTrue(manager.client().notifications().stream().anyMatch(
                        n -> n.message().equals("Was not running when the manager started; starting it again")),
                   "the user hears that it was down: " + manager.client().notifications());
    }

    @Test
    void aCrashedServiceIsRestartedWithBackOff() {
        long pid = servicePid();
        HttpResponse<String> res = Http.postJson(manager.url().resolve("/services/survivor/crash"), "{\"code\":7}");
        assertEquals(200, res.statusCode(), res.body());
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());

        long newPid = awaitAnswering(Duration.ofSeconds(30));
        assertNotEquals(pid, newPid);
        JsonNode inspection = client.inspection("survivor", "1.0.0");
        assertEquals(1, inspection.get("restarts").asInt(), inspection.toString());
        assertEquals("running", inspection.get("status").asText());

        Notification crashed = client.notifications().stream()
                .filter(n -> n.serviceName().equals("survivor") && n.message().startsWith("Crashed with exit code 7"))
                .findFirst().orElseThrow(() -> new AssertionError("no crash notification: " + client.notifications()));
        assertEquals("1.0.0", crashed.serviceVersion());
        assertEquals(Severity.WARNING, crashed.severity());
        assertTrue(crashed.message().contains("restarting (attempt 1 of"), crashed.message());
    }
}
