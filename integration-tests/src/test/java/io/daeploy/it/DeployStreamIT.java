package io.daeploy.it;

import io.daeploy.common.DeployEvents;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A deploy answered step by step (Accept: application/x-ndjson) on the process runtime, and a reader who leaves. */
class DeployStreamIT {

    private ManagerProcess manager;
    private ManagerClient client;

    @BeforeEach
    void start() {
        manager = ManagerProcess.start("deploy-stream", Map.of());
        client = manager.client();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void theStepsComeInOrderThenTheVersion() {
        List<String> steps = new ArrayList<>();
        ServiceVersion deployed = client.deploy("streamed", "1.0.0", Map.of(), FixtureApp.zip(), steps::add);
        assertEquals("running", deployed.status(), deployed.reason());
        assertEquals("Accepted by the manager", steps.get(0));
        assertEquals("Stored the application of streamed 1.0.0", steps.get(1));
        assertEquals("Starting streamed 1.0.0 on the process runtime", steps.get(2));
        assertTrue(steps.get(3).matches("Started at http://127\\.0\\.0\\.1:\\d+; waiting up to \\d+ s for /observe/health to answer"),
                   steps.toString());
        assertEquals("Healthy: streamed 1.0.0 gets traffic as the main version", steps.get(4));
        assertEquals(5, steps.size(), steps.toString());
    }

    @Test
    void aReaderWhoLeavesAfterTheFirstStepDoesNotStopTheDeploy() throws Exception {
        String boundary = "streamed-b0undary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nabandoned\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1.0.0\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"app.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(FixtureApp.zip()));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(manager.url().resolve("/services/~deploy"))
                .header("Accept", DeployEvents.MEDIA_TYPE)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> res = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, res.statusCode());
            assertEquals(DeployEvents.MEDIA_TYPE, res.headers().firstValue("Content-Type").orElse(""));
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                assertEquals("{\"step\":\"Accepted by the manager\"}", lines.readLine());
            } // the reader leaves here
        }
        Instant end = Instant.now().plusSeconds(60);
        String status = "";
        while (Instant.now().isBefore(end) && !status.equals("running")) {
            status = client.services().stream().filter(v -> v.name().equals("abandoned")).map(ServiceVersion::status)
                    .findFirst().orElse("");
            ManagerProcess.sleep(200);
        }
        assertEquals("running", status, "the deploy went on without its reader");
        assertEquals(200, Http.postJson(manager.url().resolve("/services/abandoned/hello"), "{\"name\":\"Bob\"}").statusCode());
    }
}
