package io.daeploy.manager;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.manager.api.openapi.DocumentedAnswers;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.core.CoreHarness;
import io.daeploy.manager.http.RouteCatalog;
import io.daeploy.manager.logs.ManagerLog;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.daeploy.testsupport.openapi.ApiFuzzer;
import io.daeploy.testsupport.openapi.FuzzInputs;
import io.daeploy.testsupport.openapi.FuzzReport;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Valid and broken inputs, generated from the manager's own document, to every JSON route of a manager on the fake
 * runtime: nulls, wrong types, missing and extra fields, huge numbers, long and odd strings, deep nesting, empty and
 * non-JSON bodies, repeated query parameters. No answer may be a 5xx, every status must be documented, every body
 * must match its schema and every 4xx must carry a {@code detail}. A fixed seed; run longer by hand with
 * {@code -Dfuzz.tries=2000 -Dfuzz.seed=<n>}.
 */
@ServerTest
class ManagerApiFuzzTest {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 60);
    private static final long SEED = Long.getLong("fuzz.seed", 23);
    /**
     * Streams that follow, pages, files and the login's redirects: not JSON routes (the gateway's answers are the
     * services', fuzzed by the integration test ExamplesFuzzIT).
     */
    private static final Set<String> SKIPPED = Set.of("/services/~logs", "/logs/", "/docs", "/docs/assets/{file}", "/",
            "/dashboard/{file}", "/openapi", "/services/{name}/{path}", "/observe/metrics", "/~version", "/auth/login",
            "/auth/logout");
    /** Path parameters that sometimes name something the manager knows of. */
    private static final Map<String, List<String>> PATH_VALUES = Map.of("name", List.of("a", "hello"),
            "sha256", List.of("a".repeat(64)), "id", List.of("nope"));
    private static CoreHarness manager;
    private static final RouteCatalog CATALOG = new RouteCatalog();
    private final URI url;

    ManagerApiFuzzTest(WebServer server) {
        this.url = URI.create("http://127.0.0.1:" + server.port());
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws IOException {
        Path dataDir = Files.createTempDirectory("fuzz-api-test");
        manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1));
        ManagerSettings settings = ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_DATA_DIR", dataDir.toString()));
        ManagerServer.routing(routing, settings, manager.core, manager.routes, manager.notifications,
                ManagerLog.install(dataDir), CATALOG);
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void noInputMakesTheApiAnswerOutsideItsDocument() {
        FuzzReport report = fuzz(url, Map.of(), jsonOperations(CATALOG));
        assertTrue(report.findings().isEmpty(), report.firstFindings());
        assertTrue(report.tried().size() > 15, "the JSON routes were reached: " + report.tried().keySet());
    }

    /** The JSON routes that {@code catalog} registered, as {@code METHOD /template}. */
    static List<String> jsonOperations(RouteCatalog catalog) {
        return catalog.routes().stream()
                .filter(route -> !route.method().equals("ANY") && !SKIPPED.contains(pathOf(route)))
                .map(route -> route.method() + " " + pathOf(route)).distinct().toList();
    }

    /** {@link #TRIES} inputs of seed {@link #SEED} to each operation of the manager at {@code url}; prints the counts. */
    static FuzzReport fuzz(URI url, Map<String, String> headers, List<String> operations) {
        JsonNode document = DocumentedAnswers.document();
        FuzzInputs inputs = new FuzzInputs(document, PATH_VALUES, SEED);
        FuzzReport report = new ApiFuzzer(url, document, headers).run(operations, inputs, TRIES);
        System.out.println("Fuzz inputs per route (seed " + SEED + "):\n" + report.summary());
        return report;
    }

    private static String pathOf(RouteCatalog.Route route) {
        return route.path().isEmpty() ? "/" : route.path();
    }
}
