package io.daeploy.manager.runtime.kubernetes;

import io.daeploy.manager.runtime.VersionSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionObjectsTest {

    private final VersionObjects objects = new VersionObjects(MockApiServer.settings("ns"), Duration.ofSeconds(61),
                                                              "http://daeploy-manager.ns.svc:8080");

    private static VersionSpec spec(String cpu, String memory) {
        return new VersionSpec("hello", "1.0.0", false, Path.of("/tmp"), "registry/hello:1.0.0@sha256:abc",
                               Map.of("GREETING", "Hi", "DAEPLOY_SERVICE_TOKEN", "secret-token"), 2, 7, cpu, memory);
    }

    @Test
    void theEnvironmentIsInTheSecretAndTheDeploymentOnlyNamesIt() {
        Secret secret = objects.secret(spec(null, null));
        assertEquals("secret-token", secret.getStringData().get("DAEPLOY_SERVICE_TOKEN"));
        assertEquals("http://daeploy-manager.ns.svc:8080", secret.getStringData().get("DAEPLOY_MANAGER_URL"));
        Container container = container(objects.deployment(spec(null, null)));
        assertEquals(secret.getMetadata().getName(), container.getEnvFrom().get(0).getSecretRef().getName());
        assertFalse(container.getEnv().toString().contains("secret-token"));
    }

    @Test
    void theStartupProbeGivesTheWholeHealthTimeOutAndTheOthersTheirSettings() {
        Container container = container(objects.deployment(spec(null, null)));
        assertEquals(2, container.getStartupProbe().getPeriodSeconds());
        assertEquals(31, container.getStartupProbe().getFailureThreshold(), "61 s in periods of 2 s, rounded up");
        assertEquals(5, container.getReadinessProbe().getPeriodSeconds());
        assertEquals(2, container.getReadinessProbe().getFailureThreshold());
        assertEquals(10, container.getLivenessProbe().getPeriodSeconds());
        assertEquals(3, container.getLivenessProbe().getFailureThreshold());
    }

    @Test
    void aVersionsOwnCpuIsItsRequestAndItsOwnMemoryItsRequestAndLimit() {
        Container defaults = container(objects.deployment(spec(null, null)));
        assertEquals("100m", defaults.getResources().getRequests().get("cpu").toString());
        assertEquals("256Mi", defaults.getResources().getRequests().get("memory").toString());
        assertEquals("512Mi", defaults.getResources().getLimits().get("memory").toString());
        assertNull(defaults.getResources().getLimits().get("cpu"), "no CPU limit unless the manager sets one");

        Container own = container(objects.deployment(spec("1500m", "1Gi")));
        assertEquals("1500m", own.getResources().getRequests().get("cpu").toString());
        assertEquals("1Gi", own.getResources().getRequests().get("memory").toString());
        assertEquals("1Gi", own.getResources().getLimits().get("memory").toString());
    }

    @Test
    void theRoleAndTheExactVersionAreAnnotationsAndReplicasComeFromTheSpec() {
        Deployment deployment = objects.deployment(spec(null, null));
        assertEquals("shadow", deployment.getMetadata().getAnnotations().get(VersionLabels.ROLE_ANNOTATION));
        assertEquals("7", deployment.getMetadata().getAnnotations().get(VersionLabels.GENERATION_ANNOTATION));
        assertEquals(2, deployment.getSpec().getReplicas());
        assertTrue(deployment.getSpec().getSelector().getMatchLabels().keySet().stream()
                .noneMatch(key -> key.contains("role")));
    }

    @Test
    void anImagePullSecretReachesEveryPodWhenOneIsSet() {
        assertTrue(objects.deployment(spec(null, null)).getSpec().getTemplate().getSpec().getImagePullSecrets().isEmpty());
        var base = MockApiServer.settings("ns");
        var withSecret = new io.daeploy.manager.config.ManagerSettings.KubernetesSettings(base.namespace(),
                java.util.Optional.of("regcred"), base.managerUrl(), base.resources(), base.probes());
        Deployment deployment = new VersionObjects(withSecret, Duration.ofSeconds(60), "http://m:8080").deployment(spec(null, null));
        assertEquals("regcred", deployment.getSpec().getTemplate().getSpec().getImagePullSecrets().get(0).getName());
    }

    @Test
    void quantitiesAreCheckedAsKubernetesReadsThem() {
        for (String good : new String[] {"250m", "0.5", "2", "512Mi", "1Gi", "1G", "1e3"}) {
            assertTrue(Resources.isQuantity(good), good);
        }
        for (String bad : new String[] {"lots", "-1", "1 Gi", "1GiB", "", "m"}) {
            assertFalse(Resources.isQuantity(bad), bad);
        }
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}
