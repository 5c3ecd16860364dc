package io.daeploy.sdk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.daeploy.common.Json;
import io.daeploy.common.NotificationRequest;
import io.daeploy.sdk.Daeploy;
import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.ManagerConnection;
import io.daeploy.sdk.RunningService;
import io.daeploy.sdk.ServiceSettings;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs a service in the test JVM, as the manager would run it, with a
 * {@link StandInManager} (a real HTTP server standing in for the Daeploy manager) to take its notifications and
 * answer its {@code callService} calls from stubs:
 *
 * <pre>{@code
 * @RegisterExtension
 * static DaeployTestService service = DaeployTestService.of(new HelloService())
 *         .stubService("die_roller", "roll", args -> 6);
 *
 * @Test
 * void greets() {
 *     assertEquals("Hello Bob", service.post("hello", Map.of("name", "Bob")).as(String.class));
 * }
 * }</pre>
 *
 * In a {@code static} field the service starts once for the class, in an instance field once per test. It listens on
 * a free loopback port, keeps its monitoring database in a temporary folder (deleted afterwards), and
 * {@code Daeploy.callService} and {@code Daeploy.notify} of the JVM go to the stand-in manager while it runs.
 * Before each test the recorded notifications and calls are forgotten; stubs registered during a test are removed
 * after it, stubs registered before (like the one above) stay.
 */
public final class DaeployTestService implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final Object service;
    private final StandInManager manager = new StandInManager();
    private String name;
    private String version = ServiceSettings.DEFAULT_VERSION;
    private Duration timeout = Duration.ofSeconds(30);
    private RunningService running;
    private Path dataDir;
    private ManagerConnection previousConnection;
    private boolean startedForOneTest;

    private DaeployTestService(Object service) {
        this.service = Objects.requireNonNull(service, "service");
        this.name = ServiceSettings.fromEnvironment(Map.of(), service.getClass()).name();
    }

    /** A harness for {@code service}: the object whose {@code @Entrypoint} methods are served. */
    public static DaeployTestService of(Object service) {
        return new DaeployTestService(service);
    }

    /** Runs the service as {@code name version} (default: the class name lower-cased, {@code 0.0.0}). */
    public DaeployTestService as(String serviceName, String serviceVersion) {
        this.name = Objects.requireNonNull(serviceName, "serviceName");
        this.version = Objects.requireNonNull(serviceVersion, "serviceVersion");
        return this;
    }

    /** How long a request of the test waits for the service's answer (default 30 s). */
    public DaeployTestService timeout(Duration requestTimeout) {
        this.timeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        return this;
    }

    /** Answers the service's {@code callService(service, entrypoint, ...)} with {@code answer}; see {@link StandInManager}. */
    public DaeployTestService stubService(String calledService, String entrypoint, StubAnswer answer) {
        manager.stubService(calledService, entrypoint, answer);
        return this;
    }

    /** As {@link #stubService(String, String, StubAnswer)}, only for calls that name {@code calledVersion}. */
    public DaeployTestService stubService(String calledService, String calledVersion, String entrypoint, StubAnswer answer) {
        manager.stubService(calledService, calledVersion, entrypoint, answer);
        return this;
    }

    // ---- JUnit ----

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (running == null) {
            start();
            startedForOneTest = true;
        }
        manager.clearRecords();
        manager.beginTest();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        manager.endTest();
        if (startedForOneTest) {
            stop();
            startedForOneTest = false;
        }
    }

    /** Starts the service and the stand-in manager; JUnit calls it, call it yourself only without JUnit. */
    public synchronized void start() {
        if (running != null) {
            return;
        }
        try {
            dataDir = Files.createTempDirectory("daeploy-test-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the service's data", e);
        }
        manager.open();
        previousConnection = Daeploy.useConnection(manager.connection(name, version));
        try {
            running = DaeployService.start(service, new ServiceSettings(name, version, 0, "127.0.0.1", dataDir));
        } catch (RuntimeException e) {
            Daeploy.useConnection(previousConnection);
            manager.close();
            deleteQuietly(dataDir);
            throw e;
        }
    }

    /** Stops the service and the stand-in manager, and puts the JVM's previous manager connection back. */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        running.stop();
        running = null;
        Daeploy.useConnection(previousConnection);
        manager.close();
        deleteQuietly(dataDir);
    }

    // ---- what a test uses ----

    /** The service object under test, e.g. to read a parameter's value. */
    @SuppressWarnings("unchecked")
    public <T> T service() {
        return (T) service;
    }

    /** The running service: port, URI, and {@link RunningService#flushMonitoring}. */
    public RunningService running() {
        if (running == null) {
            throw new IllegalStateException("The service is not running: register the extension with @RegisterExtension");
        }
        return running;
    }

    /** Base URI of the service, e.g. {@code http://127.0.0.1:41234}. */
    public URI uri() {
        return running().uri();
    }

    /** The stand-in manager: stubs, recorded notifications and calls. */
    public StandInManager manager() {
        return manager;
    }

    /** The notifications the service raised in this test, oldest first. */
    public List<NotificationRequest> notifications() {
        return manager.notifications();
    }

    /**
     * {@code POST /<entrypoint>} with {@code arguments} as the JSON body: a {@code Map} or a record keyed by
     * parameter name, a JSON text, or null for none.
     */
    public TestResponse post(String entrypoint, Object arguments) {
        return request("POST", "/" + entrypoint, arguments);
    }

    /** {@code GET} of a path with its query, e.g. {@code get("/add?a=1&b=2")} or {@code get("/~parameters")}. */
    public TestResponse get(String pathAndQuery) {
        return request("GET", pathAndQuery, null);
    }

    /** {@code GET /<path>} with {@code query} as its query string, each value as text. */
    public TestResponse get(String path, Map<String, ?> query) {
        StringBuilder uri = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, ?> entry : query.entrySet()) {
            uri.append(separator).append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(String.valueOf(entry.getValue()), StandardCharsets.UTF_8));
            separator = '&';
        }
        return get(uri.toString());
    }

    /** Changes a parameter over HTTP: {@code POST /~parameters/<name>} with {@code {"value": value}}. */
    public TestResponse setParameter(String parameter, Object value) {
        return request("POST", "/~parameters/" + parameter, Map.of("value", value));
    }

    /**
     * The monitored values of {@code variable} as {@code GET /~monitor} answers them,
     * {@code {"timestamp": [...], "value": [...]}}; waits for values stored in the background first.
     */
    public JsonNode monitored(String variable) {
        TestResponse response = get("/~monitor", Map.of("variables", variable));
        if (response.status() != 200) {
            throw new AssertionError("GET /~monitor?variables=" + variable + " answered " + response);
        }
        return response.json().get(variable);
    }

    /** Any request: {@code body} is sent as JSON (a text as is), null for none. */
    public TestResponse request(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri().resolve(path)).timeout(timeout);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new TestResponse(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    private static String json(Object body) {
        if (body instanceof CharSequence text) {
            return text.toString();
        }
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temporary folder left behind is no reason to fail a test
        }
    }
}
