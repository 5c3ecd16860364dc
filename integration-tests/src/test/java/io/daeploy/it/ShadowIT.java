package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Several versions side by side: the main answers, shadows get copies, assign switches, kill rules hold. */
class ShadowIT {

    private ManagerProcess manager;
    private ManagerClient client;

    @BeforeEach
    void start() {
        manager = ManagerProcess.start("shadow", ManagerProcess.env("DAEPLOY_MIRROR_MAX_IN_FLIGHT", "4"));
        client = manager.client();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    private ServiceVersion deploy(String version, Map<String, String> env) {
        ServiceVersion deployed = client.deploy("shadowy", version, env, FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
        return deployed;
    }

    private String answeringVersion() {
        HttpResponse<String> res = Http.get(manager.url().resolve("/services/shadowy/whoami"));
        assertEquals(200, res.statusCode(), res.body());
        try {
            return Json.mapper().readTree(res.body()).get("version").asText();
        } catch (Exception e) {
            throw new AssertionError(res.body(), e);
        }
    }

    private JsonNode shadowReport(String version) throws Exception {
        JsonNode report = Json.mapper().readTree(Http.get(manager.url().resolve("/services/~shadow?name=shadowy")).body());
        for (JsonNode shadow : report.get("shadows")) {
            if (shadow.get("version").asText().equals(version)) {
                return shadow;
            }
        }
        throw new AssertionError("no shadow " + version + " in " + report);
    }

    private JsonNode awaitReport(String version, Predicate<JsonNode> done) throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode last = null;
        while (Instant.now().isBefore(end)) {
            last = shadowReport(version);
            if (done.test(last)) {
                return last;
            }
            ManagerProcess.sleep(100);
        }
        fail("shadow report never got there: " + last);
        return last;
    }

    /** Sends tickets one at a time, each once both shadows have its copy, so that none is dropped. */
    private void tickets(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            long before = shadowReport("2.0.0").get("mirrored").asLong() + shadowReport("3.0.0").get("mirrored").asLong();
            HttpResponse<String> ticket = Http.postJson(manager.url().resolve("/services/shadowy/ticket"), "{\"name\":\"Bob\"}");
            assertEquals(200, ticket.statusCode(), ticket.body());
            Instant end = Instant.now().plus(Duration.ofSeconds(20));
            while (shadowReport("2.0.0").get("mirrored").asLong() + shadowReport("3.0.0").get("mirrored").asLong() < before + 2) {
                assertTrue(Instant.now().isBefore(end), "the copies of a ticket never arrived");
                ManagerProcess.sleep(20);
            }
        }
    }

    private HttpResponse<String> putComparison(String json) {
        return Http.putJson(manager.url().resolve("/services/~comparison"), json);
    }

