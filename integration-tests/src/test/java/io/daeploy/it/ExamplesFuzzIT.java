package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ServiceVersion;
import io.daeploy.testsupport.openapi.ApiFuzzer;
import io.daeploy.testsupport.openapi.FuzzInputs;
import io.daeploy.testsupport.openapi.FuzzReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Valid and broken inputs to every operation of every example service, generated from the service's own
 * {@code /openapi} (read through the gateway): nulls, wrong types, missing and extra fields, huge numbers, long and odd
 * strings, deep nesting, empty and non-JSON bodies, repeated query parameters. No answer may be a 5xx, every status
 * must be in the service's document, every JSON body must match its schema and every 4xx must carry a {@code detail}.
 *
 * <p>The examples are deployed to a real manager (process runtime, one JVM per service) and called through its
 * gateway, as a user calls them: starting them directly would save a few seconds but miss what the gateway adds to
 * an answer. A fixed seed; run longer by hand with {@code -Dfuzz.tries=2000 -Dfuzz.seed=<n>}.
 */
class ExamplesFuzzIT {

    private static final int TRIES = Integer.parseInt(System.getProperty("fuzz.tries", "40"));
    private static final long SEED = Long.parseLong(System.getProperty("fuzz.seed", "23"));
    /** Service name, and its project under examples/. die_roller first: yatzee calls it. */
    private static final Map<String, String> EXAMPLES = examples();

    private static ManagerProcess manager;

    private static Map<String, String> examples() {
        Map<String, String> examples = new LinkedHashMap<>();
        examples.put("die_roller", "cross-service-communication/die-roller");
        examples.put("yatzee", "cross-service-communication/yatzee");
        for (String project : List.of("chat", "monitoring", "notifications", "status-codes", "typing")) {
            examples.put(project.replace('-', '_'), "sdk-features/" + project);
        }
        return examples;
    }

    @BeforeAll
    static void deployTheExamples() {
        manager = ManagerProcess.start("examples-fuzz", Map.of());
        Path work = TestPaths.newWorkDir("examples-fuzz");
        EXAMPLES.forEach((name, project) -> {
            Path target = TestPaths.rootDir().resolve("examples").resolve(project).resolve("target");
            String jar = Path.of(project).getFileName() + ".jar";
            Path zip = FixtureApp.packaged(target, jar, work.resolve(name + ".zip"));
            ServiceVersion deployed = manager.client().deploy(name, "1.0.0", Map.of(), zip);
            assertEquals("running", deployed.status(), () -> name + " did not start: " + deployed.reason());
        });
    }

    @AfterAll
    static void stopManager() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void noInputMakesAnExampleAnswerOutsideItsDocument() {
        List<String> findings = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        long started = System.nanoTime();
        for (String service : EXAMPLES.keySet()) {
            JsonNode document = json(Http.get(manager.url().resolve("/services/" + service + "/openapi")));
            URI base = manager.url().resolve(document.path("servers").path(0).path("url").asText("/services/" + service));
            List<String> operations = ApiFuzzer.operations(document);
            FuzzInputs inputs = new FuzzInputs(document, Map.of(), SEED);
            FuzzReport report = new ApiFuzzer(base, document, Map.of()).run(operations, inputs, TRIES);
            summary.append(service).append(":\n").append(report.summary());
            findings.addAll(report.findings());
            assertTrue(report.tried().size() >= 2, service + ": its operations were reached: " + report.tried().keySet());
        }
        System.out.printf("Fuzz inputs per operation (seed %d, %.1f s):%n%s", SEED, (System.nanoTime() - started) / 1e9,
                summary);
        assertTrue(findings.isEmpty(), findings.size() + " findings:\n"
                + String.join("\n", findings.subList(0, Math.min(30, findings.size()))));
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
