package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.Notification;
import io.daeploy.common.ServiceVersion;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The kubernetes runtime end to end, with a real manager process, real service JVMs and the real registry of
 * .ci/docker-setup.sh. <b>No Kubernetes API server can run on these machines</b> (none of the reachable package
 * registries ships one): fabric8's {@code kubernetes-server-mock} in CRUD mode plays it ({@link KubernetesApiServer}),
 * and a test-only stand-in plays kubelet and controllers ({@link StandInKubelet}), running each pod as a JVM of the
 * jar its image holds, on a loopback address of its own.
 */
class KubernetesRuntimeIT {

    private static final String NAMESPACE = "daeploy-test";
    private static final String REGISTRY = "127.0.0.1:5000";
    private static final int HEALTH_TIMEOUT_SECONDS = 25;

    private static KubernetesApiServer api;
    private static KubernetesClient kube;
    private static StandInKubelet kubelet;
    private static ManagerProcess manager;
    private static ManagerClient client;

    @BeforeAll
    static void startClusterAndManager() {
        if (!registryAnswers()) {
            return; // each test then skips, or fails in CI, saying why
        }
        Path work = TestPaths.newWorkDir("kubernetes");
        api = new KubernetesApiServer();
        kube = api.client();
        kubelet = new StandInKubelet(kube, NAMESPACE, work.resolve("nodes"));
        api.podLogs(kubelet::log);
        Map<String, String> env = ManagerProcess.env(
                "DAEPLOY_RUNTIME", "kubernetes",
                "DAEPLOY_REGISTRY", REGISTRY,
                "DAEPLOY_REGISTRY_INSECURE", "true",
                "DAEPLOY_BASE_IMAGE", REGISTRY + "/daeploy/test-java-base:latest",
                "DAEPLOY_HEALTH_TIMEOUT_SECONDS", Integer.toString(HEALTH_TIMEOUT_SECONDS),
                "DAEPLOY_KUBERNETES_STARTUP_PERIOD_SECONDS", "1",
                "DAEPLOY_KUBERNETES_READINESS_PERIOD_SECONDS", "1",
                "DAEPLOY_KUBERNETES_LIVENESS_PERIOD_SECONDS", "2");
        env.putAll(api.managerEnvironment(NAMESPACE));
        manager = ManagerProcess.start("kubernetes", env);
        client = manager.client();
    }