    @Test
    void noiseIsLeftOutWhenNamedOrLearnedFromTheMainWhileRealDifferencesStillCount() throws Exception {
        deploy("1.0.0", Map.of());
        deploy("2.0.0", Map.of()); // the same code: its tickets differ from the main's only in serial and stamp
        deploy("3.0.0", Map.of("FIXTURE_HELLO_WORD", "Howdy")); // a real difference besides

        tickets(5);
        JsonNode plain = shadowReport("2.0.0");
        assertEquals(5, plain.get("differed").asLong(), "every field compared: each ticket differs " + plain);
        assertEquals("[\"/issued/0/at\",\"/serial\"]", plain.at("/recentDifferences/0/fields").toString(), plain.toString());

        HttpResponse<String> detect = putComparison("{\"name\":\"shadowy\",\"detectNoise\":true}");
        assertEquals(200, detect.statusCode(), detect.body());
        tickets(20);
        JsonNode same = shadowReport("2.0.0");
        assertEquals(5, same.get("differed").asLong(), "noise learned from the main: no new difference " + same);
        assertEquals(20, same.get("matched").asLong(), same.toString());
        assertEquals(20, same.get("matchedOnlyIgnoring").asLong(), same.toString());
        JsonNode other = shadowReport("3.0.0");
        assertEquals(25, other.get("differed").asLong(), "a real difference still counts " + other);
        assertEquals("[\"/greeting\"]", other.at("/recentDifferences/0/fields").toString(), "and it alone is named");
        JsonNode learned = Json.mapper().readTree(Http.get(manager.url().resolve("/services/~comparison?name=shadowy")).body());
        assertEquals("[\"/issued/*/at\",\"/serial\"]", learned.get("learnedNoise").toString(), learned.toString());

        HttpResponse<String> ignore = putComparison("{\"name\":\"shadowy\",\"ignore\":[\"/serial\",\"/issued\"],\"detectNoise\":false}");
        assertEquals(200, ignore.statusCode(), ignore.body());
        tickets(5);
        JsonNode ignored = shadowReport("2.0.0");
        assertEquals(25, ignored.get("matched").asLong(), "the fields named are left out without asking the main " + ignored);
        assertEquals(5, ignored.get("differed").asLong(), ignored.toString());

        HttpResponse<String> bad = putComparison("{\"name\":\"shadowy\",\"ignore\":[\"serial\"]}");
        assertEquals(422, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("Field ignore: each entry a JSON pointer"), bad.body());
        assertTrue(Http.get(manager.url().resolve("/services/~comparison?name=shadowy")).body().contains("\"/issued\""),
                "a refused rule changed nothing");
    }

    @Test
    void theFirstVersionIsMainAndShadowsGetCopiesThatAreCompared() throws Exception {
        assertTrue(deploy("1.0.0", Map.of()).main());
        assertTrue(!deploy("2.0.0", Map.of()).main());

        for (int i = 0; i < 10; i++) {
            assertEquals("1.0.0", answeringVersion(), "the main answers");
            HttpResponse<String> hello = Http.postJson(manager.url().resolve("/services/shadowy/hello"), "{\"name\":\"Bob\"}");
            assertEquals("\"Hello Bob\"", hello.body());
            // wait for both copies before the next pair, so a slow machine never has 4 copies in flight (then dropped)
            long copies = 2L * (i + 1);
            awaitReport("2.0.0", r -> r.get("mirrored").asLong() + r.get("dropped").asLong() >= copies);
        }
        JsonNode report = awaitReport("2.0.0", r -> r.get("mirrored").asLong() >= 20);
        assertEquals(20, report.get("mirrored").asLong(), report.toString());
        assertEquals(10, report.get("matched").asLong(), "hello answers the same: " + report);
        assertEquals(10, report.get("differed").asLong(), "whoami names another version: " + report);
        assertEquals(0, report.get("errors").asLong());
        JsonNode example = report.get("recentDifferences").get(0);
        assertEquals("/whoami", example.get("path").asText());
        assertTrue(example.get("mainBody").asText().contains("1.0.0"), example.toString());
        assertTrue(example.get("shadowBody").asText().contains("2.0.0"), example.toString());
        assertTrue(report.at("/mainLatencyMs/p50").isNumber() && report.at("/shadowLatencyMs/p99").isNumber(), report.toString());

        HttpResponse<String> direct = Http.get(manager.url().resolve("/services/shadowy_2.0.0/whoami"));
        assertTrue(direct.body().contains("2.0.0"), "a version can still be called by name");
    }

