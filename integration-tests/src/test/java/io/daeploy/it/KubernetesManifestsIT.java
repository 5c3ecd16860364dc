package io.daeploy.it;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code deploy/kubernetes} and its high-availability variant {@code deploy/kubernetes/ha} as {@code kubectl kustomize}
 * builds them: every object parses, and they fit together.
 */
class KubernetesManifestsIT {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The shutdown drain of a manager after SIGTERM: the requests in flight finish within it. */
    private static final int DRAIN_SECONDS = 30;

    @Test
    void theKustomizationBuildsObjectsThatParseAndFitTogether() throws Exception {
        List<HasMetadata> objects = kustomize("deploy/kubernetes");
        Map<String, HasMetadata> byKind = byKind(objects);
        assertEquals(List.of("Namespace", "Role", "RoleBinding", "Service", "ServiceAccount", "StatefulSet"),
                     byKind.keySet().stream().sorted().toList());
        objects.stream().filter(o -> !o.getKind().equals("Namespace"))
                .forEach(o -> assertEquals("daeploy", o.getMetadata().getNamespace(), o.getKind()));

        StatefulSet manager = (StatefulSet) byKind.get("StatefulSet");
        assertEquals(1, manager.getSpec().getReplicas());
        assertEquals("daeploy-manager", manager.getSpec().getTemplate().getSpec().getServiceAccountName());
        assertEquals("data", manager.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName());
        Map<String, String> env = manager.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals("kubernetes", env.get("DAEPLOY_RUNTIME"));
        assertEquals("/data", env.get("DAEPLOY_DATA_DIR"));
        assertTrue(manager.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().startsWith("daeploy/manager:"));
        // the in-cluster address services are given (DAEPLOY_MANAGER_URL) is this Service
        assertEquals("daeploy-manager", byKind.get("Service").getMetadata().getName());

        RoleBinding binding = (RoleBinding) byKind.get("RoleBinding");
        assertEquals(byKind.get("Role").getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals("daeploy-manager", binding.getSubjects().get(0).getName());
        Role built = (Role) byKind.get("Role");
        Role source = SERIALIZATION.unmarshal(Files.readString(TestPaths.rootDir().resolve("deploy/kubernetes/common/role.yaml")), Role.class);
        assertEquals(source.getRules(), built.getRules(), "the Role KubernetesRuntimeIT checks calls against is the one applied");
    }

    @Test
    void theHighAvailabilityKustomizationRunsTwoManagersOnASharedDatabaseAndVolume() throws Exception {
        Map<String, HasMetadata> byKind = byKind(kustomize("deploy/kubernetes/ha"));
        assertEquals(List.of("Deployment", "Namespace", "PersistentVolumeClaim", "PodDisruptionBudget", "Role", "RoleBinding",
                             "Service", "ServiceAccount"),
                     byKind.keySet().stream().sorted().toList(), "a Deployment instead of the StatefulSet, and no Secret");
        Map<String, HasMetadata> base = byKind(kustomize("deploy/kubernetes"));
        for (String kind : List.of("Namespace", "ServiceAccount", "Role", "RoleBinding", "Service")) {
            assertEquals(base.get(kind), byKind.get(kind), kind + ": the same object as deploy/kubernetes runs (common/)");
        }

        Deployment deployment = (Deployment) byKind.get("Deployment");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Container manager = pod.getContainers().get(0);
        StatefulSet single = (StatefulSet) base.get("StatefulSet");
        assertEquals(single.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(), manager.getImage());
        assertEquals(single.getSpec().getTemplate().getSpec().getServiceAccountName(), pod.getServiceAccountName());

        assertEquals(2, deployment.getSpec().getReplicas());
        assertEquals(new IntOrString(0), deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable(),
                     "an upgrade starts a new manager before it stops an old one");
        TopologySpreadConstraint spread = pod.getTopologySpreadConstraints().get(0);
        assertEquals("kubernetes.io/hostname", spread.getTopologyKey(), "the managers spread over nodes");
        assertSelects(spread.getLabelSelector().getMatchLabels(), podLabels, "the spread");

        PodDisruptionBudget budget = (PodDisruptionBudget) byKind.get("PodDisruptionBudget");
        assertEquals(new IntOrString(1), budget.getSpec().getMinAvailable());
        assertSelects(budget.getSpec().getSelector().getMatchLabels(), podLabels, "the PodDisruptionBudget");
        Service service = (Service) byKind.get("Service");
        assertSelects(service.getSpec().getSelector(), podLabels, "the Service");

        Map<String, EnvVar> env = manager.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals("metadata.name", env.get("DAEPLOY_MANAGER_NAME").getValueFrom().getFieldRef().getFieldPath(),
                     "each manager is named after its pod");
        assertEquals("http://" + service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc:"
                     + service.getSpec().getPorts().get(0).getPort(), env.get("DAEPLOY_KUBERNETES_MANAGER_URL").getValue(),
                     "services reach the installation through the Service, not one manager");
        assertDatabaseFromTheExampleSecret(manager.getEnv());

        PersistentVolumeClaim claim = (PersistentVolumeClaim) byKind.get("PersistentVolumeClaim");
        assertEquals(List.of("ReadWriteMany"), claim.getSpec().getAccessModes());
        String dataVolume = pod.getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null
                        && v.getPersistentVolumeClaim().getClaimName().equals(claim.getMetadata().getName()))
                .findFirst().orElseThrow().getName();
        assertTrue(manager.getVolumeMounts().stream().anyMatch(
                m -> m.getName().equals(dataVolume) && m.getMountPath().equals(env.get("DAEPLOY_DATA_DIR").getValue())),
                "the shared claim is the data directory");

        assertProbed(manager.getReadinessProbe());
        assertProbed(manager.getLivenessProbe());
        assertTrue(manager.getLivenessProbe().getPeriodSeconds() * manager.getLivenessProbe().getFailureThreshold() > DRAIN_SECONDS,
                   "liveness never kills a manager that drains its requests (its health fails on purpose then)");
        List<String> preStop = manager.getLifecycle().getPreStop().getExec().getCommand();
        assertEquals("sleep", preStop.get(0));
        assertTrue(pod.getTerminationGracePeriodSeconds() > Integer.parseInt(preStop.get(1)) + DRAIN_SECONDS,
                   "the grace period covers the preStop pause and the drain: " + pod.getTerminationGracePeriodSeconds());

        assertTheMoveUsesTheSameDatabaseAndClaim(manager, claim, single);
    }