    @AfterAll
    static void stopEverything() {
        if (manager != null) {
            manager.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void needsTheRegistry() {
        if (!registryAnswers()) {
            String why = "No registry answers on " + REGISTRY + ": bash .ci/docker-setup.sh starts one";
            if (System.getenv("CI") != null) {
                fail(why + " (CI must run these tests, not skip them)");
            }
            Assumptions.abort(why);
        }
    }

    @Test
    void aVersionBecomesADeploymentServiceAndSecretWhosePodsTheGatewayReaches() throws Exception {
        ServiceVersion first = client.deploy("kube_fixture", "1.0.0", Map.of("GREETING_STYLE", "plain"), FixtureApp.zip());
        assertEquals("running", first.status(), first.reason());
        assertTrue(first.main());
        assertEquals("1.0.0", whoami("kube_fixture"), "the gateway reaches the pod");

        Deployment deployment = deploymentOf("kube_fixture", "1.0.0");
        String objects = deployment.getMetadata().getName();
        assertTrue(objects.matches("daeploy-kube-fixture-1-0-0-[0-9a-f]{8}"), objects);
        Map<String, String> labels = deployment.getMetadata().getLabels();
        assertEquals("daeploy", labels.get("app.kubernetes.io/managed-by"));
        assertEquals("kube_fixture", labels.get("app.kubernetes.io/name"));
        assertEquals("1.0.0", labels.get("app.kubernetes.io/version"));
        assertEquals("kube_fixture", labels.get("daeploy.name"));
        assertEquals("1.0.0", labels.get("daeploy.version"));
        assertEquals("main", deployment.getMetadata().getAnnotations().get("daeploy.io/role"));
        assertEquals("1.0.0", deployment.getMetadata().getAnnotations().get("daeploy.io/version"));
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        assertEquals(Map.of("app.kubernetes.io/managed-by", "daeploy", "daeploy.id", labels.get("daeploy.id")), selector,
                     "selectors use equality on labels that never change; the role is not among them");
        assertTrue(deployment.getSpec().getSelector().getMatchExpressions() == null
                   || deployment.getSpec().getSelector().getMatchExpressions().isEmpty());
        assertEquals(labels, deployment.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals("RollingUpdate", deployment.getSpec().getStrategy().getType());
        assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
        assertEquals(1, deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal());
        assertEquals(1, deployment.getSpec().getReplicas());

        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        String image = container.getImage();
        assertTrue(image.startsWith(REGISTRY + "/kube_fixture:1.0.0@sha256:"), image);
        assertEquals(registryDigest("kube_fixture", "1.0.0"), image.substring(image.indexOf('@') + 1),
                     "the Deployment names the image by the digest the registry holds");
        assertEquals("/observe/health", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals("http", container.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertEquals(1, container.getReadinessProbe().getPeriodSeconds());
        assertEquals("/observe/health", container.getLivenessProbe().getHttpGet().getPath());
        assertEquals(2, container.getLivenessProbe().getPeriodSeconds());
        assertEquals("/observe/health", container.getStartupProbe().getHttpGet().getPath());
        assertEquals(HEALTH_TIMEOUT_SECONDS, container.getStartupProbe().getPeriodSeconds()
                     * container.getStartupProbe().getFailureThreshold(), "the startup probe's budget is the health time-out");
        assertEquals(8000, container.getPorts().get(0).getContainerPort());
        assertEquals("100m", container.getResources().getRequests().get("cpu").toString());
        assertEquals("256Mi", container.getResources().getRequests().get("memory").toString());
        assertEquals("512Mi", container.getResources().getLimits().get("memory").toString());
        assertEquals(objects, container.getEnvFrom().get(0).getSecretRef().getName());
        assertTrue(container.getEnv().stream().noneMatch(e -> e.getName().startsWith("DAEPLOY_SERVICE_TOKEN")
                   || e.getName().equals("GREETING_STYLE")), "the environment comes from the Secret, not the spec");

        Secret secret = kube.secrets().inNamespace(NAMESPACE).withName(objects).get();
        assertEquals("plain", secretValue(secret, "GREETING_STYLE"));
        assertEquals("kube_fixture", secretValue(secret, "DAEPLOY_SERVICE_NAME"));
        assertEquals(deployment.getMetadata().getUid(), secret.getMetadata().getOwnerReferences().get(0).getUid(),
                     "the Secret is owned by the version's Deployment");
        Service service = kube.services().inNamespace(NAMESPACE).withName(objects).get();
        assertEquals("ClusterIP", service.getSpec().getType());
        assertEquals(selector, service.getSpec().getSelector());
        assertEquals(8000, service.getSpec().getPorts().get(0).getPort());
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());

        JsonNode inspection = client.inspection("kube_fixture", "1.0.0");
        assertEquals("kubernetes", inspection.get("runtime").asText(), inspection.toString());
        JsonNode pod = inspection.at("/pods/0");
        assertTrue(pod.get("ready").asBoolean(), inspection.toString());
        assertEquals("Running", pod.get("phase").asText());
        assertTrue(pod.get("ip").asText().startsWith("127.0."), inspection.toString());

        // a shadow gets copies; an assign makes it the main, and its Deployment says so
        ServiceVersion second = client.deploy("kube_fixture", "2.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", second.status(), second.reason());
        assertFalse(second.main());
        assertEquals("shadow", deploymentOf("kube_fixture", "2.0.0").getMetadata().getAnnotations().get("daeploy.io/role"));
        for (int i = 0; i < 5; i++) {
            assertEquals("1.0.0", whoami("kube_fixture"));
        }
        await("the shadow got the 5 copies", () -> client.shadowComparison("kube_fixture").get("shadows").get(0)
                .get("mirrored").asLong() >= 5);
        client.assign("kube_fixture", "2.0.0");
        assertEquals("2.0.0", whoami("kube_fixture"));
        await("the new main's Deployment is annotated main", () -> "main".equals(
                deploymentOf("kube_fixture", "2.0.0").getMetadata().getAnnotations().get("daeploy.io/role")));

        // the logs of a version come from its pod
        HttpResponse<String> logs = Http.get(manager.url().resolve("/services/~logs?name=kube_fixture&version=2.0.0&tail=50"));
        assertEquals(200, logs.statusCode(), logs.body());
        assertTrue(logs.body().contains("Service kube_fixture 2.0.0 listening on"), logs.body());

        // kill: Deployment, Service and Secret go, and so do the pods' JVMs
        client.kill("kube_fixture", null);
        assertTrue(kube.apps().deployments().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_fixture").list().getItems().isEmpty());
        assertTrue(kube.services().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_fixture").list().getItems().isEmpty());
        assertTrue(kube.secrets().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_fixture").list().getItems().isEmpty());
        assertTrue(kubelet.runningPods().stream().noneMatch(p -> p.startsWith("daeploy-kube-fixture-")), kubelet.runningPods().toString());
        assertEquals(404, Http.get(manager.url().resolve("/services/kube_fixture/whoami")).statusCode());
    }

    @Test
    void aCrashLoopingVersionIsReportedAtEachRestartAndFailedWhenNeverReadyWhileTheMainStays() {
        ServiceVersion main = client.deploy("kube_crashy", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", main.status(), main.reason());

        ServiceVersion crashing = client.deploy("kube_crashy", "2.0.0", Map.of("FIXTURE_FAIL_AT_START", "true"), FixtureApp.zip());
        assertEquals("failed", crashing.status(), crashing.reason());
        assertTrue(crashing.reason().contains("no pod became ready within " + HEALTH_TIMEOUT_SECONDS + " s"), crashing.reason());
        assertTrue(crashing.reason().contains("CrashLoopBackOff"), crashing.reason());
        assertTrue(crashing.reason().contains("FIXTURE_FAIL_AT_START is set"), "the last lines say why: " + crashing.reason());

        List<Notification> restarts = client.notifications().stream()
                .filter(n -> "kube_crashy".equals(n.serviceName()) && n.message().contains("restarted by the kubernetes runtime"))
                .toList();
        assertTrue(restarts.size() >= 2, "each restart is a notification: " + client.notifications());
        assertTrue(restarts.get(0).message().contains("Crashed with exit code 3"), restarts.get(0).message());
        assertTrue(restarts.get(0).message().contains("FIXTURE_FAIL_AT_START is set"), restarts.get(0).message());

        assertEquals("1.0.0", whoami("kube_crashy"), "the main stays where it was");
        assertTrue(kube.apps().deployments().inNamespace(NAMESPACE).withLabel("daeploy.version", "2.0.0")
                .withLabel("daeploy.name", "kube_crashy").list().getItems().isEmpty(), "a failed version's objects go");
        client.kill("kube_crashy", null);
    }

    private static String whoami(String name) {
        HttpResponse<String> res = Http.get(manager.url().resolve("/services/" + name + "/whoami"));
        assertEquals(200, res.statusCode(), res.body());
        try {
            return Json.mapper().readTree(res.body()).get("version").asText();
        } catch (IOException e) {
            throw new AssertionError(res.body(), e);
        }
    }

    private static Deployment deploymentOf(String name, String version) {
        List<Deployment> found = kube.apps().deployments().inNamespace(NAMESPACE)
                .withLabel("daeploy.name", name).withLabel("daeploy.version", version).list().getItems();
        assertEquals(1, found.size(), "one Deployment of " + name + " " + version);
        return found.get(0);
    }

    /** A Secret's value as a pod sees it: the API server keeps {@code stringData} as {@code data}; the mock may not. */
    private static String secretValue(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        assertNotNull(secret.getStringData(), "the Secret has no values");
        return secret.getStringData().get(key);
    }

    private static String registryDigest(String repository, String tag) throws Exception {
        HttpResponse<Void> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + REGISTRY + "/v2/" + repository + "/manifests/" + tag))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, res.statusCode());
        return res.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private static void await(String what, Supplier<Boolean> condition) {
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(end)) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                // not there yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Assertions.fail("never happened: " + what);
    }

    private static boolean registryAnswers() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
