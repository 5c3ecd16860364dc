package io.daeploy.it;

import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** docs/cross-service-communication.md, step by step, on the embedded default (services as local JVMs). */
class CrossServiceTutorialIT extends CrossServiceTutorialSteps {

    @BeforeAll
    static void startManagerAndCopyTheExamples() {
        startWith("tutorial", Map.of());
    }
}
