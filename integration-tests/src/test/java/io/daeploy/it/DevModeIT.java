package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mvn daeploy:dev} in the archetype's project, against a real manager on the process runtime: each save answers
 * through the gateway; a compile error and code that exits at start leave the old answer; the shadow mode compares the
 * working copy with the main's traffic; Ctrl-C ends the goal with status 0.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevModeIT {

    private static final String ANSWER = "return greeting.get() + \" \" + name;";

    private static ManagerProcess manager;
    private static Path project;
    private static Path helloService;
    private static Map<String, String> env;

    @BeforeAll
    static void generate() throws Exception {
        manager = ManagerProcess.start("dev-mode", Map.of());
        Path work = TestPaths.newWorkDir("dev-mode");
        env = Map.of("DAEPLOY_CONFIG", work.resolve("config.json").toString());
        MavenRun.mvn(work, env, "archetype:generate", "-DarchetypeGroupId=io.daeploy",
                "-DarchetypeArtifactId=daeploy-service-archetype", "-DarchetypeVersion=" + TestPaths.projectVersion(),
                "-DgroupId=com.example", "-DartifactId=hello", "-Dversion=1.0.0", "-o").requireSuccess();
        project = work.resolve("hello");
        try (Stream<Path> files = Files.walk(project.resolve("src/main/java"))) {
            helloService = files.filter(p -> p.getFileName().toString().equals("HelloService.java")).findFirst().orElseThrow();
        }
        assertTrue(Files.readString(helloService).contains(ANSWER), "the archetype's answer is where this test edits it");
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    @Order(1)
    void eachSaveAnswersThroughTheGatewayAndWhatDoesNotBuildOrStartLeavesTheOldAnswer() throws Exception {
        String original = Files.readString(helloService);
        try (DevProcess dev = DevProcess.start(project, env, "-o", "daeploy:dev", "-DskipTests",
                                               "-Ddaeploy.host=" + manager.url())) {
            dev.awaitOutput("Watching src/main/java", 1);
            assertEquals("\"Hello Bob\"", hello());

            save(original.replace(ANSWER, "return \"Howdy \" + name;"));
            String output = dev.awaitOutput("Reloaded hello 1.0.0 in ", 1);
            assertTrue(output.contains("(save to answer through the gateway): HelloService.java"), output);
            assertEquals("\"Howdy Bob\"", hello());

            save(original.replace(ANSWER, "return \"Broken \" + name"));
            output = dev.awaitOutput("Compile error in HelloService.java: nothing was redeployed", 1);
            dev.awaitOutput("HelloService.java:", 1);
            assertTrue(output.contains("error: ';' expected"), output);
            assertEquals("\"Howdy Bob\"", hello(), "the old code still answers");

            save(original.replace(ANSWER, "return \"Exited \" + name;")
                         .replace("public class HelloService {", "public class HelloService {\n    static { System.exit(3); }"));
            output = dev.awaitOutput("did not start, so the old code keeps serving", 1);
            assertEquals("\"Howdy Bob\"", hello(), "the old code still answers");

            save(original.replace(ANSWER, "return \"Hey \" + name;"));
            dev.awaitOutput("Reloaded hello 1.0.0 in ", 2);
            assertEquals("\"Hey Bob\"", hello(), "the next save tries again");
            assertTrue(dev.output().contains("[1.0.0] "), "the version's log is followed, each line prefixed:\n" + dev.output());

            assertEquals(0, dev.interrupt(), dev.output());
            output = dev.output();
            assertTrue(output.contains("Stopped watching. hello 1.0.0 stays deployed"), output);
            assertTrue(output.contains("BUILD SUCCESS"), output);
        } finally {
            save(original);
        }
        assertEquals("\"Hey Bob\"", hello(), "what dev deployed stays after Ctrl-C");
    }

    @Test
    @Order(2)
    void theShadowModeComparesTheWorkingCopyWithTheMainsTraffic() throws Exception {
        String original = Files.readString(helloService);
        // the main answers "Hey Bob" (the first test left it so): the working copy starts alike
        save(original.replace(ANSWER, "return \"Hey \" + name;"));
        try (DevProcess dev = DevProcess.start(project, env, "-o", "daeploy:dev", "-DskipTests", "-Ddaeploy.shadow",
                                               "-Ddaeploy.host=" + manager.url())) {
            dev.awaitOutput("Watching src/main/java", 1);
            assertTrue(manager.client().services().stream().anyMatch(s -> s.version().equals("1.0.0-dev") && !s.main()));

            trafficCompared(3);
            save(original.replace(ANSWER, "return \"Hey \" + name; // same answer"));
            String output = dev.awaitOutput("Reloaded hello 1.0.0-dev in ", 1);
            assertTrue(output.contains("hello 1.0.0-dev answered 3 copies: 3 equal, 0 different"), output);

            save(original.replace(ANSWER, "return \"Hi \" + name;"));
            dev.awaitOutput("Reloaded hello 1.0.0-dev in ", 2);
            trafficCompared(2);
            save(original.replace(ANSWER, "return \"Hi \" + name; // again"));
            output = dev.awaitOutput("Reloaded hello 1.0.0-dev in ", 3);
            assertTrue(output.contains("hello 1.0.0-dev answered 2 copies: 0 equal, 2 different"), output);
            assertTrue(output.contains("main   200 \"Hey Bob\"") && output.contains("shadow 200 \"Hi Bob\""), output);
            assertEquals("\"Hey Bob\"", hello(), "the main answers as before");

            assertEquals(0, dev.interrupt(), dev.output());
            assertTrue(dev.output().contains("Killed the shadow hello 1.0.0-dev"), dev.output());
        } finally {
            save(original);
        }
        assertFalse(manager.client().services().stream().anyMatch(s -> s.version().equals("1.0.0-dev")),
                    "the shadow made for the session is gone");
    }

    /** Sends {@code requests} to the main and waits until the manager compared each copy (mirroring is asynchronous). */
    private static void trafficCompared(int requests) {
        long before = compared();
        for (int i = 0; i < requests; i++) {
            assertEquals(200, Http.postJson(manager.url().resolve("/services/hello/hello"), "{\"name\":\"Bob\"}").statusCode());
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (compared() < before + requests && Instant.now().isBefore(deadline)) {
            ManagerProcess.sleep(100);
        }
    }

    private static long compared() {
        for (JsonNode shadow : manager.client().shadowComparison("hello").path("shadows")) {
            if (shadow.path("version").asText().equals("1.0.0-dev")) {
                return shadow.path("matched").asLong() + shadow.path("differed").asLong();
            }
        }
        return 0;
    }

    private static String hello() {
        return Http.postJson(manager.url().resolve("/services/hello/hello"), "{\"name\":\"Bob\"}").body();
    }

    private static void save(String code) throws Exception {
        Files.writeString(helloService, code);
    }
}
