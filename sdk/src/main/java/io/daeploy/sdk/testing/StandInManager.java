package io.daeploy.sdk.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.daeploy.common.Json;
import io.daeploy.common.NotificationRequest;
import io.daeploy.sdk.HttpException;
import io.daeploy.sdk.ManagerConnection;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Stands in for the Daeploy manager in a service's tests: a real HTTP server in the test JVM that serves the two
 * things a service asks of the manager. {@code POST /notifications/} is recorded ({@link #notifications()});
 * calls through the gateway, {@code /services/{name}/{entrypoint}} and {@code /services/{name}_{version}/{entrypoint}},
 * are answered by the stubs a test registers ({@link #stubService}) and recorded ({@link #calls()}). A service or
 * entrypoint without a stub gets the real manager's 404, so {@code callService} fails as it would in production.
 *
 * <p>It is not the manager: no deployment, no routing to real services, no authentication. {@link DaeployTestService}
 * starts one for you; start one yourself with {@link #start()} to test code that calls the manager directly.
 */
public final class StandInManager implements AutoCloseable {

    private static final String SERVICES = "/services/";
    // name_version: the version is a semantic version, which is how the real gateway tells it from the name
    private static final Pattern VERSIONED = Pattern.compile("^(.+)_(\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.+-]*)?)$");

    private record StubKey(String service, String version, String entrypoint) {
    }

    private final ObjectMapper mapper = Json.mapper();
    // A test's own stubs cover the ones registered before the tests (in the extension's declaration) until it ends.
    private final Map<StubKey, StubAnswer> classStubs = new ConcurrentHashMap<>();
    private final Map<StubKey, StubAnswer> testStubs = new ConcurrentHashMap<>();
    private final List<NotificationRequest> notifications = new CopyOnWriteArrayList<>();
    private final List<StubCall> calls = new CopyOnWriteArrayList<>();
    private volatile boolean inTest;
    private volatile WebServer server;

    /** A stand-in that is not listening yet: stubs can be registered, {@link #open()} starts the server. */
    StandInManager() {
    }

    /** Starts a stand-in manager on a free loopback port. */
    public static StandInManager start() {
        StandInManager manager = new StandInManager();
        manager.open();
        return manager;
    }

    /** Starts listening (again), on a new free port; stubs and records are kept. */
    synchronized void open() {
        if (server != null && server.isRunning()) {
            return;
        }
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .routing(routing -> routing
                        .post("/notifications/", this::notification)
                        .post("/notifications", this::notification)
                        .any("/services/*", this::gateway))
                .build()
                .start();
    }

    /** Its base URL, the {@code DAEPLOY_MANAGER_URL} a service under test uses. */
    public URI uri() {
        WebServer listening = server;
        if (listening == null || !listening.isRunning()) {
            throw new IllegalStateException("The stand-in manager is not running");
        }
        return URI.create("http://127.0.0.1:" + listening.port());
    }

    /** A connection to this stand-in for {@code Daeploy.useConnection}, raising notifications as {@code name version}. */
    public ManagerConnection connection(String serviceName, String serviceVersion) {
        return ManagerConnection.to(uri()).as(serviceName, serviceVersion);
    }

    /**
     * Answers calls to {@code entrypoint} of {@code service} (any version) with {@code answer}:
     * {@code stubService("die_roller", "roll", args -> 6)}. A later stub for the same entrypoint replaces it.
     */
    public StandInManager stubService(String service, String entrypoint, StubAnswer answer) {
        return stub(new StubKey(service, null, entrypoint), answer);
    }

    /** As {@link #stubService(String, String, StubAnswer)}, only for calls that name {@code version}. */
    public StandInManager stubService(String service, String version, String entrypoint, StubAnswer answer) {
        return stub(new StubKey(service, version, entrypoint), answer);
    }

    private StandInManager stub(StubKey key, StubAnswer answer) {
        (inTest ? testStubs : classStubs).put(key, answer);
        return this;
    }

    /** The notifications received, oldest first. */
    public List<NotificationRequest> notifications() {
        return List.copyOf(notifications);
    }

    /** The gateway calls received, oldest first, stubbed or not. */
    public List<StubCall> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the notifications and calls received so far; stubs stay. */
    public void clearRecords() {
        notifications.clear();
        calls.clear();
    }

    /** Removes every stub, those registered before the tests included. */
    public void removeStubs() {
        classStubs.clear();
        testStubs.clear();
    }

    /** From now on new stubs belong to one test and go with {@link #endTest()}. */
    void beginTest() {
        inTest = true;
    }

    /** Removes the stubs registered during the test that ends. */
    void endTest() {
        testStubs.clear();
        inTest = false;
    }

    private StubAnswer find(StubKey key) {
        StubAnswer answer = testStubs.get(key);
        return answer != null ? answer : classStubs.get(key);
    }

    /** Stops listening; stubs and records are kept. */
    @Override
    public synchronized void close() {
        if (server != null && server.isRunning()) {
            server.stop();
        }
    }

    private void notification(ServerRequest request, ServerResponse response) throws IOException {
        byte[] body = read(request);
        NotificationRequest notification;
        try {
            notification = mapper.readValue(body, NotificationRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            sendDetail(response, Status.BAD_REQUEST_400, "Not a notification: " + e.getOriginalMessage());
            return;
        }
        notifications.add(notification);
        response.status(Status.CREATED_201).header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(body);
    }

    private void gateway(ServerRequest request, ServerResponse response) throws IOException {
        byte[] body = read(request);
        String rest = request.path().path().substring(SERVICES.length());
        int slash = rest.indexOf('/');
        String target = slash < 0 ? rest : rest.substring(0, slash);
        String entrypoint = slash < 0 ? "" : rest.substring(slash + 1);
        String service = target;
        String version = null;
        Matcher versioned = VERSIONED.matcher(target);
        if (versioned.matches()) {
            service = versioned.group(1);
            version = versioned.group(2);
        }
        StubCall call = new StubCall(service, Optional.ofNullable(version), entrypoint,
                request.prologue().method().text(), arguments(request, body));
        calls.add(call);

        StubAnswer stub = version == null ? null : find(new StubKey(service, version, entrypoint));
        if (stub == null) {
            stub = find(new StubKey(service, null, entrypoint));
        }
        if (stub == null) {
            unknown(response, service, target, entrypoint);
            return;
        }
        answer(response, stub, call);
    }

    private void answer(ServerResponse response, StubAnswer answer, StubCall call) throws IOException {
        Object result;
        try {
            result = answer.answer(call);
        } catch (HttpException e) {
            sendDetail(response, Status.create(e.status()), e.detail());
            return;
        } catch (Exception e) {
            sendDetail(response, Status.INTERNAL_SERVER_ERROR_500, "Stub of " + call.service() + "/" + call.entrypoint()
                    + " failed: " + e);
            return;
        }
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(mapper.writeValueAsBytes(result));
    }

    /** The real manager's answers: no such service, or the service's own answer for no such entrypoint. */
    private void unknown(ServerResponse response, String service, String target, String entrypoint) {
        Set<String> entrypoints = new TreeSet<>();
        for (Map<StubKey, StubAnswer> stubs : List.of(testStubs, classStubs)) {
            stubs.keySet().stream().filter(key -> key.service().equals(service)).forEach(key -> entrypoints.add(key.entrypoint()));
        }
        if (entrypoints.isEmpty()) {
            sendDetail(response, Status.NOT_FOUND_404, "No service '" + target + "' is deployed (see GET /services/)"
                    + " [stand-in manager: stub it with stubService]");
        } else {
            sendDetail(response, Status.NOT_FOUND_404, "No entrypoint '" + entrypoint + "'. Entrypoints: "
                    + String.join(", ", entrypoints));
        }
    }

    private JsonNode arguments(ServerRequest request, byte[] body) throws IOException {
        if (body.length > 0) {
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                return mapper.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
            }
        }
        ObjectNode query = mapper.createObjectNode();
        for (String name : request.query().names()) {
            List<String> values = request.query().all(name);
            if (values.size() == 1) {
                query.put(name, values.getFirst());
            } else {
                values.forEach(query.putArray(name)::add);
            }
        }
        return query;
    }

    private void sendDetail(ServerResponse response, Status status, String detail) {
        ObjectNode body = mapper.createObjectNode().put("detail", detail);
        response.status(status).header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(body.toString());
    }

    private static byte[] read(ServerRequest request) throws IOException {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = request.content().inputStream()) {
            return in.readAllBytes();
        }
    }
}
