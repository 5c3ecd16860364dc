package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Day one of a new user, step by step as in the README: generate a project from the archetype,
 * deploy it with the plugin, call it through the gateway, list it, survive a manager restart, kill it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserJourneyIT {

    private static final Pattern UPLOADING = Pattern.compile("Uploaded ([\\d.]+) MB of [\\d.]+ MB: ");

    private static ManagerProcess manager;
    private static Path work;
    private static Path project;
    private static Map<String, String> userEnv;

    @BeforeAll
    static void startManager() {
        manager = ManagerProcess.start("journey", Map.of());
        work = TestPaths.newWorkDir("journey-user");
        project = work.resolve("hello");
        // The plugin's client state lives in the test's folder, not in the user's home.
        userEnv = Map.of("DAEPLOY_CONFIG", work.resolve("daeploy-config.json").toString());
    }

    @AfterAll
    static void stopManager() {
        manager.close();
    }

    private static URI gateway(String path) {
        return manager.url().resolve(path);
    }

    @Test
    @Order(1)
    void archetypeGeneratesAProjectWithTestsAndAReadme() throws IOException {
        MavenRun.mvn(work, userEnv, "archetype:generate",
                "-DarchetypeGroupId=io.daeploy", "-DarchetypeArtifactId=daeploy-service-archetype",
                "-DarchetypeVersion=" + TestPaths.projectVersion(),
                "-DgroupId=com.example", "-DartifactId=hello", "-Dversion=1.0.0").requireSuccess();

        assertTrue(Files.exists(project.resolve("pom.xml")));
        assertTrue(Files.readString(project.resolve("pom.xml")).contains("<artifactId>jib-maven-plugin</artifactId>"),
                   "the generated pom keeps jib-maven-plugin, so the user can build the image locally");
        assertTrue(Files.exists(project.resolve("README.md")));
        assertTrue(Files.exists(project.resolve("src/main/java/com/example/HelloService.java")));
        assertTrue(Files.exists(project.resolve("src/test/java/com/example/HelloServiceTest.java")));
    }

    @Test
    @Order(2)
    void packageAndDeployEndsWithTheServicesTable() throws IOException {
        MavenRun.Result deploy = MavenRun.mvn(project, userEnv, "package", "daeploy:deploy",
                "-Ddaeploy.host=" + manager.url()).requireSuccess();

        assertTrue(deploy.output().contains("Tests run: 4, Failures: 0, Errors: 0, Skipped: 0\n"),
                "the generated tests ran:\n" + deploy.output());
        Matcher header = Pattern.compile("MAIN\\s+NAME\\s+VERSION\\s+STATUS\\s+SINCE").matcher(deploy.output());
        assertTrue(deploy.output().contains("[INFO]   Healthy: hello 1.0.0 gets traffic as the main version"),
                "the manager's steps are shown as they happen:\n" + deploy.output());
        assertTrue(header.find(), deploy.output());
        Matcher row = Pattern.compile("\\*\\s+hello\\s+1\\.0\\.0\\s+running\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}")
                .matcher(deploy.output());
        assertTrue(row.find(), deploy.output());
        assertTrue(deploy.output().contains("[INFO] Deployed hello 1.0.0: " + manager.url() + "/services/hello/"),
                deploy.output());
        assertTheDocsShowThisUploadSize(deploy.output());
    }

    /** The figure docs/getting-started.md and docs/maven-plugin.md show is the one a user sees, give or take 10 %. */
    private static void assertTheDocsShowThisUploadSize(String deployOutput) throws IOException {
        Matcher seen = UPLOADING.matcher(deployOutput);
        assertTrue(seen.find(), "the deploy says how much it uploads:\n" + deployOutput);
        double megabytes = Double.parseDouble(seen.group(1));
        for (String doc : new String[] {"docs/getting-started.md", "docs/maven-plugin.md"}) {
            Matcher stated = UPLOADING.matcher(Files.readString(TestPaths.rootDir().resolve(doc)));
            assertTrue(stated.find(), doc + " shows the upload line");
            double inDoc = Double.parseDouble(stated.group(1));
            assertTrue(Math.abs(inDoc - megabytes) <= megabytes * 0.1,
                    doc + " says Uploaded " + inDoc + " MB; a deploy of the hello project uploads " + megabytes + " MB");
        }
    }

    @Test
    @Order(5)
    void aSecondVersionIsAShadowAndTheDeploySaysWhereItAnswers() {
        MavenRun.Result deploy = MavenRun.mvn(project, userEnv, "daeploy:deploy", "-Ddaeploy.version=1.0.1",
                "-Ddaeploy.host=" + manager.url()).requireSuccess();
        try {
            assertTrue(deploy.output().contains("[INFO] Deployed hello 1.0.1 as a shadow: " + manager.url()
                    + "/services/hello_1.0.1/"), deploy.output());
            HttpResponse<String> shadow = Http.postJson(gateway("/services/hello_1.0.1/hello"), "{\"name\":\"Bob\"}");
            assertEquals("\"Hello Bob\"", shadow.body());
        } finally {
            manager.client().kill("hello", "1.0.1");
        }
    }

    @Test
    @Order(3)
    void theServiceAnswersThroughTheGatewayByNameAndByVersion() {
        HttpResponse<String> byName = Http.postJson(gateway("/services/hello/hello"), "{\"name\":\"Bob\"}");
        assertEquals(200, byName.statusCode(), byName.body());
        assertEquals("\"Hello Bob\"", byName.body());

        HttpResponse<String> byVersion = Http.postJson(gateway("/services/hello_1.0.0/hello"), "{\"name\":\"Bob\"}");
        assertEquals(200, byVersion.statusCode(), byVersion.body());
        assertEquals("\"Hello Bob\"", byVersion.body());
    }

    @Test
    @Order(4)
    void interactiveDocsOpenAndTryItOutGoesThroughTheGateway() throws Exception {
        HttpResponse<String> docs = Http.get(gateway("/services/hello/docs"));
        assertEquals(200, docs.statusCode());
        assertTrue(docs.body().contains("hello"), docs.body());

        // Every script and stylesheet the page loads must load through the gateway too,
        // resolved as a browser does: against the page's <base href> when it has one.
        URI page = gateway("/services/hello/docs");
        Matcher base = Pattern.compile("<base href=\"([^\"]+)\"").matcher(docs.body());
        URI baseUri = base.find() ? page.resolve(base.group(1)) : page;
        Matcher assets = Pattern.compile("(?:src|href)=\"([^\"]+\\.(?:js|css))\"").matcher(docs.body());
        int loaded = 0;
        while (assets.find()) {
            URI asset = baseUri.resolve(assets.group(1));
            HttpResponse<String> res = Http.get(asset);
            assertEquals(200, res.statusCode(), "asset " + asset);
            loaded++;
        }
        assertTrue(loaded >= 2, "the docs page loads swagger-ui's script and styles:\n" + docs.body());

        // Swagger UI sends "Try it out" to the spec's server URL plus the path.
        JsonNode spec = Json.mapper().readTree(Http.get(gateway("/services/hello/openapi")).body());
        String server = spec.at("/servers/0/url").asText();
        assertEquals("/services/hello", server);
        HttpResponse<String> tried = Http.postJson(gateway(server + "/hello"), "{\"name\":\"Swagger\"}");
        assertEquals("\"Hello Swagger\"", tried.body());
    }

    @Test
    @Order(6)
    void lsAfterLoginShowsTheMainVersion() {
        MavenRun.mvn(project, userEnv, "daeploy:login", "-Ddaeploy.host=" + manager.url()).requireSuccess();
        MavenRun.Result ls = MavenRun.mvn(project, userEnv, "daeploy:ls").requireSuccess();
        assertTrue(Pattern.compile("\\*\\s+hello\\s+1\\.0\\.0\\s+running").matcher(ls.output()).find(), ls.output());
    }

    @Test
    @Order(7)
    void aManagerKilledWith9ComesBackWithTheServiceWithoutRedeploy() {
        manager.kill9();
        manager.restart();
        Instant end = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(end)) {
            HttpResponse<String> res = Http.postJson(gateway("/services/hello/hello"), "{\"name\":\"again\"}");
            if (res.statusCode() == 200) {
                assertEquals("\"Hello again\"", res.body());
                ServiceVersion listed = manager.client().services().get(0);
                assertEquals("running", listed.status());
                return;
            }
            ManagerProcess.sleep(100);
        }
        fail("hello did not answer within 10 s of the manager's restart:\n" + manager.output());
    }

    @Test
    @Order(9)
    void killStopsTheJvmAndTheRoutesAnswer404() {
        long pid = manager.client().inspection("hello", "1.0.0").get("pid").asLong();
        MavenRun.Result kill = MavenRun.mvn(project, userEnv, "daeploy:kill", "-Ddaeploy.name=hello",
                "-Ddaeploy.version=1.0.0", "-Ddaeploy.yes").requireSuccess();
        assertTrue(kill.output().contains("Service hello 1.0.0 killed."), kill.output());

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the service JVM is gone");
        assertEquals(404, Http.postJson(gateway("/services/hello/hello"), "{\"name\":\"Bob\"}").statusCode());
        assertEquals(404, Http.postJson(gateway("/services/hello_1.0.0/hello"), "{\"name\":\"Bob\"}").statusCode());
        assertTrue(manager.client().services().isEmpty());
    }

    @Test
    @Order(8)
    void killingInBatchModeWithoutYesIsRefusedAndKillsNothing() {
        MavenRun.Result refused = MavenRun.mvn(project, userEnv, "daeploy:kill", "-Ddaeploy.name=hello");
        assertTrue(refused.exitCode() != 0, refused.output());
        assertTrue(refused.output().contains("-Ddaeploy.yes"), refused.output());
        assertEquals(1, manager.client().services().size());
    }
}
