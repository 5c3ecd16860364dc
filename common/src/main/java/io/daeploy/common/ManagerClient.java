package io.daeploy.common;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A small client of the manager's HTTP API, used by the Maven plugin and by tests.
 * Every failure becomes a {@link ManagerException} whose message says what happened.
 */
public final class ManagerClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final URI host;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = Json.mapper();

    /**
     * @param host    manager base URL, e.g. {@code http://127.0.0.1:8080}
     * @param token   bearer token, or null
     * @param timeout how long one call may take (a deploy waits for the service to become healthy)
     */
    public ManagerClient(URI host, String token, Duration timeout) {
        this.host = URI.create(stripTrailingSlash(host.toString()));
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public URI host() {
        return host;
    }

    /** {@code GET /~version}. */
    public String managerVersion() {
        return send(request("/~version").GET(), HttpResponse.BodyHandlers.ofString()).body().trim();
    }

    /** {@code GET /services/}: every deployed version. */
    public List<ServiceVersion> services() {
        return parse(send(request("/services/").GET(), HttpResponse.BodyHandlers.ofString()).body(),
                     new TypeReference<>() { });
    }

    /** {@code POST /services/~deploy}: uploads an application and waits until it is running or failed. */
    public ServiceVersion deploy(String name, String version, Map<String, String> env, Path application) {
        return deploy(name, version, env, application, step -> { });
    }

    /**
     * {@code POST /services/~deploy}: uploads an application and waits until it is running or failed,
     * handing each step the manager reports (stored, image built, started, healthy) to {@code steps}.
     */
    public ServiceVersion deploy(String name, String version, Map<String, String> env, Path application,
                                 Consumer<String> steps) {
        return deploy(name, version, env, application, DeployOptions.DEFAULTS, steps);
    }

    /** {@link #deploy(String, String, Map, Path, Consumer)} with replicas, CPU, memory or an idle time-out of its own. */
    public ServiceVersion deploy(String name, String version, Map<String, String> env, Path application,
                                 DeployOptions options, Consumer<String> steps) {
        try {
            MultipartBody body = new MultipartBody()
                    .field("name", name)
                    .field("version", version)
                    .field("env", json.writeValueAsString(env));
            if (options.replicas() != null) {
                body.field("replicas", Integer.toString(options.replicas()));
            }
            if (options.cpu() != null) {
                body.field("cpu", options.cpu());
            }
            if (options.memory() != null) {
                body.field("memory", options.memory());
            }
            if (options.idleTimeout() != null) {
                body.field("idleTimeout", options.idleTimeout());
            }
            body.file("file", application);
            return streamedDeploy(request("/services/~deploy")
                    .header("Content-Type", body.contentType())
                    .POST(body.publisher()), steps);
        } catch (IOException e) {
            throw new ManagerException(0, e.getMessage(), "Cannot read " + application + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code POST /services/~blobs/missing}: which contents (SHA-256) of an application's files the manager's content
     * store lacks. A manager without incremental deploys (an earlier release) answers 404.
     */
    public java.util.Set<String> missingContent(List<ManifestEntry> entries) {
        try {
            String body = json.writeValueAsString(Map.of("entries", entries));
            JsonNode answer = json(request("/services/~blobs/missing").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            java.util.Set<String> missing = new java.util.LinkedHashSet<>();
            answer.path("missing").forEach(digest -> missing.add(digest.asText()));
            return missing;
        } catch (IOException e) {
            throw new ManagerException(0, e.getMessage(), "Cannot write the request: " + e.getMessage(), e);
        }
    }

    /**
     * {@code PUT /services/~blobs/{sha256}?size=&path=}: the bytes of one file into the manager's content store, which
     * checks them against the entry's hash and size (422 when they differ, and nothing is kept).
     */
    public void uploadContent(ManifestEntry entry, Path file) {
        String query = "?size=" + entry.size() + "&path=" + encode(entry.path());
        try {
            send(request("/services/~blobs/" + encode(entry.sha256()) + query)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)), HttpResponse.BodyHandlers.discarding());
        } catch (java.io.FileNotFoundException e) {
            throw new ManagerException(0, e.getMessage(), "Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Uploads the contents of {@code files} that the manager lacks, each once: what a deploy by manifest needs first.
     * Answers what was sent.
     */
    public UploadSummary uploadMissing(ApplicationFiles files) {
        List<ManifestEntry> entries = files.entries();
        java.util.Set<String> missing = missingContent(entries);
        int changed = 0;
        long uploaded = 0;
        java.util.Set<String> sent = new java.util.HashSet<>();
        for (ManifestEntry entry : entries) {
            if (missing.contains(entry.sha256())) {
                changed++;
                if (sent.add(entry.sha256())) {
                    uploadContent(entry, files.file(entry));
                    uploaded += entry.size();
                }
            }
        }
        return new UploadSummary(changed, entries.size(), uploaded, files.totalBytes());
    }

    /**
     * {@code POST /services/~deploy/manifest}: deploys a version whose files the manager assembles from its content
     * store (upload them first: {@link #uploadMissing}), and waits until it is running or failed, handing each step
     * the manager reports to {@code steps}, as {@link #deploy(String, String, Map, Path, DeployOptions, Consumer)} does.
     */
    public ServiceVersion deployManifest(String name, String version, Map<String, String> env, List<ManifestEntry> entries,
                                         DeployOptions options, Consumer<String> steps) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("name", name);
        fields.put("version", version);
        fields.put("env", env);
        putOptions(fields, options);
        fields.put("entries", entries);
        try {
            return streamedDeploy(request("/services/~deploy/manifest")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(fields))), steps);
        } catch (IOException e) {
            throw new ManagerException(0, e.getMessage(), "Cannot write the request: " + e.getMessage(), e);
        }
    }

    /**
     * {@code POST /services/~reload}: replaces the code of a deployed version, keeping its name, version and role
     * ({@code mvn daeploy:dev}). The manager assembles the new application from its content store (upload the files
     * first: {@link #uploadMissing}), starts it beside the running one, sends traffic to it once it answers its health
     * check, then stops the old one. Answers once the new code serves; handing each step to {@code steps}.
     *
     * @throws ManagerException 404 when no such version is deployed; 422 when the new code did not start (the detail
     *                          says why, with its last lines of output): the old code still serves
     */
    public ServiceVersion reload(String name, String version, List<ManifestEntry> entries, Consumer<String> steps) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("name", name);
        fields.put("version", version);
        fields.put("entries", entries);
        try {
            return streamedDeploy(request("/services/~reload")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(fields))), steps);
        } catch (IOException e) {
            throw new ManagerException(0, e.getMessage(), "Cannot write the request: " + e.getMessage(), e);
        }
    }

    /**
     * {@code POST /services/~image}: runs an existing container image as a version (the manager must run on the
     * docker or kubernetes runtime) and waits until it is running or failed.
     */
    public ServiceVersion deployImage(String name, String version, Map<String, String> env, String image) {
        return deployImage(name, version, env, image, step -> { });
    }

    /** {@link #deployImage(String, String, Map, String)} handing each step the manager reports to {@code steps}. */
    public ServiceVersion deployImage(String name, String version, Map<String, String> env, String image,
                                      Consumer<String> steps) {
        return deployImage(name, version, env, image, DeployOptions.DEFAULTS, steps);
    }

    /** {@link #deployImage(String, String, Map, String, Consumer)} with replicas, CPU or memory of its own. */
    public ServiceVersion deployImage(String name, String version, Map<String, String> env, String image,
                                      DeployOptions options, Consumer<String> steps) {
        try {
            Map<String, Object> fields = new java.util.LinkedHashMap<>(Map.of("name", name, "version", version, "image", image,
                                                                              "env", env));
            putOptions(fields, options);
            String body = json.writeValueAsString(fields);
            return streamedDeploy(request("/services/~image")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)), steps);
        } catch (IOException e) {
            throw new ManagerException(0, e.getMessage(), "Cannot write the request: " + e.getMessage(), e);
        }
    }

    /** A deploy's optional fields, those set only: the manager's defaults for the rest. */
    private static void putOptions(Map<String, Object> fields, DeployOptions options) {
        if (options.replicas() != null) {
            fields.put("replicas", options.replicas());
        }
        if (options.cpu() != null) {
            fields.put("cpu", options.cpu());
        }
        if (options.memory() != null) {
            fields.put("memory", options.memory());
        }
        if (options.idleTimeout() != null) {
            fields.put("idleTimeout", options.idleTimeout());
        }
    }

    /** Reads a deploy answered as {@link DeployEvents}, handing each step to {@code steps} as it comes. */
    private ServiceVersion streamedDeploy(HttpRequest.Builder builder, Consumer<String> steps) {
        // refusals before the first step (bad name, no login) still come as a JSON error
        HttpResponse<Stream<String>> response = send(builder.setHeader("Accept", DeployEvents.MEDIA_TYPE + ", application/json"),
                                                     HttpResponse.BodyHandlers.ofLines());
        HttpRequest request = response.request();
        try (IdleLines lines = new IdleLines(response.body())) {
            for (String line = lines.next(timeout); line != null; line = lines.next(timeout)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event = parse(line, new TypeReference<JsonNode>() { });
                if (event.hasNonNull(DeployEvents.STEP)) {
                    steps.accept(event.get(DeployEvents.STEP).asText());
                } else if (event.hasNonNull(DeployEvents.SERVICE)) {
                    return json.treeToValue(event.get(DeployEvents.SERVICE), ServiceVersion.class);
                } else if (event.hasNonNull(DeployEvents.ERROR)) {
                    int status = event.get(DeployEvents.ERROR).path("status").asInt();
                    String detail = detailOf(event.get(DeployEvents.ERROR).toString());
                    throw new ManagerException(status, detail, "The manager answered " + status + " to "
                            + request.method() + " " + request.uri().getPath() + ": " + detail, null);
                }
            }
        } catch (HttpTimeoutException e) {
            throw new ManagerException(0, "timeout", "The manager at " + host + " said nothing more about the deploy within "
                    + timeout.toSeconds() + " s (" + e.getMessage() + "); it may still finish: see the services list", e);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ManagerException(0, String.valueOf(e.getMessage()), "Lost the manager at " + host + " during the deploy ("
                    + e.getMessage() + "); it may still finish: see the services list", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagerException(0, "interrupted", "Interrupted while waiting for the deploy at " + host, e);
        }
        throw new ManagerException(0, "incomplete answer", "The manager at " + host + " ended the deploy answer without"
                + " saying how it went; see the services list", null);
    }

    /** {@code DELETE /services/?name=&version=}: stops and removes one version, or all versions of a name. */
    public List<ServiceVersion> kill(String name, String version) {
        return kill(name, version, false);
    }

    /**
     * {@code DELETE /services/?name=&version=&keepImage=}: like {@link #kill(String, String)}; on a container
     * runtime the images the manager built for them are removed too, unless {@code keepImage}.
     */
    public List<ServiceVersion> kill(String name, String version, boolean keepImage) {
        String query = "?name=" + encode(name) + (version == null ? "" : "&version=" + encode(version))
                + (keepImage ? "&keepImage=true" : "");
        return parse(send(request("/services/" + query).DELETE(), HttpResponse.BodyHandlers.ofString()).body(),
                     new TypeReference<>() { });
    }

    /** {@code GET /services/~inspection?name=&version=}: what the runtime knows of one version. */
    public JsonNode inspection(String name, String version) {
        String query = "?name=" + encode(name) + "&version=" + encode(version);
        return parse(send(request("/services/~inspection" + query).GET(), HttpResponse.BodyHandlers.ofString()).body(),
                     new TypeReference<>() { });
    }

    /** {@code PUT /services/~assign}: makes a running version the main; answers every version of the name. */
    public List<ServiceVersion> assign(String name, String version) {
        return parse(putJson("/services/~assign", java.util.Map.of("name", name, "version", version)), new TypeReference<>() { });
    }

    /**
     * {@code PUT /services/~weights}: the percentage of a name's requests a version other than the main answers (0 ends
     * it); answers every version of the name with its share.
     */
    public List<ServiceVersion> weights(String name, String version, int weight, boolean sticky) {
        return parse(putJson("/services/~weights", java.util.Map.of("name", name, "version", version, "weight", weight,
                "sticky", sticky)), new TypeReference<>() { });
    }

    /**
     * {@code POST /services/~rollout}: starts bringing a version in by itself, by the plan's fields (any left out take
     * the manager's defaults); answers where the rollout is.
     */
    public JsonNode rollout(String name, String version, Map<String, ?> plan) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>(plan);
        fields.put("name", name);
        fields.put("version", version);
        try {
            return json(request("/services/~rollout").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(fields))));
        } catch (IOException e) {
            throw new ManagerException(0, e.getMessage(), "Cannot write the request: " + e.getMessage(), e);
        }
    }

    /** {@code GET /services/~rollout?name=}: where the latest rollout of a name is, its figures and its history. */
    public JsonNode rolloutStatus(String name) {
        return json(request("/services/~rollout?name=" + encode(name)).GET());
    }

    /** {@code PUT /services/~rollout}: {@code pause}, {@code resume} or {@code abort} the rollout of a name. */
    public JsonNode rolloutAction(String name, String action) {
        return parse(putJson("/services/~rollout", Map.of("name", name, "action", action)), new TypeReference<>() { });
    }

    /** {@code PUT /services/~scale}: how many instances of a version should run; answers the version. */
    public ServiceVersion scale(String name, String version, int replicas) {
        return parse(putJson("/services/~scale", java.util.Map.of("name", name, "version", version, "replicas", replicas)),
                     new TypeReference<>() { });
    }

    /** {@code PUT} of a JSON object; answers the body of a 2xx. */
    private String putJson(String path, Map<String, ?> fields) {
        try {
            HttpRequest.Builder builder = request(path)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(fields)));
            return send(builder, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new ManagerException(0, e.getMessage(), "Cannot write the request: " + e.getMessage(), e);
        }
    }

    /** {@code GET /services/~shadow?name=}: how each shadow of a name answers compared with its main. */
    public JsonNode shadowComparison(String name) {
        return parse(send(request("/services/~shadow?name=" + encode(name)).GET(), HttpResponse.BodyHandlers.ofString()).body(),
                     new TypeReference<>() { });
    }

    /**
     * {@code GET /services/~logs}: hands each line of a version's output to {@code lines} as it
     * arrives (with {@code follow}, until the service stops or the caller interrupts).
     *
     * @param version null for the main version
     * @param tail    a number of lines, or "all"
     * @param since   an ISO date or date-time, or null
     */
    public void logs(String name, String version, String tail, boolean follow, String since,
                     java.util.function.Consumer<String> lines) {
        StringBuilder query = new StringBuilder("?name=").append(encode(name));
        if (version != null) {
            query.append("&version=").append(encode(version));
        }
        query.append("&tail=").append(encode(tail)).append("&follow=").append(follow);
        if (since != null) {
            query.append("&since=").append(encode(since));
        }
        HttpResponse<java.util.stream.Stream<String>> response = send(
                request("/services/~logs" + query).header("Accept", "text/plain").GET(),
                HttpResponse.BodyHandlers.ofLines());
        try (java.util.stream.Stream<String> stream = response.body()) {
            stream.forEach(lines);
        }
    }

    /**
     * {@code POST /auth/login} with a user name and password, as the login form does; returns the
     * session token the manager puts in its cookie.
     */
    public String login(String username, String password) {
        String form = "username=" + encode(username) + "&password=" + encode(password) + "&next=%2F";
        HttpResponse<String> res = send(request("/auth/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), HttpResponse.BodyHandlers.ofString());
        return res.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("daeploy="))
                .map(c -> c.substring("daeploy=".length(), c.contains(";") ? c.indexOf(';') : c.length()))
                .filter(t -> !t.isEmpty())
                .findFirst()
                .orElseThrow(() -> new ManagerException(res.statusCode(), "no session cookie",
                        "The manager at " + host + " did not log you in (no session cookie in its answer)", null));
    }

    /**
     * {@code GET /auth/logout}: ends the session of this client's token on the manager, so that the token stops
     * working there too. A manager without authentication has no sessions: its 404 is no failure.
     */
    public void logout() {
        try {
            send(request("/auth/logout").GET(), HttpResponse.BodyHandlers.discarding());
        } catch (ManagerException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** {@code GET /auth/verify}: who the token belongs to ({@code name}, {@code role}); 401 when it is not valid. */
    public JsonNode verify() {
        return json(request("/auth/verify").GET());
    }

    /** {@code POST /auth/token[?days=N]}: a new API token ({@code id}, {@code token}, {@code expiresAt}). */
    public JsonNode createToken(Integer days) {
        return json(request("/auth/token" + (days == null ? "" : "?days=" + days)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code GET /admin/user/}: the user names. */
    public List<String> users() {
        return parse(send(request("/admin/user/").GET(), HttpResponse.BodyHandlers.ofString()).body(), new TypeReference<>() { });
    }

    public void addUser(String name, String password) {
        json(request("/admin/user/" + encode(name)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(passwordBody(password))));
    }

    public void changePassword(String name, String password) {
        json(request("/admin/user/" + encode(name)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(passwordBody(password))));
    }

    public void removeUser(String name) {
        json(request("/admin/user/" + encode(name)).DELETE());
    }

    private JsonNode json(HttpRequest.Builder builder) {
        return parse(send(builder, HttpResponse.BodyHandlers.ofString()).body(), new TypeReference<>() { });
    }

    private String passwordBody(String password) {
        try {
            return json.writeValueAsString(java.util.Map.of("password", password));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /notifications/}: newest first. */
    public List<Notification> notifications() {
        return parse(send(request("/notifications/").GET(), HttpResponse.BodyHandlers.ofString()).body(),
                     new TypeReference<>() { });
    }

    /** {@code POST /notifications/}: raises one; answers the stored notification with its counter. */
    public Notification notify(NotificationRequest notification) {
        try {
            HttpRequest.Builder builder = request("/notifications/")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(notification)));
            return parse(send(builder, HttpResponse.BodyHandlers.ofString()).body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new ManagerException(0, e.getMessage(), "Cannot write the notification: " + e.getMessage(), e);
        }
    }

    /** {@code DELETE /notifications/}: removes them all; answers how many were removed. */
    public int clearNotifications() {
        String body = send(request("/notifications/").DELETE(), HttpResponse.BodyHandlers.ofString()).body();
        JsonNode node = parse(body, new TypeReference<>() { });
        return node.path("removed").asInt();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(host + path))
                .timeout(timeout)
                .header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> wanted) {
        // an error answer is read as text whatever the caller wanted, so that its detail can be shown
        HttpResponse.BodyHandler<T> handler = info -> info.statusCode() >= 400
                ? castText(HttpResponse.BodyHandlers.ofString().apply(info))
                : wanted.apply(info);
        HttpRequest request = builder.build();
        HttpResponse<T> response;
        try {
            response = http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new ManagerException(0, "timeout", "The manager at " + host + " did not answer "
                    + request.method() + " " + request.uri().getPath() + " within " + timeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new ManagerException(0, "unreachable", "Cannot reach the manager at " + host
                    + " (connection refused). Is it running? Start it or pass -Ddaeploy.host=URL.", e);
        } catch (IOException e) {
            throw new ManagerException(0, String.valueOf(e.getMessage()), "Cannot talk to the manager at " + host
                    + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagerException(0, "interrupted", "Interrupted while calling the manager at " + host, e);
        }
        if (response.statusCode() >= 400) {
            String detail = detailOf(response.body());
            throw new ManagerException(response.statusCode(), detail, "The manager answered "
                    + response.statusCode() + " to " + request.method() + " " + request.uri().getPath() + ": " + detail, null);
        }
        return response;
    }

    @SuppressWarnings("unchecked")
    private static <T> HttpResponse.BodySubscriber<T> castText(HttpResponse.BodySubscriber<String> text) {
        return (HttpResponse.BodySubscriber<T>) (HttpResponse.BodySubscriber<?>) text;
    }

    private String detailOf(Object body) {
        String text = String.valueOf(body);
        try {
            JsonNode node = json.readTree(text);
            JsonNode detail = node == null ? null : node.get("detail");
            if (detail != null) {
                return detail.isTextual() ? detail.asText() : detail.toString();
            }
        } catch (IOException ignored) {
            // not JSON: show the text as it came
        }
        return text.isBlank() ? "(no detail)" : text.strip();
    }

    private <T> T parse(String body, TypeReference<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new ManagerException(0, "bad response", "The manager at " + host
                    + " sent an answer this client cannot read: " + e.getMessage(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
