package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.DeployOptions;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale to zero with a real manager and real service JVMs: a version that served no request for its idle time-out is
 * stopped and listed as idle; requests to it are held while it starts again and then answered, each once; copies never
 * wake a shadow; a service's call wakes another; a version that cannot start answers the waiting requests with a 503
 * naming why. Idle and awake again ten times leaves no process, port or file handle behind.
 */
class ScaleToZeroIT {

    private static ManagerProcess manager;
    private static ManagerClient client;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        manager = ManagerProcess.start("scale-to-zero", Map.of());
        client = manager.client();
    }

    @AfterAll
    static void stop() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void fiftyConcurrentRequestsToAnIdleVersionAllSucceedOnceItIsUp() throws Exception {
        deploy("sleepy", "1.0.0", "2s");
        long firstPid = pid("/services/sleepy/whoami");
        awaitStatus("sleepy", "1.0.0", "idle");
        assertFalse(alive(firstPid), "the idle version's JVM is gone");

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(HTTP.sendAsync(post("/services/sleepy/hello", "{\"name\":\"caller " + i + "\"}"),
                                     HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> answer = calls.get(i).join();
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("\"Hello caller " + i + "\"", answer.body());
        }
        assertEquals("running", status("sleepy", "1.0.0"));
        long woken = pid("/services/sleepy/whoami");
        assertTrue(woken != firstPid && alive(woken), "a new JVM answers");
        assertEquals(1, countLines(manager.output(), "sleepy_1.0.0 got a request while idle: starting it"),
                "one start for fifty waiting requests");
    }

    @Test
    void idleAndAwakeTenTimesLeavesNoProcessPortOrFileHandleBehind() throws Exception {
        deploy("cycler", "1.0.0", "1s");
        Set<Long> pids = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        int handlesAfterFirstWake = -1;
        for (int cycle = 0; cycle < 10; cycle++) {
            awaitStatus("cycler", "1.0.0", "idle");
            HttpResponse<String> answer = HTTP.send(post("/services/cycler/hello", "{\"name\":\"again\"}"),
                                                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            pids.add(pid("/services/cycler/whoami"));
            ports.add(port("cycler", "1.0.0"));
            if (cycle == 0) {
                handlesAfterFirstWake = openFiles(manager.pid());
            }
        }
        awaitStatus("cycler", "1.0.0", "idle");

        assertEquals(10, pids.size(), "each wake started a JVM of its own");
        for (long pid : pids) {
            assertFalse(alive(pid), "pid " + pid + " still runs");
        }
        assertEquals(List.of(), runningMarkedAs("cycler_1.0.0"), "no JVM of the version runs while it is idle");
        for (int port : ports) {
            assertThrows(ConnectException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                }
            }, "port " + port + " is still listened on");
        }
        // the gateway closes a connection idle for 15 s: those to the stopped JVMs go within that
        int handles = openFiles(manager.pid());
        Instant end = Instant.now().plusSeconds(30);
        while (handles > handlesAfterFirstWake && Instant.now().isBefore(end)) {
            ManagerProcess.sleep(500);
            handles = openFiles(manager.pid());
        }
        assertTrue(handles <= handlesAfterFirstWake, "the manager holds " + handles + " files and sockets after ten"
                + " wakes, " + handlesAfterFirstWake + " after the first");
    }

    @Test
    void copiesNeverWakeAnIdleShadowAndAreCountedAsDropped() throws Exception {
        deploy("mirrored", "1.0.0", null);
        deploy("mirrored", "2.0.0", "1s");
        awaitStatus("mirrored", "2.0.0", "idle");

        for (int i = 0; i < 5; i++) {
            assertEquals(200, HTTP.send(post("/services/mirrored/hello", "{\"name\":\"main\"}"),
                                        HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        assertEquals("idle", status("mirrored", "2.0.0"), "copies did not wake the shadow");
        JsonNode report = client.shadowComparison("mirrored").get("shadows").get(0);
        assertEquals(5, report.get("droppedWhileIdle").asInt(), report.toString());

        HttpResponse<String> direct = HTTP.send(post("/services/mirrored_2.0.0/hello", "{\"name\":\"shadow\"}"),
                                                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, direct.statusCode(), direct.body());
        assertEquals("running", status("mirrored", "2.0.0"), "a request of its own wakes it");
    }

    @Test
    void aCallFromAnotherServiceWakesAnIdleService() throws Exception {
        deploy("callee", "1.0.0", "1s");
        deploy("caller", "1.0.0", null);
        awaitStatus("callee", "1.0.0", "idle");

        HttpResponse<String> relayed = HTTP.send(post("/services/caller/relay", "{\"service\":\"callee\",\"name\":\"Ann\"}"),
                                                 HttpResponse.BodyHandlers.ofString());

        assertEquals(200, relayed.statusCode(), relayed.body());
        assertEquals("\"Hello Ann\"", relayed.body());
        assertEquals("running", status("callee", "1.0.0"));
    }

    @Test
    void aVersionThatCannotStartAgainAnswersTheWaitingRequestWithA503NamingWhy() throws Exception {
        deploy("broken", "1.0.0", "1s");
        awaitStatus("broken", "1.0.0", "idle");
        Path jar = manager.dataDir().resolve("services/broken/1.0.0/app/application.jar");
        Files.writeString(jar, "not a jar any more");

        HttpResponse<String> answer = HTTP.send(post("/services/broken/hello", "{\"name\":\"anyone\"}"),
                                                HttpResponse.BodyHandlers.ofString());

        assertEquals(503, answer.statusCode(), answer.body());
        String detail = Json.mapper().readTree(answer.body()).get("detail").asText();
        assertTrue(detail.startsWith("Service broken 1.0.0 was idle and could not be started again: it failed to start:"
                + " exited with code 1 during start-up"), detail);
        assertEquals("failed", status("broken", "1.0.0"));
        assertTrue(client.notifications().stream().anyMatch(n -> n.message().startsWith("Failed: exited with code 1")),
                   client.notifications().toString());
    }

    @Test
    void aBadIdleTimeoutIsRefusedNamingTheFieldAndNothingIsDeployed() {
        io.daeploy.common.ManagerException refused = assertThrows(io.daeploy.common.ManagerException.class,
                () -> client.deploy("typo", "1.0.0", Map.of(), FixtureApp.zip(), new DeployOptions(null, null, null, "ten minutes"),
                                    step -> { }));
        assertEquals(422, refused.status());
        assertEquals("Field idleTimeout: must be a duration such as 90s, 10m or 2h, or off; got 'ten minutes'", refused.detail());
        assertTrue(client.services().stream().noneMatch(s -> s.name().equals("typo")));
    }

    private static void deploy(String name, String version, String idleTimeout) {
        ServiceVersion deployed = client.deploy(name, version, Map.of(), FixtureApp.zip(),
                                                new DeployOptions(null, null, null, idleTimeout), step -> { });
        assertEquals("running", deployed.status(), deployed.reason());
    }

    private static HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(manager.url().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static String status(String name, String version) {
        return client.services().stream().filter(s -> s.name().equals(name) && s.version().equals(version))
                .findFirst().orElseThrow().status();
    }

    private static void awaitStatus(String name, String version, String wanted) {
        Instant end = Instant.now().plusSeconds(30);
        String last = null;
        while (Instant.now().isBefore(end)) {
            last = status(name, version);
            if (last.equals(wanted)) {
                return;
            }
            ManagerProcess.sleep(100);
        }
        throw new AssertionError(name + " " + version + " is " + last + ", not " + wanted + ", after 30 s");
    }

    private static long pid(String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(manager.url().resolve(path)).build(),
                                                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.mapper().readTree(answer.body()).get("pid").asLong();
    }

    private static int port(String name, String version) {
        JsonNode inspection = client.inspection(name, version);
        return URI.create(inspection.findValue("endpoint").asText()).getPort();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<Long> runningMarkedAs(String qualifiedName) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).contains("-Ddaeploy.service=" + qualifiedName))
                .map(ProcessHandle::pid).toList();
    }

    private static int openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) fds.count();
        }
    }

    private static long countLines(String text, String wanted) {
        Predicate<String> has = line -> line.contains(wanted);
        return text.lines().filter(has).count();
    }
}
