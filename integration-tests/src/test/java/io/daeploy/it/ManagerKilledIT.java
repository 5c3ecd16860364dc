package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The manager killed with SIGKILL in the middle of a deploy, of a kill and right after an assign: after its restart,
 * what runs matches what was recorded, nothing is half done, and no route leads to a dead endpoint (no 502).
 */
class ManagerKilledIT {

    private ManagerProcess manager;
    private ManagerClient client;

    @BeforeEach
    void start() {
        manager = ManagerProcess.start("killed", Map.of());
        client = manager.client();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void killedInTheMiddleOfADeployTheVersionEndsUpRunningOnce() {
        CompletableFuture<?> deploy = CompletableFuture.runAsync(() -> {
            try {
                client.deploy("halfway", "1.0.0", Map.of("FIXTURE_START_DELAY_MS", "5000"), FixtureApp.zip());
            } catch (RuntimeException expected) {
                // the manager died under it
            }
        });
        await("a JVM of halfway is launched", () -> !jvms("halfway_1.0.0").isEmpty());
        manager.kill9();
        deploy.join();
        manager.restart();

        awaitAnswering("/services/halfway/whoami");
        ServiceVersion listed = client.services().get(0);
        assertEquals("running", listed.status(), listed.reason());
        assertEquals(1, jvms("halfway_1.0.0").size(), "one JVM of the version, not a second one beside it");
    }

    @Test
    void killedInTheMiddleOfAKillTheVersionIsGoneAfterTheRestart() throws Exception {
        assertEquals("running", client.deploy("leaving", "1.0.0", Map.of("FIXTURE_STOP_DELAY_MS", "4000"), FixtureApp.zip())
                .status());
        Path log = manager.dataDir().resolve("services/leaving/1.0.0/logs/service.log");
        CompletableFuture<?> kill = CompletableFuture.runAsync(() -> {
            try {
                client.kill("leaving", "1.0.0");
            } catch (RuntimeException expected) {
                // the manager died under it
            }
        });
        await("the service was asked to stop", () -> Files.exists(log) && read(log).contains("FixtureService stopping slowly"));
        manager.kill9();
        kill.join();
        manager.restart();

        await("the killed version is gone from the list", () -> client.services().isEmpty());
        await("its JVM is gone", () -> jvms("leaving_1.0.0").isEmpty());
        assertFalse(Files.exists(manager.dataDir().resolve("services/leaving/1.0.0")), "its files are gone");
        assertEquals(404, Http.get(manager.url().resolve("/services/leaving/whoami")).statusCode());
    }

    @Test
    void killedRightAfterAnAssignTheNewMainStaysMain() {
        client.deploy("switching", "1.0.0", Map.of(), FixtureApp.zip());
        client.deploy("switching", "2.0.0", Map.of(), FixtureApp.zip());
        long oldMainPid = pidOf("/services/switching_1.0.0/whoami");

        client.assign("switching", "2.0.0");
        manager.kill9();
        manager.restart();

        JsonNode answer = awaitAnswering("/services/switching/whoami");
        assertEquals("2.0.0", answer.get("version").asText());
        assertTrue(client.services().stream().anyMatch(v -> v.version().equals("2.0.0") && v.main()));
        assertEquals(oldMainPid, pidOf("/services/switching_1.0.0/whoami"), "the shadow was taken on, not restarted");
    }

    /** Polls the gateway until it answers 200; a 502 on the way would be a route to a dead endpoint. */
    private JsonNode awaitAnswering(String path) {
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        String last = "";
        while (Instant.now().isBefore(end)) {
            HttpResponse<String> res = Http.get(manager.url().resolve(path));
            assertNotEquals(502, res.statusCode(), "a route to a dead endpoint: " + res.body());
            if (res.statusCode() == 200) {
                try {
                    return Json.mapper().readTree(res.body());
                } catch (Exception e) {
                    throw new AssertionError(res.body(), e);
                }
            }
            last = res.statusCode() + " " + res.body();
            ManagerProcess.sleep(100);
        }
        fail(path + " did not answer within 30 s; last " + last + "\n" + manager.output());
        return null;
    }

    private long pidOf(String path) {
        return awaitAnswering(path).get("pid").asLong();
    }

    /** The service JVMs of a version this manager started (by the marker argument the process runtime gives them). */
    private List<ProcessHandle> jvms(String qualifiedName) {
        String marker = "-Ddaeploy.service=" + qualifiedName;
        String folder = manager.dataDir().toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> ManagerProcess.arguments(p).contains(marker)
                        && ManagerProcess.arguments(p).stream().anyMatch(a -> a.startsWith(folder) || a.contains(":" + folder)))
                .toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }

    private void await(String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                fail("not within 30 s: " + what + "\n" + manager.output());
            }
            ManagerProcess.sleep(50);
        }
    }
}
