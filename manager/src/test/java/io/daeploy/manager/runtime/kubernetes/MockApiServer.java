package io.daeploy.manager.runtime.kubernetes;

import io.daeploy.manager.config.ManagerSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Optional;

/**
 * <b>fabric8's {@code kubernetes-server-mock} in CRUD mode, standing in for an API server</b>, since no real one can run
 * on these machines: objects, watches, equality selectors and status subresources, and no controllers.
 */
final class MockApiServer implements AutoCloseable {

    private final KubernetesMockServer server;

    MockApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(),
                                          false);
        server.init(InetAddress.getLoopbackAddress(), 0);
    }

    KubernetesClient client() {
        return server.createClient();
    }

    static ManagerSettings.KubernetesSettings settings(String namespace) {
        return new ManagerSettings.KubernetesSettings(Optional.of(namespace), Optional.empty(), Optional.empty(),
                new ManagerSettings.Resources("100m", Optional.empty(), "256Mi", Optional.of("512Mi")),
                new ManagerSettings.Probes(2, 5, 2, 10, 3, 2));
    }

    static ManagerSettings.ContainerSettings containers() {
        return new ManagerSettings.ContainerSettings("registry.example.com/java:21", Optional.of("registry.example.com"), false,
                                                     Optional.empty(), Optional.empty());
    }

    @Override
    public void close() {
        server.destroy();
    }
}
