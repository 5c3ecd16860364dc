package io.daeploy.manager.runtime.kubernetes;

import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.deploy.DeployProgress;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.image.ImageBuilder;
import io.daeploy.manager.image.ImageDigests;
import io.daeploy.manager.logs.LogQuery;
import io.daeploy.manager.runtime.Observation;
import io.daeploy.manager.runtime.RuntimeEvent;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.runtime.VersionSpec;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs each service version as Kubernetes objects (see {@link VersionObjects}) in one namespace. Kubernetes probes
 * and restarts the pods itself; this runtime creates and deletes objects, follows them through informers
 * ({@link ClusterView}) and tells the manager what it sees: ready endpoints from EndpointSlices, restarts from pod
 * statuses, and a version that found no ready pod within the health time-out as failed (its objects then go).
 */
public final class KubernetesRuntime implements ServiceRuntime {

    private static final Logger LOG = Logger.getLogger(KubernetesRuntime.class.getName());
    private static final Duration GONE_TIMEOUT = Duration.ofMinutes(2);
    private static final int LAST_WORDS = 20;
    private static final int REASON_LINES = 5;

    private final KubernetesClient client;
    private final String namespace;
    private final ClusterView cluster;
    private final VersionObjects objects;
    private final ImageBuilder images;
    private final boolean registryInsecure;
    private final Duration healthTimeout;
    private final KubernetesLogs logs;
    /** Versions ensured by this manager whose Deployment the informer may not show yet. */
    private final Map<String, Instant> launched = new ConcurrentHashMap<>();
    /** Versions seen with a ready pod since they were launched or taken on: past the health time-out's reach. */
    private final Map<String, Boolean> everReady = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();
    /** Reloads whose new pods must be ready by then. */
    private final Map<String, ScheduledFuture<?>> reloadDeadlines = new ConcurrentHashMap<>();
    /** The output of versions whose objects were deleted, to explain a failure afterwards. */
    private final Map<String, List<String>> lastWords = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("daeploy-kubernetes-deadlines").daemon().factory());
    private volatile Consumer<RuntimeEvent> events = event -> { };

    KubernetesRuntime(KubernetesClient client, String namespace, VersionObjects objects, ImageBuilder images,
                      boolean registryInsecure, Duration healthTimeout) {
        this.client = client;
        this.namespace = namespace;
        this.objects = objects;
        this.images = images;
        this.registryInsecure = registryInsecure;
        this.healthTimeout = healthTimeout;
        this.cluster = new ClusterView(client, namespace);
        this.logs = new KubernetesLogs(client, namespace);
    }

    /**
     * Connects to the API server (in a cluster: its service account; outside: the kubeconfig or
     * {@code KUBERNETES_MASTER}); one that does not answer stops the manager with an IllegalStateException naming the
     * URL it tried.
     */
    public static KubernetesRuntime connect(ManagerSettings settings, ContentStore content) {
        return KubernetesConnection.open(settings, content);
    }

    void start() {
        cluster.start();
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public boolean restartsCrashedInstances() {
        return true; // the kubelet restarts containers, with its own back-off
    }

    @Override
    public void events(Consumer<RuntimeEvent> listener) {
        this.events = listener;
        cluster.events(listener, this::crashed);
    }

    @Override
    public Optional<String> problem() {
        return images.baseImageProblem();
    }

    @Override
    public String prepare(String name, String version, Path appDir, DeployProgress progress) {
        return images.buildByDigest(name, version, appDir, progress);
    }

    @Override
    public String prepareImage(String image, DeployProgress progress) {
        progress.step("Looking up the digest of " + image);
        return ImageDigests.pin(image, registryInsecure);
    }

    @Override
    public Observation observe(VersionSpec spec, String ref) {
        Optional<Deployment> deployment = cluster.deployment(spec.name(), spec.version());
        String name = VersionLabels.objectName(spec.name(), spec.version());
        if (deployment.isEmpty()) {
            return launched.containsKey(spec.qualifiedName()) ? Observation.starting(name) : Observation.ABSENT;
        }
        List<URI> endpoints = cluster.readyEndpoints(spec.name(), spec.version());
        if (endpoints.isEmpty()) {
            return Observation.starting(name);
        }
        if (everReady.put(spec.qualifiedName(), true) == null) {
            Optional.ofNullable(deadlines.remove(spec.qualifiedName())).ifPresent(d -> d.cancel(false));
        }
        return Observation.ready(endpoints, name, servedRevision(spec, deployment.get()));
    }

    /**
     * The code the version's pods run: the template's revision once every pod has it and is ready (a rolling update is
     * over), else {@link Observation#ROLLING}.
     */
    private int servedRevision(VersionSpec spec, Deployment deployment) {
        String wanted = revisionOf(deployment.getSpec().getTemplate().getMetadata().getAnnotations());
        List<Pod> pods = cluster.pods(spec.name(), spec.version());
        boolean over = !pods.isEmpty() && pods.stream().allMatch(pod -> wanted.equals(revisionOf(pod.getMetadata().getAnnotations()))
                && PodStates.ready(pod));
        if (over) {
            Optional.ofNullable(reloadDeadlines.remove(spec.qualifiedName())).ifPresent(d -> d.cancel(false));
        }
        return over ? Integer.parseInt(wanted) : Observation.ROLLING;
    }

    private static String revisionOf(Map<String, String> annotations) {
        return annotations == null ? "0" : annotations.getOrDefault(VersionLabels.REVISION_ANNOTATION, "0");
    }

    /**
     * New code: the Deployment's pod template gets the new image and revision, and Kubernetes rolls its pods (a new
     * one ready before an old one goes: maxUnavailable 0). Pods of the new code that are not ready within the health
     * time-out end the reload ({@link RuntimeEvent.ReloadFailed}); the manager then asks for the old code again, which
     * rolls the new pods away.
     */
    @Override
    public void replace(VersionSpec spec, String ref) {
        Optional<Deployment> deployment = cluster.deployment(spec.name(), spec.version());
        if (deployment.isEmpty()) {
            ensure(spec, ref);
            return;
        }
        String before = revisionOf(deployment.get().getSpec().getTemplate().getMetadata().getAnnotations());
        update(spec, deployment.get());
        if (!before.equals(Integer.toString(spec.revision()))) {
            String qualifiedName = spec.qualifiedName();
            Optional.ofNullable(reloadDeadlines.put(qualifiedName, timer.schedule(() -> {
                reloadDeadlines.remove(qualifiedName);
                events.accept(new RuntimeEvent.ReloadFailed(qualifiedName, spec.revision(), "no pod of the new code became"
                        + " ready within " + healthTimeout.toSeconds() + " s" + podSummary(spec) + lastLines(spec)));
            }, healthTimeout.toMillis(), TimeUnit.MILLISECONDS))).ifPresent(d -> d.cancel(false));
        }
    }

    @Override
    public boolean replacesWithoutGap() {
        return true;
    }

    @Override
    public Ensured ensure(VersionSpec spec, String ref) {
        String qualifiedName = spec.qualifiedName();
        Optional<Deployment> existing = cluster.deployment(spec.name(), spec.version())
                .or(() -> Optional.ofNullable(deployments().withName(VersionLabels.objectName(spec.name(), spec.version())).get())
                        .filter(d -> VersionLabels.id(spec.name(), spec.version())
                                .equals(ClusterView.labelsOf(d).get(VersionLabels.ID))));
        if (existing.isPresent()) {
            update(spec, existing.get());
            boolean known = launched.putIfAbsent(qualifiedName, Instant.now()) != null;
            if (!known) {
                watchDeadline(spec, creation(existing.get()));
                LOG.info(() -> "Took on " + qualifiedName + ": Deployment " + existing.get().getMetadata().getName()
                        + " in " + namespace);
            }
            return known ? Ensured.ALREADY_RUNNING : Ensured.ADOPTED;
        }
        create(spec);
        launched.put(qualifiedName, Instant.now());
        everReady.remove(qualifiedName);
        lastWords.remove(qualifiedName);
        watchDeadline(spec, Instant.now());
        String name = VersionLabels.objectName(spec.name(), spec.version());
        events.accept(new RuntimeEvent.Started(qualifiedName, URI.create("http://" + name + "." + namespace + ".svc:"
                + ImageBuilder.SERVICE_PORT), name));
        return Ensured.STARTED;
    }

    /** Secret, Deployment (which then owns the Secret), Service; a refusal halfway removes what was created. */
    private void create(VersionSpec spec) {
        List<HasMetadata> created = new ArrayList<>();
        try {
            created.add(call("create", "secrets", () -> client.secrets().inNamespace(namespace).resource(objects.secret(spec)).create()));
            Deployment deployment = call("create", "deployments", () -> deployments().resource(objects.deployment(spec)).create());
            created.add(deployment);
            call("patch", "secrets", () -> client.secrets().inNamespace(namespace).withName(created.get(0).getMetadata().getName())
                    .edit(secret -> {
                        secret.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                                .withApiVersion("apps/v1").withKind("Deployment").withName(deployment.getMetadata().getName())
                                .withUid(deployment.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true)
                                .build()));
                        return secret;
                    }));
            created.add(call("create", "services", () -> client.services().inNamespace(namespace).resource(objects.service(spec)).create()));
        } catch (RuntimeException e) {
            for (HasMetadata object : created.reversed()) {
                try {
                    client.resource(object).inNamespace(namespace).delete();
                } catch (RuntimeException cleanup) {
                    LOG.log(Level.WARNING, "Could not remove " + object.getKind() + " " + object.getMetadata().getName()
                            + " after a failed create", cleanup);
                }
            }
            throw e;
        }
        LOG.info(() -> "Created the Deployment, Service and Secret " + VersionLabels.objectName(spec.name(), spec.version())
                + " of " + spec.qualifiedName() + " in " + namespace + " (" + spec.image() + ")");
    }

    /** The image and revision a Deployment's pods are made from. */
    private static String codeOf(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage() + "#"
                + revisionOf(deployment.getSpec().getTemplate().getMetadata().getAnnotations());
    }

    private static String codeOf(VersionSpec spec) {
        return spec.image() + "#" + spec.revision();
    }

    /** What may change of a running version: its replicas and its role without new pods, its code (a reload) with. */
    private void update(VersionSpec spec, Deployment deployment) {
        Map<String, String> annotations = deployment.getMetadata().getAnnotations();
        String generation = Long.toString(spec.generation());
        Integer replicas = deployment.getSpec().getReplicas();
        boolean sameCode = codeOf(deployment).equals(codeOf(spec));
        if (annotations != null && generation.equals(annotations.get(VersionLabels.GENERATION_ANNOTATION))
                && replicas != null && replicas == spec.replicas() && sameCode) {
            return;
        }
        call("patch", "deployments", () -> deployments().withName(deployment.getMetadata().getName()).edit(d -> {
            d.getMetadata().getAnnotations().putAll(VersionLabels.annotations(spec.name(), spec.version(), spec.main(),
                                                                              spec.generation()));
            d.getSpec().setReplicas(spec.replicas());
            if (!sameCode && spec.image() != null) { // a reload: new pods roll in
                d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(spec.image());
                d.getSpec().getTemplate().getMetadata().getAnnotations()
                        .put(VersionLabels.REVISION_ANNOTATION, Integer.toString(spec.revision()));
            }
            return d;
        }));
    }

    @Override
    public void checkResources(int replicas, String cpu, String memory) {
        if (cpu != null && !Resources.isQuantity(cpu)) {
            throw DomainException.invalid("Field cpu: '" + cpu + "' is not a Kubernetes quantity; write 250m, 0.5 or 2");
        }
        if (memory != null && !Resources.isQuantity(memory)) {
            throw DomainException.invalid("Field memory: '" + memory + "' is not a Kubernetes quantity; write 512Mi or 1Gi");
        }
    }

    /**
     * Replicas and role annotation: what changes of a version without new pods. It also stands for
     * {@link #prioritize}, which stays a no-op here: the cluster's scheduler weighs pods, and the role is written now.
     */
    @Override
    public void scale(VersionSpec spec, String ref) {
        cluster.deployment(spec.name(), spec.version()).ifPresent(deployment -> {
            Integer before = deployment.getSpec().getReplicas();
            update(spec, deployment);
            if (before != null && before == 0 && spec.replicas() > 0) {
                // woken from zero: its pods have the health time-out to become ready, as at a first start
                everReady.remove(spec.qualifiedName());
                watchDeadline(spec, Instant.now());
            }
        });
    }

    /** Idle: the Deployment goes to 0 replicas and stays, with its Service and Secret, to be scaled up again. */
    @Override
    public void sleep(VersionSpec spec, String ref) {
        Optional.ofNullable(deadlines.remove(spec.qualifiedName())).ifPresent(d -> d.cancel(false));
        cluster.deployment(spec.name(), spec.version()).ifPresent(deployment -> update(spec.withReplicas(0), deployment));
    }


    @Override
    public void delete(VersionSpec spec, String ref) {
        String qualifiedName = spec.qualifiedName();
        Optional.ofNullable(deadlines.remove(qualifiedName)).ifPresent(d -> d.cancel(false));
        Optional.ofNullable(reloadDeadlines.remove(qualifiedName)).ifPresent(d -> d.cancel(false));
        List<String> words = recentOutput(spec, LAST_WORDS);
        if (!words.isEmpty()) {
            lastWords.put(qualifiedName, words);
        }
        String id = VersionLabels.id(spec.name(), spec.version());
        call("delete", "deployments", () -> deployments().withLabel(VersionLabels.ID, id).delete());
        call("delete", "services", () -> client.services().inNamespace(namespace).withLabel(VersionLabels.ID, id).delete());
        call("delete", "secrets", () -> client.secrets().inNamespace(namespace).withLabel(VersionLabels.ID, id).delete());
        awaitGone(spec, id);
        launched.remove(qualifiedName);
        everReady.remove(qualifiedName);
    }

    /** Until the API server has none of the version's objects, nor pods (whose containers then stopped). */
    private void awaitGone(VersionSpec spec, String id) {
        long deadline = System.nanoTime() + GONE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean gone = call("list", "deployments", () -> deployments().withLabel(VersionLabels.ID, id).list()).getItems().isEmpty()
                    && call("list", "services", () -> client.services().inNamespace(namespace).withLabel(VersionLabels.ID, id).list()).getItems().isEmpty()
                    && call("list", "secrets", () -> client.secrets().inNamespace(namespace).withLabel(VersionLabels.ID, id).list()).getItems().isEmpty()
                    && call("list", "pods", () -> client.pods().inNamespace(namespace).withLabel(VersionLabels.ID, id).list()).getItems().isEmpty();
            if (gone) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + spec.qualifiedName() + " to go", e);
            }
        }
        throw new IllegalStateException("The objects of " + spec.qualifiedName() + " were still in namespace " + namespace
                + " " + GONE_TIMEOUT.toSeconds() + " s after they were deleted");
    }

    /** A version with no ready pod by the end of its health time-out is failed, and its objects go. */
    private void watchDeadline(VersionSpec spec, Instant since) {
        long delay = Math.max(0, Duration.between(Instant.now(), since.plus(healthTimeout)).toMillis());
        ScheduledFuture<?> previous = deadlines.put(spec.qualifiedName(),
                timer.schedule(() -> deadlineReached(spec), delay, TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private void deadlineReached(VersionSpec spec) {
        String qualifiedName = spec.qualifiedName();
        deadlines.remove(qualifiedName);
        if (everReady.containsKey(qualifiedName) || !cluster.readyEndpoints(spec.name(), spec.version()).isEmpty()) {
            return;
        }
        String reason = "no pod became ready within " + healthTimeout.toSeconds() + " s" + podSummary(spec) + lastLines(spec);
        try {
            delete(spec, null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove the objects of " + qualifiedName + " after it failed", e);
        }
        events.accept(new RuntimeEvent.Failed(qualifiedName, reason));
    }

    /** The kubelet restarted a container: the manager hears why, with the last lines of the container that ended. */
    private void crashed(ClusterView.PodCrash crash) {
        ContainerStatus status = crash.container();
        int exitCode = 0;
        String why = "";
        if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
            Integer code = status.getLastState().getTerminated().getExitCode();
            exitCode = code == null ? 0 : code;
            why = Optional.ofNullable(status.getLastState().getTerminated().getReason()).orElse("");
        }
        if (status.getState() != null && status.getState().getWaiting() != null
                && status.getState().getWaiting().getReason() != null) {
            why = why.isEmpty() ? status.getState().getWaiting().getReason() : why + ", " + status.getState().getWaiting().getReason();
        }
        List<String> previous = logs.previous(crash.pod(), REASON_LINES);
        String detail = "pod " + crash.pod().getMetadata().getName() + (why.isEmpty() ? "" : ": " + why)
                + ", restart " + status.getRestartCount()
                + (previous.isEmpty() ? "" : "; last output: " + String.join(" | ", previous));
        events.accept(new RuntimeEvent.Restarted(crash.qualifiedName(), exitCode, detail));
    }

    @Override
    public Map<String, Object> inspect(VersionSpec spec, String ref) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("runtime", name());
        info.put("namespace", namespace);
        info.put("image", spec.image());
        info.put("objects", VersionLabels.objectName(spec.name(), spec.version()));
        Optional<Deployment> deployment = cluster.deployment(spec.name(), spec.version());
        if (deployment.isEmpty()) {
            info.put("state", "no Deployment");
            return info;
        }
        var status = deployment.get().getStatus();
        Map<String, Object> deploymentInfo = new LinkedHashMap<>();
        deploymentInfo.put("replicas", deployment.get().getSpec().getReplicas());
        deploymentInfo.put("readyReplicas", status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas());
        deploymentInfo.put("updatedReplicas", status == null ? null : status.getUpdatedReplicas());
        deploymentInfo.put("availableReplicas", status == null ? null : status.getAvailableReplicas());
        deploymentInfo.put("role", deployment.get().getMetadata().getAnnotations().get(VersionLabels.ROLE_ANNOTATION));
        info.put("deployment", deploymentInfo);
        List<Map<String, Object>> pods = new ArrayList<>();
        for (Pod pod : cluster.pods(spec.name(), spec.version())) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", pod.getMetadata().getName());
            p.put("phase", pod.getStatus() == null ? null : pod.getStatus().getPhase());
            p.put("ready", PodStates.ready(pod));
            p.put("restarts", PodStates.restarts(pod));
            p.put("node", pod.getSpec() == null ? null : pod.getSpec().getNodeName());
            p.put("ip", pod.getStatus() == null ? null : pod.getStatus().getPodIP());
            PodStates.waitingReason(pod).ifPresent(reason -> p.put("waiting", reason));
            pods.add(p);
        }
        info.put("pods", pods);
        info.put("endpoints", cluster.readyEndpoints(spec.name(), spec.version()).stream().map(URI::toString).toList());
        return info;
    }

    @Override
    public void logs(VersionSpec spec, LogQuery query, OutputStream out, BooleanSupplier keepFollowing) throws IOException {
        List<Pod> pods = cluster.pods(spec.name(), spec.version());
        if (pods.isEmpty()) {
            for (String line : lastWords.getOrDefault(spec.qualifiedName(), List.of())) {
                out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return;
        }
        logs.stream(pods, query, out, keepFollowing);
    }

    @Override
    public List<String> recentOutput(VersionSpec spec, int lines) {
        List<Pod> pods = cluster.pods(spec.name(), spec.version());
        List<String> recent = new ArrayList<>();
        for (Pod pod : pods) {
            recent.addAll(logs.recent(pod, lines, pods.size() > 1));
        }
        if (!recent.isEmpty()) {
            return recent.subList(Math.max(0, recent.size() - lines), recent.size());
        }
        List<String> kept = lastWords.getOrDefault(spec.qualifiedName(), List.of());
        return kept.subList(Math.max(0, kept.size() - lines), kept.size());
    }

    @Override
    public List<String> running() {
        return cluster.deployments().stream()
                .map(d -> VersionLabels.qualifiedName(d.getMetadata().getAnnotations()))
                .flatMap(Optional::stream)
                .toList();
    }

    private String podSummary(VersionSpec spec) {
        List<String> states = new ArrayList<>();
        for (Pod pod : cluster.pods(spec.name(), spec.version())) {
            int restarts = PodStates.restarts(pod);
            states.add(pod.getMetadata().getName() + " " + PodStates.waitingReason(pod)
                    .orElse(pod.getStatus() == null ? "Pending" : String.valueOf(pod.getStatus().getPhase()))
                    + (restarts > 0 ? " after " + restarts + " restarts" : ""));
        }
        return states.isEmpty() ? " (no pod was created)" : " (" + String.join(", ", states) + ")";
    }

    private String lastLines(VersionSpec spec) {
        List<String> lines = recentOutput(spec, REASON_LINES);
        return lines.isEmpty() ? "" : "; last output: " + String.join(" | ", lines);
    }

    private static Instant creation(Deployment deployment) {
        String created = deployment.getMetadata().getCreationTimestamp();
        try {
            return created == null ? Instant.now() : Instant.parse(created);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Deployment, io.fabric8.kubernetes.api.model.apps.DeploymentList,
            io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment>> deployments() {
        return client.apps().deployments().inNamespace(namespace);
    }

    /** An API call whose refusal names the verb and the resource, so that a missing RBAC rule is found at once. */
    private <T> T call(String verb, String resource, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw ApiRefusal.of(verb, resource, namespace, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        cluster.close();
        client.close();
    }
}
