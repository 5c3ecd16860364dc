package io.daeploy.manager.runtime.kubernetes;

import io.daeploy.manager.runtime.RuntimeEvent;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the cluster holds of the manager's versions, kept by informers (one list, then a watch) instead of asking the
 * API server on every look: their Deployments, their pods and the EndpointSlices of their Services. Every change to
 * one of them is told to the runtime as an event of its version, so the reconciler looks again.
 */
final class ClusterView implements AutoCloseable {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final long RESYNC_MILLIS = 0; // the reconciler resyncs; informers need not
    private static final String BY_VERSION = "by-version";
    private static final String BY_SERVICE = "by-service";

    private final String namespace;
    private final SharedIndexInformer<Deployment> deployments;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<EndpointSlice> slices;
    private volatile Consumer<RuntimeEvent> events = event -> { };
    private volatile Consumer<PodCrash> crashes = crash -> { };

    /** A container of a version's pod ended and was (or will be) started again by the kubelet. */
    record PodCrash(String qualifiedName, Pod pod, ContainerStatus container) {
    }

    ClusterView(KubernetesClient client, String namespace) {
        this.namespace = namespace;
        this.deployments = client.apps().deployments().inNamespace(namespace)
                .withLabel(VersionLabels.MANAGED_BY, VersionLabels.DAEPLOY).runnableInformer(RESYNC_MILLIS);
        this.pods = client.pods().inNamespace(namespace)
                .withLabel(VersionLabels.MANAGED_BY, VersionLabels.DAEPLOY).runnableInformer(RESYNC_MILLIS);
        // the endpoints controller labels slices with their Service, not with the Service's own labels
        this.slices = client.discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel(SERVICE_NAME_LABEL).runnableInformer(RESYNC_MILLIS);
        // looked up on every observe of every version: by index, not by a scan of all
        pods.addIndexers(Map.of(BY_VERSION, pod -> labelValue(pod, VersionLabels.ID)));
        slices.addIndexers(Map.of(BY_SERVICE, slice -> labelValue(slice, SERVICE_NAME_LABEL)));
        deployments.addEventHandler(changes(this::ofDeployment, null));
        pods.addEventHandler(changes(this::ofPod, this::restarts));
        slices.addEventHandler(changes(this::ofSlice, null));
    }

    /** Starts the informers and waits for their first lists, so that a version not found is really not there. */
    void start() {
        deployments.run();
        pods.run();
        slices.run();
    }

    void events(Consumer<RuntimeEvent> listener, Consumer<PodCrash> crashListener) {
        this.events = listener;
        this.crashes = crashListener;
    }

    Optional<Deployment> deployment(String name, String version) {
        Deployment found = deployments.getStore().getByKey(key(VersionLabels.objectName(name, version)));
        return Optional.ofNullable(found).filter(d -> VersionLabels.id(name, version)
                .equals(d.getMetadata().getLabels().get(VersionLabels.ID)));
    }

    List<Deployment> deployments() {
        return deployments.getStore().list();
    }

    /** The version's pods, oldest name first. */
    List<Pod> pods(String name, String version) {
        String id = VersionLabels.id(name, version);
        return pods.getIndexer().byIndex(BY_VERSION, id).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    /** Where the version's ready pods answer, from the EndpointSlices of its Service. */
    List<URI> readyEndpoints(String name, String version) {
        String service = VersionLabels.objectName(name, version);
        List<URI> endpoints = new ArrayList<>();
        for (EndpointSlice slice : slices.getIndexer().byIndex(BY_SERVICE, service)) {
            Optional<Integer> port = Optional.ofNullable(slice.getPorts()).orElse(List.of()).stream()
                    .filter(p -> VersionObjects.PORT_NAME.equals(p.getName()) || p.getName() == null)
                    .map(EndpointPort::getPort).filter(Objects::nonNull).findFirst();
            if (port.isEmpty()) {
                continue;
            }
            for (Endpoint endpoint : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
                boolean ready = endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
                if (ready && endpoint.getAddresses() != null && !endpoint.getAddresses().isEmpty()) {
                    endpoints.add(URI.create("http://" + host(endpoint.getAddresses().get(0)) + ":" + port.get()));
                }
            }
        }
        endpoints.sort(Comparator.comparing(URI::toString));
        return endpoints;
    }

    private static List<String> labelValue(HasMetadata object, String label) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String value = labels == null ? null : labels.get(label);
        return value == null ? List.of() : List.of(value);
    }

    @Override
    public void close() {
        deployments.close();
        pods.close();
        slices.close();
    }

    private Optional<String> ofDeployment(Deployment deployment) {
        return VersionLabels.qualifiedName(deployment.getMetadata().getAnnotations());
    }

    private Optional<String> ofPod(Pod pod) {
        return VersionLabels.qualifiedName(pod.getMetadata().getAnnotations());
    }

    private Optional<String> ofSlice(EndpointSlice slice) {
        String service = slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL);
        Deployment owner = deployments.getStore().getByKey(key(service));
        return owner == null ? Optional.empty() : ofDeployment(owner);
    }

    /** A container whose restart count went up crashed (or failed its liveness probe) and is being started again. */
    private void restarts(Pod before, Pod after) {
        if (before == null || after.getStatus() == null || after.getStatus().getContainerStatuses() == null) {
            return;
        }
        for (ContainerStatus now : after.getStatus().getContainerStatuses()) {
            int previous = before.getStatus() == null || before.getStatus().getContainerStatuses() == null ? 0
                    : before.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals(now.getName()))
                    .map(ContainerStatus::getRestartCount).filter(Objects::nonNull).findFirst().orElse(0);
            if (now.getRestartCount() != null && now.getRestartCount() > previous) {
                ofPod(after).ifPresent(qualifiedName -> crashes.accept(new PodCrash(qualifiedName, after, now)));
            }
        }
    }

    private <T extends HasMetadata> ResourceEventHandler<T> changes(java.util.function.Function<T, Optional<String>> version,
                                                                   java.util.function.BiConsumer<T, T> onUpdate) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T added) {
                tell(version.apply(added));
            }

            @Override
            public void onUpdate(T before, T after) {
                if (onUpdate != null) {
                    onUpdate.accept(before, after);
                }
                tell(version.apply(after));
            }

            @Override
            public void onDelete(T deleted, boolean finalStateUnknown) {
                tell(version.apply(deleted));
            }
        };
    }

    private void tell(Optional<String> qualifiedName) {
        qualifiedName.ifPresent(name -> events.accept(new RuntimeEvent.Changed(name)));
    }

    /** How informer stores key namespaced objects. */
    private String key(String name) {
        return namespace + "/" + name;
    }

    private static String host(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }

    static Map<String, String> labelsOf(HasMetadata object) {
        return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    }
}
