package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A service's output and the manager's own log, over HTTP and through {@code mvn daeploy:logs}. */
class LogsIT {

    private static final DateTimeFormatter TO_THE_SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private static ManagerProcess manager;
    private static ManagerClient client;
    /** A whole second after the manager's start-up lines and before its lines about the deploy (stamps are to the second). */
    private static Instant beforeTheDeploy;

    @BeforeAll
    static void deploy() {
        manager = ManagerProcess.start("logs", Map.of());
        client = manager.client();
        beforeTheDeploy = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        sleepUntil(beforeTheDeploy);
        assertEquals("running", client.deploy("talker", "1.0.0", Map.of(), FixtureApp.zip()).status());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static HttpResponse<String> logs(String query) {
        return Http.get(manager.url().resolve("/services/~logs?" + query));
    }

    @Test
    void tailSinceAndTheMainVersionByDefault() {
        Http.postJson(manager.url().resolve("/services/talker/log"), "{\"message\":\"first words\"}");
        HttpResponse<String> all = logs("name=talker&tail=all");
        assertEquals(200, all.statusCode(), all.body());
        assertTrue(all.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(all.body().contains("listening on"), all.body());
        assertTrue(all.body().contains("first words"), all.body());

        assertEquals(1, logs("name=talker&version=1.0.0&tail=1").body().lines().count());
        assertEquals("", logs("name=talker&tail=all&since=2999-01-01").body(), "nothing is that new");
        assertTrue(logs("name=talker&tail=all&since=2000-01-01T00:00:00Z").body().contains("first words"));
    }

    @Test
    void badOptionsAndUnknownServicesSayWhatIsWrong() {
        HttpResponse<String> tail = logs("name=talker&tail=lots");
        assertEquals(422, tail.statusCode());
        assertTrue(tail.body().contains("tail") && tail.body().contains("all"), tail.body());
        HttpResponse<String> since = logs("name=talker&since=yesterday");
        assertEquals(422, since.statusCode());
        assertTrue(since.body().contains("ISO date"), since.body());
        assertEquals(404, logs("name=nobody").statusCode());
        assertEquals(404, logs("name=talker&version=9.9.9").statusCode());
    }

    @Test
    void followingShowsNewLinesUntilTheServiceStops() throws Exception {
        assertEquals("running", client.deploy("follower", "1.0.0", Map.of(), FixtureApp.zip()).status());
        List<String> received = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<Void> done = http.sendAsync(
                        HttpRequest.newBuilder(manager.url().resolve("/services/~logs?name=follower&tail=0&follow=true")).build(),
                        HttpResponse.BodyHandlers.ofLines())
                .thenAccept(res -> {
                    try (Stream<String> lines = res.body()) {
                        lines.forEach(received::add);
                    }
                });
        ManagerProcess.sleep(500);
        Http.postJson(manager.url().resolve("/services/follower/log"), "{\"message\":\"said after the reader came\"}");
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.stream().noneMatch(l -> l.contains("said after the reader came")) && System.nanoTime() < end) {
            ManagerProcess.sleep(50);
        }
        assertTrue(received.stream().anyMatch(l -> l.contains("said after the reader came")), received.toString());

        client.kill("follower", "1.0.0");
        done.get(10, TimeUnit.SECONDS); // the stream ends once the service is gone
    }

    @Test
    void theManagersOwnLogTellsWhatItDid() {
        HttpResponse<String> res = Http.get(manager.url().resolve("/logs/?tail=all"));
        assertEquals(200, res.statusCode());
        assertTrue(res.body().contains("Deploying talker_1.0.0"), res.body());
        assertTrue(res.body().contains("talker_1.0.0 is running"), res.body());
    }

    @Test
    void theLogsGoalPrintsTheLinesAndRefusesABadTail() {
        Http.postJson(manager.url().resolve("/services/talker/log"), "{\"message\":\"through maven\"}");
        MavenRun.Result ok = logsGoal("-Ddaeploy.name=talker", "-Ddaeploy.tail=all").requireSuccess();
        assertTrue(ok.output().contains("through maven"), ok.output());

        MavenRun.Result bad = logsGoal("-Ddaeploy.name=talker", "-Ddaeploy.tail=lots");
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("-Ddaeploy.tail must be a whole number of lines (e.g. 50) or all"), bad.output());
    }

    @Test
    void sinceATimeBetweenTwoLinesKeepsTheLaterOnlyInAnyZonesWords() {
        logAt("talker", "said before the mark");
        Instant mark = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        sleepUntil(mark);
        logAt("talker", "said after the mark");

        String utc = withoutAccessLines(logs("name=talker&tail=all&since=" + encoded(mark.toString())).body());
        assertTrue(utc.contains("said after the mark"), utc);
        assertFalse(utc.contains("said before the mark"), utc);
        assertFalse(utc.contains("listening on"), utc);
        String plusTwo = TO_THE_SECOND.format(mark.atOffset(ZoneOffset.ofHours(2))) + "+02:00";
        assertEquals(utc, withoutAccessLines(logs("name=talker&tail=all&since=" + encoded(plusTwo)).body()), plusTwo);
        String withoutZone = TO_THE_SECOND.format(mark.atOffset(ZoneOffset.UTC));
        assertEquals(utc, withoutAccessLines(logs("name=talker&tail=all&since=" + encoded(withoutZone)).body()),
                "UTC when none: " + withoutZone);
    }

