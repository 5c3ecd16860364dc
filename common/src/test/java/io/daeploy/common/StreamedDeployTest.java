package io.daeploy.common;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the client reads a streamed deploy. A stand-in manager (the JDK's own HTTP server on loopback) answers
 * exactly as scripted, so that a manager that goes silent mid-deploy can be played; the real manager's stream
 * is covered end to end by the integration tests.
 */
class StreamedDeployTest {

    @TempDir
    Path work;

    private HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);

    private ManagerClient managerAnswering(List<String> lines, boolean thenSilent, Duration timeout) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/services/~deploy", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", DeployEvents.MEDIA_TYPE);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String line : lines) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                if (thenSilent) {
                    released.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return new ManagerClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null, timeout);
    }

    @AfterEach
    void stop() {
        released.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private Path app() throws IOException {
        return Files.write(work.resolve("app.jar"), new byte[]{'P', 'K'});
    }

    @Test
    void stepsArriveInOrderAndTheLastLineIsTheVersion() throws IOException {
        ManagerClient client = managerAnswering(List.of(
                "{\"step\":\"Stored the application of hello 1.0.0\"}",
                "{\"step\":\"Healthy: hello 1.0.0 gets traffic as the main version\"}",
                "{\"service\":{\"name\":\"hello\",\"version\":\"1.0.0\",\"main\":true,\"status\":\"running\","
                        + "\"since\":\"2026-11-27T22:21:02Z\",\"image\":null,\"reason\":null}}"), false, Duration.ofSeconds(5));
        List<String> steps = new ArrayList<>();
        ServiceVersion deployed = client.deploy("hello", "1.0.0", Map.of(), app(), steps::add);
        assertEquals("running", deployed.status());
        assertEquals(List.of("Stored the application of hello 1.0.0", "Healthy: hello 1.0.0 gets traffic as the main version"),
                     steps);
    }

    @Test
    void anErrorLineIsAManagerExceptionWithItsStatusAndDetail() throws IOException {
        ManagerClient client = managerAnswering(List.of("{\"step\":\"Building the image\"}",
                "{\"error\":{\"status\":422,\"detail\":\"The base image x cannot be used\"}}"), false, Duration.ofSeconds(5));
        ManagerException e = assertThrows(ManagerException.class, () -> client.deploy("hello", "1.0.0", Map.of(), app()));
        assertEquals(422, e.status());
        assertEquals("The base image x cannot be used", e.detail());
    }

    @Test
    void aManagerThatGoesSilentIsATimeoutNotAHang() throws IOException {
        ManagerClient client = managerAnswering(List.of("{\"step\":\"Building the image\"}"), true, Duration.ofSeconds(1));
        List<String> steps = new ArrayList<>();
        ManagerException e = assertThrows(ManagerException.class,
                () -> client.deploy("hello", "1.0.0", Map.of(), app(), steps::add));
        assertEquals(0, e.status());
        assertEquals("timeout", e.detail());
        assertTrue(e.getMessage().contains("said nothing more about the deploy within 1 s"), e.getMessage());
        assertEquals(List.of("Building the image"), steps);
    }

    @Test
    void anAnswerThatEndsWithoutAnOutcomeSaysSo() throws IOException {
        ManagerClient client = managerAnswering(List.of("{\"step\":\"Building the image\"}"), false, Duration.ofSeconds(5));
        ManagerException e = assertThrows(ManagerException.class, () -> client.deploy("hello", "1.0.0", Map.of(), app()));
        assertTrue(e.getMessage().contains("ended the deploy answer without saying how it went"), e.getMessage());
    }
}
