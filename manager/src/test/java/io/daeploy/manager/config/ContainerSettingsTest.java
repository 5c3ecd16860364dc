package io.daeploy.manager.config;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerSettingsTest {

    @Test
    void defaultsBuildOnTemurinIntoTheLocalDaemon() {
        ManagerSettings.ContainerSettings containers = ManagerSettings.from(Config.empty(), Map.of()).containers();
        assertEquals("eclipse-temurin:21-jre", containers.baseImage());
        assertEquals(Optional.empty(), containers.registry());
        assertFalse(containers.registryInsecure());
        assertEquals(Optional.empty(), containers.memoryLimitMb());
        assertEquals(Optional.empty(), containers.inContainer(), "detected, unless told");
    }

    @Test
    void environmentSetsEveryOne() {
        ManagerSettings.ContainerSettings containers = ManagerSettings.from(Config.empty(), Map.of(
                "DAEPLOY_BASE_IMAGE", "docker://my/java:21", "DAEPLOY_REGISTRY", "127.0.0.1:5000/",
                "DAEPLOY_REGISTRY_INSECURE", "true", "DAEPLOY_SERVICE_MEMORY_MB", "512",
                "DAEPLOY_IN_CONTAINER", "false")).containers();
        assertEquals("docker://my/java:21", containers.baseImage());
        assertEquals(Optional.of("127.0.0.1:5000"), containers.registry(), "without the trailing slash");
        assertTrue(containers.registryInsecure());
        assertEquals(Optional.of(512), containers.memoryLimitMb());
        assertEquals(Optional.of(false), containers.inContainer());
    }
}
