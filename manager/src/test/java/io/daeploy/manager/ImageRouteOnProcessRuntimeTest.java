package io.daeploy.manager;

import io.daeploy.manager.auth.AuthSettings;
import io.daeploy.manager.config.ManagerSettings;
import io.helidon.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /services/~image} on the default process runtime, which runs no images: a 422 saying what would. */
class ImageRouteOnProcessRuntimeTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    private static ManagerServer manager;
    private static URI url;

    @BeforeAll
    static void start() {
        ManagerSettings settings = ManagerSettings.from(Config.empty(),
                Map.of("DAEPLOY_PORT", "0", "DAEPLOY_DATA_DIR", dataDir.toString()));
        manager = ManagerServer.start(settings, new AuthSettings(false, Optional.empty()), Config.empty());
        url = URI.create("http://127.0.0.1:" + manager.port());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static HttpResponse<String> post(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url.resolve("/services/~image")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anImageNeedsAContainerRuntimeAndNothingIsLeftBehind() throws Exception {
        HttpResponse<String> res = post("{\"name\":\"hello\",\"version\":\"1.0.0\",\"image\":\"hello:1.0.0\"}");
        assertEquals(422, res.statusCode(), res.body());
        assertTrue(res.body().contains("needs DAEPLOY_RUNTIME=docker or kubernetes"), res.body());
        assertEquals("[]", HTTP.send(HttpRequest.newBuilder(url.resolve("/services/")).build(),
                                     HttpResponse.BodyHandlers.ofString()).body());
        assertFalse(Files.exists(dataDir.resolve("services").resolve("hello").resolve("1.0.0")));
    }

    @Test
    void missingFieldsAre422NamingThem() throws Exception {
        HttpResponse<String> noImage = post("{\"name\":\"hello\",\"version\":\"1.0.0\"}");
        assertEquals(422, noImage.statusCode());
        assertTrue(noImage.body().contains("image is required"), noImage.body());
        HttpResponse<String> badName = post("{\"name\":\"Hello\",\"version\":\"1.0.0\",\"image\":\"x\"}");
        assertEquals(422, badName.statusCode());
        assertTrue(badName.body().contains("name 'Hello' is invalid"), badName.body());
        assertEquals(400, post("not json").statusCode());
    }
}
