package io.daeploy.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"hello", "die_roller", "a1", "x_2_y"})
    void validNames(String name) {
        assertTrue(ServiceNames.nameProblem(name).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"My-Service", "a/b", "_x", "x_", "", "a__b", "Hello", "a.b"})
    void invalidNamesSayWhatIsWrong(String name) {
        String problem = ServiceNames.nameProblem(name).orElseThrow();
        assertTrue(problem.startsWith("name"), problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1.0.0-rc.1", "1.0.0-SNAPSHOT", "10.20.30+build.5"})
    void semanticVersions(String version) {
        assertTrue(ServiceNames.versionProblem(version).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "v1.0.0", "latest", "01.0.0", "1.0.0.0", ""})
    void nonSemanticVersions(String version) {
        String problem = ServiceNames.versionProblem(version).orElseThrow();
        assertTrue(problem.startsWith("version"), problem);
    }

    @Test
    void artifactIdBecomesAServiceName() {
        assertEquals("die_roller", ServiceNames.fromArtifactId("die-roller"));
        assertTrue(ServiceNames.nameProblem(ServiceNames.fromArtifactId("die-roller")).isEmpty());
    }
}
