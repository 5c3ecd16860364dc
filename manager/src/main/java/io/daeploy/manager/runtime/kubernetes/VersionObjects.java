package io.daeploy.manager.runtime.kubernetes;

import io.daeploy.manager.config.ManagerSettings.KubernetesSettings;
import io.daeploy.manager.config.ManagerSettings.Probes;
import io.daeploy.manager.image.ImageBuilder;
import io.daeploy.manager.runtime.VersionSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects one version becomes: a Secret with its environment (the service token among it, so never as plain
 * values in the Deployment), a Deployment whose pods run the image by digest and are probed on
 * {@code /observe/health}, and a ClusterIP Service whose EndpointSlices tell the gateway where ready pods answer.
 */
final class VersionObjects {

    static final String CONTAINER = "service";
    static final String PORT_NAME = "http";
    static final String HEALTH_PATH = "/observe/health";

    private final KubernetesSettings settings;
    private final Duration healthTimeout;
    private final String managerUrl;

    VersionObjects(KubernetesSettings settings, Duration healthTimeout, String managerUrl) {
        this.settings = settings;
        this.healthTimeout = healthTimeout;
        this.managerUrl = managerUrl;
    }

    Secret secret(VersionSpec spec) {
        Map<String, String> env = new TreeMap<>(spec.environment());
        env.put("DAEPLOY_MANAGER_URL", managerUrl);
        return new SecretBuilder()
                .withMetadata(meta(spec))
                .withType("Opaque")
                .withStringData(env)
                .build();
    }

    Deployment deployment(VersionSpec spec) {
        String name = VersionLabels.objectName(spec.name(), spec.version());
        Map<String, String> selector = VersionLabels.selector(spec.name(), spec.version());
        Resources resources = Resources.of(settings.resources(), spec.cpu(), spec.memory());
        ContainerBuilder container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(spec.image())
                .withImagePullPolicy("IfNotPresent") // the image is named by digest: it cannot change under a tag
                .addNewPort().withName(PORT_NAME).withContainerPort(ImageBuilder.SERVICE_PORT).withProtocol("TCP").endPort()
                .withEnv(List.of(new EnvVar("PORT", Integer.toString(ImageBuilder.SERVICE_PORT), null),
                                 new EnvVar("DAEPLOY_SERVICE_BIND", "0.0.0.0", null)))
                .addNewEnvFrom().withNewSecretRef().withName(name).withOptional(false).endSecretRef().endEnvFrom()
                .withStartupProbe(startupProbe())
                .withReadinessProbe(healthProbe(settings.probes().readinessPeriodSeconds(), settings.probes().readinessFailureThreshold()))
                .withLivenessProbe(healthProbe(settings.probes().livenessPeriodSeconds(), settings.probes().livenessFailureThreshold()))
                .withResources(new ResourceRequirementsBuilder()
                        .withRequests(resources.requests())
                        .withLimits(resources.limits())
                        .build());
        return new DeploymentBuilder()
                .withMetadata(meta(spec))
                .withNewSpec()
                    .withReplicas(spec.replicas())
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewStrategy()
                        .withType("RollingUpdate")
                        .withNewRollingUpdate().withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1)).endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(VersionLabels.of(spec.name(), spec.version()))
                            .withAnnotations(Map.of(VersionLabels.NAME_ANNOTATION, spec.name(),
                                                    VersionLabels.VERSION_ANNOTATION, spec.version(),
                                                    VersionLabels.REVISION_ANNOTATION, Integer.toString(spec.revision())))
                        .endMetadata()
                        .withNewSpec()
                            .withContainers(container.build())
                            .withImagePullSecrets(settings.imagePullSecret().map(s -> List.of(new LocalObjectReference(s)))
                                                          .orElse(List.of()))
                            .withEnableServiceLinks(false) // a namespace full of versions would flood every pod's environment
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    Service service(VersionSpec spec) {
        return new ServiceBuilder()
                .withMetadata(meta(spec))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(VersionLabels.selector(spec.name(), spec.version()))
                    .addNewPort().withName(PORT_NAME).withPort(ImageBuilder.SERVICE_PORT)
                        .withTargetPort(new IntOrString(PORT_NAME)).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    private ObjectMeta meta(VersionSpec spec) {
        return new ObjectMetaBuilder()
                .withName(VersionLabels.objectName(spec.name(), spec.version()))
                .withLabels(VersionLabels.of(spec.name(), spec.version()))
                .withAnnotations(VersionLabels.annotations(spec.name(), spec.version(), spec.main(), spec.generation()))
                .build();
    }

    /** Gives the service the manager's whole health time-out to answer once, before readiness and liveness start. */
    private Probe startupProbe() {
        Probes probes = settings.probes();
        int period = probes.startupPeriodSeconds();
        int failures = (int) Math.max(1, (healthTimeout.toSeconds() + period - 1) / period);
        return healthProbe(period, failures);
    }

    private Probe healthProbe(int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(HEALTH_PATH).withPort(new IntOrString(PORT_NAME)).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .withSuccessThreshold(1)
                .withTimeoutSeconds(settings.probes().timeoutSeconds())
                .build();
    }

    /**
     * Requests and limits as quantities; a limit left unset is left out. A version's own CPU is its request (the
     * limit stays the manager's); its own memory is request and limit both, since a JVM over its request is the first
     * a crowded node stops.
     */
    record Resources(Map<String, Quantity> requests, Map<String, Quantity> limits) {
        static Resources of(io.daeploy.manager.config.ManagerSettings.Resources settings, String cpu, String memory) {
            Map<String, Quantity> requests = new LinkedHashMap<>();
            requests.put("cpu", new Quantity(cpu != null ? cpu : settings.cpuRequest()));
            requests.put("memory", new Quantity(memory != null ? memory : settings.memoryRequest()));
            Map<String, Quantity> limits = new LinkedHashMap<>();
            settings.cpuLimit().ifPresent(limit -> limits.put("cpu", new Quantity(limit)));
            if (memory != null) {
                limits.put("memory", new Quantity(memory));
            } else {
                settings.memoryLimit().ifPresent(limit -> limits.put("memory", new Quantity(limit)));
            }
            return new Resources(requests, limits);
        }
    }
}
