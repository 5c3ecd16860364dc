package io.daeploy.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code deploy/kubernetes} as {@code kubectl kustomize} builds it: every object parses, and they fit together. */
class KubernetesManifestsIT {

    @Test
    void theKustomizationBuildsObjectsThatParseAndFitTogether() throws Exception {
        String yaml = kustomize();
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> objects = List.of(yaml.split("(?m)^---\\s*$")).stream().filter(doc -> !doc.isBlank())
                .map(doc -> (HasMetadata) serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))))
                .toList();
        Map<String, HasMetadata> byKind = objects.stream().collect(Collectors.toMap(HasMetadata::getKind, o -> o));
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
        Role source = serialization.unmarshal(Files.readString(TestPaths.rootDir().resolve("deploy/kubernetes/role.yaml")), Role.class);
        assertEquals(source.getRules(), built.getRules(), "the Role KubernetesRuntimeIT checks calls against is the one applied");
    }

    private static String kustomize() throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", TestPaths.rootDir().resolve("deploy/kubernetes").toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            String why = "No kubectl here: .ci/run installs Debian's kubernetes-client";
            if (System.getenv("CI") != null) {
                fail(why + " (CI must run this test, not skip it)");
            }
            Assumptions.abort(why);
            throw e;
        }
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, kubectl.exitValue(), out);
        return out;
    }
}
