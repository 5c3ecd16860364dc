package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input gets a clear 4xx naming the problem, and leaves the deployed services as they were. */
class BadInputIT {

    private static ManagerProcess manager;
    private static ManagerClient client;
    private static Path work;

    @BeforeAll
    static void startManagerWithOneService() {
        manager = ManagerProcess.start("bad-input", ManagerProcess.env("DAEPLOY_MAX_UPLOAD_MB", "40"));
        client = manager.client();
        work = TestPaths.newWorkDir("bad-input-files");
        ServiceVersion baseline = client.deploy("baseline", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", baseline.status(), baseline.reason());
    }

    @AfterAll
    static void stopManager() {
        manager.close();
    }

    /** The one service deployed before each bad request must still be listed and answer. */
    private static void baselineUntouched() {
        List<ServiceVersion> services = client.services().stream().filter(s -> !s.name().equals("broken")).toList();
        assertEquals(List.of("baseline 1.0.0 running"),
                     services.stream().map(s -> s.name() + " " + s.version() + " " + s.status()).toList());
        HttpResponse<String> res = Http.postJson(manager.url().resolve("/services/baseline/hello"), "{\"name\":\"Bob\"}");
        assertEquals(200, res.statusCode(), res.body());
    }

    private static ManagerException refusedDeploy(String name, String version, Map<String, String> env, Path file) {
        return assertThrows(ManagerException.class, () -> client.deploy(name, version, env, file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"My-Service", "a/b", "_x", "x_", "", "a__b", "hello world"})
    void invalidNamesAre422NamingTheField(String name) {
        ManagerException e = refusedDeploy(name, "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals(422, e.status(), e.getMessage());
        assertTrue(e.detail().startsWith("name"), e.detail());
        baselineUntouched();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "v1.0.0", "latest", "1.0.0.0", "01.0.0", ""})
    void nonSemanticVersionsAre422NamingTheField(String version) {
        ManagerException e = refusedDeploy("fine", version, Map.of(), FixtureApp.zip());
        assertEquals(422, e.status(), e.getMessage());
        assertTrue(e.detail().startsWith("version"), e.detail());
        baselineUntouched();
    }

    @Test
    void aDuplicateNameAndVersionIs409() {
        ManagerException e = refusedDeploy("baseline", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals(409, e.status());
        assertTrue(e.detail().contains("baseline 1.0.0"), e.detail());
        baselineUntouched();
    }

    @Test
    void anUploadThatIsNoArchiveIs422() throws IOException {
        Path text = Files.writeString(work.resolve("notes.txt"), "this is not a jar");
        ManagerException e = refusedDeploy("notes", "1.0.0", Map.of(), text);
        assertEquals(422, e.status());
        assertTrue(e.detail().contains("not a jar or zip"), e.detail());
        baselineUntouched();
    }

    @Test
    void archiveEntriesThatClimbOutAreRefusedAndNothingIsWritten() throws IOException {
        Path slip = FixtureApp.zipWithEntries(work, "slip.zip", List.of("app.jar", "../../../evil.txt", "libs/ok.jar"));
        ManagerException climbing = refusedDeploy("slip", "1.0.0", Map.of(), slip);
        assertEquals(422, climbing.status());
        assertTrue(climbing.detail().contains("../../../evil.txt"), climbing.detail());

        Path absolute = FixtureApp.zipWithEntries(work, "abs.zip", List.of("app.jar", "/tmp/daeploy-evil.txt"));
        ManagerException abs = refusedDeploy("slip", "1.0.0", Map.of(), absolute);
        assertEquals(422, abs.status());

        try (Stream<Path> files = Files.walk(manager.dataDir().getParent())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("evil")), "nothing may be written");
        }
        assertFalse(Files.exists(Path.of("/tmp/daeploy-evil.txt")));
        assertFalse(Files.exists(manager.dataDir().resolve("services").resolve("slip")));
        baselineUntouched();
    }

    @Test
    void aZipWithoutAnApplicationJarOrMainClassIs422() throws IOException {
        Path noJar = FixtureApp.zipWithEntries(work, "nojar.zip", List.of("readme.txt", "libs/a.jar"));
        ManagerException e = refusedDeploy("nojar", "1.0.0", Map.of(), noJar);
        assertEquals(422, e.status());
        assertTrue(e.detail().contains("application jar"), e.detail());

        Path jar = work.resolve("nomain.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        ManagerException noMain = refusedDeploy("nomain", "1.0.0", Map.of(), jar);
        assertEquals(422, noMain.status());
        assertTrue(noMain.detail().contains("Main-Class"), noMain.detail());
        baselineUntouched();
    }

    @Test
    void anInvalidEnvironmentVariableNameIs422() {
        ManagerException e = refusedDeploy("envy", "1.0.0", Map.of("BAD-NAME", "x"), FixtureApp.zip());
        assertEquals(422, e.status());
        assertTrue(e.detail().contains("BAD-NAME"), e.detail());
        baselineUntouched();
    }

    @Test
    void missingFieldsAre422() {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nnofile\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1.0.0\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<String> res = Http.send(HttpRequest.newBuilder(manager.url().resolve("/services/~deploy"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(422, res.statusCode(), res.body());
        assertTrue(res.body().contains("file is required"), res.body());

        HttpResponse<String> notMultipart = Http.postJson(manager.url().resolve("/services/~deploy"), "{}");
        assertEquals(422, notMultipart.statusCode(), notMultipart.body());
        assertTrue(notMultipart.body().contains("multipart/form-data"), notMultipart.body());
        baselineUntouched();
    }

    @Test
    void anUploadOverTheLimitIs413() throws IOException {
        Path big = work.resolve("big.zip");
        try (var out = Files.newOutputStream(big)) {
            byte[] chunk = new byte[1024 * 1024];
            chunk[0] = 'P';
            chunk[1] = 'K';
            for (int i = 0; i < 41; i++) {
                out.write(chunk);
            }
        }
        ManagerException e = refusedDeploy("big", "1.0.0", Map.of(), big);
        assertEquals(413, e.status(), e.getMessage());
        assertTrue(e.detail().contains("40 MB"), e.detail());
        baselineUntouched();
    }

    @Test
    void unknownServicesAre404OnEveryRoute() {
        assertEquals(404, Http.delete(manager.url().resolve("/services/?name=nosuch")).statusCode());
        assertEquals(404, Http.delete(manager.url().resolve("/services/?name=baseline&version=9.9.9")).statusCode());
        assertEquals(404, Http.get(manager.url().resolve("/services/~inspection?name=nosuch&version=1.0.0")).statusCode());
        assertEquals(404, Http.get(manager.url().resolve("/services/nosuch/hello")).statusCode());
        assertEquals(404, Http.get(manager.url().resolve("/services/baseline_9.9.9/hello")).statusCode());
        HttpResponse<String> noName = Http.delete(manager.url().resolve("/services/"));
        assertEquals(422, noName.statusCode());
        assertTrue(noName.body().contains("name is required"), noName.body());
        baselineUntouched();
    }

    @Test
    void aServiceThatCrashesAtStartIsFailedWithItsReasonAndNotRetried() {
        ServiceVersion broken = client.deploy("broken", "1.0.0", Map.of("FIXTURE_FAIL_AT_START", "true"), FixtureApp.zip());
        assertEquals("failed", broken.status());
        assertTrue(broken.reason().contains("exited with code 3"), broken.reason());
        assertTrue(broken.reason().contains("refuses to start"), broken.reason());

        ManagerProcess.sleep(3000);
        ServiceVersion later = client.services().stream().filter(s -> s.name().equals("broken")).findFirst().orElseThrow();
        assertEquals("failed", later.status(), "a start-up crash is not retried");
        assertEquals(broken.since(), later.since());

        HttpResponse<String> res = Http.postJson(manager.url().resolve("/services/broken/hello"), "{\"name\":\"x\"}");
        assertEquals(503, res.statusCode());
        assertTrue(res.body().contains("failed"), res.body());

        client.kill("broken", "1.0.0");
        baselineUntouched();
    }
}
