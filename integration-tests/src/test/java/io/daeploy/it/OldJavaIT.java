package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java 17 is still the default on many machines (Debian's here). The client goals work on it; what truly needs
 * Java 21 (running the manager, compiling a service) stops at once with one line saying so, never a stack trace.
 */
class OldJavaIT {

    private static final String ADMIN_PASSWORD = "old java admin";

    private static ManagerProcess manager;
    private static Path oldJava;
    private static Path work;
    private static Map<String, String> userEnv;

    @BeforeAll
    static void start() {
        oldJava = OldJava.home();
        manager = ManagerProcess.start("oldjava", ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", ADMIN_PASSWORD));
        ManagerClient admin = new ManagerClient(manager.url(),
                new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login("admin", ADMIN_PASSWORD),
                Duration.ofSeconds(120));
        manager.useClient(admin);
        for (String version : List.of("1.0.0", "2.0.0")) {
            assertEquals("running", admin.deploy("aged", version, Map.of(), FixtureApp.zip()).status());
        }
        work = TestPaths.newWorkDir("oldjava-user");
        userEnv = Map.of("DAEPLOY_CONFIG", work.resolve("config.json").toString());
    }

    @AfterAll
    static void stop() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void theManagerJarOnJava17SaysInOneLineWhichJavaItNeeds() throws Exception {
        Path dataDir = work.resolve("never-created");
        ProcessBuilder builder = new ProcessBuilder(oldJava.resolve("bin/java").toString(), "-jar",
                TestPaths.managerJar().toString()).redirectErrorStream(true);
        builder.environment().put("DAEPLOY_DATA_DIR", dataDir.toString());
        builder.environment().put("DAEPLOY_PORT", Integer.toString(ManagerProcess.freePort()));
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String output = new String(process.getInputStream().readAllBytes()).strip();

        assertNotEquals(0, process.exitValue(), output);
        assertEquals(1, output.lines().count(), "one line:\n" + output);
        assertTrue(output.startsWith("The Daeploy manager needs Java 21 or newer, and this is Java " + OldJava.major(oldJava)),
                output);
        assertFalse(Files.exists(dataDir), "nothing was started");
    }

    @Test
    void everyGoalThatOnlyTalksToAManagerRunsOnJava17() {
        String host = "-Ddaeploy.host=" + manager.url();
        assertTrue(goal("login", host, "-Ddaeploy.username=admin", "-Ddaeploy.password=" + ADMIN_PASSWORD)
                .contains("logged in as admin"));
        assertTrue(goal("hosts").matches("(?s).*\\*\\s+" + Pattern.quote(manager.url().toString()) + "\\s+kept.*"),
                "hosts lists it as the active host, with a token");
        assertTrue(goal("ls").matches("(?s).*aged\\s+2\\.0\\.0\\s+running.*"), "ls lists both versions");
        goal("logs", "-Ddaeploy.name=aged", "-Ddaeploy.version=1.0.0", "-Ddaeploy.tail=5");
        goal("notifications");
        assertTrue(goal("token", "-Ddaeploy.days=1").contains("Authorization: Bearer"));
        goal("user-add", "-Ddaeploy.username=olduser", "-Ddaeploy.password=old users password");
        assertTrue(goal("user-ls").contains("olduser"));
        goal("user-password", "-Ddaeploy.username=olduser", "-Ddaeploy.password=another password");
        goal("user-rm", "-Ddaeploy.username=olduser", "-Ddaeploy.yes");
        goal("assign", "-Ddaeploy.name=aged", "-Ddaeploy.version=2.0.0", "-Ddaeploy.yes");
        assertTrue(manager.client().services().stream().anyMatch(s -> s.version().equals("2.0.0") && s.main()),
                "the assign took effect");
        goal("kill", "-Ddaeploy.name=aged", "-Ddaeploy.version=1.0.0", "-Ddaeploy.yes");
        assertEquals(List.of("2.0.0"), manager.client().services().stream().map(ServiceVersion::version).toList());
        goal("logout");
    }

    @Test
    void compilingAServiceOnJava17StopsAtOnceWithOneClearLine() throws IOException {
        Path dir = TestPaths.newWorkDir("oldjava-project");
        MavenRun.mvn(dir, userEnv, oldJava, "archetype:generate", "-DarchetypeGroupId=io.daeploy",
                "-DarchetypeArtifactId=daeploy-service-archetype", "-DarchetypeVersion=" + TestPaths.projectVersion(),
                "-DgroupId=com.example", "-DartifactId=hello", "-Dversion=1.0.0").requireSuccess();
        Path project = dir.resolve("hello");

        MavenRun.Result build = MavenRun.mvn(project, userEnv, oldJava, "package");

        assertNotEquals(0, build.exitCode(), build.output());
        assertTrue(build.output().contains("Compiling a Daeploy service needs Java 21 or newer, and this Maven runs on Java "
                + OldJava.major(oldJava)), build.output());
        assertTrue(build.output().contains("Use ./mvnw, which picks a JDK 21+"), build.output());
        assertFalse(build.output().contains("UnsupportedClassVersionError"), build.output());
        assertFalse(Files.exists(project.resolve("target/classes")), "stopped before compiling");

        // in the same project, on the same old Java, the goals that only talk to a manager work by their short name
        Map<String, String> ownConfig = Map.of("DAEPLOY_CONFIG", dir.resolve("config.json").toString());
        MavenRun.mvn(project, ownConfig, oldJava, "daeploy:login", "-Ddaeploy.host=" + manager.url(),
                "-Ddaeploy.username=admin", "-Ddaeploy.password=" + ADMIN_PASSWORD).requireSuccess();
        MavenRun.Result ls = MavenRun.mvn(project, ownConfig, oldJava, "daeploy:ls");
        assertFalse(ls.output().contains("UnsupportedClassVersionError"), ls.output());
        assertTrue(ls.requireSuccess().output().contains("aged"), ls.output());
    }

    /** A goal of the plugin, by its full name (outside a project), with Maven on the old Java; its output. */
    private static String goal(String goal, String... args) {
        List<String> all = new ArrayList<>();
        all.add("io.daeploy:daeploy-maven-plugin:" + TestPaths.projectVersion() + ":" + goal);
        all.addAll(List.of(args));
        MavenRun.Result result = MavenRun.mvn(work, userEnv, oldJava, all.toArray(String[]::new));
        assertFalse(result.output().contains("UnsupportedClassVersionError"), result.output());
        return result.requireSuccess().output();
    }
}
