package io.daeploy.it;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The docker runtime where no Docker Engine answers: this needs no engine, so it runs everywhere. */
class DockerUnreachableIT {

    @Test
    void withoutADockerEngineTheManagerStopsSayingSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ManagerProcess.start("docker-unreachable",
                ManagerProcess.env("DAEPLOY_RUNTIME", "docker", "DOCKER_HOST", "tcp://127.0.0.1:1")));
        assertTrue(e.getMessage().contains("Daeploy manager cannot start: DAEPLOY_RUNTIME=docker, but no Docker Engine"
                + " answers at tcp://127.0.0.1:1"), e.getMessage());
    }
}
