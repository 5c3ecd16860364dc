package io.daeploy.it;

import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.daeploy.it.FixtureAnswers.answer;
import static io.daeploy.it.FixtureAnswers.deployRunning;
import static io.daeploy.it.FixtureAnswers.field;
import static io.daeploy.it.FixtureAnswers.pid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rolling upgrade: the previous release's manager and this build's serve together on one database while the new
 * one's migrations are applied (they are additive: expand now, contract one release later), so the previous release
 * keeps working on the migrated database. Both route what either changes, the old leader starts what is deployed
 * through the new follower; a SIGTERM to the old one hands the lead to the new one, which keeps every service
 * running as it was (same processes) and everything recorded. The reverse, a rollback of the upgrade: the previous
 * release starts again beside the new one on the migrated database, follows and routes.
 * <p>
 * Real manager JVMs of two releases on a real PostgreSQL cluster of the test's own, sharing one data directory as on
 * one host. The previous release's manager is built from the repository's history ({@code git archive} of
 * {@link #PREVIOUS_RELEASE}), so the test needs a full clone; in a shallow one it is skipped.
 */
class RollingUpgradeIT {

    /**
     * The release a rolling upgrade comes from: the last landed release (leader lease, several managers on
     * PostgreSQL). It moves forward to the new release's commit when a release lands.
     */
    static final String PREVIOUS_RELEASE = "f732e94";

    private static final int LEASE_SECONDS = 3;
    private static final long ROUTED_WITHIN_MILLIS = 10_000;

    private static Path previousJar;
    private static String missingHistory;

    private final List<ManagerProcess> managers = new ArrayList<>();
    private Map<String, String> database;

    @BeforeAll
    static void buildThePreviousRelease() {
        Path root = TestPaths.rootDir();
        RepositoryCopy.Result known = RepositoryCopy.run(root, Map.of(), "git", "cat-file", "-e", PREVIOUS_RELEASE + "^{commit}");
        if (known.exitCode() != 0) {
            // skipped in @BeforeEach: an assumption failing here would leave no reason in the report
            missingHistory = "the previous release " + PREVIOUS_RELEASE + " is not in the repository's history at " + root
                    + " (a shallow clone?): this test builds its manager from there and needs a full clone"
                    + " (git fetch --unshallow). git said: " + known.output().strip();
            return;
        }

        long start = System.nanoTime();
        Path work = TestPaths.newWorkDir("previous-release");
        Path tree = work.resolve("daeploy-" + PREVIOUS_RELEASE);
        try {
            Files.createDirectories(tree);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path archive = work.resolve(PREVIOUS_RELEASE + ".tar");
        RepositoryCopy.run(root, Map.of(), "git", "archive", "--format=tar", "-o", archive.toString(), PREVIOUS_RELEASE)
                .requireSuccess();
        RepositoryCopy.run(tree, Map.of(), "tar", "-xf", archive.toString()).requireSuccess();
        // package only, into this build's local repository for the dependencies: an install would put the previous
        // release's artifacts (the same version) where this build's are
        String java = System.getProperty("java.home");
        RepositoryCopy.run(tree, Map.of("JAVA_HOME", java, "PATH", java + "/bin:" + System.getenv("PATH"),
                        "MAVEN_ARGS", "-Dmaven.repo.local=" + TestPaths.localRepository()),
                root.resolve("mvnw").toString(), "-B", "-ntp", "-q", "package", "-DskipTests", "-pl", "manager", "-am")
                .requireSuccess();
        previousJar = tree.resolve("manager/target/daeploy-manager.jar");
        assertTrue(Files.isRegularFile(previousJar), "the previous release's build made " + previousJar);
        System.out.println("Built the manager of the previous release " + PREVIOUS_RELEASE + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @BeforeEach
    void database() {
        Assumptions.assumeTrue(missingHistory == null, missingHistory);
        database = SharedDatabase.fresh(LEASE_SECONDS);
    }

    @AfterEach
    void stop() {
        for (ManagerProcess manager : managers.reversed()) {
            manager.close();
        }
    }

    @Test
    void thePreviousReleaseAndThisOneServeTogetherOnOneDatabaseAndTheUpgradeHandsOver() {
        long start = System.nanoTime();

        // the previous release alone, as before the upgrade: it migrates the empty database and leads
        ManagerProcess old = track(ManagerProcess.start("rolling-upgrade", withName("old"), previousJar));
        assertTrue(old.output().contains("Database schema migrated to version"),
                "the previous release migrated the empty database:\n" + old.output());
        assertTrue(old.leads(), "the previous release's manager, alone, leads:\n" + old.output());
        String pid1 = pid(deployRunning(old, "kept", "1.0.0"), old);

        // this release beside it: applies its newer migrations, if it has any, and follows
        ManagerProcess upgraded = track(ManagerProcess.startBeside(old, "new", withName("new"), TestPaths.managerJar()));
        upgraded.output().lines().filter(line -> line.contains("Database schema migrated to version"))
                .forEach(line -> System.out.println("This release's manager beside the previous one: " + line.strip()));
        assertTrue(old.leads(), "the previous release still leads once this one started:\n" + old.output());
        assertFalse(upgraded.leads(), "this release's manager follows:\n" + upgraded.output());

        // both serve together, the previous release on the migrated database
        awaitAnswer(upgraded, "kept", answer -> pid1.equals(field(answer, "pid")), "kept 1.0.0 through the new manager");
        assertEquals(pid1, pid(answer(old, "kept"), old), "kept 1.0.0 still answers through the old manager");
        HttpResponse<String> listed = Http.get(old.url().resolve("/services/"));
        assertEquals(200, listed.statusCode(), "the old manager lists the services on the migrated database: " + listed.body()
                + "\n" + old.output());
        assertTrue(listed.body().contains("\"kept\""), "the old manager's list: " + listed.body());

        ServiceVersion second = upgraded.client().deploy("kept", "2.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", second.status(), "a deploy through the new follower ends once the old leader started it: "
                + second.reason() + "\nold:\n" + old.output() + "\nnew:\n" + upgraded.output());
        old.client().assign("kept", "2.0.0");
        for (ManagerProcess manager : List.of(old, upgraded)) {
            awaitAnswer(manager, "kept", answer -> "2.0.0".equals(field(answer, "version")),
                        "kept routed to 2.0.0 by " + manager.url() + " after an assign through the old manager");
        }
        String pid2 = pid(answer(upgraded, "kept_2.0.0"), upgraded);

        // the upgrade finishes: the old manager stops, the new one leads and keeps everything
        long stopped = System.nanoTime();
        old.stop();
        System.out.println("This release leads after a SIGTERM to the previous one: "
                + upgraded.awaitLeading(stopped, 5_000) + " ms");
        assertEquals(pid1, pid(answer(upgraded, "kept_1.0.0"), upgraded), "kept 1.0.0 taken on, not started again");
        assertEquals(pid2, pid(answer(upgraded, "kept_2.0.0"), upgraded), "kept 2.0.0 taken on, not started again");
        assertEquals("2.0.0", field(answer(upgraded, "kept"), "version"), "kept's main is still the one assigned");
        assertEquals(List.of("kept 1.0.0 running", "kept 2.0.0 running main"), summary(upgraded.client().services()),
                     "nothing the two releases recorded is lost");
        deployRunning(upgraded, "after", "1.0.0");

        // the reverse, a rollback of the upgrade: the previous release starts again on the migrated database
        ManagerProcess rolledBack = track(ManagerProcess.startBeside(upgraded, "old-again", withName("old-again"), previousJar));
        assertFalse(rolledBack.leads(), "the previous release, started again, follows:\n" + rolledBack.output());
        assertTrue(upgraded.leads(), "this release still leads");
        awaitAnswer(rolledBack, "kept", answer -> pid2.equals(field(answer, "pid")),
                    "kept (2.0.0, the same process) through the previous release started again");
        assertEquals(pid1, pid(answer(rolledBack, "kept_1.0.0"), rolledBack), "kept 1.0.0 through the previous release again");
        System.out.println("Rolling upgrade scenario: " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private ManagerProcess track(ManagerProcess manager) {
        managers.add(manager);
        return manager;
    }

    private Map<String, String> withName(String name) {
        Map<String, String> env = new HashMap<>(database);
        env.put("DAEPLOY_MANAGER_NAME", name);
        return env;
    }

    private static void awaitAnswer(ManagerProcess manager, String name, Predicate<HttpResponse<String>> expected, String what) {
        long since = System.nanoTime();
        HttpResponse<String> last = null;
        while (System.nanoTime() - since < ROUTED_WITHIN_MILLIS * 1_000_000) {
            last = answer(manager, name);
            if (last.statusCode() == 200 && expected.test(last)) {
                return;
            }
            ManagerProcess.sleep(50);
        }
        throw new AssertionError(what + ": not within " + ROUTED_WITHIN_MILLIS + " ms; last answer "
                + (last == null ? "none" : last.statusCode() + " " + last.body()) + "\n" + manager.output());
    }

    private static List<String> summary(List<ServiceVersion> services) {
        return services.stream().map(s -> s.name() + " " + s.version() + " " + s.status() + (s.main() ? " main" : ""))
                .sorted().toList();
    }

}
