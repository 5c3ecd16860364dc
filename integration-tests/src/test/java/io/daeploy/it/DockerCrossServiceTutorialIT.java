package io.daeploy.it;

import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.Map;

/**
 * docs/cross-service-communication.md again, with the manager on the docker runtime: each deploy of the tutorial
 * becomes an image and a container, and the yatzee calls the die roller from container to container through the
 * manager's gateway.
 */
class DockerCrossServiceTutorialIT extends CrossServiceTutorialSteps {

    /** The same steps follow, on Docker. */
    @BeforeAll
    static void startManagerAndCopyTheExamples() {
        DockerCli.requireEngine();
        DockerCli.removeServices(List.of("die_roller", "yatzee"));
        startWith("tutorial-docker", Map.of("DAEPLOY_RUNTIME", "docker",
                                            "DAEPLOY_BASE_IMAGE", "docker://daeploy/test-java-base:latest"));
    }
}
