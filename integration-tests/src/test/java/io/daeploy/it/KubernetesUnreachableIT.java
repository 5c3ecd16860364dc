package io.daeploy.it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kubernetes runtime where no API server answers: this needs no cluster and no registry, so it runs everywhere. */
class KubernetesUnreachableIT {

    @Test
    void withoutAnApiServerTheManagerStopsNamingTheUrlItTried() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ManagerProcess.start("kubernetes-unreachable",
                ManagerProcess.env("DAEPLOY_RUNTIME", "kubernetes", "DAEPLOY_REGISTRY", "127.0.0.1:5000",
                                   "KUBERNETES_MASTER", "http://127.0.0.1:1/",
                                   "KUBERNETES_AUTH_TRYKUBECONFIG", "false", "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
                                   "KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT", "0")));
        assertTrue(e.getMessage().contains("Daeploy manager cannot start: DAEPLOY_RUNTIME=kubernetes, but no Kubernetes API"
                + " server answers at http://127.0.0.1:1/"), e.getMessage());
        assertTrue(e.getMessage().contains("exited with 1") || e.getMessage().contains("exited with 2"), e.getMessage());
    }

    @Test
    void withoutARegistryTheManagerStopsSayingWhyItNeedsOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ManagerProcess.start("kubernetes-no-registry",
                ManagerProcess.env("DAEPLOY_RUNTIME", "kubernetes", "KUBERNETES_MASTER", "http://127.0.0.1:1/")));
        assertTrue(e.getMessage().contains("DAEPLOY_RUNTIME=kubernetes needs DAEPLOY_REGISTRY"), e.getMessage());
    }
}