    /** The SDK's access line of a call is written just after its answer: it may or may not be there yet. */
    private static String withoutAccessLines(String log) {
        return log.lines().filter(line -> !line.contains("io.daeploy.sdk.access")).map(line -> line + "\n")
                .collect(java.util.stream.Collectors.joining());
    }

    @Test
    void theManagersOwnLogTakesTailAndSince() {
        HttpResponse<String> three = Http.get(manager.url().resolve("/logs/?tail=3"));
        assertEquals(200, three.statusCode(), three.body());
        assertEquals(3, three.body().lines().count(), three.body());
        assertTrue(managerLog("tail=all").lines().count() > 3);

        String sinceTheDeploy = managerLog("tail=all&since=" + encoded(beforeTheDeploy.toString()));
        assertTrue(sinceTheDeploy.contains("Deploying talker_1.0.0"), sinceTheDeploy);
        assertFalse(sinceTheDeploy.contains("listening on http://"), "the start-up came before: " + sinceTheDeploy);
        assertEquals("", managerLog("tail=all&since=" + encoded(Instant.now().plus(Duration.ofHours(1)).toString())),
                     "nothing is that new");

        HttpResponse<String> tail = Http.get(manager.url().resolve("/logs/?tail=-3"));
        assertEquals(422, tail.statusCode(), tail.body());
        assertTrue(tail.body().contains("tail must be a whole number of lines (e.g. 50) or all"), tail.body());
        HttpResponse<String> since = Http.get(manager.url().resolve("/logs/?since=27.11.2026"));
        assertEquals(422, since.statusCode(), since.body());
        assertTrue(since.body().contains("since must be an ISO date or date-time (2026-11-27, 2026-11-27T10:15:00"), since.body());
    }

    @Test
    void theLogsGoalShowsTheVersionAskedFor() {
        assertEquals("running", client.deploy("talker", "2.0.0", Map.of(), FixtureApp.zip()).status());
        try {
            MavenRun.Result shadow = logsGoal("-Ddaeploy.name=talker", "-Ddaeploy.version=2.0.0", "-Ddaeploy.tail=all")
                    .requireSuccess();
            assertTrue(shadow.output().contains("Service talker 2.0.0 listening on"), shadow.output());
            assertFalse(shadow.output().contains("Service talker 1.0.0 listening on"), shadow.output());
        } finally {
            client.kill("talker", "2.0.0");
        }
    }

    @Test
    void theLogsGoalRefusesABadSinceAndAMissingName() {
        MavenRun.Result since = logsGoal("-Ddaeploy.name=talker", "-Ddaeploy.since=yesterday");
        assertEquals(1, since.exitCode(), since.output());
        assertTrue(since.output().contains("-Ddaeploy.since must be an ISO date or date-time (2026-11-27, 2026-11-27T10:15:00,"),
                   since.output());

        MavenRun.Result nameless = logsGoal("-Ddaeploy.tail=5");
        assertEquals(1, nameless.exitCode(), nameless.output());
        assertTrue(nameless.output().contains("Say whose logs: mvn daeploy:logs -Ddaeploy.name=<name>"), nameless.output());
    }

    private static MavenRun.Result logsGoal(String... options) {
        Path dir = TestPaths.newWorkDir("logs-goal");
        String goal = "io.daeploy:daeploy-maven-plugin:" + TestPaths.projectVersion() + ":logs";
        Map<String, String> env = Map.of("DAEPLOY_CONFIG", dir.resolve("config.json").toString());
        List<String> args = new ArrayList<>(List.of(goal, "-Ddaeploy.host=" + manager.url()));
        args.addAll(List.of(options));
        return MavenRun.mvn(dir, env, args.toArray(String[]::new));
    }

    /** A line of the service's own logger, stamped in the host's time as a service's logging is. */
    private static void logAt(String service, String message) {
        HttpResponse<String> res = Http.postJson(manager.url().resolve("/services/" + service + "/logAt"),
                "{\"level\":\"INFO\",\"message\":\"" + message + "\",\"times\":1}");
        assertEquals(200, res.statusCode(), res.body());
    }

    private static String managerLog(String query) {
        HttpResponse<String> res = Http.get(manager.url().resolve("/logs/?" + query));
        assertEquals(200, res.statusCode(), res.body());
        return res.body();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void sleepUntil(Instant when) {
        long millis = Duration.between(Instant.now(), when).toMillis();
        ManagerProcess.sleep(Math.max(0, millis) + 50);
    }
}