    /** The move of a single manager: its old claim onto the shared one, its store into the managers' database. */
    private static void assertTheMoveUsesTheSameDatabaseAndClaim(Container manager, PersistentVolumeClaim claim, StatefulSet single)
            throws IOException {
        Job move = SERIALIZATION.unmarshal(Files.readString(haFile("move-to-postgresql.yaml")), Job.class);
        PodSpec pod = move.getSpec().getTemplate().getSpec();
        Container copy = pod.getContainers().get(0);
        assertEquals(List.of("copy-to-postgresql"), copy.getArgs());
        assertEquals(manager.getImage(), copy.getImage());
        assertEquals(databaseEnv(manager.getEnv()), databaseEnv(copy.getEnv()));
        Map<String, String> claims = pod.getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, v -> v.getPersistentVolumeClaim().getClaimName()));
        assertEquals(Map.of("data", claim.getMetadata().getName(),
                            "old", single.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName() + "-"
                                    + single.getMetadata().getName() + "-0"),
                     claims, "the StatefulSet's claim of its pod 0, and the shared claim");
    }

    /**
     * The database settings come from one Secret that the kustomization does not hold, whose keys the example names:
     * no password, user or host is written in the manifests.
     */
    private static void assertDatabaseFromTheExampleSecret(List<EnvVar> env) throws IOException {
        Secret example = SERIALIZATION.unmarshal(Files.readString(haFile("database-secret.example.yaml")), Secret.class);
        Map<String, EnvVar> byName = env.stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        for (String fromSecret : List.of("DAEPLOY_DATABASE_USER", "DAEPLOY_DATABASE_PASSWORD")) {
            assertNull(byName.get(fromSecret).getValue(), fromSecret + " is not written in the manifests");
            assertEquals(example.getMetadata().getName(), byName.get(fromSecret).getValueFrom().getSecretKeyRef().getName());
        }
        String url = byName.get("DAEPLOY_DATABASE_URL").getValue();
        assertTrue(url.startsWith("jdbc:postgresql://"), url);
        Matcher reference = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(url);
        int references = 0;
        while (reference.find()) {
            references++;
            String name = reference.group(1);
            int position = env.indexOf(byName.get(name));
            assertTrue(position >= 0 && position < env.indexOf(byName.get("DAEPLOY_DATABASE_URL")),
                       name + " is defined before DAEPLOY_DATABASE_URL, or Kubernetes leaves $(" + name + ") as it is");
            assertEquals(example.getMetadata().getName(), byName.get(name).getValueFrom().getSecretKeyRef().getName(), name);
        }
        assertEquals(3, references, "host, port and database name: " + url);
        for (EnvVar var : databaseEnv(env)) {
            if (var.getValueFrom() != null) {
                String key = var.getValueFrom().getSecretKeyRef().getKey();
                assertTrue(example.getStringData().containsKey(key), "the example Secret has the key " + key);
            }
        }
        assertFalse(example.getStringData().containsKey("jdbc-uri"), "the example shows no URL that holds the password");
    }

    private static List<EnvVar> databaseEnv(List<EnvVar> env) {
        return env.stream().filter(e -> e.getName().startsWith("DATABASE_") || e.getName().startsWith("DAEPLOY_DATABASE_")).toList();
    }

    private static void assertProbed(Probe probe) {
        assertNotNull(probe);
        assertEquals("/observe/health", probe.getHttpGet().getPath());
    }

    private static void assertSelects(Map<String, String> selector, Map<String, String> podLabels, String what) {
        assertFalse(selector.isEmpty(), what);
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), what + " selects the manager's pods: " + selector);
    }

    private static Path haFile(String name) {
        return TestPaths.rootDir().resolve("deploy/kubernetes/ha").resolve(name);
    }

    private static Map<String, HasMetadata> byKind(List<HasMetadata> objects) {
        return objects.stream().collect(Collectors.toMap(HasMetadata::getKind, o -> o));
    }

    private static List<HasMetadata> kustomize(String folder) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", TestPaths.rootDir().resolve(folder).toString()).start();
        } catch (IOException e) {
            String why = "No kubectl here: .ci/run installs Debian's kubernetes-client";
            if (System.getenv("CI") != null) {
                fail(why + " (CI must run this test, not skip it)");
            }
            Assumptions.abort(why);
            throw e;
        }
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // kustomize's few lines of warnings or its error: read after the objects, whose output is the long one
        String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, kubectl.exitValue(), "kubectl kustomize " + folder + ": " + err);
        return List.of(out.split("(?m)^---\\s*$")).stream().filter(doc -> !doc.isBlank())
                .map(doc -> (HasMetadata) SERIALIZATION.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))))
                .toList();
    }
}
