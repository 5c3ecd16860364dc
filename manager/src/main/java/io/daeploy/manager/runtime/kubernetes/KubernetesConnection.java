package io.daeploy.manager.runtime.kubernetes;

import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.config.ManagerVersion;
import io.daeploy.manager.image.ImageBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/** Finds the API server, the namespace and the registry the kubernetes runtime needs, or says which one is missing. */
final class KubernetesConnection {

    private static final Logger LOG = Logger.getLogger(KubernetesConnection.class.getName());
    private static final String MANAGER_SERVICE = "daeploy-manager";

    private KubernetesConnection() {
    }

    static KubernetesRuntime open(ManagerSettings settings, ContentStore content) {
        if (settings.containers().registry().isEmpty()) {
            throw new IllegalArgumentException("DAEPLOY_RUNTIME=kubernetes needs DAEPLOY_REGISTRY: the registry that images"
                    + " are pushed to and the cluster pulls from (see docs/kubernetes.md)");
        }
        Resources.check(settings.kubernetes().resources());
        if (settings.port() == 0 && settings.kubernetes().managerUrl().isEmpty()) {
            // pods keep DAEPLOY_MANAGER_URL for life: the port must be known and must not change
            throw new IllegalArgumentException("DAEPLOY_PORT=0 (any free port) does not work with DAEPLOY_RUNTIME=kubernetes:"
                    + " choose a port, e.g. DAEPLOY_PORT=8080, or set DAEPLOY_KUBERNETES_MANAGER_URL");
        }
        // in a cluster: the service account; outside: the kubeconfig, or KUBERNETES_MASTER
        Config config = new ConfigBuilder(Config.autoConfigure(null))
                .withUserAgent("daeploy-manager/" + ManagerVersion.current()) // the API server's audit log tells who called
                .build();
        String namespace = settings.kubernetes().namespace()
                .orElse(config.getNamespace() != null && !config.getNamespace().isBlank() ? config.getNamespace() : "default");
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        try {
            // a call the runtime needs anyway: it proves the server answers and lets this manager list its versions
            client.apps().deployments().inNamespace(namespace).withLabel(VersionLabels.MANAGED_BY, VersionLabels.DAEPLOY)
                    .list(new ListOptionsBuilder().withLimit(1L).build());
        } catch (KubernetesClientException e) {
            client.close();
            if (e.getCode() == 403 || e.getCode() == 401) {
                throw new IllegalStateException("DAEPLOY_RUNTIME=kubernetes: the API server at " + config.getMasterUrl()
                        + " refused to list deployments in namespace " + namespace + " (" + e.getCode() + "): "
                        + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage())
                        + "; apply deploy/kubernetes for the manager's Role", e);
            }
            throw new IllegalStateException("DAEPLOY_RUNTIME=kubernetes, but no Kubernetes API server answers at "
                    + config.getMasterUrl() + " (" + rootMessage(e) + "): run the manager in the cluster (see"
                    + " docs/kubernetes.md), or point KUBECONFIG or KUBERNETES_MASTER at the API server", e);
        }
        String managerUrl = settings.kubernetes().managerUrl()
                .orElse("http://" + MANAGER_SERVICE + "." + namespace + ".svc:" + settings.port());
        List<String> javaOptions = settings.serviceJavaOptions() == null || settings.serviceJavaOptions().isBlank()
                ? List.of() : Arrays.asList(settings.serviceJavaOptions().trim().split("\\s+"));
        ImageBuilder images = new ImageBuilder(settings.containers(), settings.dataDir(), javaOptions, null, content);
        images.checkBaseImage().ifPresent(problem -> LOG.warning(problem + " (deploys that build an image fail until"
                + " this is fixed; running existing images works)"));
        KubernetesRuntime runtime = new KubernetesRuntime(client, namespace,
                new VersionObjects(settings.kubernetes(), settings.healthTimeout(), managerUrl), images,
                settings.containers().registryInsecure(), settings.healthTimeout());
        runtime.start();
        LOG.info(() -> "Kubernetes runtime: API server " + config.getMasterUrl() + ", namespace " + namespace + ", images on "
                + settings.containers().baseImage() + " pushed to " + settings.containers().registry().get()
                + ", services reach the manager at " + managerUrl);
        return runtime;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
