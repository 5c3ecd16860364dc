package io.daeploy.manager.runtime.kubernetes;

import io.daeploy.manager.content.ContentStore;
import io.daeploy.common.Status;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.core.CoreHarness;
import io.daeploy.manager.image.ImageBuilder;
import io.daeploy.manager.runtime.VersionSpec;
import io.daeploy.manager.store.Database;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.ServiceRepository;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long a manager restart on the kubernetes runtime takes to publish the routes of many recorded versions whose
 * objects run: a store with N running versions, their Deployments, Services and EndpointSlices (one ready pod each)
 * in fabric8's mock API server (no real one can run here), then a new runtime and core, timed from the runtime's
 * start (its informers' first lists) until every version is served. Not a test:
 * {@code RUNTIME=kubernetes bench/reconcile.sh} runs it.
 *
 * <p>Usage: {@code KubernetesReconcileBench VERSIONS ROUNDS}; prints one line per round and the median.
 */
public final class KubernetesReconcileBench {

    private KubernetesReconcileBench() {
    }

    public static void main(String[] args) throws Exception {
        int versions = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<Double> seconds = new ArrayList<>();
        try (MockApiServer api = new MockApiServer()) {
            for (int round = 0; round <= rounds; round++) { // round 0 warms the JVM up
                String namespace = "bench-" + round;
                Path dataDir = Files.createTempDirectory("kubernetes-reconcile-bench");
                ManagerSettings.KubernetesSettings settings = MockApiServer.settings(namespace);
                VersionObjects objects = new VersionObjects(settings, Duration.ofSeconds(60), "http://manager:8080");
                KubernetesClient client = api.client();
                try (Database database = Database.open(dataDir)) {
                    ServiceRepository repository = new ServiceRepository(database);
                    for (int i = 0; i < versions; i++) {
                        String name = "svc" + (i / 2);
                        String version = "1.0." + (i % 2);
                        VersionSpec spec = new VersionSpec(name, version, i % 2 == 0, dataDir, "registry/" + name
                                + "@sha256:0000", Map.of(), 1, 1);
                        client.apps().deployments().inNamespace(namespace).resource(objects.deployment(spec)).create();
                        client.services().inNamespace(namespace).resource(objects.service(spec)).create();
                        client.discovery().v1().endpointSlices().inNamespace(namespace).resource(new EndpointSliceBuilder()
                                .withNewMetadata().withName(VersionLabels.objectName(name, version) + "-1")
                                    .withLabels(Map.of(ClusterView.SERVICE_NAME_LABEL, VersionLabels.objectName(name, version)))
                                .endMetadata()
                                .withAddressType("IPv4")
                                .addNewPort().withName("http").withPort(8000).endPort()
                                .addNewEndpoint().withAddresses("10.0." + (i / 250) + "." + (i % 250)).withNewConditions()
                                    .withReady(true).endConditions().endEndpoint()
                                .build()).create();
                        repository.insert(ServiceRecord.deployed(name, version, i % 2 == 0, spec.image(), Map.of())
                                .observed(Status.RUNNING, null).withRuntimeRef(VersionLabels.objectName(name, version)));
                    }
                }
                long start = System.nanoTime();
                KubernetesRuntime runtime = new KubernetesRuntime(client, namespace, objects,
                        new ImageBuilder(MockApiServer.containers(), dataDir, List.of(), null,
                                ContentStore.in(dataDir)), true, Duration.ofSeconds(60));
                runtime.start();
                try (CoreHarness manager = new CoreHarness(dataDir, runtime, Duration.ofHours(1))) {
                    for (int i = 0; i < versions; i++) {
                        manager.awaitServing("svc" + (i / 2) + "_1.0." + (i % 2));
                    }
                    double took = (System.nanoTime() - start) / 1e9;
                    if (round > 0) {
                        seconds.add(took);
                        System.out.printf("round %d: %d versions, all routes published in %.3f s%n", round, versions, took);
                    }
                }
            }
        }
        List<Double> sorted = seconds.stream().sorted().toList();
        System.out.printf("median of %d rounds: %.3f s for %d versions (goal: at most 2 s)%n", rounds,
                          sorted.get(sorted.size() / 2), versions);
    }
}
