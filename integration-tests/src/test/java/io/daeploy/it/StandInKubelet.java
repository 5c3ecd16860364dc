package io.daeploy.it;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * <b>Test-only stand-in for a cluster's nodes and controllers</b>, since no Kubernetes can run on these machines and
 * fabric8's mock API server has no controllers. Level-triggered, several times a second, it plays:
 * <ul>
 *   <li>the Deployment controller: keeps {@code replicas} pods per Deployment (Pod objects in the API server), rolls
 *       them to a new image as a RollingUpdate with maxUnavailable 0 does, and
 *       writes the Deployment's status;</li>
 *   <li>the kubelet: runs each pod's container as a real JVM from the Deployment's image (read from the registry by
 *       digest, see {@link RegistryImage}) on a loopback address of its own (127.0.1.N, standing in for the pod IP),
 *       probes it as its startup, readiness and liveness probes say, restarts a container that ends (back-off 1 s
 *       doubling to 8 s, shorter than a kubelet's, to keep tests short), and keeps each container's output for
 *       {@code pods/log} (see {@link KubernetesApiServer});</li>
 *   <li>the EndpointSlice controller: one slice per Service with its selected pods and their readiness.</li>
 * </ul>
 * It is not Kubernetes: no scheduling, no limits, no rolling update of a changed pod template.
 */
final class StandInKubelet implements AutoCloseable {

    private static final int SERVICE_PORT = 8000;
    private static final Duration TICK = Duration.ofMillis(200);
    /** What a pod's preStop pause would give the endpoint watchers between leaving the slice and SIGTERM. */
    private static final Duration PRE_STOP = Duration.ofSeconds(1);
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);

    private final KubernetesClient client;
    private final String namespace;
    private final Path work;
    private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
    private final Map<String, String> lastSlices = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread loop;
    private volatile boolean closed;

    StandInKubelet(KubernetesClient client, String namespace, Path work) {
        this.client = client;
        this.namespace = namespace;
        this.work = work;
        this.loop = Thread.ofPlatform().daemon().name("stand-in-kubelet").start(this::run);
    }

    /** The output of a pod's container: the current one, or with {@code previous} the one that ended before it. */
    Optional<Path> log(String pod, boolean previous) {
        PodRun run = runs.get(pod);
        if (run == null) {
            return Optional.empty();
        }
        int restarts = run.restarts;
        int index = previous ? restarts - 1 : restarts;
        Path file = run.dir.resolve("container-" + index + ".log");
        return index >= 0 && Files.exists(file) ? Optional.of(file) : Optional.empty();
    }

    /** The pids of the JVMs running a pod's container now, for the tests that kill one. */
    Optional<ProcessHandle> process(String pod) {
        return Optional.ofNullable(runs.get(pod)).map(r -> r.process).filter(Process::isAlive).map(Process::toHandle);
    }

    /** Every JVM this stand-in runs now. */
    List<String> runningPods() {
        return runs.values().stream().filter(r -> r.process != null && r.process.isAlive()).map(r -> r.name).sorted().toList();
    }

    private void run() {
        while (!closed) {
            try {
                reconcile();
            } catch (RuntimeException e) { // a node goes on whatever one pod did
                if (!closed) {
                    System.err.println("stand-in kubelet: " + e);
                }
            }
            sleep(TICK);
        }
    }

    private void reconcile() {
        List<Deployment> deployments = client.apps().deployments().inNamespace(namespace).list().getItems();
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
        Set<String> podNames = pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        // pods deleted from the API server, or whose Deployment went: their containers stop
        for (PodRun run : List.copyOf(runs.values())) {
            boolean ownerGone = deployments.stream().noneMatch(d -> d.getMetadata().getUid().equals(run.ownerUid));
            if (!podNames.contains(run.name) || ownerGone) {
                runs.remove(run.name);
                writeSlices(deployments);
                sleep(PRE_STOP); // out of the slice before it stops, as a preStop pause gives a real pod
                run.stop();
                if (podNames.contains(run.name)) {
                    client.pods().inNamespace(namespace).withName(run.name).delete();
                }
            }
        }
        for (Deployment deployment : deployments) {
            String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            List<PodRun> owned = runs.values().stream().filter(r -> r.ownerUid.equals(deployment.getMetadata().getUid()))
                    .sorted((a, b) -> a.name.compareTo(b.name)).toList();
            // a rolling update with maxUnavailable 0: pods of the template's image first, those of an older one go
            // once as many new ones are ready
            List<PodRun> current = owned.stream().filter(r -> r.container.getImage().equals(image)).toList();
            List<PodRun> stale = owned.stream().filter(r -> !r.container.getImage().equals(image)).toList();
            int want = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
            for (int i = current.size(); i < want; i++) {
                createPod(deployment);
            }
            List<PodRun> going = new java.util.ArrayList<>(current.subList(Math.min(want, current.size()), current.size()));
            if (current.stream().filter(r -> r.ready).count() >= want || want == 0) {
                going.addAll(stale);
            }
            for (PodRun extra : going) {
                runs.remove(extra.name);
                writeSlices(deployments);
                sleep(PRE_STOP);
                extra.stop();
                client.pods().inNamespace(namespace).withName(extra.name).delete();
            }
            writeDeploymentStatus(deployment);
        }
        runs.values().forEach(PodRun::step);
        writeSlices(deployments);
    }

    private void createPod(Deployment deployment) {
        // like a kubelet, wait for the configuration a container needs instead of failing the whole node
        for (EnvFromSource from : Optional.ofNullable(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnvFrom()).orElse(List.of())) {
            if (from.getSecretRef() != null
                    && client.secrets().inNamespace(namespace).withName(from.getSecretRef().getName()).get() == null) {
                System.err.println("stand-in kubelet: " + deployment.getMetadata().getName() + " waits for secret "
                        + from.getSecretRef().getName());
                return;
            }
        }
        String name = deployment.getMetadata().getName() + "-" + Long.toHexString(System.nanoTime() & 0xfffffL);
        int n = NEXT_ADDRESS.getAndIncrement();
        String ip = "127.0." + (1 + n / 250) + "." + (1 + n % 250);
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .withAnnotations(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                            .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                            .withController(true).build())
                .endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build();
        pod.getSpec().setNodeName("stand-in-node");
        client.pods().inNamespace(namespace).resource(pod).create();
        PodRun run = new PodRun(name, deployment.getMetadata().getUid(), ip, pod.getSpec().getContainers().get(0),
                                pod.getMetadata().getLabels(), work.resolve(name));
        runs.put(name, run);
    }

    private void writeDeploymentStatus(Deployment deployment) {
        List<PodRun> owned = runs.values().stream().filter(r -> r.ownerUid.equals(deployment.getMetadata().getUid())).toList();
        int ready = (int) owned.stream().filter(r -> r.ready).count();
        var status = deployment.getStatus();
        if (status != null && Objects.equals(status.getReplicas(), owned.size()) && Objects.equals(status.getReadyReplicas(), ready)) {
            return;
        }
        client.apps().deployments().inNamespace(namespace).withName(deployment.getMetadata().getName()).editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withReplicas(owned.size()).withReadyReplicas(ready).withAvailableReplicas(ready)
                    .withUpdatedReplicas(owned.size()).withObservedGeneration(d.getMetadata().getGeneration()).build());
            return d;
        });
    }

    /** One slice per Service: its selected pods, ready or not, as the EndpointSlice controller writes them. */
    private void writeSlices(List<Deployment> deployments) {
        List<Service> services = client.services().inNamespace(namespace).list().getItems();
        Set<String> names = new java.util.HashSet<>();
        for (Service service : services) {
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                continue;
            }
            String sliceName = service.getMetadata().getName() + "-standin";
            names.add(sliceName);
            List<PodRun> selected = runs.values().stream()
                    .filter(r -> r.labels.entrySet().containsAll(selector.entrySet()))
                    .sorted((a, b) -> a.name.compareTo(b.name)).toList();
            EndpointSlice slice = new EndpointSliceBuilder()
                    .withNewMetadata().withName(sliceName)
                        .withLabels(Map.of("kubernetes.io/service-name", service.getMetadata().getName(),
                                           "endpointslice.kubernetes.io/managed-by", "stand-in-kubelet"))
                    .endMetadata()
                    .withAddressType("IPv4")
                    .addNewPort().withName("http").withPort(SERVICE_PORT).withProtocol("TCP").endPort()
                    .withEndpoints(selected.stream().map(r -> new EndpointBuilder().withAddresses(r.ip)
                            .withNewConditions().withReady(r.ready).withServing(r.ready).withTerminating(false).endConditions()
                            .withNewTargetRef().withKind("Pod").withName(r.name).withNamespace(namespace).endTargetRef()
                            .build()).toList())
                    .build();
            String content = slice.getEndpoints().stream().map(e -> e.getAddresses() + "=" + e.getConditions().getReady())
                    .collect(Collectors.joining(","));
            if (!content.equals(lastSlices.get(sliceName))) {
                client.discovery().v1().endpointSlices().inNamespace(namespace).resource(slice)
                        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
                lastSlices.put(sliceName, content);
            }
        }
        for (String gone : Set.copyOf(lastSlices.keySet())) {
            if (!names.contains(gone)) {
                client.discovery().v1().endpointSlices().inNamespace(namespace).withName(gone).delete();
                lastSlices.remove(gone);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runs.values().forEach(PodRun::stop);
        runs.clear();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One pod on this stand-in node: its container's JVM, probes and restarts. */
    private final class PodRun {
        final String name;
        final String ownerUid;
        final String ip;
        final Container container;
        final Path dir;
        final Map<String, String> labels;
        volatile Process process;
        volatile boolean ready;
        volatile int restarts;
        boolean started;
        Instant containerStart;
        Instant nextStart = Instant.EPOCH;
        Duration backOff = Duration.ofSeconds(1);
        final Map<String, Instant> lastProbe = new HashMap<>();
        final Map<String, Integer> failures = new HashMap<>();
        Integer lastExit;
        String lastReason;
        String written = "";

        PodRun(String name, String ownerUid, String ip, Container container, Map<String, String> labels, Path dir) {
            this.name = name;
            this.ownerUid = ownerUid;
            this.ip = ip;
            this.container = container;
            this.dir = dir;
            this.labels = Map.copyOf(labels);
        }

        void step() {
            Instant now = Instant.now();
            if (process == null) {
                if (now.isAfter(nextStart)) {
                    startContainer();
                }
            } else if (!process.isAlive()) {
                ended(process.exitValue(), process.exitValue() == 0 ? "Completed" : "Error");
            } else {
                probe(now);
            }
            writeStatus();
        }

        private void startContainer() {
            try {
                Files.createDirectories(dir);
                RegistryImage image = RegistryImage.pull(container.getImage(), work.resolve("images"));
                List<String> command = new ArrayList<>();
                for (String part : image.entrypoint) {
                    command.add(part.equals("java") ? ProcessHandle.current().info().command().orElse("java")
                            : part.startsWith("/app") ? image.root.resolve(part.substring(1)).toString() : part);
                }
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(image.root.resolve("app").toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("container-" + restarts + ".log").toFile());
                builder.environment().clear();
                builder.environment().put("PATH", System.getenv("PATH"));
                builder.environment().putAll(environment());
                builder.environment().put("DAEPLOY_SERVICE_BIND", ip); // the pod's own address, as its network namespace would give
                process = builder.start();
                containerStart = Instant.now();
                started = false;
                ready = false;
                failures.clear();
                lastProbe.clear();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Map<String, String> environment() {
            Map<String, String> env = new HashMap<>();
            for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
                if (from.getSecretRef() != null) {
                    Secret secret = client.secrets().inNamespace(namespace).withName(from.getSecretRef().getName()).get();
                    if (secret == null) {
                        throw new IllegalStateException("CreateContainerConfigError: secret " + from.getSecretRef().getName()
                                + " not found");
                    }
                    Optional.ofNullable(secret.getData()).orElse(Map.of()).forEach((k, v) ->
                            env.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
                    Optional.ofNullable(secret.getStringData()).orElse(Map.of()).forEach(env::put);
                }
            }
            for (EnvVar var : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                env.put(var.getName(), var.getValue());
            }
            // the cluster's DNS and Service: the manager's in-cluster name leads to the manager on this machine
            env.replaceAll((key, value) -> value.replace("://daeploy-manager." + namespace + ".svc:", "://127.0.0.1:"));
            return env;
        }

        private void probe(Instant now) {
            if (!started) {
                if (due("startup", container.getStartupProbe(), now)) {
                    if (healthy(container.getStartupProbe())) {
                        started = true;
                        failures.clear();
                    } else if (failed("startup", container.getStartupProbe())) {
                        kill("startup probe failed");
                    }
                }
                return;
            }
            if (due("readiness", container.getReadinessProbe(), now)) {
                if (healthy(container.getReadinessProbe())) {
                    ready = true;
                    failures.put("readiness", 0);
                } else if (failed("readiness", container.getReadinessProbe())) {
                    ready = false;
                }
            }
            if (due("liveness", container.getLivenessProbe(), now) && !healthy(container.getLivenessProbe())
                    && failed("liveness", container.getLivenessProbe())) {
                kill("liveness probe failed");
            }
        }

        private boolean due(String kind, Probe probe, Instant now) {
            if (probe == null) {
                return false;
            }
            int period = Optional.ofNullable(probe.getPeriodSeconds()).orElse(10);
            Instant last = lastProbe.get(kind);
            if (last != null && now.isBefore(last.plusSeconds(period))) {
                return false;
            }
            lastProbe.put(kind, now);
            return true;
        }

        private boolean failed(String kind, Probe probe) {
            int count = failures.merge(kind, 1, Integer::sum);
            return count >= Optional.ofNullable(probe.getFailureThreshold()).orElse(3);
        }

        private boolean healthy(Probe probe) {
            String path = probe.getHttpGet().getPath();
            int timeout = Optional.ofNullable(probe.getTimeoutSeconds()).orElse(1);
            try {
                HttpResponse<Void> res = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":" + SERVICE_PORT + path))
                        .timeout(Duration.ofSeconds(timeout)).build(), HttpResponse.BodyHandlers.discarding());
                return res.statusCode() >= 200 && res.statusCode() < 400;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void kill(String why) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended(137, why);
        }

        private void ended(int exitCode, String reason) {
            process = null;
            ready = false;
            started = false;
            lastExit = exitCode;
            lastReason = reason;
            restarts++;
            nextStart = Instant.now().plus(backOff);
            backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(8)) > 0 ? Duration.ofSeconds(8) : backOff.multipliedBy(2);
        }

        private void writeStatus() {
            boolean running = process != null;
            String summary = running + "/" + ready + "/" + restarts;
            if (summary.equals(written)) {
                return;
            }
            ContainerStatusBuilder status = new ContainerStatusBuilder()
                    .withName(container.getName()).withImage(container.getImage()).withReady(ready).withStarted(started)
                    .withRestartCount(restarts)
                    .withState(running
                            ? new ContainerStateBuilder().withNewRunning().withStartedAt(containerStart.toString()).endRunning().build()
                            : new ContainerStateBuilder().withNewWaiting().withReason(restarts > 0 ? "CrashLoopBackOff" : "ContainerCreating")
                                .endWaiting().build());
            if (lastExit != null) {
                status.withLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(lastExit).withReason(lastReason)
                        .endTerminated().build());
            }
            ContainerStatus containerStatus = status.build();
            try {
                client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
                    p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                            .withPhase(running ? "Running" : "Pending").withPodIP(ip).withHostIP("127.0.0.1")
                            .withConditions(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build(),
                                            new PodConditionBuilder().withType("ContainersReady").withStatus(ready ? "True" : "False").build())
                            .withContainerStatuses(containerStatus)
                            .build());
                    return p;
                });
                written = summary;
            } catch (KubernetesClientException e) {
                // the pod was deleted meanwhile: the next tick stops it
            }
        }

        void stop() {
            Process p = process;
            if (p != null) {
                p.destroy();
                try {
                    if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            process = null;
            ready = false;
        }
    }
}
