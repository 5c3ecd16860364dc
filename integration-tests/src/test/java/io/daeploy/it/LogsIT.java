package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A service's output and the manager's own log, over HTTP and through {@code mvn daeploy:logs}. */
class LogsIT {

    private static ManagerProcess manager;
    private static ManagerClient client;

    @BeforeAll
    static void deploy() {
        manager = ManagerProcess.start("logs", Map.of());
        client = manager.client();
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
        Path dir = TestPaths.newWorkDir("logs-goal");
        String goal = "io.daeploy:daeploy-maven-plugin:" + TestPaths.projectVersion() + ":logs";
        Map<String, String> env = Map.of("DAEPLOY_CONFIG", dir.resolve("config.json").toString());
        MavenRun.Result ok = MavenRun.mvn(dir, env, goal, "-Ddaeploy.host=" + manager.url(), "-Ddaeploy.name=talker",
                "-Ddaeploy.tail=all").requireSuccess();
        assertTrue(ok.output().contains("through maven"), ok.output());

        MavenRun.Result bad = MavenRun.mvn(dir, env, goal, "-Ddaeploy.host=" + manager.url(), "-Ddaeploy.name=talker",
                "-Ddaeploy.tail=lots");
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("-Ddaeploy.tail must be a whole number of lines (e.g. 50) or all"), bad.output());
    }
}
