package io.daeploy.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>The API server of the kubernetes runtime's tests: fabric8's {@code kubernetes-server-mock} in CRUD mode</b>, since
 * no real Kubernetes API server can run on these machines. It keeps objects, serves watches, equality selectors and
 * status subresources; it has no controllers (see {@link StandInKubelet}), no strategic-merge or server-side apply,
 * and serves {@code pods/log} only as this class does: from the stand-in kubelet's container output. It records
 * every request, so that a test can check each against the manager's Role.
 */
final class KubernetesApiServer implements AutoCloseable {

    private static final Pattern POD_LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");

    private final KubernetesMockServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> managerRequests = new CopyOnWriteArrayList<>();
    private final Map<String, String> refusals = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile BiFunction<String, Boolean, Optional<Path>> podLogs = (pod, previous) -> Optional.empty();

    KubernetesApiServer() {
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String call = request.getMethod() + " " + request.getPath();
                requests.add(call);
                String agent = request.getHeader("User-Agent");
                if (agent != null && agent.startsWith("daeploy-manager/")) {
                    managerRequests.add(call);
                }
                for (Map.Entry<String, String> refusal : refusals.entrySet()) {
                    if (call.startsWith(refusal.getKey())) {
                        return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
                                .setBody(refusal.getValue());
                    }
                }
                Matcher log = POD_LOG.matcher(request.getPath());
                if (log.matches() && "GET".equals(request.getMethod())) {
                    return podLog(log.group(2), query(log.group(3)));
                }
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
    }

    /** Where the stand-in kubelet keeps each pod's output. */
    void podLogs(BiFunction<String, Boolean, Optional<Path>> source) {
        this.podLogs = source;
    }

    URI url() {
        return URI.create(server.url("/"));
    }

    KubernetesClient client() {
        return server.createClient();
    }

    /** Every request the manager made so far (told by its User-Agent), as {@code METHOD /path?query}. */
    List<String> managerRequests() {
        return List.copyOf(managerRequests);
    }

    /**
     * From now on, requests starting with {@code methodAndPath} (say {@code POST /api/v1/namespaces/x/services}) are
     * refused as RBAC refuses a verb the Role lacks: 403 with the API server's words.
     */
    void refuse(String methodAndPath, String verb, String resource, String group, String namespace) {
        String message = resource + " is forbidden: User \"system:serviceaccount:" + namespace + ":daeploy-manager\" cannot "
                + verb + " resource \"" + resource + "\" in API group \"" + group + "\" in the namespace \"" + namespace + "\"";
        try {
            refusals.put(methodAndPath, io.daeploy.common.Json.mapper().writeValueAsString(Map.of("kind", "Status",
                    "apiVersion", "v1", "status", "Failure", "message", message, "reason", "Forbidden", "code", 403)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void allowEverything() {
        refusals.clear();
    }

    /** Every request so far, as {@code METHOD /path?query}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** The environment that points a manager process at this API server, outside any cluster. */
    Map<String, String> managerEnvironment(String namespace) {
        return Map.of("KUBERNETES_MASTER", url().toString(),
                      "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
                      "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
                      "KUBERNETES_NAMESPACE", namespace,
                      "KUBERNETES_TRUST_CERTIFICATES", "true");
    }

    private MockResponse podLog(String pod, Map<String, String> query) {
        boolean previous = Boolean.parseBoolean(query.getOrDefault("previous", "false"));
        Optional<Path> file = podLogs.apply(pod, previous);
        if (file.isEmpty()) {
            return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                    + "\"message\":\"" + (previous ? "previous terminated container not found" : "container is waiting to start")
                    + "\",\"code\":400}");
        }
        try {
            List<String> lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
            if (query.containsKey("tailLines")) {
                int tail = Integer.parseInt(query.get("tailLines"));
                lines = lines.subList(Math.max(0, lines.size() - tail), lines.size());
            }
            String body = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.length() < 2) {
            return query;
        }
        for (String pair : raw.substring(1).split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                      eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