    @Test
    void aCanaryAnswersItsShareOfRealRequestsAndStillGetsCopiesOfTheMains() throws Exception {
        deploy("1.0.0", Map.of());
        deploy("2.0.0", Map.of());
        List<ServiceVersion> split = client.weights("shadowy", "2.0.0", 20, false);
        assertEquals(List.of("1.0.0 80", "2.0.0 20"), split.stream().map(v -> v.version() + " " + v.weight()).toList());

        int canary = 0;
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> res = Http.get(manager.url().resolve("/services/shadowy/whoami"));
            String version = Json.mapper().readTree(res.body()).get("version").asText();
            assertEquals(version, res.headers().firstValue("X-Daeploy-Version").orElse(null), "the answer names its version");
            canary += version.equals("2.0.0") ? 1 : 0;
            long copies = i + 1 - canary;
            awaitReport("2.0.0", r -> r.get("mirrored").asLong() + r.get("dropped").asLong() >= copies);
        }
        assertEquals(10, canary, "20 % of 50 requests");
        assertEquals(40, shadowReport("2.0.0").get("mirrored").asLong() + shadowReport("2.0.0").get("dropped").asLong(),
                "a copy of each request the main answered, compared as before");

        client.weights("shadowy", "2.0.0", 0, false);
        assertEquals("1.0.0", answeringVersion(), "weight 0 ends the canary's share");
        assertEquals(List.of(100, 0), client.services().stream().map(ServiceVersion::weight).toList());
    }

    @Test
    void assignSwitchesTheMainAndIsANoOpForTheMain() {
        deploy("1.0.0", Map.of());
        deploy("2.0.0", Map.of());
        List<ServiceVersion> after = assign("2.0.0");
        assertEquals(List.of("1.0.0 false", "2.0.0 true"), after.stream().map(v -> v.version() + " " + v.main()).toList());
        assertEquals("2.0.0", answeringVersion());
        assertEquals(after, assign("2.0.0"), "assigning the main again changes nothing");

        HttpResponse<String> unknown = putAssign("{\"name\":\"shadowy\",\"version\":\"9.9.9\"}");
        assertEquals(404, unknown.statusCode(), unknown.body());
        HttpResponse<String> incomplete = putAssign("{\"name\":\"shadowy\"}");
        assertEquals(422, incomplete.statusCode(), incomplete.body());
        assertEquals("2.0.0", answeringVersion());
    }

    @Test
    void aFailedVersionCannotBecomeMainAndGetsNoTraffic() throws Exception {
        deploy("1.0.0", Map.of());
        ServiceVersion broken = client.deploy("shadowy", "3.0.0", Map.of("FIXTURE_FAIL_AT_START", "true"), FixtureApp.zip());
        assertEquals("failed", broken.status());
        HttpResponse<String> res = putAssign("{\"name\":\"shadowy\",\"version\":\"3.0.0\"}");
        assertEquals(409, res.statusCode(), res.body());
        assertTrue(res.body().contains("failed"), res.body());
        assertEquals("1.0.0", answeringVersion());
        assertEquals(0, shadowReport("3.0.0").get("mirrored").asLong(), "a failed version gets no copies");
    }

    @Test
    void aMainWithShadowsCannotBeKilledButTheWholeNameCan() {
        deploy("1.0.0", Map.of());
        deploy("2.0.0", Map.of());
        ManagerException refused = assertThrows(ManagerException.class, () -> client.kill("shadowy", "1.0.0"));
        assertEquals(403, refused.status());
        assertTrue(refused.detail().contains("assign"), refused.detail());

        List<ServiceVersion> killed = client.kill("shadowy", null);
        assertEquals(List.of("2.0.0", "1.0.0"), killed.stream().map(ServiceVersion::version).toList(), "shadows first");
        assertTrue(client.services().isEmpty());
    }

    @Test
    void aSlowOrFailingShadowLeavesTheMainsAnswerAlone() throws Exception {
        deploy("1.0.0", Map.of());
        deploy("2.0.0", Map.of("FIXTURE_HELLO_DELAY_MS", "10000"));
        deploy("3.0.0", Map.of("FIXTURE_HELLO_STATUS", "500"));

        for (int i = 0; i < 12; i++) {
            HttpResponse<String> res = Http.postJson(manager.url().resolve("/services/shadowy/hello"), "{\"name\":\"Bob\"}");
            assertEquals(200, res.statusCode(), res.body());
            assertEquals("\"Hello Bob\"", res.body());
        }
        // No clock: each copy to the slow shadow takes 10 s, so if all 12 answers are back while none of its copies
        // has finished, no answer waited for one.
        assertEquals(0, shadowReport("2.0.0").get("mirrored").asLong(), "the main's answers do not wait for the slow shadow");
        // every copy is either compared or, when 4 are already in flight to that shadow, dropped and counted
        JsonNode failing = awaitReport("3.0.0", r -> r.get("mirrored").asLong() + r.get("dropped").asLong() == 12);
        assertTrue(failing.get("mirrored").asLong() >= 4, failing.toString());
        assertEquals(failing.get("mirrored").asLong(), failing.get("differed").asLong(), failing.toString());
        assertEquals(500, failing.at("/recentDifferences/0/shadowStatus").asInt());
        assertEquals(200, failing.at("/recentDifferences/0/mainStatus").asInt());

        // 12 quick calls against a shadow that takes 10 s each with at most 4 copies in flight: some are dropped.
        JsonNode slow = awaitReport("2.0.0", r -> r.get("mirrored").asLong() + r.get("dropped").asLong() == 12
                && r.get("mirrored").asLong() >= 4);
        assertTrue(slow.get("dropped").asLong() > 0, slow.toString());
        assertEquals(slow.get("mirrored").asLong(), slow.get("matched").asLong(), slow.toString());
    }

    @Test
    void aShadowRunsAtTheLowestCpuPriorityUntilItBecomesTheMainOrACanary() throws Exception {
        Path autogroups = Path.of("/proc/sys/kernel/sched_autogroup_enabled");
        assumeTrue(Files.isReadable(autogroups) && Files.readString(autogroups).trim().equals("1"),
                   "needs Linux with autogroups (kernel.sched_autogroup_enabled=1)");
        deploy("1.0.0", Map.of());
        deploy("2.0.0", Map.of());
        assertEquals(List.of(0, 19), List.of(kernelNice("1.0.0"), kernelNice("2.0.0")));
        assertEquals(19, client.inspection("shadowy", "2.0.0").get("cpuNice").asInt(), "shown in the inspection");

        assign("2.0.0");
        assertEquals(List.of(19, 0), List.of(kernelNice("1.0.0"), kernelNice("2.0.0")), "the roles and priorities swap");
        assign("1.0.0");
        assertEquals(List.of(0, 19), List.of(kernelNice("1.0.0"), kernelNice("2.0.0")), "and back, without privileges");

        client.weights("shadowy", "2.0.0", 10, false);
        assertEquals(List.of(0, 0), List.of(kernelNice("1.0.0"), kernelNice("2.0.0")), "a canary answers callers: the main's priority");
        client.weights("shadowy", "2.0.0", 0, false);
        assertEquals(List.of(0, 19), List.of(kernelNice("1.0.0"), kernelNice("2.0.0")), "a shadow again");
    }

    /** The nice value the kernel gives the CPU group of a version's JVM, and only that JVM's. */
    private int kernelNice(String version) throws Exception {
        long pid = client.inspection("shadowy", version).get("pid").asLong();
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String session = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3];
        assertEquals(Long.toString(pid), session, "the JVM leads a session of its own");
        String group = Files.readString(Path.of("/proc/" + pid + "/autogroup")).trim();
        return Integer.parseInt(group.substring(group.lastIndexOf(' ') + 1));
    }

    private List<ServiceVersion> assign(String version) {
        HttpResponse<String> res = putAssign("{\"name\":\"shadowy\",\"version\":\"" + version + "\"}");
        assertEquals(200, res.statusCode(), res.body());
        try {
            return List.of(Json.mapper().readValue(res.body(), ServiceVersion[].class));
        } catch (Exception e) {
            throw new AssertionError(res.body(), e);
        }
    }

    private HttpResponse<String> putAssign(String json) {
        return Http.send(HttpRequest.newBuilder(manager.url().resolve("/services/~assign"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }
}
