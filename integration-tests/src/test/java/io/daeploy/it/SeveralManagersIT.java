package io.daeploy.it;

import io.daeploy.common.Json;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.daeploy.it.FixtureAnswers.answer;
import static io.daeploy.it.FixtureAnswers.deployRunning;
import static io.daeploy.it.FixtureAnswers.field;
import static io.daeploy.it.FixtureAnswers.pid;
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
        database = SharedDatabase.fresh(LEASE_SECONDS);
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
        assertTrue(a.leads(), "the first manager leads");
        assertFalse(b.leads(), "the second follows");

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

        HttpResponse<String> own = Http.get(b.url().resolve("/logs/?tail=all"));
        assertEquals("b", own.headers().firstValue("X-Daeploy-Manager").orElse(""), "GET /logs/ names whose log it is");
        HttpResponse<String> other = Http.get(b.url().resolve("/logs/?tail=all&manager=a"));
        assertEquals("a", other.headers().firstValue("X-Daeploy-Manager").orElse(""));
        assertTrue(other.body().contains("This manager (a) leads now"), "a's log, answered by b: " + other.body());
        HttpResponse<String> unknown = Http.get(b.url().resolve("/logs/?manager=c"));
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("those that do: [a, b]"), unknown.body());
    }

    @Test
    void whenTheLeaderStopsTheOtherLeadsAtOnceAndKeepsItsServices() {
        ManagerProcess a = first("a");
        ManagerProcess b = beside(a, "b");
        String pid = pid(deployRunning(a, "kept", "1.0.0"), a);

        long stopped = System.nanoTime();
        a.stop(); // SIGTERM: the lease is handed over
        // handed over: taken at once, not once the lease ran out
        System.out.println("New leader after a SIGTERM to the leader: " + b.awaitLeading(stopped, LEASE_SECONDS * 1000 - 500) + " ms");
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
        System.out.println("New leader after kill -9 of the leader (lease " + LEASE_SECONDS + " s): "
                + b.awaitLeading(killed, LEASE_SECONDS * 1000 + 2_000) + " ms");
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
        System.out.println("New leader while the leader is paused: " + b.awaitLeading(System.nanoTime(), LEASE_SECONDS * 1000 + 3_000)
                + " ms");
        b.client().kill("stale", null);
        deployRunning(b, "fresh", "1.0.0");
        int linesBefore = a.output().split("\n").length;

        a.signal("CONT");
        awaitOutput(a, "does not lead any more");
        ManagerProcess.sleep(2 * LEASE_SECONDS * 1000L); // its timers, resync and health checks had their turn
        assertFalse(a.leads(), "the resumed manager follows");
        assertTrue(b.leads());
        assertEquals(0, processesOf("stale_1.0.0"), "the paused leader did not start again what was killed meanwhile");
        assertEquals(1, processesOf("fresh_1.0.0"), "nor a second JVM of what the new leader started");
        assertEquals(List.of("fresh 1.0.0 running"), b.client().services().stream()
                .map(s -> s.name() + " " + s.version() + " " + s.status()).toList(), "the store is as the new leader left it");
        List<String> afterResume = List.of(a.output().split("\n")).subList(linesBefore, a.output().split("\n").length);
        assertTrue(afterResume.stream().noneMatch(line -> line.contains("Restarting") || line.contains("Deploying")
                || line.contains(" is running at ") || line.contains("Killed ")),
                "the resumed manager started or stopped nothing: " + String.join("\n", afterResume));
    }

    @Test
    void theFiguresOfEitherManagerAddUpOnBoth() throws IOException {
        ManagerProcess a = first("a");
        ManagerProcess b = beside(a, "b");
        for (String version : List.of("1.0.0", "2.0.0")) { // the main, then a shadow
            ServiceVersion deployed = a.client().deploy("counted", version, Map.of(), FixtureApp.zip());
            assertEquals("running", deployed.status(), deployed.reason());
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(200, answer(a, "counted").statusCode());
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(200, answer(b, "counted").statusCode());
        }

        // each manager's Prometheus figures are its own (Prometheus scrapes every manager and adds them up) ...
        assertEquals(10, mainRequests(a, "counted"), "through a");
        assertEquals(6, mainRequests(b, "counted"), "through b");
        // ... and the API of either answers with what both counted: the copies every request gave the shadow
        for (ManagerProcess asked : List.of(a, b)) {
            long mirrored = 0;
            for (int i = 0; i < 100 && mirrored != 16; i++) {
                ManagerProcess.sleep(100);
                var report = Json.mapper().readTree(Http.get(asked.url().resolve("/services/~shadow?name=counted")).body());
                mirrored = report.at("/shadows/0/mirrored").asLong();
            }
            assertEquals(16, mirrored, "copies to the shadow through both managers, as " + asked.url() + " counts them");
        }
    }

    /** The requests a manager's gateway passed to a main version, as its Prometheus figures say. */
    private static long mainRequests(ManagerProcess manager, String name) {
        String metrics = Http.get(manager.url().resolve("/observe/metrics")).body();
        return metrics.lines()
                .filter(line -> line.startsWith("daeploy_requests_total{") && line.contains("role=\"main\"")
                        && line.contains("service=\"" + name + "\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
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

    private static void awaitOutput(ManagerProcess manager, String text) {
        for (int i = 0; i < 200 && !manager.output().contains(text); i++) {
            ManagerProcess.sleep(50);
        }
        assertTrue(manager.output().contains(text), "the manager's output says '" + text + "':\n" + manager.output());
    }

    private static String version(HttpResponse<String> answer) {
        return field(answer, "version");
    }

    /** Service JVMs of a version now running on this machine. */
    private static long processesOf(String qualifiedName) {
        return ProcessHandle.allProcesses()
                .filter(p -> ManagerProcess.arguments(p).contains("-Ddaeploy.service=" + qualifiedName))
                .count();
    }
}
