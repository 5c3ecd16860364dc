package io.daeploy.it;

import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real managers on one real PostgreSQL database behind a real HAProxy that checks their health, as a Kubernetes
 * Service would put them (no cluster runs here): under steady load through HAProxy, the leader is stopped (SIGTERM)
 * or killed (SIGKILL). Services reach the installation through HAProxy ({@code DAEPLOY_FRONT_URL}), so those the gone
 * manager started still notify and call each other.
 */
class ManagersBehindALoadBalancerIT {

    private static final int LEASE_SECONDS = 3;
    private static final int CLIENTS = 4;

    private final List<AutoCloseable> started = new ArrayList<>();
    private ManagerProcess a;
    private ManagerProcess b;
    private HaproxyFront front;

    @BeforeEach
    void twoManagersBehindHaproxy() {
        int frontPort = ManagerProcess.freePort();
        Map<String, String> env = new HashMap<>(SharedDatabase.fresh(LEASE_SECONDS));
        env.put("DAEPLOY_FRONT_URL", "http://127.0.0.1:" + frontPort);
        env.put("DAEPLOY_LEAVE_SECONDS", "2"); // HAProxy checks every 500 ms: out after a failed check, before the manager stops listening
        a = ManagerProcess.start("behind-haproxy", named(env, "a"));
        started.add(a);
        b = ManagerProcess.startBeside(a, "b", named(env, "b"));
        started.add(b);
        front = HaproxyFront.before(List.of(a, b), frontPort);
        started.add(0, front);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable one : started.reversed()) {
            one.close();
        }
    }

    @Test
    void aLeaderStoppedUnderLoadFailsNoRequestAndWhatItStartedKeepsWorking() {
        ManagerClient api = new ManagerClient(front.url(), null, Duration.ofSeconds(120));
        deployRunning(api, "greeter", "1.0.0");
        deployRunning(api, "caller", "1.0.0");
        String pid = field(Http.get(front.url().resolve("/services/greeter/whoami")), "pid");

        SteadyLoad load = whileTheLeaderGoes(ManagerProcess::stop, 5_000); // SIGTERM
        System.out.println("Steady load through HAProxy while the leader stopped: " + load.succeeded() + " answered, "
                + load.failures().size() + " failed");
        assertEquals(List.of(), load.failures(), "not one request failed");
        assertTrue(load.succeeded() > 100, "the load ran: " + load.succeeded());

        assertEquals(pid, field(Http.get(front.url().resolve("/services/greeter/whoami")), "pid"), "not started again");
        deployRunning(api, "after", "1.0.0");
        HttpResponse<String> relayed = Http.postJson(front.url().resolve("/services/caller/relay"),
                "{\"service\":\"greeter\",\"name\":\"Ann\"}");
        assertEquals(200, relayed.statusCode(), "callService from a service the stopped manager started: " + relayed.body());
        assertTrue(relayed.body().contains("Hello Ann"), relayed.body());
        HttpResponse<String> raised = Http.postJson(front.url().resolve("/services/caller/raise"), "{\"message\":\"still here\"}");
        assertEquals(200, raised.statusCode(), raised.body());
        assertTrue(api.notifications().stream().anyMatch(n -> n.message().equals("still here")),
                   "its notification reached the installation");
    }

    @Test
    void aLeaderKilledUnderLoadFailsOnlyWhatWasInFlightOnItAndStartsNothingTwice() {
        ManagerClient api = new ManagerClient(front.url(), null, Duration.ofSeconds(120));
        deployRunning(api, "greeter", "1.0.0");
        String pid = field(Http.get(front.url().resolve("/services/greeter/whoami")), "pid");

        SteadyLoad load = whileTheLeaderGoes(ManagerProcess::kill9, LEASE_SECONDS * 1000 + 2_000);
        System.out.println("Steady load through HAProxy while the leader was killed: " + load.succeeded() + " answered, "
                + load.failures().size() + " failed " + load.failures());
        assertTrue(load.failures().size() <= CLIENTS, "at most the requests in flight on it: " + load.failures());
        assertEquals(pid, field(Http.get(front.url().resolve("/services/greeter/whoami")), "pid"), "not started twice");
        assertEquals(List.of("greeter 1.0.0 running"), api.services().stream()
                .map(s -> s.name() + " " + s.version() + " " + s.status()).toList(), "nothing recorded is lost");
        deployRunning(api, "after", "1.0.0");
    }

    /** Steady load through HAProxy from a second before the leader ({@code a}) goes to a second after {@code b} leads. */
    private SteadyLoad whileTheLeaderGoes(java.util.function.Consumer<ManagerProcess> goes, long withinMillis) {
        SteadyLoad load = SteadyLoad.on(front.url().resolve("/services/greeter/whoami"), CLIENTS);
        try {
            ManagerProcess.sleep(1_000);
            long since = System.nanoTime();
            goes.accept(a);
            System.out.println("New leader after " + b.awaitLeading(since, withinMillis) + " ms");
            ManagerProcess.sleep(1_000);
        } finally {
            load.close();
        }
        return load;
    }

    private static Map<String, String> named(Map<String, String> env, String name) {
        Map<String, String> own = new HashMap<>(env);
        own.put("DAEPLOY_MANAGER_NAME", name);
        return own;
    }

    private static void deployRunning(ManagerClient api, String name, String version) {
        ServiceVersion deployed = api.deploy(name, version, Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
    }



    private static String field(HttpResponse<String> answer, String name) {
        assertEquals(200, answer.statusCode(), answer.body());
        try {
            return Json.mapper().readTree(answer.body()).path(name).asText();
        } catch (IOException e) {
            throw new AssertionError(answer.body(), e);
        }
    }
}
