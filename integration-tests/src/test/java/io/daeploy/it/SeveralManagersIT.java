package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ServiceVersion;
import io.daeploy.manager.testing.PostgresCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real managers on one real PostgreSQL database (a cluster of the test's own) and one data directory, as on one
 * host without Kubernetes: both serve the API and the gateway, one leads (starts and stops services), and what one
 * changes the other routes by within a second. The leader stopping, killed, or paused past its lease: the other takes
 * over, and the paused one does nothing once it resumes.
 */
class SeveralManagersIT {

    private static final int LEASE_SECONDS = 3;

    private final List<ManagerProcess> managers = new java.util.ArrayList<>();
    private Map<String, String> database;

    @BeforeEach
    void database() {
        PostgresCluster cluster = PostgresCluster.shared();
        database = ManagerProcess.env("DAEPLOY_DATABASE_URL", cluster.newDatabase(), "DAEPLOY_DATABASE_USER", cluster.user(),
                "DAEPLOY_DATABASE_PASSWORD", cluster.password(), "DAEPLOY_LEASE_SECONDS", Integer.toString(LEASE_SECONDS));
    }

    @AfterEach
    void stop() {
        for (ManagerProcess manager : managers.reversed()) {
            if (manager.alive()) {
                manager.signal("CONT"); // one a test paused
            }
            manager.close();
        }
    }

    @Test
    void whatOneManagerChangesTheOtherRoutesByWithinASecond() {
        ManagerProcess a = first("a");
        ManagerProcess b = beside(a, "b");
        assertTrue(leads(a), "the first manager leads");
        assertFalse(leads(b), "the second follows");

        deployRunning(a, "spread", "1.0.0");
        long deployed = System.nanoTime();
        awaitWithinASecond(b, "spread", answer -> answer.statusCode() == 200 && version(answer).equals("1.0.0"), deployed,
                           "a version deployed through a answers through b");

        ServiceVersion shadow = b.client().deploy("spread", "2.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", shadow.status(), "a deploy through the manager that follows ends once the leader started it: "
                + shadow.reason());
        b.client().assign("spread", "2.0.0");
        long assigned = System.nanoTime();
        awaitWithinASecond(a, "spread", answer -> answer.statusCode() == 200 && version(answer).equals("2.0.0"), assigned,
                           "an assign on b moves a's routing");

        a.client().kill("spread", null);
        long killed = System.nanoTime();
        awaitWithinASecond(b, "spread", answer -> answer.statusCode() == 404, killed, "a kill through a is a 404 on b");
    }

    @Test
    void whenTheLeaderStopsTheOtherLeadsAtOnceAndKeepsItsServices() {
        ManagerProcess a = first("a");
        ManagerProcess b = beside(a, "b");
        String pid = pid(deployRunning(a, "kept", "1.0.0"), a);

        long stopped = System.nanoTime();
        a.stop(); // SIGTERM: the lease is handed over
        // handed over: taken at once, not once the lease ran out
        awaitLeading(b, stopped, LEASE_SECONDS * 1000 - 500, "after a SIGTERM to the leader");
        assertEquals(pid, pid(answer(b, "kept"), b), "the service a started answers through b, not started again");
        assertEquals(1, processesOf("kept_1.0.0"), "one JVM of it");
        deployRunning(b, "after", "1.0.0");
    }

    @Test
    void whenTheLeaderIsKilledTheOtherTakesOverWithinTheLease() {
        ManagerProcess a = first("a");
        ManagerProcess b = beside(a, "b");
        String pid = pid(deployRunning(a, "survivor", "1.0.0"), a);

        long killed = System.nanoTime();
        a.kill9();
        awaitLeading(b, killed, LEASE_SECONDS * 1000 + 2_000, "after kill -9 of the leader (lease " + LEASE_SECONDS + " s)");
        assertEquals(pid, pid(answer(b, "survivor"), b), "taken on, not started twice");
        assertEquals(1, processesOf("survivor_1.0.0"), "one JVM of it");
        assertEquals(List.of("survivor 1.0.0 running"), b.client().services().stream()
                .map(s -> s.name() + " " + s.version() + " " + s.status()).toList(), "nothing recorded is lost");
    }

    @Test
    void aLeaderPausedPastItsLeaseDoesNothingOnceResumed() {
        ManagerProcess a = first("a");
        ManagerProcess b = beside(a, "b");
        deployRunning(a, "stale", "1.0.0");

        a.signal("STOP");
        awaitLeading(b, System.nanoTime(), LEASE_SECONDS * 1000 + 3_000, "while the leader is paused");
        b.client().kill("stale", null);
        deployRunning(b, "fresh", "1.0.0");
        int linesBefore = a.output().split("\n").length;

        a.signal("CONT");
        awaitOutput(a, "does not lead any more");
        ManagerProcess.sleep(2 * LEASE_SECONDS * 1000L); // its timers, resync and health checks had their turn
        assertFalse(leads(a), "the resumed manager follows");
        assertTrue(leads(b));
        assertEquals(0, processesOf("stale_1.0.0"), "the paused leader did not start again what was killed meanwhile");
        assertEquals(1, processesOf("fresh_1.0.0"), "nor a second JVM of what the new leader started");
        assertEquals(List.of("fresh 1.0.0 running"), b.client().services().stream()
                .map(s -> s.name() + " " + s.version() + " " + s.status()).toList(), "the store is as the new leader left it");
        List<String> afterResume = List.of(a.output().split("\n")).subList(linesBefore, a.output().split("\n").length);
        assertTrue(afterResume.stream().noneMatch(line -> line.contains("Restarting") || line.contains("Deploying")
                || line.contains(" is running at ") || line.contains("Killed ")),
                "the resumed manager started or stopped nothing: " + String.join("\n", afterResume));
    }

    private ManagerProcess first(String name) {
        ManagerProcess manager = ManagerProcess.start("several-managers", withName(name));
        managers.add(manager);
        return manager;
    }

    private ManagerProcess beside(ManagerProcess first, String name) {
        ManagerProcess manager = ManagerProcess.startBeside(first, name, withName(name));
        managers.add(manager);
        return manager;
    }

    private Map<String, String> withName(String name) {
        Map<String, String> env = new HashMap<>(database);
        env.put("DAEPLOY_MANAGER_NAME", name);
        return env;
    }

    private static HttpResponse<String> deployRunning(ManagerProcess manager, String name, String version) {
        ServiceVersion deployed = manager.client().deploy(name, version, Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
        return answer(manager, name);
    }

    private static HttpResponse<String> answer(ManagerProcess manager, String name) {
        return Http.get(manager.url().resolve("/services/" + name + "/whoami"));
    }

    /** Waits for the answer, and asserts it came within a second of {@code since}. */
    private static void awaitWithinASecond(ManagerProcess manager, String name, Predicate<HttpResponse<String>> expected,
                                           long since, String what) {
        HttpResponse<String> last = null;
        while (System.nanoTime() - since < 5_000_000_000L) {
            last = answer(manager, name);
            if (expected.test(last)) {
                long millis = (System.nanoTime() - since) / 1_000_000;
                System.out.println(what + ": " + millis + " ms");
                assertTrue(millis <= 1_000, what + " took " + millis + " ms");
                return;
            }
            ManagerProcess.sleep(10);
        }
        throw new AssertionError(what + ": not within 5 s; last answer " + (last == null ? "none" : last.statusCode() + " "
                + last.body()));
    }

    private static void awaitLeading(ManagerProcess manager, long since, long withinMillis, String what) {
        while (!leads(manager)) {
            long millis = (System.nanoTime() - since) / 1_000_000;
            assertTrue(millis < withinMillis, "no new leader within " + withinMillis + " ms " + what);
            ManagerProcess.sleep(50);
        }
        System.out.println("New leader " + what + ": " + (System.nanoTime() - since) / 1_000_000 + " ms");
    }

    private static void awaitOutput(ManagerProcess manager, String text) {
        for (int i = 0; i < 200 && !manager.output().contains(text); i++) {
            ManagerProcess.sleep(50);
        }
        assertTrue(manager.output().contains(text), "the manager's output says '" + text + "':\n" + manager.output());
    }

    /** What the manager's health says of it: whether it leads. */
    private static boolean leads(ManagerProcess manager) {
        HttpResponse<String> health = Http.get(manager.url().resolve("/observe/health"));
        try {
            for (JsonNode check : Json.mapper().readTree(health.body()).path("checks")) {
                if (check.path("name").asText().equals("runtime")) {
                    return check.path("data").path("leads").asBoolean(false);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("health is not JSON: " + health.body(), e);
        }
        throw new AssertionError("no runtime check in " + health.body());
    }

    private static String version(HttpResponse<String> answer) {
        return field(answer, "version");
    }

    private static String pid(HttpResponse<String> answer, ManagerProcess through) {
        assertEquals(200, answer.statusCode(), "through " + through.url() + ": " + answer.body());
        return field(answer, "pid");
    }

    private static String field(HttpResponse<String> answer, String name) {
        try {
            return Json.mapper().readTree(answer.body()).path(name).asText();
        } catch (IOException e) {
            return "";
        }
    }

    /** Service JVMs of a version now running on this machine. */
    private static long processesOf(String qualifiedName) {
        return ProcessHandle.allProcesses()
                .filter(p -> ManagerProcess.arguments(p).contains("-Ddaeploy.service=" + qualifiedName))
                .count();
    }
}
