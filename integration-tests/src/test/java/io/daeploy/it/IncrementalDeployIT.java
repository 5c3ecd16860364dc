package io.daeploy.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.ApplicationFiles;
import io.daeploy.common.DeployOptions;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import io.daeploy.common.ManifestEntry;
import io.daeploy.common.ServiceVersion;
import io.daeploy.common.UploadSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental deploys with a real manager and real {@code mvn} runs: the yatzee example deployed, one class changed and
 * deployed again as a new version, which uploads only the application jar and answers with the change; a manager
 * without the new routes, which gets the whole archive; then bad input over HTTP, and two deploys sharing contents at
 * once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncrementalDeployIT {

    private static final Pattern UPLOADED = Pattern.compile("\\[INFO] Uploaded (\\S+ \\S+) of (\\S+ \\S+): (\\d+) of (\\d+) files"
            + " changed");

    private static ManagerProcess manager;
    private static ManagerClient client;
    private static Path yatzee;
    private static Map<String, String> userEnv;

    @BeforeAll
    static void start() {
        manager = ManagerProcess.start("incremental", Map.of());
        client = manager.client();
        Path work = TestPaths.newWorkDir("incremental-user");
        yatzee = ProjectCopy.of(TestPaths.rootDir().resolve("examples/cross-service-communication/yatzee"), work.resolve("yatzee"));
        userEnv = Map.of("DAEPLOY_CONFIG", work.resolve("daeploy-config.json").toString());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static MavenRun.Result mvn(String host, String... args) {
        List<String> withHost = new ArrayList<>(List.of(args));
        withHost.add("-Ddaeploy.host=" + host);
        return MavenRun.mvn(yatzee, userEnv, withHost.toArray(String[]::new)).requireSuccess();
    }

    private static Matcher uploaded(MavenRun.Result run) {
        Matcher line = UPLOADED.matcher(run.output());
        assertTrue(line.find(), "the plugin says what it sent:\n" + run.output());
        return line;
    }

    private static HttpResponse<String> play(String qualifiedName) {
        return Http.send(HttpRequest.newBuilder(manager.url().resolve("/services/" + qualifiedName + "/play"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    @Order(1)
    void aDeployAfterAOneClassChangeUploadsOnlyTheApplicationJarAndTheNewVersionHasTheChange() throws Exception {
        Matcher first = uploaded(mvn(manager.url().toString(), "package", "-DskipTests", "daeploy:deploy"));
        int files = Integer.parseInt(first.group(4));
        assertTrue(files > 10, "the jar and the SDK's libraries: " + first.group());
        assertEquals(files, Integer.parseInt(first.group(3)), "a new manager has none of them: " + first.group());
        assertEquals(first.group(1), first.group(2), first.group());
        assertEquals(502, play("yatzee_1.0.0").statusCode(), "without die_roller there is no die to roll");

        Path die = yatzee.resolve("src/main/java/io/daeploy/examples/yatzee/DieRollerDie.java");
        Files.writeString(die, """
                package io.daeploy.examples.yatzee;

                import java.util.function.IntSupplier;

                /** Changed by IncrementalDeployIT: a loaded die that shows four every time, without die_roller. */
                final class DieRollerDie implements IntSupplier {

                    static final String SERVICE = "die_roller";
                    static final String ENTRYPOINT = "roll";

                    @Override
                    public int getAsInt() {
                        return 4;
                    }
                }
                """);
        MavenRun.Result second = mvn(manager.url().toString(), "package", "-DskipTests", "daeploy:deploy",
                "-Ddaeploy.version=1.0.1");
        Matcher sent = uploaded(second);
        assertEquals("1 of " + files, sent.group(3) + " of " + sent.group(4), "only the application jar: " + sent.group());
        assertEquals(first.group(2), sent.group(2), "the same application size: " + sent.group());
        assertTrue(sent.group(1).endsWith(" KB"), "a jar of a few classes: " + sent.group());

        HttpResponse<String> changed = play("yatzee_1.0.1");
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals(List.of(4, 4, 4, 4, 4), Json.mapper().readValue(changed.body(), new TypeReference<List<Integer>>() { }));
        assertEquals(502, play("yatzee_1.0.0").statusCode(), "1.0.0 kept its own classes");
    }

    @Test
    @Order(2)
    void aManagerWithoutIncrementalDeploysGetsTheWholeArchive() {
        try (EarlierManager earlier = EarlierManager.before(manager.url())) {
            MavenRun.Result run = mvn(earlier.url().toString(), "daeploy:deploy", "-Ddaeploy.version=1.0.2");
            assertTrue(run.output().contains("[INFO] The manager at " + earlier.url() + " takes no incremental upload (an"
                    + " earlier release): uploading the whole application instead"), run.output());
            assertTrue(Pattern.compile("\\[INFO] Uploading \\S+ MB to ").matcher(run.output()).find(), run.output());
            assertFalse(UPLOADED.matcher(run.output()).find(), run.output());
        }
        assertEquals(200, play("yatzee_1.0.2").statusCode());
    }

    @Test
    @Order(3)
    void theWholeArchiveOnRequest() {
        MavenRun.Result run = mvn(manager.url().toString(), "daeploy:deploy", "-Ddaeploy.version=1.0.3",
                "-Ddaeploy.incremental=false");
        assertTrue(Pattern.compile("\\[INFO] Uploading \\S+ MB to ").matcher(run.output()).find(), run.output());
        assertFalse(UPLOADED.matcher(run.output()).find(), run.output());
        assertEquals(200, play("yatzee_1.0.3").statusCode());
    }

    /** The fixture service's jar and libraries, as the plugin would announce them. */
    private static ApplicationFiles fixture() throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("fixture-service.jar", TestPaths.fixtureDir().resolve("fixture-service.jar"));
        try (Stream<Path> libs = Files.list(TestPaths.fixtureDir().resolve("libs"))) {
            libs.sorted().forEach(lib -> files.put("libs/" + lib.getFileName(), lib));
        }
        return ApplicationFiles.of(files);
    }

    private static String manifest(List<ManifestEntry> entries) throws IOException {
        return Json.mapper().writeValueAsString(Map.of("entries", entries));
    }

    private static String deployBody(String name, List<ManifestEntry> entries) throws IOException {
        return Json.mapper().writeValueAsString(Map.of("name", name, "version", "1.0.0", "entries", entries));
    }

    private static HttpResponse<String> putBlob(ManifestEntry entry, byte[] bytes) {
        return Http.send(HttpRequest.newBuilder(manager.url().resolve("/services/~blobs/" + entry.sha256() + "?size="
                + entry.size() + "&path=" + entry.path())).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private static String detail(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body()).get("detail").asText();
    }

    @Test
    @Order(4)
    void badInputIsRefusedNamingWhatIsWrongAndChangesNothing() throws Exception {
        List<ServiceVersion> before = client.services();
        ApplicationFiles fixture = fixture();
        ManifestEntry jar = fixture.entries().get(0); // the libraries may be there already: yatzee has some of them
        ManifestEntry lib = fixture.entries().get(1);
        byte[] jarBytes = Files.readAllBytes(fixture.file(jar));

        // content that is not what the manifest says: other bytes, fewer bytes, a connection that ends halfway
        byte[] otherBytes = jarBytes.clone();
        otherBytes[otherBytes.length / 2] ^= 1;
        HttpResponse<String> lying = putBlob(jar, otherBytes);
        assertEquals(422, lying.statusCode(), lying.body());
        assertTrue(detail(lying).startsWith("Entry " + jar.path() + " (sha256 " + jar.sha256() + "): the bytes sent have"),
                lying.body());
        HttpResponse<String> shorter = putBlob(jar, java.util.Arrays.copyOf(jarBytes, jarBytes.length / 2));
        assertEquals(422, shorter.statusCode(), shorter.body());
        assertTrue(detail(shorter).contains("arrived truncated"), shorter.body());
        try (Socket socket = new Socket("127.0.0.1", manager.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /services/~blobs/" + jar.sha256() + "?size=" + jar.size() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Length: " + jar.size() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(jarBytes, 0, jarBytes.length / 2);
            out.flush();
        } // closed halfway
        assertTrue(client.missingContent(List.of(jar, lib)).contains(jar.sha256()), "nothing of it was kept");

        // a deploy naming content the store lacks
        HttpResponse<String> lacking = Http.postJson(manager.url().resolve("/services/~deploy/manifest"),
                deployBody("lacking", List.of(jar, lib)));
        assertEquals(422, lacking.statusCode(), lacking.body());
        assertTrue(detail(lacking).contains(jar.path() + " (sha256 " + jar.sha256() + ")"), lacking.body());

        // manifests that escape the folder, name a path twice, or are too large
        for (ManifestEntry bad : List.of(new ManifestEntry("../../escape.jar", lib.sha256(), lib.size()),
                new ManifestEntry("/etc/cron.d/escape", lib.sha256(), lib.size()), lib)) {
            List<ManifestEntry> entries = List.of(jar, lib, bad);
            for (String route : List.of("/services/~blobs/missing", "/services/~deploy/manifest")) {
                String body = route.endsWith("missing") ? manifest(entries) : deployBody("escaping", entries);
                HttpResponse<String> refused = Http.postJson(manager.url().resolve(route), body);
                assertEquals(422, refused.statusCode(), route + ": " + refused.body());
                assertTrue(detail(refused).startsWith("Entry " + bad.path()), refused.body());
            }
        }
        List<ManifestEntry> many = new ArrayList<>(List.of(jar));
        for (int i = 0; i < 10_000; i++) {
            many.add(new ManifestEntry("libs/lib-" + i + ".jar", lib.sha256(), lib.size()));
        }
        assertEquals(413, Http.postJson(manager.url().resolve("/services/~blobs/missing"), manifest(many)).statusCode());

        assertEquals(before.stream().map(ServiceVersion::qualifiedName).toList(),
                client.services().stream().map(ServiceVersion::qualifiedName).toList(), "every service as it was");
        assertEquals(200, play("yatzee_1.0.1").statusCode());
        assertEquals(List.of(), partsLeft(), "no part of a refused upload left behind");
        assertFalse(Files.exists(manager.dataDir().resolve("blobs/sha256").resolve(jar.sha256())));
    }

    @Test
    @Order(5)
    void twoDeploysSharingContentsAtOnceBothRun() throws Exception {
        ApplicationFiles fixture = fixture();
        CountDownLatch together = new CountDownLatch(1);
        List<CompletableFuture<UploadSummary>> uploads = new ArrayList<>();
        List<CompletableFuture<ServiceVersion>> deploys = new ArrayList<>();
        for (String name : List.of("shared_one", "shared_two")) {
            CompletableFuture<UploadSummary> upload = CompletableFuture.supplyAsync(() -> {
                awaitQuietly(together);
                return client.uploadMissing(fixture);
            });
            uploads.add(upload);
            deploys.add(upload.thenApplyAsync(sent -> client.deployManifest(name, "1.0.0", Map.of("GREETING", name),
                    fixture.entries(), DeployOptions.DEFAULTS, step -> { })));
        }
        together.countDown();
        for (CompletableFuture<ServiceVersion> deploy : deploys) {
            assertEquals("running", deploy.get().status(), deploy.get().toString());
        }
        for (String name : List.of("shared_one", "shared_two")) {
            JsonNode whoami = Json.mapper().readTree(Http.get(manager.url().resolve("/services/" + name + "/whoami")).body());
            assertEquals(name, whoami.get("greeting").asText());
        }
        assertEquals(fixture.entries().size(), uploads.get(0).get().files());
        assertEquals(List.of(), List.copyOf(client.missingContent(fixture.entries())), "every content stored, whole");
        assertEquals(List.of(), partsLeft());

        client.kill("shared_one", null);
        assertEquals("running", client.services().stream().filter(s -> s.name().equals("shared_two")).findFirst()
                .orElseThrow().status());
        assertEquals(List.of(), List.copyOf(client.missingContent(fixture.entries())), "shared_two still uses them all");
        ManagerException duplicate = assertThrows(ManagerException.class, () -> client.deployManifest("shared_two", "1.0.0",
                Map.of(), fixture.entries(), DeployOptions.DEFAULTS, step -> { }));
        assertEquals(409, duplicate.status());
    }

    /** The parts of uploads under way in the content store, once none is (the manager may still see a connection end). */
    private static List<Path> partsLeft() throws IOException {
        Path incoming = manager.dataDir().resolve("blobs/incoming");
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> parts = Files.list(incoming)) {
                List<Path> left = parts.toList();
                if (left.isEmpty() || attempt == 100) {
                    return left;
                }
            }
            ManagerProcess.sleep(100);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
