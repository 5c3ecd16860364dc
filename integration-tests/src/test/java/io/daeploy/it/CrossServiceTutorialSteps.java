package io.daeploy.it;

import com.fasterxml.jackson.core.type.TypeReference;
import io.daeploy.common.Json;
import io.daeploy.common.Notification;
import io.daeploy.common.Severity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/cross-service-communication.md, command by command: the die roller and yatzee examples deployed with the
 * plugin, a game through the gateway, a specific version, a loaded die forcing a yatzee and its notification.
 * The manager listens on a free port instead of 8080, so every mvn command gets {@code -Ddaeploy.host}. Each
 * subclass starts the manager on its runtime in its own {@code @BeforeAll}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class CrossServiceTutorialSteps {

    private static final String EXAMPLES = "examples/cross-service-communication";
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

    // not private: DockerCrossServiceTutorialIT runs the same tutorial on another runtime
    static ManagerProcess manager;
    static Path dieRoller;
    static Path yatzee;
    static Map<String, String> userEnv;

    static void startWith(String name, Map<String, String> managerEnv) {
        manager = ManagerProcess.start(name, managerEnv);
        Path work = TestPaths.newWorkDir(name + "-user");
        Path examples = TestPaths.rootDir().resolve(EXAMPLES);
        dieRoller = ProjectCopy.of(examples.resolve("die-roller"), work.resolve("die-roller"));
        yatzee = ProjectCopy.of(examples.resolve("yatzee"), work.resolve("yatzee"));
        // The plugin's client state lives in the test's folder, not in the user's home.
        userEnv = Map.of("DAEPLOY_CONFIG", work.resolve("daeploy-config.json").toString());
    }

    @AfterAll
    static void stopManager() {
        if (manager != null) { // none where a subclass's runtime is not there (its tests then skip)
            manager.close();
        }
    }

    /** {@code mvn <args>} in {@code dir}, as the tutorial types it, pointed at the test's manager. */
    private static MavenRun.Result mvn(Path dir, String... args) {
        List<String> withHost = new ArrayList<>(List.of(args));
        withHost.add("-Ddaeploy.host=" + manager.url());
        return MavenRun.mvn(dir, userEnv, withHost.toArray(String[]::new)).requireSuccess();
    }

    /** The tutorial's {@code http://127.0.0.1:8080/...}. */
    private static URI gateway(String path) {
        return manager.url().resolve(path);
    }

    /** {@code curl -X POST URL}: no body, the entrypoints take no arguments. */
    private static HttpResponse<String> curlPost(String path) {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(gateway(path))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response;
    }

    private static List<Integer> play() throws Exception {
        return Json.mapper().readValue(curlPost("/services/yatzee/play").body(), new TypeReference<>() { });
    }

    private static void assertTestsPassed(String output) {
        assertTrue(Pattern.compile("Tests run: [1-9]\\d*, Failures: 0, Errors: 0").matcher(output).find(),
                   "the example's tests ran:\n" + output);
    }

    private static void assertRow(String output, String name, String version) {
        Pattern row = Pattern.compile("\\*\\s+" + name + "\\s+" + Pattern.quote(version) + "\\s+running\\s+" + TIME);
        assertTrue(row.matcher(output).find(), output);
    }

    @Test
    @Order(1)
    void dieRollerDeploysAsDieRoller100() {
        MavenRun.Result deploy = mvn(dieRoller, "package", "daeploy:deploy");
        assertTestsPassed(deploy.output());
        assertRow(deploy.output(), "die_roller", "1.0.0");
        assertRuntimeSteps(deploy.output());
    }

    /** What the first deploy shows of the runtime's own work; a runtime with steps worth showing says which. */
    void assertRuntimeSteps(String deployOutput) {
    }

    @Test
    @Order(2)
    void yatzeeDeploysAsYatzee100() {
        MavenRun.Result deploy = mvn(yatzee, "package", "daeploy:deploy");
        assertTestsPassed(deploy.output());
        assertRow(deploy.output(), "yatzee", "1.0.0");
    }

    @Test
    @Order(3)
    void aGameIsFiveSortedDice() throws Exception {
        List<Integer> dice = play();
        assertEquals(5, dice.size(), dice.toString());
        assertTrue(dice.stream().allMatch(face -> face >= 1 && face <= 6), dice.toString());
        assertEquals(dice.stream().sorted().toList(), dice);
    }

    @Test
    @Order(4)
    void bothServicesHaveInteractiveDocs() {
        for (String service : List.of("die_roller", "yatzee")) {
            HttpResponse<String> docs = Http.get(gateway("/services/" + service + "/docs"));
            assertEquals(200, docs.statusCode(), service);
            assertTrue(docs.body().contains("swagger-ui"), docs.body());
        }
    }

    @Test
    @Order(5)
    void oneVersionAnswersAtItsOwnPath() {
        int face = Integer.parseInt(curlPost("/services/die_roller_1.0.0/roll").body());
        assertTrue(face >= 1 && face <= 6, Integer.toString(face));
    }

    @Test
    @Order(6)
    void aLoadedDieDeploysAsAShadow() {
        MavenRun.Result deploy = mvn(dieRoller, "package", "daeploy:deploy", "-Ddaeploy.version=1.0.1",
                "-Ddaeploy.env=DIE_ALWAYS=6");
        Pattern shadow = Pattern.compile("\\n\\[INFO\\]\\s+die_roller\\s+1\\.0\\.1\\s+running\\s+" + TIME);
        assertTrue(shadow.matcher(deploy.output()).find(), "1.0.1 runs as a shadow, without the main marker:\n" + deploy.output());

        assertEquals(200, curlPost("/services/yatzee/play").statusCode());
        String ls = "";
        for (int i = 0; i < 50 && !ls.contains("shadow die_roller 1.0.1: mirrored 5"); i++) {
            ManagerProcess.sleep(100); // copies reach the shadow just after the main has answered
            ls = mvn(dieRoller, "daeploy:ls").output();
        }
        assertTrue(ls.contains("shadow die_roller 1.0.1: mirrored 5"), ls);
    }

    @Test
    @Order(7)
    void aCanaryRollsItsShareOfTheDice() {
        MavenRun.Result weights = mvn(dieRoller, "daeploy:weights", "-Ddaeploy.name=die_roller", "-Ddaeploy.version=1.0.1",
                "-Ddaeploy.weight=40");
        assertTrue(weights.output().contains("die_roller 1.0.1 answers 40 % of the requests to die_roller"), weights.output());
        assertTrue(Pattern.compile("die_roller\\s+1\\.0\\.1\\s+running\\s+" + TIME + "\\s+40%").matcher(weights.output()).find(),
                "ls shows each version's share:\n" + weights.output());

        int loaded = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> roll = curlPost("/services/die_roller/roll");
            if (roll.headers().firstValue("X-Daeploy-Version").orElseThrow().equals("1.0.1")) {
                loaded++;
                assertEquals("6", roll.body(), "the canary is the loaded die");
            }
        }
        assertEquals(4, loaded, "40 % of 10 rolls");
    }

    @Test
    @Order(8)
    void assignMakesTheLoadedDieTheMain() {
        MavenRun.Result assign = mvn(dieRoller, "daeploy:assign", "-Ddaeploy.name=die_roller", "-Ddaeploy.version=1.0.1",
                "-Ddaeploy.yes");
        assertTrue(assign.output().contains("Changed main version to die_roller 1.0.1"), assign.output());
        assertRow(assign.output(), "die_roller", "1.0.1");
    }

    @Test
    @Order(9)
    void fiveSixesAreAYatzeeOnTheManagersList() throws Exception {
        assertEquals(List.of(6, 6, 6, 6, 6), play());

        HttpResponse<String> listed = Http.get(gateway("/notifications/"));
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains("\"message\":\"YATZEE!!!\""), listed.body());
        Notification yatzeeNotification = yatzeeNotification();
        assertEquals("1.0.0", yatzeeNotification.serviceVersion());
        assertEquals(Severity.INFO, yatzeeNotification.severity());
        assertEquals(1, yatzeeNotification.count());
    }

    @Test
    @Order(10)
    void theNextYatzeeCountsUpInTheNotificationsGoal() throws Exception {
        assertEquals(List.of(6, 6, 6, 6, 6), play());
        assertEquals(2, yatzeeNotification().count());

        MavenRun.Result listed = mvn(dieRoller, "daeploy:notifications");
        assertTrue(Pattern.compile("SEVERITY\\s+SERVICE\\s+VERSION\\s+COUNT\\s+LAST SEEN\\s+MESSAGE")
                .matcher(listed.output()).find(), listed.output());
        assertTrue(Pattern.compile("INFO\\s+yatzee\\s+1\\.0\\.0\\s+2\\s+" + TIME + "\\s+YATZEE!!!")
                .matcher(listed.output()).find(), listed.output());
    }

    @Test
    @Order(11)
    void clearingEmptiesTheList() {
        MavenRun.Result cleared = mvn(dieRoller, "daeploy:notifications", "-Ddaeploy.clear");
        assertTrue(cleared.output().contains("Cleared 1 notification(s)."), cleared.output());

        MavenRun.Result listed = mvn(dieRoller, "daeploy:notifications");
        assertTrue(listed.output().contains("(no notifications)"), listed.output());
    }

    private static Notification yatzeeNotification() {
        List<Notification> yatzees = manager.client().notifications().stream()
                .filter(n -> n.serviceName().equals("yatzee") && n.message().equals("YATZEE!!!"))
                .toList();
        assertEquals(1, yatzees.size(), yatzees.toString());
        return yatzees.get(0);
    }
}
