package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which code a service JVM runs, read from its command line after a manager restart. */
class RevisionOfTest {

    @Test
    void theDeployedCodeIsRevisionZero() {
        assertEquals(0, ProcessRuntime.revisionOf(List.of("java", "-Ddaeploy.service=hello_1.0.0", "-jar",
                "/data/services/hello/1.0.0/app/application.jar")));
    }

    @Test
    void aReloadsCodeIsReadFromTheJarAtTheEndOfTheClassPath() {
        assertEquals(3, ProcessRuntime.revisionOf(List.of("java", "-cp",
                "/data/class-data/jars/ab.jar:/data/class-data/jars/cd.jar:/data/services/hello/1.0.0/app-3/application.jar",
                "com.example.Main")));
    }
}
