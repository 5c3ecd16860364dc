package io.daeploy.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/cross-service-communication.md again, with the manager on the docker runtime: each deploy of the tutorial
 * becomes an image and a container, and the yatzee calls the die roller from container to container through the
 * manager's gateway.
 */
class DockerCrossServiceTutorialIT extends CrossServiceTutorialSteps {

    /** The same steps follow, on Docker. */
    @BeforeAll
    static void startManagerAndCopyTheExamples() {
        if (!DockerCli.engineAnswers()) {
            return; // each step then skips, or fails in CI, saying why
        }
        DockerCli.removeServices(List.of("die_roller", "yatzee"));
        startWith("tutorial-docker", Map.of("DAEPLOY_RUNTIME", "docker",
                                            "DAEPLOY_BASE_IMAGE", "docker://daeploy/test-java-base:latest"));
    }

    @BeforeEach
    void needsADockerEngine() {
        DockerCli.requireEngine();
    }

    /** {@code mvn daeploy:deploy} shows Jib's build steps as the manager takes them. */
    @Override
    void assertRuntimeSteps(String deployOutput) {
        for (String step : List.of("[INFO]   Building the image daeploy/die_roller:1.0.0 on docker://daeploy/test-java-base:latest",
                                   "[INFO]   Building application layer...", "[INFO]   Loading to Docker daemon...",
                                   "[INFO]   Built the image daeploy/die_roller:1.0.0")) {
            assertTrue(deployOutput.contains(step), "'" + step + "' in\n" + deployOutput);
        }
    }
}
