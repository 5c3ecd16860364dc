package io.daeploy.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A project generated inside another Maven project (as in a clone of a multi-module repository) still builds and
 * deploys on its own: mvn archetype:generate makes the surrounding project its parent, and the archetype undoes that.
 */
class StandaloneProjectIT {

    private static final String OUTER_POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
                <modelVersion>4.0.0</modelVersion>
                <groupId>com.example</groupId>
                <artifactId>outer</artifactId>
                <version>7.0.0</version>
                <packaging>pom</packaging>
                <modules>
                    <module>other</module>
                </modules>
                <dependencyManagement>
                    <dependencies>
                        <dependency>
                            <groupId>io.daeploy</groupId>
                            <artifactId>daeploy-common</artifactId>
                            <version>${project.version}</version>
                        </dependency>
                    </dependencies>
                </dependencyManagement>
            </project>
            """;

    private static final String OTHER_POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
                <modelVersion>4.0.0</modelVersion>
                <parent>
                    <groupId>com.example</groupId>
                    <artifactId>outer</artifactId>
                    <version>7.0.0</version>
                </parent>
                <artifactId>other</artifactId>
            </project>
            """;

    private static ManagerProcess manager;

    @BeforeAll
    static void start() {
        manager = ManagerProcess.start("standalone", Map.of());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void aProjectGeneratedInsideAnotherMavenProjectBuildsAndDeploysOnItsOwn() throws Exception {
        Path outer = TestPaths.newWorkDir("outer-project");
        Files.writeString(outer.resolve("pom.xml"), OUTER_POM);
        Files.createDirectories(outer.resolve("other"));
        Files.writeString(outer.resolve("other/pom.xml"), OTHER_POM);
        Map<String, String> env = Map.of("DAEPLOY_CONFIG", outer.resolve("config.json").toString());

        MavenRun.Result generated = MavenRun.mvn(outer, env, "archetype:generate", "-DarchetypeGroupId=io.daeploy",
                "-DarchetypeArtifactId=daeploy-service-archetype", "-DarchetypeVersion=" + TestPaths.projectVersion(),
                "-DgroupId=com.example", "-DartifactId=inner", "-Dversion=1.0.0").requireSuccess();

        Path project = outer.resolve("inner");
        assertTrue(generated.output().contains("inner was generated inside another Maven project"), generated.output());
        assertFalse(Files.readString(project.resolve("pom.xml")).contains("<parent>"), "no parent picked up");
        String outerPom = Files.readString(outer.resolve("pom.xml"));
        assertFalse(outerPom.contains("<module>inner</module>"), outerPom);
        assertTrue(outerPom.contains("<module>other</module>"), "the outer project's own modules stay:\n" + outerPom);
        assertTrue(Files.isExecutable(project.resolve("mvnw")), "./mvnw can be run as it is");

        MavenRun.mvn(project, env, "package", "daeploy:deploy", "-Ddaeploy.host=" + manager.url()).requireSuccess();
        assertEquals("\"Hello Bob\"", Http.postJson(manager.url().resolve("/services/inner/hello"), "{\"name\":\"Bob\"}").body());
    }
}
