package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The docker runtime against the real Docker Engine and registry of this machine (.ci/docker-setup.sh starts
 * them and makes the Java base image, since none can be pulled here). Without an engine each test is
 * skipped with the reason, except in CI, where they must run. {@link DockerUnreachableIT} needs no engine.
 */
class DockerRuntimeIT {

    private static final String BASE_IMAGE = "daeploy/test-java-base:latest";
    private static final String REGISTRY = "127.0.0.1:5000";
    private static final List<String> SERVICES = List.of("dock_fixture", "dock_layers", "dock_imaged", "dock_killed",
            "dock_survivor", "dock_foreign", "dock_pushed", "dock_refused", "dock_crashing", "dock_broken", "dock_inside", "dock_logs", "dock_source",
            "dock_tarred", "dock_repro", "dock_follow", "dock_vanished", "dock_reloaded");

    private static ManagerProcess manager;
    private static ManagerClient client;

    @BeforeAll
    static void startManagerOnDocker() {
        if (!DockerCli.engineAnswers()) {
            return; // each test then skips, or fails in CI, saying why
        }
        DockerCli.removeServices(SERVICES);
        manager = ManagerProcess.start("docker", dockerEnv());
        client = manager.client();
    }

    @BeforeEach
    void needsADockerEngine() {
        DockerCli.requireEngine();
    }

    @AfterAll
    static void stopManager() {
        if (manager != null) {
            manager.close();
            DockerCli.removeServices(SERVICES);
        }
    }

    private static Map<String, String> dockerEnv(String... more) {
        Map<String, String> env = ManagerProcess.env("DAEPLOY_RUNTIME", "docker",
                                                     "DAEPLOY_BASE_IMAGE", "docker://" + BASE_IMAGE);
        env.putAll(ManagerProcess.env(more));
        return env;
    }

    private static ServiceVersion deployRunning(ManagerClient to, String name, String version, Path app) {
        return deployRunning(to, name, version, Map.of(), app);
    }

    private static ServiceVersion deployRunning(ManagerClient to, String name, String version, Map<String, String> env, Path app) {
        ServiceVersion deployed = to.deploy(name, version, env, app);
        assertEquals("running", deployed.status(), deployed.reason());
        return deployed;
    }

