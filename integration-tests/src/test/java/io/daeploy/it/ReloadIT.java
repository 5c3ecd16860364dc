package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.ApplicationFiles;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * New code for a deployed version, same name and version ({@code POST /services/~reload}, what {@code daeploy:dev}
 * sends), with a real manager and real service JVMs: the new JVM takes the traffic once healthy and no request fails
 * meanwhile; new code that exits at start leaves the old one serving and says why; a reloaded shadow's comparison starts
 * again. The new code is the fixture's jar with a resource added (a word to greet with, or a refusal to start).
 */
class ReloadIT {

    private static ManagerProcess manager;
    private static ManagerClient client;

    @BeforeAll
    static void start() {
        manager = ManagerProcess.start("reload", Map.of());
        client = manager.client();
    }

    @AfterAll
    static void stop() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void newCodeAnswersOnceHealthyAndNoRequestFailsMeanwhile() throws Exception {
        deploy("reloaded", "1.0.0");
        long oldPid = pid("reloaded");
        List<Integer> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = Thread.ofVirtual().start(() -> {
            while (loading.get()) {
                HttpResponse<String> answer = hello("reloaded");
                if (answer.statusCode() != 200) {
                    failures.add(answer.statusCode());
                }
            }
        });

        List<String> steps = new CopyOnWriteArrayList<>();
        ServiceVersion reloaded = client.reload("reloaded", "1.0.0", variant("fixture-word.txt", "Howdy"), steps::add);

        assertEquals("running", reloaded.status());
        assertEquals("\"Howdy Ann\"", hello("reloaded").body(), "the new code answers at once");
        Thread.sleep(3000); // the old JVM answers what it had, then stops
        loading.set(false);
        load.join();
        assertEquals(List.of(), failures, "no request failed during the reload");
        assertFalse(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false), "the old JVM stopped");
        assertTrue(steps.stream().anyMatch(step -> step.startsWith("Stored the new code of reloaded 1.0.0 (revision 1)")), steps.toString());
        assertEquals(1, client.inspection("reloaded", "1.0.0").findValue("revision").asInt());
    }

    @Test
    void newCodeThatExitsAtStartLeavesTheOldCodeServingAndSaysWhy() {
        deploy("stubborn", "1.0.0");
        long pid = pid("stubborn");

        ManagerException refused = assertThrows(ManagerException.class,
                () -> client.reload("stubborn", "1.0.0", variant("fixture-fail-at-start.txt", "yes"), step -> { }));

        assertEquals(422, refused.status());
        assertTrue(refused.detail().startsWith("The new code of stubborn 1.0.0 did not start: exited with code 3 during"
                + " start-up; last output:"), refused.detail());
        assertTrue(refused.detail().contains("FixtureService refuses to start"), refused.detail());
        assertTrue(refused.detail().endsWith("Its code before serves on"), refused.detail());
        assertEquals("\"Hello Ann\"", hello("stubborn").body());
        assertEquals(pid, pid("stubborn"), "the same JVM serves");
        assertEquals("running", client.services().stream().filter(s -> s.name().equals("stubborn")).findFirst().orElseThrow()
                .status());

        ServiceVersion fixed = client.reload("stubborn", "1.0.0", variant("fixture-word.txt", "Fixed"), step -> { });
        assertEquals("running", fixed.status(), "the next try works");
        assertEquals("\"Fixed Ann\"", hello("stubborn").body());
    }

    @Test
    void aReloadedShadowsComparisonStartsAgainFromZero() throws Exception {
        deploy("compared", "1.0.0");
        deploy("compared", "2.0.0");
        for (int i = 0; i < 3; i++) {
            hello("compared");
        }
        awaitMirrored("compared", 3);
        assertEquals(3, shadowReport("compared").get("matched").asInt());

        client.reload("compared", "2.0.0", variant("fixture-word.txt", "Howdy"), step -> { });
        assertEquals(0, shadowReport("compared").get("mirrored").asInt(), "the figures of the old code are gone");
        for (int i = 0; i < 2; i++) {
            assertEquals("\"Hello Ann\"", hello("compared").body(), "the main answers as before");
        }
        awaitMirrored("compared", 2);
        assertEquals(2, shadowReport("compared").get("differed").asInt(), shadowReport("compared").toString());
    }

    @Test
    void aReloadOfAVersionThatIsNotDeployedIs404() throws IOException {
        ManagerException refused = assertThrows(ManagerException.class,
                () -> client.reload("nobody", "1.0.0", variant("fixture-word.txt", "Hi"), step -> { }));
        assertEquals(404, refused.status());
        assertEquals("No service nobody 1.0.0 is deployed: deploy it first (mvn daeploy:deploy)", refused.detail());
    }

    /** The fixture's jar with one more resource, uploaded; answers its manifest. */
    private static List<io.daeploy.common.ManifestEntry> variant(String resource, String text) {
        try {
            Path dir = TestPaths.newWorkDir("reload-variant");
            Path jar = dir.resolve("fixture-service.jar");
            Files.copy(TestPaths.fixtureDir().resolve("fixture-service.jar"), jar, StandardCopyOption.REPLACE_EXISTING);
            try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                Files.writeString(zip.getPath(resource), text);
            }
            Map<String, Path> entries = new java.util.LinkedHashMap<>();
            entries.put("fixture-service.jar", jar);
            try (Stream<Path> libs = Files.list(TestPaths.fixtureDir().resolve("libs"))) {
                libs.sorted().forEach(lib -> entries.put("libs/" + lib.getFileName(), lib));
            }
            ApplicationFiles files = ApplicationFiles.of(entries);
            client.uploadMissing(files);
            return files.entries();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deploy(String name, String version) {
        ServiceVersion deployed = client.deploy(name, version, Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
    }

    private static HttpResponse<String> hello(String name) {
        return Http.postJson(manager.url().resolve("/services/" + name + "/hello"), "{\"name\":\"Ann\"}");
    }

    private static long pid(String name) {
        HttpResponse<String> answer = Http.get(manager.url().resolve("/services/" + name + "/whoami"));
        try {
            return Json.mapper().readTree(answer.body()).get("pid").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(answer.body(), e);
        }
    }

    private static JsonNode shadowReport(String name) {
        return client.shadowComparison(name).get("shadows").get(0);
    }

    private static void awaitMirrored(String name, int count) {
        Instant end = Instant.now().plusSeconds(20);
        while (shadowReport(name).get("mirrored").asInt() < count) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not mirrored: " + shadowReport(name));
            }
            ManagerProcess.sleep(100);
        }
    }
}
