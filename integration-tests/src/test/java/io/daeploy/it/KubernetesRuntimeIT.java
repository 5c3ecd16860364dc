package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.DeployOptions;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerException;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.Notification;
import io.daeploy.common.ServiceVersion;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The kubernetes runtime end to end, with a real manager process, real service JVMs and the real registry of
 * .ci/docker-setup.sh. <b>No Kubernetes API server can run on these machines</b> (none of the reachable package
 * registries ships one): fabric8's {@code kubernetes-server-mock} in CRUD mode plays it ({@link KubernetesApiServer}),
 * and a test-only stand-in plays kubelet and controllers ({@link StandInKubelet}), running each pod as a JVM of the
 * jar its image holds, on a loopback address of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesRuntimeIT {

    private static final String NAMESPACE = "daeploy-test";
    private static final String REGISTRY = "127.0.0.1:5000";
    private static final int HEALTH_TIMEOUT_SECONDS = 40;

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
        manager = ManagerProcess.start("kubernetes", managerEnvironment());
        client = manager.client();
    }

    private static Map<String, String> managerEnvironment() {
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
        return env;
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

    @Test
    void aScaledVersionSpreadsRequestsOverItsPodsAndLosesNoneWhenAPodGoes() throws Exception {
        ManagerException badCpu = assertThrows(ManagerException.class, () -> client.deploy("kube_scaled", "1.0.0", Map.of(),
                FixtureApp.zip(), new DeployOptions(null, "lots", null), step -> { }));
        assertEquals(422, badCpu.status());
        assertTrue(badCpu.getMessage().contains("Field cpu"), badCpu.getMessage());
        assertTrue(kube.apps().deployments().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_scaled").list().getItems()
                .isEmpty(), "nothing was created");
        assertTrue(client.services().stream().noneMatch(v -> v.name().equals("kube_scaled")));

        ServiceVersion deployed = client.deploy("kube_scaled", "1.0.0", Map.of(), FixtureApp.zip(),
                                                new DeployOptions(null, "250m", "384Mi"), step -> { });
        assertEquals("running", deployed.status(), deployed.reason());
        Container container = deploymentOf("kube_scaled", "1.0.0").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("250m", container.getResources().getRequests().get("cpu").toString());
        assertEquals("384Mi", container.getResources().getRequests().get("memory").toString());
        assertEquals("384Mi", container.getResources().getLimits().get("memory").toString());

        ManagerException zero = assertThrows(ManagerException.class, () -> client.scale("kube_scaled", "1.0.0", 0));
        assertEquals(422, zero.status());
        assertTrue(zero.getMessage().contains("Field replicas"), zero.getMessage());

        assertEquals(3, client.scale("kube_scaled", "1.0.0", 3).replicas());
        assertEquals(3, deploymentOf("kube_scaled", "1.0.0").getSpec().getReplicas());
        await("ls shows 3 of 3 ready", () -> client.services().stream()
                .anyMatch(v -> v.name().equals("kube_scaled") && v.readyReplicas() == 3 && v.replicas() == 3));
        Set<String> pids = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            pids.add(whoamiField("kube_scaled", "pid"));
        }
        assertEquals(3, pids.size(), "30 requests reached the 3 pods");

        HttpResponse<String> logs = Http.get(manager.url().resolve("/services/~logs?name=kube_scaled&version=1.0.0&tail=all"));
        long prefixed = logs.body().lines().filter(line -> line.startsWith("[daeploy-kube-scaled-")
                && line.contains("listening on")).count();
        assertEquals(3, prefixed, "each pod's lines, prefixed with the pod: " + logs.body());

        // one pod goes; requests go on over the other two, and none fails once it left the EndpointSlice
        String victim = kube.pods().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_scaled").list().getItems().get(0)
                .getMetadata().getName();
        String victimIp = kube.pods().inNamespace(NAMESPACE).withName(victim).get().getStatus().getPodIP();
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        AtomicLong outOfSliceAt = new AtomicLong(Long.MAX_VALUE);
        List<Integer> afterOut = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                int status = Http.get(manager.url().resolve("/services/kube_scaled/whoami")).statusCode();
                statuses.add(status);
                if (System.nanoTime() > outOfSliceAt.get()) {
                    afterOut.add(status);
                }
            }
        });
        Thread.sleep(500);
        kube.pods().inNamespace(NAMESPACE).withName(victim).delete();
        await("the gateway no longer routes to the deleted pod", () -> {
            JsonNode endpoints = client.inspection("kube_scaled", "1.0.0").get("endpoints");
            boolean gone = endpoints.toString().indexOf(victimIp + ":") < 0;
            if (gone) {
                outOfSliceAt.compareAndSet(Long.MAX_VALUE, System.nanoTime());
            }
            return gone;
        });
        Thread.sleep(3000);
        running.set(false);
        load.join();
        assertFalse(afterOut.isEmpty());
        assertTrue(afterOut.stream().allMatch(status -> status == 200), "requests after the pod left the slice: " + afterOut);
        System.out.println("Requests while a pod went: " + statuses.size() + ", failed " + statuses.stream().filter(s -> s != 200).count());
        await("the Deployment's third pod is back", () -> client.services().stream()
                .anyMatch(v -> v.name().equals("kube_scaled") && v.readyReplicas() == 3));

        // an existing image runs by the digest its registry gives now
        ServiceVersion imaged = client.deployImage("kube_imaged", "1.0.0", Map.of(), REGISTRY + "/kube_scaled:1.0.0");
        assertEquals("running", imaged.status(), imaged.reason());
        assertEquals(REGISTRY + "/kube_scaled:1.0.0@" + registryDigest("kube_scaled", "1.0.0"), imaged.image());
        assertEquals(imaged.image(), deploymentOf("kube_imaged", "1.0.0").getSpec().getTemplate().getSpec().getContainers()
                .get(0).getImage());
        assertEquals("kube_imaged", whoamiField("kube_imaged", "name"));
        client.kill("kube_imaged", null);
        client.kill("kube_scaled", null);
    }

    @Test
    void anIdleVersionGoesToZeroReplicasAndARequestWaitsForAPodToComeBack() {
        ServiceVersion deployed = client.deploy("kube_idle", "1.0.0", Map.of(), FixtureApp.zip(),
                                                new DeployOptions(null, null, null, "2s"), step -> { });
        assertEquals("running", deployed.status(), deployed.reason());
        String firstPod = podsOf("kube_idle").getFirst();

        await("kube_idle is idle", () -> client.services().stream()
                .anyMatch(v -> v.name().equals("kube_idle") && v.status().equals("idle")));
        assertEquals(0, deploymentOf("kube_idle", "1.0.0").getSpec().getReplicas(), "scaled to zero");
        await("its pod is gone", () -> kube.pods().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_idle").list()
                .getItems().isEmpty());
        assertEquals(1, kube.services().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_idle").list().getItems().size(),
                     "its Service stays, to be found again");

        // held by the gateway until a pod is ready, then answered
        HttpResponse<String> woken = Http.postJson(manager.url().resolve("/services/kube_idle/hello"), "{\"name\":\"again\"}");
        assertEquals(200, woken.statusCode(), woken.body());
        assertEquals("\"Hello again\"", woken.body());
        assertEquals(1, deploymentOf("kube_idle", "1.0.0").getSpec().getReplicas());
        List<String> pods = podsOf("kube_idle");
        assertEquals(1, pods.size());
        assertFalse(pods.contains(firstPod), "a new pod answers: " + pods);
        client.kill("kube_idle", null);
    }

    @Test
    void aReloadRollsThePodsToTheNewCodeWithoutAGap() throws Exception {
        ServiceVersion deployed = client.deploy("kube_reloaded", "1.0.0", Map.of(), FixtureApp.zip(),
                                                DeployOptions.DEFAULTS, step -> { });
        assertEquals("running", deployed.status(), deployed.reason());
        String firstPod = podsOf("kube_reloaded").getFirst();
        List<Integer> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = Thread.ofVirtual().start(() -> {
            while (loading.get()) {
                int status = Http.postJson(manager.url().resolve("/services/kube_reloaded/hello"), "{\"name\":\"Ann\"}")
                        .statusCode();
                if (status != 200) {
                    failures.add(status);
                }
            }
        });

        ServiceVersion reloaded = client.reload("kube_reloaded", "1.0.0",
                FixtureVariants.upload(client, "fixture-word.txt", "Howdy"), step -> { });

        assertEquals("running", reloaded.status());
        assertEquals("\"Howdy Ann\"", Http.postJson(manager.url().resolve("/services/kube_reloaded/hello"),
                "{\"name\":\"Ann\"}").body(), "once the reload answers, only the new code serves");
        loading.set(false);
        load.join();
        assertEquals(List.of(), failures, "no request failed while the pods rolled");
        List<String> pods = podsOf("kube_reloaded");
        assertEquals(1, pods.size());
        assertFalse(pods.contains(firstPod), "the old pod is gone: " + pods);
        assertEquals("1", deploymentOf("kube_reloaded", "1.0.0").getSpec().getTemplate().getMetadata().getAnnotations()
                .get("daeploy.io/revision"));
        client.kill("kube_reloaded", null);
    }

    @Test
    void aRestartedManagerTakesOnWhatRunsRecreatesWhatWentAndReportsWhatItDoesNotKnow() {
        assertEquals("running", client.deploy("kube_kept", "1.0.0", Map.of(), FixtureApp.zip()).status());
        assertEquals("running", client.deploy("kube_lost", "1.0.0", Map.of(), FixtureApp.zip()).status());
        String keptPid = whoamiField("kube_kept", "pid");

        manager.stop();
        // while it is down, one version's objects go and a stranger appears
        kube.apps().deployments().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_lost").delete();
        kube.services().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_lost").delete();
        kube.secrets().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_lost").delete();
        Deployment stray = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("daeploy-kube-stray-9-9-9-00000000")
                    .withLabels(Map.of("app.kubernetes.io/managed-by", "daeploy", "daeploy.id", "00000000"))
                    .withAnnotations(Map.of("daeploy.io/name", "kube_stray", "daeploy.io/version", "9.9.9"))
                .endMetadata()
                .withNewSpec().withReplicas(0)
                    .withNewSelector().withMatchLabels(Map.of("daeploy.id", "00000000")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("daeploy.id", "00000000")).endMetadata()
                        .withNewSpec().addNewContainer().withName("service").withImage("stray:1").endContainer().endSpec()
                    .endTemplate()
                .endSpec().build();
        kube.apps().deployments().inNamespace(NAMESPACE).resource(stray).create();
        manager.restart();

        assertEquals(keptPid, whoamiField("kube_kept", "pid"), "taken on again: the same pod answers, no redeploy");
        await("the version whose objects went answers again", () -> "1.0.0".equals(whoami("kube_lost")));
        List<Notification> notifications = client.notifications();
        assertTrue(notifications.stream().anyMatch(n -> "kube_lost".equals(n.serviceName())
                && n.message().contains("Was not running when the manager started")), notifications.toString());
        assertTrue(notifications.stream().anyMatch(n -> "kube_stray".equals(n.serviceName())
                && n.message().contains("not in this manager's database")), notifications.toString());
        assertNotNull(kube.apps().deployments().inNamespace(NAMESPACE).withName(stray.getMetadata().getName()).get(),
                      "an object the manager does not know is reported, never deleted");
        assertTrue(kube.apps().deployments().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_kept").list().getItems().size() == 1);

        client.kill("kube_kept", null);
        client.kill("kube_lost", null);
        kube.apps().deployments().inNamespace(NAMESPACE).withName(stray.getMetadata().getName()).delete();
    }

    @Test
    void aCallTheRoleDoesNotAllowFailsTheDeploySayingWhichAndLeavesNothingHalfCreated() {
        api.refuse("POST /api/v1/namespaces/" + NAMESPACE + "/services", "create", "services", "", NAMESPACE);
        try {
            ServiceVersion refused = client.deploy("kube_forbidden", "1.0.0", Map.of(), FixtureApp.zip());
            assertEquals("failed", refused.status());
            assertTrue(refused.reason().contains("refused to create services in namespace " + NAMESPACE), refused.reason());
            assertTrue(refused.reason().contains("needs the verb 'create' on 'services'"), refused.reason());
        } finally {
            api.allowEverything();
        }
        assertTrue(kube.apps().deployments().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_forbidden").list()
                .getItems().isEmpty(), "the Deployment created before the refusal was removed");
        assertTrue(kube.secrets().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_forbidden").list()
                .getItems().isEmpty(), "the Secret created before the refusal was removed");
        client.kill("kube_forbidden", null);
    }

    @Test
    void aRegistryThatRefusesThePushIsA502WithItsWordsAndNothingIsCreatedInTheCluster() throws Exception {
        com.sun.net.httpserver.HttpServer refusing = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        refusing.createContext("/", exchange -> {
            boolean base = exchange.getRequestURI().getPath().equals("/v2/");
            byte[] body = (base ? "{}" : "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"this registry takes no pushes from"
                    + " daeploy tests\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            exchange.sendResponseHeaders(base ? 200 : 403, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
            if (!exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        refusing.start();
        Map<String, String> env = managerEnvironment();
        env.put("DAEPLOY_REGISTRY", "127.0.0.1:" + refusing.getAddress().getPort());
        try (ManagerProcess second = ManagerProcess.start("kubernetes-refused", env)) {
            ManagerException refused = assertThrows(ManagerException.class,
                    () -> second.client().deploy("kube_refused", "1.0.0", Map.of(), FixtureApp.zip()));
            assertEquals(502, refused.status(), refused.getMessage());
            assertTrue(refused.getMessage().contains("Cannot push the image 127.0.0.1:" + refusing.getAddress().getPort()
                    + "/kube_refused:1.0.0"), refused.getMessage());
            assertTrue(second.client().services().isEmpty());
        } finally {
            refusing.stop(0);
        }
        assertTrue(kube.apps().deployments().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_refused").list()
                .getItems().isEmpty());
        assertTrue(kube.secrets().inNamespace(NAMESPACE).withLabel("daeploy.name", "kube_refused").list().getItems().isEmpty());
    }

    /** Runs last: every call the manager made in this class, checked against the Role users apply. */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyCallTheManagerMadeIsOneTheRoleInDeployKubernetesAllowsAndNothingMore() throws IOException {
        Role role = kube.getKubernetesSerialization().unmarshal(
                java.nio.file.Files.readString(TestPaths.rootDir().resolve("deploy/kubernetes/common/role.yaml")), Role.class);
        List<String> calls = api.managerRequests();
        assertTrue(calls.size() > 20, "the manager's calls were recorded: " + calls);
        Set<String> used = new java.util.TreeSet<>();
        for (String call : calls) {
            ApiCall parsed = ApiCall.parse(call);
            assertEquals(NAMESPACE, parsed.namespace(), "a namespaced call only: " + call);
            used.add(parsed.group() + "/" + parsed.resource() + ":" + parsed.verb());
            boolean allowed = role.getRules().stream().anyMatch(rule -> rule.getApiGroups().contains(parsed.group())
                    && rule.getResources().contains(parsed.resource()) && rule.getVerbs().contains(parsed.verb()));
            assertTrue(allowed, "the Role allows " + parsed + " (" + call + ")");
        }
        Set<String> granted = new java.util.TreeSet<>();
        role.getRules().forEach(rule -> rule.getApiGroups().forEach(group -> rule.getResources().forEach(resource ->
                rule.getVerbs().forEach(verb -> granted.add(group + "/" + resource + ":" + verb)))));
        assertEquals(granted, used, "the Role grants exactly what the manager uses");
    }

    private static String whoami(String name) {
        return whoamiField(name, "version");
    }

    private static String whoamiField(String name, String field) {
        HttpResponse<String> res = Http.get(manager.url().resolve("/services/" + name + "/whoami"));
        assertEquals(200, res.statusCode(), res.body());
        try {
            return Json.mapper().readTree(res.body()).get(field).asText();
        } catch (IOException e) {
            throw new AssertionError(res.body(), e);
        }
    }

    private static List<String> podsOf(String name) {
        return kube.pods().inNamespace(NAMESPACE).withLabel("daeploy.name", name).list().getItems().stream()
                .map(pod -> pod.getMetadata().getName()).toList();
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
