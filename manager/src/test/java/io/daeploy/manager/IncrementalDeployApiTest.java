package io.daeploy.manager;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManifestEntry;
import io.daeploy.manager.api.openapi.DocumentedAnswers;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.core.CoreHarness;
import io.daeploy.manager.http.RouteCatalog;
import io.daeploy.manager.logs.ManagerLog;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incremental deploy routes over HTTP ({@link ManagerServer#routing}, as the manager registers them) on a core with
 * the in-memory fake runtime: which contents are missing, their upload, the deploy by manifest, and bad input.
 */
@ServerTest
class IncrementalDeployApiTest {

    private static CoreHarness manager;
    private static Path dataDir;
    private final Http1Client client;

    IncrementalDeployApiTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws IOException {
        dataDir = Files.createTempDirectory("incremental-deploy-api-test");
        manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1));
        ManagerSettings settings = ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_DATA_DIR", dataDir.toString()));
        ManagerServer.routing(routing, settings, manager.core, manager.routes, manager.notifications,
                ManagerLog.install(dataDir), new RouteCatalog());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** A file of an application: its entry and its bytes. */
    private record AppFile(ManifestEntry entry, byte[] bytes) {
        static AppFile of(String path, byte[] bytes) {
            try {
                String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                return new AppFile(new ManifestEntry(path, digest, bytes.length), bytes);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static AppFile applicationJar(String path, String mainClass) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new ZipEntry(mainClass.replace('.', '/') + ".class"));
            out.write(new byte[]{0});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AppFile.of(path, bytes.toByteArray());
    }

    private static AppFile library(String path, String content) {
        return AppFile.of(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private static String entries(List<ManifestEntry> entries) {
        try {
            return Json.mapper().writeValueAsString(Map.of("entries", entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String deployBody(String name, String version, List<ManifestEntry> entries) {
        try {
            return Json.mapper().writeValueAsString(Map.of("name", name, "version", version, "env", Map.of("GREETING", "hi"),
                    "entries", entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> missing(AppFile... files) {
        Answer answer = send(Method.POST, "/services/~blobs/missing", entries(List.of(files).stream().map(AppFile::entry).toList()));
        assertEquals(200, answer.status(), answer.body().toString());
        List<String> missing = new ArrayList<>();
        answer.body().get("missing").forEach(digest -> missing.add(digest.asText()));
        return missing;
    }

    private Answer upload(AppFile file) {
        return upload(file.entry(), file.bytes());
    }

    private Answer upload(ManifestEntry entry, byte[] bytes) {
        Http1ClientRequest request = client.method(Method.PUT).path("/services/~blobs/" + entry.sha256())
                .queryParam("size", Long.toString(entry.size())).queryParam("path", entry.path());
        return answer(Method.PUT, request.header(HeaderNames.CONTENT_TYPE, "application/octet-stream").submit(bytes));
    }

    @Test
    void onlyWhatIsMissingIsUploadedAndTheVersionIsAssembledFromTheStore() throws IOException {
        AppFile jar = applicationJar("hello.jar", "com.example.Hello");
        AppFile lib = library("libs/lib.jar", "a library");
        AppFile sameContent = library("libs/copy-of-lib.jar", "a library");

        assertEquals(List.of(jar.entry().sha256(), lib.entry().sha256()), missing(jar, lib, sameContent), "each content once");
        assertEquals(201, upload(jar).status());
        Answer stored = upload(lib);
        assertEquals(201, stored.status(), stored.body().toString());
        assertEquals(lib.entry().sha256(), stored.body().get("sha256").asText());
        assertEquals(200, upload(lib).status(), "the store had it");
        assertEquals(List.of(), missing(jar, lib, sameContent));

        Answer deployed = send(Method.POST, "/services/~deploy/manifest", deployBody("inc_hello", "1.0.0",
                List.of(jar.entry(), lib.entry(), sameContent.entry())));
        assertEquals(201, deployed.status(), deployed.body().toString());
        assertEquals("running", deployed.body().get("status").asText());
        Path app = dataDir.resolve("services/inc_hello/1.0.0/app");
        assertArrayEquals(jar.bytes(), Files.readAllBytes(app.resolve("application.jar")));
        assertEquals("a library", Files.readString(app.resolve("libs/copy-of-lib.jar")));
        assertEquals("hi", manager.record("inc_hello", "1.0.0").orElseThrow().env().get("GREETING"));

        Answer again = send(Method.POST, "/services/~deploy/manifest", deployBody("inc_hello", "1.0.0", List.of(jar.entry())));
        assertEquals(409, again.status(), "as a whole-archive deploy of a deployed version");
    }

    @Test
    void aStreamedDeployByManifestTellsItsStepsAsAWholeArchiveDeployDoes() {
        AppFile jar = applicationJar("streamed.jar", "com.example.Streamed");
        upload(jar);
        try (Http1ClientResponse response = client.post("/services/~deploy/manifest")
                .header(HeaderNames.CONTENT_TYPE, "application/json").header(HeaderNames.ACCEPT, "application/x-ndjson")
                .submit(deployBody("inc_streamed", "1.0.0", List.of(jar.entry())))) {
            assertEquals(200, response.status().code());
            List<String> lines = response.as(String.class).lines().toList();
            assertEquals("{\"step\":\"Accepted by the manager\"}", lines.get(0));
            assertTrue(lines.contains("{\"step\":\"Stored the application of inc_streamed 1.0.0\"}"), lines.toString());
            assertTrue(lines.get(lines.size() - 1).startsWith("{\"service\":{\"name\":\"inc_streamed\""), lines.toString());
        }
    }

    @Test
    void contentThatIsNotWhatTheManifestSaysIsRefusedNamingTheEntryAndNothingIsKept() {
        AppFile lib = library("libs/lied-about.jar", "the real bytes");

        Answer otherBytes = upload(lib.entry(), "other bytes!!!".getBytes(StandardCharsets.UTF_8));
        assertEquals(422, otherBytes.status());
        assertTrue(otherBytes.body().get("detail").asText().startsWith("Entry libs/lied-about.jar (sha256 " + lib.entry().sha256()
                + "): the bytes sent have the SHA-256 "), otherBytes.body().toString());

        Answer truncated = upload(lib.entry(), "the real".getBytes(StandardCharsets.UTF_8));
        assertEquals(422, truncated.status());
        assertEquals("Entry libs/lied-about.jar (sha256 " + lib.entry().sha256() + ") arrived truncated: 8 of the 14 bytes"
                + " announced; nothing was kept", truncated.body().get("detail").asText());

        AppFile jar = applicationJar("lied.jar", "com.example.Lied");
        assertEquals(List.of(jar.entry().sha256(), lib.entry().sha256()), missing(jar, lib), "nothing was stored");
    }

    @Test
    void aDeployNamingContentTheStoreLacksIsRefusedNamingItAndRecordsNothing() {
        AppFile jar = applicationJar("lacking.jar", "com.example.Lacking");
        AppFile never = library("libs/never-uploaded.jar", "never uploaded");
        upload(jar);

        Answer refused = send(Method.POST, "/services/~deploy/manifest", deployBody("inc_lacking", "1.0.0",
                List.of(jar.entry(), never.entry())));
        assertEquals(422, refused.status(), refused.body().toString());
        assertTrue(refused.body().get("detail").asText().contains("lacks libs/never-uploaded.jar (sha256 " + never.entry().sha256()
                + ")"), refused.body().toString());
        assertTrue(manager.record("inc_lacking", "1.0.0").isEmpty());
        assertFalse(Files.exists(dataDir.resolve("services/inc_lacking")));
    }

    @Test
    void aManifestThatLiesAboutTheSizeOfContentTheStoreHasIsRefused() {
        AppFile lib = library("libs/sized.jar", "sized");
        AppFile jar = applicationJar("sized.jar", "com.example.Sized");
        upload(lib);
        ManifestEntry lying = new ManifestEntry(lib.entry().path(), lib.entry().sha256(), 500);
        Answer refused = send(Method.POST, "/services/~blobs/missing", entries(List.of(jar.entry(), lying)));
        assertEquals(422, refused.status());
        assertEquals("Entry libs/sized.jar: size 500, but its content (sha256 " + lib.entry().sha256() + ") has 5 bytes",
                refused.body().get("detail").asText());
    }

    @Test
    void badManifestsAreRefusedByBothRoutesAndChangeNothing() {
        ManifestEntry jar = applicationJar("bad.jar", "com.example.Bad").entry();
        String digest = jar.sha256();
        Map<List<ManifestEntry>, String> bad = Map.of(
                List.of(jar, new ManifestEntry("../escape.jar", digest, 1)), "Entry ../escape.jar points outside",
                List.of(jar, new ManifestEntry("/etc/passwd", digest, 1)), "Entry /etc/passwd points outside",
                List.of(jar, new ManifestEntry("libs/twice.jar", digest, 1), new ManifestEntry("libs/twice.jar", digest, 1)),
                "Entry libs/twice.jar is listed twice",
                List.of(jar, new ManifestEntry("libs/x.jar", "not-a-digest", 1)), "Entry libs/x.jar: sha256 must be 64");
        bad.forEach((entries, detail) -> {
            for (String route : List.of("/services/~blobs/missing", "/services/~deploy/manifest")) {
                String body = route.endsWith("manifest") ? deployBody("inc_bad", "1.0.0", entries) : entries(entries);
                Answer refused = send(Method.POST, route, body);
                assertEquals(422, refused.status(), route + " " + entries);
                assertTrue(refused.body().get("detail").asText().startsWith(detail), refused.body().toString());
            }
        });
        assertTrue(manager.record("inc_bad", "1.0.0").isEmpty());

        assertEquals(400, send(Method.POST, "/services/~blobs/missing", "{not json").status());
        assertEquals("Entry app.jar: size is required, a whole number of bytes", send(Method.POST, "/services/~blobs/missing",
                "{\"entries\":[{\"path\":\"app.jar\",\"sha256\":\"" + digest + "\"}]}").body().get("detail").asText());
        assertEquals(422, send(Method.POST, "/services/~deploy/manifest", "{\"name\":\"Bad-Name\",\"version\":\"1.0.0\","
                + "\"entries\":[]}").status());

        StringBuilder many = new StringBuilder("{\"entries\":[");
        for (int i = 0; i <= 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"path\":\"libs/l").append(i).append(".jar\",\"sha256\":\"").append(digest)
                    .append("\",\"size\":1}");
        }
        assertEquals(413, send(Method.POST, "/services/~blobs/missing", many.append("]}").toString()).status());
        String huge = "{\"entries\":[],\"padding\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        assertEquals(413, send(Method.POST, "/services/~blobs/missing", huge).status());
    }

    @Test
    void anUploadNeedsADigestAndASizeWithinTheLimit() {
        Answer notADigest = answer(Method.PUT, client.method(Method.PUT).path("/services/~blobs/abc").queryParam("size", "3").submit("abc"));
        assertEquals(422, notADigest.status());
        AppFile lib = library("libs/x.jar", "abc");
        Answer noSize = answer(Method.PUT, client.method(Method.PUT).path("/services/~blobs/" + lib.entry().sha256()).submit("abc"));
        assertEquals(422, noSize.status());
        assertTrue(noSize.body().get("detail").asText().startsWith("size is required"), noSize.body().toString());
        Answer tooLarge = answer(Method.PUT, client.method(Method.PUT).path("/services/~blobs/" + lib.entry().sha256())
                .queryParam("size", Long.toString(300L * 1024 * 1024)).submit("abc"));
        assertEquals(413, tooLarge.status());
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer send(Method method, String path, String json) {
        return answer(method, client.method(method).path(path).header(HeaderNames.CONTENT_TYPE, "application/json").submit(json));
    }

    private static Answer answer(Method method, Http1ClientResponse response) {
        try (response) {
            String body = response.as(String.class);
            DocumentedAnswers.check(method, response, body);
            return new Answer(response.status().code(), body.isEmpty() ? Json.mapper().nullNode() : Json.mapper().readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