    private static JsonNode json(HttpResponse<String> res) {
        assertEquals(200, res.statusCode(), res.body());
        try {
            return Json.mapper().readTree(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aDeployBecomesAnImageAndALabelledContainerThatTheGatewayReachesAndThatCallsBack() {
        List<String> steps = new ArrayList<>();
        ServiceVersion deployed = client.deploy("dock_fixture", "1.0.0", Map.of(), FixtureApp.zip(), steps::add);
        assertEquals("running", deployed.status(), deployed.reason());
        assertEquals("daeploy/dock_fixture:1.0.0", deployed.image());
        assertInOrder(steps, "Building the image daeploy/dock_fixture:1.0.0", "Loading to Docker daemon",
                      "Built the image daeploy/dock_fixture:1.0.0", "Starting dock_fixture 1.0.0 on the docker runtime",
                      "Healthy: dock_fixture 1.0.0");
        // Jib builds the layers in parallel: each is reported between the start of the build and the load, in any order
        for (String layer : List.of("Building dependencies layer", "Building application layer")) {
            assertInOrder(steps, "Building the image daeploy/dock_fixture:1.0.0", layer, "Loading to Docker daemon");
        }

        JsonNode who = json(Http.get(manager.url().resolve("/services/dock_fixture/whoami")));
        assertEquals("dock_fixture", who.get("name").asText());
        assertEquals("1", who.get("pid").asText(), "the service is the first process of its container");

        JsonNode container = DockerCli.inspect("daeploy-dock_fixture-1.0.0");
        JsonNode labels = container.path("Config").path("Labels");
        assertEquals("service", labels.path("daeploy.type").asText());
        assertEquals("dock_fixture", labels.path("daeploy.name").asText());
        assertEquals("1.0.0", labels.path("daeploy.version").asText());
        JsonNode host = container.path("HostConfig");
        assertEquals("on-failure", host.path("RestartPolicy").path("Name").asText());
        assertEquals(3, host.path("RestartPolicy").path("MaximumRetryCount").asInt(), "Docker gives up after three tries");
        assertEquals("json-file", host.path("LogConfig").path("Type").asText());
        assertEquals("10m", host.path("LogConfig").path("Config").path("max-size").asText(), "DAEPLOY_SERVICE_LOG_MAX_MB");
        assertEquals("3", host.path("LogConfig").path("Config").path("max-file").asText());
        JsonNode published = host.path("PortBindings").path("8000/tcp");
        assertEquals(1, published.size(), host.toString());
        assertEquals("127.0.0.1", published.get(0).path("HostIp").asText(), "published on loopback only");
        assertTrue(container.path("NetworkSettings").path("Networks").has("daeploy-network"), container.toString());

        // the service calls the manager back (DAEPLOY_MANAGER_URL) and, through its gateway, itself
        HttpResponse<String> relayed = Http.postJson(manager.url().resolve("/services/dock_fixture/relay"),
                                                     "{\"service\":\"dock_fixture\",\"name\":\"Bob\"}");
        assertEquals(200, relayed.statusCode(), relayed.body());
        assertEquals("\"Hello Bob\"", relayed.body());

        JsonNode inspection = client.inspection("dock_fixture", "1.0.0");
        assertEquals("docker", inspection.get("runtime").asText());
        assertEquals("running", inspection.get("state").asText(), inspection.toString());
    }

    @Test
    void logsComeFromDockerWithTailAndSince() {
        deployRunning(client, "dock_logs", "0.9.0", FixtureApp.zip());
        Instant before = Instant.now();
        assertEquals(200, Http.postJson(manager.url().resolve("/services/dock_logs/log"),
                                        "{\"message\":\"written in a container\"}").statusCode());
        List<String> tail = new ArrayList<>();
        client.logs("dock_logs", null, "3", false, null, tail::add);
        assertEquals(3, tail.size(), tail.toString());
        assertTrue(tail.stream().anyMatch(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-][0-9:]+) INFO fixture: written in a container$")),
                   "the line as the service wrote it, without Docker's own time stamp: " + tail);

        List<String> sinceNow = new ArrayList<>();
        client.logs("dock_logs", "0.9.0", "all", false, before.toString(), sinceNow::add);
        assertTrue(sinceNow.stream().anyMatch(l -> l.endsWith("written in a container")), sinceNow.toString());
        assertTrue(sinceNow.stream().noneMatch(l -> l.contains("listening on")), "only lines after 'since': " + sinceNow);

        List<String> all = new ArrayList<>();
        client.logs("dock_logs", "0.9.0", "all", false, null, all::add);
        assertTrue(all.stream().anyMatch(l -> l.contains("listening on http://0.0.0.0:8000")), all.toString());
    }

    @Test
    void aRedeployThatChangesOnlyTheApplicationChangesOnlyItsLayer() throws IOException {
        deployRunning(client, "dock_layers", "1.0.0", FixtureApp.zip());
        Path cachedLayers = manager.dataDir().resolve("jib-cache").resolve("application").resolve("layers");
        List<String> cachedBefore = entries(cachedLayers);
        List<String> steps = new ArrayList<>();
        ServiceVersion redeployed = client.deploy("dock_layers", "1.0.1", Map.of(), withChangedApplication(FixtureApp.zip()),
                                                  steps::add);
        assertEquals("running", redeployed.status(), redeployed.reason());
        assertTrue(steps.stream().anyMatch(step -> step.matches("Layers built: application; from the cache: dependencies(, .+)?")),
                   "the user sees that only the application layer was built: " + steps);
        List<String> cachedAfter = entries(cachedLayers);
        assertEquals(cachedBefore.size() + 1, cachedAfter.size(), "one new layer in Jib's cache: " + cachedAfter);
        assertTrue(cachedAfter.containsAll(cachedBefore), cachedAfter.toString());

        List<String> first = layers("daeploy/dock_layers:1.0.0");
        List<String> second = layers("daeploy/dock_layers:1.0.1");
        assertEquals(first.size(), second.size(), first + " / " + second);
        assertEquals(first.subList(0, first.size() - 1), second.subList(0, second.size() - 1),
                     "base image, dependencies and resources are the same layers");
        assertNotEquals(first.get(first.size() - 1), second.get(second.size() - 1), "the application layer differs");
        assertEquals("1.0.1", json(Http.get(manager.url().resolve("/services/dock_layers_1.0.1/whoami"))).get("version").asText());
    }

    @Test
    void aReloadRunsTheNewCodeInAContainerOfItsOwnAndMovesTheTrafficWithoutAGap() throws Exception {
        deployRunning(client, "dock_reloaded", "1.0.0", FixtureApp.zip());
        java.util.List<Integer> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread load = Thread.ofVirtual().start(() -> {
            while (loading.get()) {
                int status = Http.postJson(manager.url().resolve("/services/dock_reloaded/hello"), "{\"name\":\"Ann\"}").statusCode();
                if (status != 200) {
                    failures.add(status);
                }
            }
        });

        ServiceVersion reloaded = client.reload("dock_reloaded", "1.0.0",
                FixtureVariants.upload(client, "fixture-word.txt", "Howdy"), step -> { });

        assertEquals("running", reloaded.status());
        assertEquals("\"Howdy Ann\"", Http.postJson(manager.url().resolve("/services/dock_reloaded/hello"),
                "{\"name\":\"Ann\"}").body());
        Thread.sleep(4000); // the old container answers what it had, then goes
        loading.set(false);
        load.join();
        assertEquals(java.util.List.of(), failures, "no request failed during the reload");
        assertTrue(DockerCli.exists("daeploy-dock_reloaded-1.0.0-r1"), "the new code runs in a container of its own");
        assertFalse(DockerCli.exists("daeploy-dock_reloaded-1.0.0"), "the old container is gone");

        client.kill("dock_reloaded", null);
        assertFalse(DockerCli.exists("daeploy-dock_reloaded-1.0.0-r1"));
    }

    @Test
    void anExistingImageRunsAsAVersionWithItsOwnEnvironment() {
        deployRunning(client, "dock_source", "2.0.0", FixtureApp.zip());
        ServiceVersion imaged = client.deployImage("dock_imaged", "1.0.0", Map.of("GREETING", "from an image"),
                                                   "daeploy/dock_source:2.0.0");
        assertEquals("running", imaged.status(), imaged.reason());
        JsonNode who = json(Http.get(manager.url().resolve("/services/dock_imaged_1.0.0/whoami")));
        assertEquals("from an image", who.get("greeting").asText());
        assertEquals("dock_imaged", who.get("name").asText());

        // the plugin, in a folder with no project, as someone holding only an image would run it
        Path empty = TestPaths.newWorkDir("deploy-image");
        Map<String, String> userEnv = Map.of("DAEPLOY_CONFIG", empty.resolve("config.json").toString());
        String deployGoal = "io.daeploy:daeploy-maven-plugin:" + TestPaths.projectVersion() + ":deploy";
        MavenRun.Result byPlugin = MavenRun.mvn(empty, userEnv, deployGoal, "-Ddaeploy.host=" + manager.url(),
                "-Ddaeploy.image=daeploy/dock_source:2.0.0", "-Ddaeploy.name=dock_imaged", "-Ddaeploy.version=1.2.0")
                .requireSuccess();
        assertTrue(byPlugin.output().contains("[INFO]   Healthy: dock_imaged 1.2.0 gets traffic as a shadow"), byPlugin.output());
        // a shadow's container gets the CPU shares of nice 19 (DAEPLOY_SHADOW_NICE), the main the default 1024
        assertEquals(List.of(1024, 15), List.of(cpuShares("dock_imaged-1.0.0"), cpuShares("dock_imaged-1.2.0")));
        assertEquals(15, client.inspection("dock_imaged", "1.2.0").get("cpuShares").asInt());
        client.assign("dock_imaged", "1.2.0");
        assertEquals(List.of(15, 1024), List.of(cpuShares("dock_imaged-1.0.0"), cpuShares("dock_imaged-1.2.0")));
        client.assign("dock_imaged", "1.0.0");
        MavenRun.Result unnamed = MavenRun.mvn(empty, userEnv, deployGoal, "-Ddaeploy.host=" + manager.url(),
                "-Ddaeploy.image=daeploy/dock_source:2.0.0");
        assertEquals(1, unnamed.exitCode(), unnamed.output());
        assertTrue(unnamed.output().contains("Outside a project, name the version the image runs as"), unnamed.output());
        MavenRun.Result nothingToUpload = MavenRun.mvn(empty, userEnv, deployGoal, "-Ddaeploy.host=" + manager.url());
        assertEquals(1, nothingToUpload.exitCode(), nothingToUpload.output());
        assertTrue(nothingToUpload.output().contains("There is no project here (no pom.xml)"), nothingToUpload.output());

        ManagerException missing = assertThrows(ManagerException.class,
                () -> client.deployImage("dock_imaged", "1.0.1", Map.of(), "daeploy/no-such-image:1"));
        assertEquals(422, missing.status(), missing.getMessage());
        assertTrue(missing.detail().contains("daeploy/no-such-image:1"), missing.detail());
    }

    private static int cpuShares(String container) {
        return DockerCli.inspect("daeploy-" + container).path("HostConfig").path("CpuShares").asInt();
    }

    @Test
    void killRemovesTheContainerAndTheImageUnlessAskedToKeepIt() {
        deployRunning(client, "dock_killed", "1.0.0", FixtureApp.zip());
        deployRunning(client, "dock_killed", "1.0.1", FixtureApp.zip());
        assertTrue(DockerCli.exists("daeploy-dock_killed-1.0.0"));
        try {
            client.kill("dock_killed", "1.0.1", true);
            assertFalse(DockerCli.exists("daeploy-dock_killed-1.0.1"));
            assertTrue(DockerCli.imageExists("daeploy/dock_killed:1.0.1"), "keepImage keeps the image");

            client.kill("dock_killed", null);
            assertFalse(DockerCli.exists("daeploy-dock_killed-1.0.0"));
            assertFalse(DockerCli.imageExists("daeploy/dock_killed:1.0.0"), "the image built for the version is removed");
            assertEquals(404, Http.get(manager.url().resolve("/services/dock_killed/whoami")).statusCode());
        } finally {
            DockerCli.removeImage("daeploy/dock_killed:1.0.1");
        }
    }

    @Test
    void aContainerThatCrashesIsRestartedByDockerAndOneThatDiesAtStartUpFails() {
        deployRunning(client, "dock_crashing", "1.0.0", FixtureApp.zip());
        assertEquals(200, Http.postJson(manager.url().resolve("/services/dock_crashing/crash"), "{\"code\":7}").statusCode());
        Instant end = Instant.now().plusSeconds(20);
        while (DockerCli.inspect("daeploy-dock_crashing-1.0.0").get("RestartCount").asInt() < 1 && Instant.now().isBefore(end)) {
            ManagerProcess.sleep(200);
        }
        assertEquals(1, DockerCli.inspect("daeploy-dock_crashing-1.0.0").get("RestartCount").asInt(), "Docker restarted it");
        awaitAnswer(manager.url().resolve("/services/dock_crashing/whoami"), Duration.ofSeconds(30));
        assertTrue(client.notifications().stream().anyMatch(n -> "dock_crashing".equals(n.serviceName())
                           && n.message().equals("Crashed with exit code 7; restarted by the docker runtime")),
                   "Docker's restart is told to the user: " + client.notifications());

        ServiceVersion broken = client.deploy("dock_broken", "1.0.0", Map.of("FIXTURE_FAIL_AT_START", "true"), FixtureApp.zip());
        assertEquals("failed", broken.status());
        assertTrue(broken.reason().contains("exited with code 3"), broken.reason());
        assertTrue(broken.reason().contains("refuses to start"), "the reason shows the last output: " + broken.reason());
        // nothing of it runs: Docker gave up restarting it, or the manager stopped what Docker was still restarting
        assertEquals("not running", awaitNotRunning("daeploy-dock_broken-1.0.0", Duration.ofSeconds(15)));
    }

    /** "not running" once the container is gone or has exited; else its last state when the time is up. */
    private static String awaitNotRunning(String container, Duration bound) {
        Instant end = Instant.now().plus(bound);
        String state = "";
        while (Instant.now().isBefore(end)) {
            // one call: a container removed between two calls cannot fail the look
            DockerCli.Result look = DockerCli.exec("container", "inspect", "--format", "{{.State.Status}}", container);
            state = look.exitCode() != 0 ? "gone" : look.output().strip();
            if (state.equals("gone") || state.equals("exited")) {
                return "not running";
            }
            ManagerProcess.sleep(200);
        }
        return state;
    }

    @Test
    void afterKill9TheManagerFindsItsContainersAndRoutesThemAgain() {
        deployRunning(client, "dock_foreign", "1.0.0", FixtureApp.zip()); // another manager's: unknown to the one below
        try (ManagerProcess restarting = ManagerProcess.start("docker-restart", dockerEnv())) {
            deployRunning(restarting.client(), "dock_survivor", "1.0.0", FixtureApp.zip());
            deployRunning(restarting.client(), "dock_vanished", "1.0.0", FixtureApp.zip());
            String containerId = DockerCli.inspect("daeploy-dock_survivor-1.0.0").get("Id").asText();
            String vanishedId = DockerCli.inspect("daeploy-dock_vanished-1.0.0").get("Id").asText();

            restarting.kill9();
            assertEquals("true", DockerCli.run("inspect", "--format", "{{.State.Running}}", containerId),
                         "the container outlives the manager");
            DockerCli.removeContainer(vanishedId); // removed by someone while the manager was down
            restarting.restart();

            awaitAnswer(restarting.url().resolve("/services/dock_survivor/whoami"), Duration.ofSeconds(10));
            assertEquals(containerId, DockerCli.inspect("daeploy-dock_survivor-1.0.0").get("Id").asText(),
                         "the same container is routed again, not a new one");
            assertTrue(restarting.output().contains("Adopted dock_survivor_1.0.0"), restarting.output());
            assertTrue(restarting.client().notifications().stream().anyMatch(n -> "dock_foreign".equals(n.serviceName())
                            && n.message().startsWith("Runs but is not in this manager's database")),
                       "a container it does not know is reported: " + restarting.client().notifications());

            // the record without a container: told, and started again in a new container
            assertTrue(restarting.client().notifications().stream().anyMatch(n -> "dock_vanished".equals(n.serviceName())
                            && n.message().equals("Was not running when the manager started; starting it again")),
                       "a version whose container is gone is reported: " + restarting.client().notifications());
            awaitAnswer(restarting.url().resolve("/services/dock_vanished/whoami"), Duration.ofSeconds(60));
            assertNotEquals(vanishedId, DockerCli.inspect("daeploy-dock_vanished-1.0.0").get("Id").asText());
            assertTrue(restarting.output().contains("Restarting dock_vanished_1.0.0: it was not running any more"),
                       restarting.output());

            List<ServiceVersion> services = restarting.client().services();
            assertEquals(List.of("dock_survivor", "dock_vanished"), services.stream().map(ServiceVersion::name).sorted().toList(),
                         "the foreign container is not taken over");
            assertTrue(services.stream().allMatch(v -> v.status().equals("running")), services.toString());
        } finally {
            client.kill("dock_foreign", null);
        }
    }

    @Test
    void withARegistryImagesArePushedThereAndRunFromThereWithTheMemoryLimit() {
        try (ManagerProcess pushing = ManagerProcess.start("docker-registry", ManagerProcess.env(
                "DAEPLOY_RUNTIME", "docker",
                "DAEPLOY_BASE_IMAGE", REGISTRY + "/" + BASE_IMAGE,
                "DAEPLOY_REGISTRY", REGISTRY,
                "DAEPLOY_REGISTRY_INSECURE", "true",
                "DAEPLOY_SERVICE_MEMORY_MB", "384"))) {
            ServiceVersion deployed = deployRunning(pushing.client(), "dock_pushed", "1.0.0", FixtureApp.zip());
            assertEquals(REGISTRY + "/dock_pushed:1.0.0", deployed.image());

            JsonNode tags = json(Http.get(URI.create("http://" + REGISTRY + "/v2/dock_pushed/tags/list")));
            assertTrue(tags.get("tags").toString().contains("1.0.0"), tags.toString());
            assertEquals(REGISTRY + "/dock_pushed:1.0.0",
                         DockerCli.inspect("daeploy-dock_pushed-1.0.0").path("Config").path("Image").asText());
            assertEquals(200, Http.get(pushing.url().resolve("/services/dock_pushed/whoami")).statusCode());
            assertEquals(384L * 1024 * 1024,
                         DockerCli.inspect("daeploy-dock_pushed-1.0.0").path("HostConfig").path("Memory").asLong(), "the memory limit");
        }
    }

    @Test
    void theSameUploadBuildsTheSameImageAndTheContainerEnvironmentIsSorted() {
        Map<String, String> env = Map.of("ZULU", "last", "ALPHA", "first", "MIKE", "middle");
        deployRunning(client, "dock_repro", "1.0.0", FixtureApp.zip());
        String firstImage = DockerCli.inspect("daeploy/dock_repro:1.0.0").get("Id").asText();
        client.kill("dock_repro", null);
        assertFalse(DockerCli.imageExists("daeploy/dock_repro:1.0.0"), "the kill removed the image: the next deploy builds it again");

        deployRunning(client, "dock_repro", "1.0.0", env, FixtureApp.zip());
        assertEquals(firstImage, DockerCli.inspect("daeploy/dock_repro:1.0.0").get("Id").asText(),
                     "the same upload gives the same image, to the byte");

        // docs/docker.md: the JVM options of DAEPLOY_SERVICE_JAVA_OPTS (here the default) are part of the image
        assertEquals(List.of("java", "-XX:+UseSerialGC", "-Xss512k", "-Xms8m", "-Xmx256m", "-jar", "/app/application.jar"),
                strings(DockerCli.inspect("daeploy/dock_repro:1.0.0").path("Config").path("Entrypoint")));

        List<String> imageEnv = strings(DockerCli.inspect("daeploy/dock_repro:1.0.0").path("Config").path("Env"));
        List<String> serviceEnv = strings(DockerCli.inspect("daeploy-dock_repro-1.0.0").path("Config").path("Env")).stream()
                .filter(e -> !imageEnv.contains(e)).toList();
        assertTrue(serviceEnv.containsAll(List.of("ALPHA=first", "MIKE=middle", "ZULU=last", "PORT=8000")), serviceEnv.toString());
        assertTrue(serviceEnv.stream().anyMatch(e -> e.startsWith("DAEPLOY_MANAGER_URL=")), serviceEnv.toString());
        assertEquals(serviceEnv.stream().sorted().toList(), serviceEnv, "the container's own environment is sorted");
    }

    @Test
    void logsFollowedFromDockerGetNewLinesAndEndWhenTheContainerStops() throws Exception {
        deployRunning(client, "dock_follow", "1.0.0", FixtureApp.zip());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<Void> following = CompletableFuture.runAsync(
                () -> client.logs("dock_follow", "1.0.0", "1", true, null, lines::add));
        assertNotNull(lines.poll(20, TimeUnit.SECONDS), "the last line comes at once: the stream has started");

        assertEquals(200, Http.postJson(manager.url().resolve("/services/dock_follow/log"),
                                        "{\"message\":\"written while followed\"}").statusCode());
        String line = lines.poll(20, TimeUnit.SECONDS);
        while (line != null && !line.endsWith("written while followed")) {
            line = lines.poll(20, TimeUnit.SECONDS);
        }
        assertNotNull(line, "the line written after the request started reached the follower");
        assertFalse(following.isDone(), "following goes on while the container runs");

        DockerCli.run("stop", "-t", "2", "daeploy-dock_follow-1.0.0");
        following.get(30, TimeUnit.SECONDS); // the stream ends with the container
    }

    @Test
    void aTarBaseImageBuildsLikeTheDaemonsOwn() {
        Path tar = TestPaths.newWorkDir("base-tar").resolve("java-base.tar");
        DockerCli.run("save", "-o", tar.toString(), BASE_IMAGE);
        try (ManagerProcess tarred = ManagerProcess.start("docker-tar-base", ManagerProcess.env(
                "DAEPLOY_RUNTIME", "docker", "DAEPLOY_BASE_IMAGE", "tar://" + tar))) {
            List<String> steps = new ArrayList<>();
            ServiceVersion deployed = tarred.client().deploy("dock_tarred", "1.0.0", Map.of(), FixtureApp.zip(), steps::add);
            assertEquals("running", deployed.status(), deployed.reason());
            assertTrue(steps.stream().anyMatch(step -> step.startsWith("Building the image daeploy/dock_tarred:1.0.0 on tar://" + tar)),
                       steps.toString());
            List<String> base = layers(BASE_IMAGE);
            assertEquals(base, layers("daeploy/dock_tarred:1.0.0").subList(0, base.size()), "the tarball's layers come first");
            assertEquals("dock_tarred", json(Http.get(tarred.url().resolve("/services/dock_tarred/whoami"))).get("name").asText());
        }
    }

    @Test
    void anUnknownBaseImageOfARegistryIs422NamingIt() {
        String unknown = REGISTRY + "/no-such-base:1";
        try (ManagerProcess misconfigured = ManagerProcess.start("docker-no-registry-base", ManagerProcess.env(
                "DAEPLOY_RUNTIME", "docker", "DAEPLOY_BASE_IMAGE", unknown,
                "DAEPLOY_REGISTRY", REGISTRY, "DAEPLOY_REGISTRY_INSECURE", "true"))) {
            ManagerException e = assertThrows(ManagerException.class,
                    () -> misconfigured.client().deploy("dock_refused", "1.0.0", Map.of(), FixtureApp.zip()));
            assertEquals(422, e.status(), e.getMessage());
            assertTrue(e.detail().startsWith("The base image " + unknown + " (DAEPLOY_BASE_IMAGE) cannot be used"), e.detail());
            assertEquals(List.of(), misconfigured.client().services());
        }
    }

    /** The default base image on a host without internet: found at start, shown, and a deploy says so at once. */
    @Test
    void aBaseImageThatCannotBePulledIsReportedAtStartAndRefusesDeploysAtOnce() throws Exception {
        String unreachable = "registry.invalid/java/base:21"; // .invalid never resolves (RFC 2606)
        try (ManagerProcess misconfigured = ManagerProcess.start("docker-unpullable-base", ManagerProcess.env(
                "DAEPLOY_RUNTIME", "docker", "DAEPLOY_BASE_IMAGE", unreachable))) {
            String expected = "The base image " + unreachable + " (DAEPLOY_BASE_IMAGE) cannot be used: the registry"
                    + " registry.invalid cannot be reached";
            assertTrue(misconfigured.output().contains(expected), "a warning at start:\n" + misconfigured.output());
            JsonNode health = json(Http.get(misconfigured.url().resolve("/observe/health")));
            assertTrue(health.toString().contains(expected), "the health details carry it: " + health);
            assertTrue(misconfigured.client().notifications().stream().anyMatch(n -> n.message().startsWith(expected)),
                    "the dashboard's notifications show it");

            ManagerException e = assertThrows(ManagerException.class,
                    () -> misconfigured.client().deploy("dock_unpullable", "1.0.0", Map.of(), FixtureApp.zip()));
            assertEquals(422, e.status(), e.getMessage());
            assertTrue(e.detail().startsWith(expected), e.detail());
            assertTrue(e.detail().contains("Set DAEPLOY_BASE_IMAGE to"), e.detail());
            assertEquals(List.of(), misconfigured.client().services());
        }
    }

    @Test
    void anUnknownBaseImageIs422NamingItAndLeavesNothingBehind() {
        try (ManagerProcess misconfigured = ManagerProcess.start("docker-no-base", ManagerProcess.env(
                "DAEPLOY_RUNTIME", "docker", "DAEPLOY_BASE_IMAGE", "docker://daeploy/no-such-base:1"))) {
            ManagerException e = assertThrows(ManagerException.class,
                    () -> misconfigured.client().deploy("dock_refused", "1.0.0", Map.of(), FixtureApp.zip()));
            assertEquals(422, e.status(), e.getMessage());
            assertTrue(e.detail().contains("docker://daeploy/no-such-base:1") && e.detail().contains("DAEPLOY_BASE_IMAGE"),
                       e.detail());
            assertEquals(List.of(), misconfigured.client().services());
            assertFalse(DockerCli.exists("daeploy-dock_refused-1.0.0"));
            assertFalse(Files.exists(misconfigured.dataDir().resolve("services").resolve("dock_refused").resolve("1.0.0")));
        }
    }

    @Test
    void aRegistryThatRefusesThePushIs502NamingItAndLeavesNothingBehind() {
        try (ManagerProcess pushing = ManagerProcess.start("docker-no-registry", dockerEnv(
                "DAEPLOY_REGISTRY", "127.0.0.1:1", "DAEPLOY_REGISTRY_INSECURE", "true"))) {
            List<String> steps = new ArrayList<>();
            ManagerException e = assertThrows(ManagerException.class,
                    () -> pushing.client().deploy("dock_refused", "1.0.0", Map.of(), FixtureApp.zip(), steps::add));
            assertEquals(502, e.status(), e.getMessage());
            assertTrue(e.detail().contains("127.0.0.1:1/dock_refused:1.0.0") && e.detail().contains("DAEPLOY_REGISTRY"),
                       e.detail());
            assertTrue(steps.stream().anyMatch(s -> s.startsWith("Building the image")), "steps came before the error: " + steps);
            assertEquals(List.of(), pushing.client().services());
            assertFalse(Files.exists(pushing.dataDir().resolve("services").resolve("dock_refused").resolve("1.0.0")));
            assertTrue(pushing.output().contains("jib: I/O error for image [127.0.0.1:1/dock_refused]"), pushing.output());
            assertFalse(pushing.output().contains("\u001b["), "Jib's colours stay out of a log that is no terminal");
            assertFalse(pushing.output().contains("sun.misc.Unsafe"), "no JDK warning about a library:\n" + pushing.output());
            assertTrue(steps.stream().noneMatch(step -> step.contains("\u001b")), steps.toString());
        }
    }

    /**
     * The manager's own image (jib-maven-plugin, as the README builds it), run as the README's one {@code docker run}
     * shows, deploys a service; its data volume outlives the container, so a new manager container takes the service on.
     */
    @Test
    void theManagerInItsOwnContainerDeploysAServiceThatCallsItBack() {
        MavenRun.mvn(TestPaths.rootDir(), Map.of(), "-q", "-f", "manager/pom.xml", "jib:dockerBuild",
                     "-Djib.from.image=docker://" + BASE_IMAGE, "-Djib.to.image=daeploy/manager-it:latest").requireSuccess();
        int port = ManagerProcess.freePort();
        String container = "daeploy-manager-it";
        String volume = "daeploy-it-data";
        DockerCli.removeContainer(container);
        DockerCli.removeVolume(volume);
        URI url = URI.create("http://127.0.0.1:" + port);
        String[] dockerRun = {"run", "-d", "--name", container, "-p", "127.0.0.1:" + port + ":8080",
                "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", volume + ":/root/.daeploy",
                "-e", "DAEPLOY_RUNTIME=docker", "-e", "DAEPLOY_BIND=0.0.0.0",
                "-e", "DAEPLOY_AUTH_ENABLED=true", "-e", "DAEPLOY_ADMIN_PASSWORD=it-secret",
                "-e", "DAEPLOY_BASE_IMAGE=docker://" + BASE_IMAGE, "daeploy/manager-it:latest"};
        try {
            DockerCli.run(dockerRun);
            awaitAnswer(url.resolve("/observe/health"), Duration.ofSeconds(60));
            String token = new ManagerClient(url, null, Duration.ofSeconds(30)).login("admin", "it-secret");
            ManagerClient inside = new ManagerClient(url, token, Duration.ofSeconds(120));

            ServiceVersion deployed = deployRunning(inside, "dock_inside", "1.0.0", FixtureApp.zip());
            assertEquals("daeploy/dock_inside:1.0.0", deployed.image());
            assertEquals("", DockerCli.run("inspect", "--format", "{{json .HostConfig.PortBindings}}", "daeploy-dock_inside-1.0.0")
                    .replace("{}", "").replace("null", ""), "reached by name on the network, nothing published");
            HttpResponse<String> relayed = Http.send(HttpRequest.newBuilder(url.resolve("/services/dock_inside/relay"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"dock_inside\",\"name\":\"Bob\"}")));
            assertEquals(200, relayed.statusCode(), relayed.body() + "\n" + DockerCli.run("logs", container));
            assertEquals("\"Hello Bob\"", relayed.body(), "the service called the manager by its container name, with its token");

            DockerCli.removeContainer(container); // a new manager container on the same volume: an upgrade
            DockerCli.run(dockerRun);
            awaitAnswer(url.resolve("/observe/health"), Duration.ofSeconds(60));
            ManagerClient again = new ManagerClient(url, new ManagerClient(url, null, Duration.ofSeconds(30))
                    .login("admin", "it-secret"), Duration.ofSeconds(120));
            List<ServiceVersion> kept = again.services();
            assertEquals(1, kept.size(), kept.toString());
            assertEquals("running", kept.get(0).status(), "the data volume kept the version: " + kept);
            assertTrue(DockerCli.run("logs", container).contains("Adopted dock_inside_1.0.0"), DockerCli.run("logs", container));

            again.kill("dock_inside", null);
            assertFalse(DockerCli.exists("daeploy-dock_inside-1.0.0"));
        } finally {
            DockerCli.removeContainer(container);
            DockerCli.removeVolume(volume);
        }
    }

    private static void assertInOrder(List<String> lines, String... starts) {
        int at = 0;
        for (String start : starts) {
            while (at < lines.size() && !lines.get(at).startsWith(start)) {
                at++;
            }
            assertTrue(at < lines.size(), "a step starting with '" + start + "' (in this order) in " + lines);
        }
    }

    private static void awaitAnswer(URI uri, Duration within) {
        Instant end = Instant.now().plus(within);
        String last = "";
        while (Instant.now().isBefore(end)) {
            try {
                HttpResponse<String> res = Http.get(uri);
                if (res.statusCode() / 100 == 2) {
                    return;
                }
                last = res.statusCode() + " " + res.body();
            } catch (UncheckedIOException e) {
                last = e.getMessage();
            }
            ManagerProcess.sleep(200);
        }
        fail(uri + " did not answer within " + within + "; last: " + last);
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(item -> strings.add(item.asText()));
        return strings;
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<String> layers(String image) {
        List<String> layers = new ArrayList<>();
        DockerCli.inspect(image).path("RootFS").path("Layers").forEach(layer -> layers.add(layer.asText()));
        return layers;
    }

    /** The same upload with a different application jar: one more entry in it, the same manifest and libs. */
    private static Path withChangedApplication(Path upload) throws IOException {
        Path changed = TestPaths.newWorkDir("changed-app").resolve("fixture-changed.zip");
        Path jar = changed.resolveSibling("fixture-service.jar");
        try (ZipFile zip = new ZipFile(upload.toFile()); OutputStream out = Files.newOutputStream(changed);
             ZipOutputStream z = new ZipOutputStream(out)) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                z.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = zip.getInputStream(entry)) {
                    if (entry.getName().equals("fixture-service.jar")) {
                        Files.copy(in, jar);
                        z.write(withExtraEntry(jar));
                    } else {
                        in.transferTo(z);
                    }
                }
                z.closeEntry();
            }
        }
        return changed;
    }

    private static byte[] withExtraEntry(Path jar) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipFile original = new ZipFile(jar.toFile()); ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Enumeration<? extends ZipEntry> e = original.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                z.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = original.getInputStream(entry)) {
                    in.transferTo(z);
                }
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry("changed-" + System.nanoTime() + ".txt"));
            z.write("a change of the application only".getBytes());
            z.closeEntry();
        }
        return bytes.toByteArray();
    }
}
