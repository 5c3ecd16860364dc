package io.daeploy.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project ready to release: the release profile stages the published modules, and a user who has nothing of
 * this repository (no reactor, no install) generates a project from those artifacts, runs the staged manager and
 * deploys to it. Third-party artifacts come from what this machine already downloaded (a local repository keeps no
 * checksums: they are not checked there), else from Maven Central.
 */
class ReleaseIT {

    private static final List<String> PUBLISHED = List.of("daeploy-common", "daeploy-sdk", "daeploy-maven-plugin",
            "daeploy-service-archetype", "daeploy-manager");

    private static Path staging;

    @BeforeAll
    static void stage() {
        Path clone = RepositoryCopy.fresh("release");
        staging = clone.resolve("target/staging");
        // The README's staging command, on the modules it publishes; nothing is installed.
        RepositoryCopy.run(clone, Map.of("MAVEN_ARGS", "-Dmaven.repo.local=" + TestPaths.localRepository()),
                "./mvnw", "-B", "-ntp", "-Prelease", "deploy", "-DskipTests", "-Dmaven.install.skip=true",
                "-DaltDeploymentRepository=staging::file:target/staging",
                "-pl", "common,sdk,maven-plugin,archetype,manager", "-am").requireSuccess();
    }

    @Test
    void everyPublishedModuleIsStagedWithSourcesJavadocAndAConsumerPom() throws IOException {
        Path group = staging.resolve("io/daeploy");
        try (Stream<Path> staged = Files.list(group)) {
            assertEquals(PUBLISHED.stream().sorted().toList(), staged.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString()).sorted().toList(), "the parent and the tests are not published");
        }
        for (String artifact : PUBLISHED) {
            Path dir = group.resolve(artifact).resolve(TestPaths.projectVersion());
            List<String> files = names(dir);
            assertTrue(files.stream().anyMatch(f -> f.endsWith("-sources.jar")), artifact + ": " + files);
            if (!artifact.equals("daeploy-service-archetype")) {
                assertTrue(files.stream().anyMatch(f -> f.endsWith("-javadoc.jar")), artifact + ": " + files);
            }
            Path pom = dir.resolve(files.stream().filter(f -> f.endsWith(".pom")).findFirst().orElseThrow());
            String consumerPom = Files.readString(pom);
            assertFalse(consumerPom.contains("<parent>"), artifact + "'s pom needs no parent:\n" + consumerPom);
        }
        assertTrue(names(group.resolve("daeploy-manager").resolve(TestPaths.projectVersion())).stream()
                .anyMatch(f -> f.endsWith("-dist.zip")), "the manager's dist zip");
    }

    @Test
    void aProjectGeneratedFromTheStagedArtifactsDeploysToTheStagedManager() throws IOException {
        Path user = TestPaths.newWorkDir("release-user");
        Path settings = user.resolve("settings.xml");
        Files.writeString(settings, settings(staging, DownloadedArtifacts.without("io/daeploy", user.resolve("downloaded"))));
        Path emptyRepository = user.resolve("repository");
        Path managerJar = unzip(stagedFile("daeploy-manager", "-dist.zip"), user.resolve("manager"))
                .resolve("daeploy-manager/daeploy-manager.jar");

        try (ManagerProcess manager = ManagerProcess.start("release-manager", Map.of(), managerJar)) {
            Map<String, String> env = Map.of("DAEPLOY_CONFIG", user.resolve("config.json").toString(), "MAVEN_ARGS", "");
            String[] asUser = {"-s", settings.toString(), "-Dmaven.repo.local=" + emptyRepository};
            // As "Install from a release" in the README says: the archetype plugin's newest version, from Maven Central.
            MavenRun.mvn(user, env, concat(asUser, "archetype:generate",
                    "-DarchetypeGroupId=io.daeploy", "-DarchetypeArtifactId=daeploy-service-archetype",
                    "-DarchetypeVersion=" + TestPaths.projectVersion(), "-DgroupId=com.example", "-DartifactId=released",
                    "-Dversion=1.0.0")).requireSuccess();
            RepositoryCopy.run(user.resolve("released"), env, concat(new String[] {"./mvnw", "-B", "-ntp"},
                    concat(asUser, "package", "daeploy:deploy", "-Ddaeploy.host=" + manager.url()))).requireSuccess();

            assertEquals("\"Hello Bob\"", Http.postJson(manager.url().resolve("/services/released/hello"),
                    "{\"name\":\"Bob\"}").body());
            try (Stream<Path> daeploy = Files.list(emptyRepository.resolve("io/daeploy"))) {
                for (Path artifact : daeploy.toList()) {
                    String origin = Files.readString(artifact.resolve(TestPaths.projectVersion()).resolve("_remote.repositories"));
                    assertTrue(origin.contains(">staged="), artifact + " came from the staging directory: " + origin);
                }
            }
        }
    }

    private static String settings(Path staging, Path downloaded) {
        return """
                <settings>
                  <profiles>
                    <profile>
                      <id>release-test</id>
                      <repositories>
                        <repository><id>staged</id><url>%1$s</url><snapshots><enabled>true</enabled></snapshots></repository>
                        <repository><id>downloaded</id><url>%2$s</url><releases><checksumPolicy>ignore</checksumPolicy></releases></repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository><id>staged</id><url>%1$s</url><snapshots><enabled>true</enabled></snapshots></pluginRepository>
                        <pluginRepository><id>downloaded</id><url>%2$s</url><releases><checksumPolicy>ignore</checksumPolicy></releases></pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>release-test</activeProfile></activeProfiles>
                </settings>
                """.formatted(staging.toUri(), downloaded.toUri());
    }

    private static Path stagedFile(String artifact, String suffix) throws IOException {
        Path dir = staging.resolve("io/daeploy").resolve(artifact).resolve(TestPaths.projectVersion());
        return dir.resolve(names(dir).stream().filter(f -> f.endsWith(suffix)).findFirst().orElseThrow());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Path unzip(Path zip, Path target) {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = z.getNextEntry()) != null; ) {
                Path file = target.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(z, file);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
