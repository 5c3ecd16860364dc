package io.daeploy.manager.core;

import io.daeploy.common.ServiceVersion;
import io.daeploy.common.Status;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.runtime.RuntimeEvent;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.daeploy.manager.store.Database;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.ServiceRepository;
import io.daeploy.manager.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core as desired state and reconciliation, against the in-memory fake runtime and a real store: the paths that
 * otherwise only end-to-end tests reach (a lost event, a restart during a deploy, an assign during start-up, deploys
 * at the same time).
 */
class ReconcilerTest {

    private static final Duration NO_RESYNC = Duration.ofHours(1);

    @TempDir
    Path dataDir;

    @Test
    void aDeployWaitsUntilTheVersionIsReadyThenTheGatewayRoutesToItsEndpoint() {
        try (CoreHarness manager = new CoreHarness(dataDir, new FakeRuntime(), NO_RESYNC)) {
            ServiceVersion deployed = manager.deploy("hello", "1.0.0");

            assertEquals("running", deployed.status());
            assertTrue(deployed.main());
            assertEquals(List.of("Starting hello 1.0.0 on the fake runtime",
                    "Started at http://127.0.0.1:20001; waiting up to 60 s for /observe/health to answer",
                    "Healthy: hello 1.0.0 gets traffic as the main version"), manager.steps);
            RouteTable.Target target = manager.awaitServing("hello");
            assertEquals("http://127.0.0.1:20001", target.endpoint().toString());
            assertEquals("fake-1", manager.record("hello", "1.0.0").orElseThrow().runtimeRef(), "the runtime's reference is kept");
        }
    }

    @Test
    void aLostReadyEventIsHealedByTheNextResync() {
        FakeRuntime runtime = new FakeRuntime().dropping(event -> event instanceof RuntimeEvent.Ready);
        try (CoreHarness manager = new CoreHarness(dataDir, runtime, Duration.ofMillis(200))) {
            ServiceVersion deployed = manager.deploy("hello", "1.0.0");

            assertEquals("running", deployed.status(), "the resync saw it ready: the deploy did not hang");
            assertEquals(1, runtime.dropped().size());
            assertEquals(1, runtime.count("start hello_1.0.0"), "looked at again, not started again");
            manager.awaitServing("hello");
        }
    }

    @Test
    void aVersionThatVanishedWithoutAWordIsStartedAgainByTheResync() {
        FakeRuntime runtime = new FakeRuntime();
        try (CoreHarness manager = new CoreHarness(dataDir, runtime, NO_RESYNC)) {
            manager.deploy("hello", "1.0.0");
            runtime.crash("hello_1.0.0", 9);                 // the crash is heard: the supervisor restarts it
            manager.await("hello", "1.0.0", r -> r.status() == Status.RUNNING && r.restarts() == 1);
            assertEquals(2, runtime.count("start hello_1.0.0"));
        }
        FakeRuntime after = new FakeRuntime(runtime.machine()).dropping(event -> event instanceof RuntimeEvent.Exited);
        try (CoreHarness manager = new CoreHarness(dataDir, after, Duration.ofMillis(200))) {
            manager.awaitServing("hello");
            after.crash("hello_1.0.0", 9);                   // this one is lost on the way
            // the notification is raised before the start it announces: wait for both
            manager.await("hello", "1.0.0", r -> r.status() == Status.RUNNING
                    && manager.notifications().contains("Was found not running; starting it again")
                    && after.count("start hello_1.0.0") >= 1);
            assertEquals(1, after.count("start hello_1.0.0"), "started again once");
            manager.awaitServing("hello");
        }
    }

    @Test
    void aManagerRestartDuringADeployTakesOnTheInstanceInsteadOfStartingAnother() {
        FakeRuntime first = new FakeRuntime().readyAtOnce(false);
        CoreHarness dying = new CoreHarness(dataDir, first, NO_RESYNC);
        CompletableFuture<ServiceVersion> deploy = dying.deployLater("hello", "1.0.0");
        dying.await("hello", "1.0.0", r -> r.runtimeRef() != null);
        dying.close(); // the manager dies while its deploy waits for health; the instance runs on

        FakeRuntime second = new FakeRuntime(first.machine());
        try (CoreHarness manager = new CoreHarness(dataDir, second, NO_RESYNC)) {
            manager.awaitStatus("hello", "1.0.0", Status.RUNNING);
            manager.awaitServing("hello");
            assertEquals(0, second.count("start hello_1.0.0"), "adopted: " + second.calls());
            assertEquals(1, first.machine().running("hello_1.0.0"), "one instance, not two");
            assertFalse(manager.notifications().contains("Was not running when the manager started; starting it again"));
        }
        deploy.cancel(true);
    }

    @Test
    void aRestartedManagerIsReadyOnlyOnceItHasLookedAtEveryRecordedVersion() {
        FakeRuntime first = new FakeRuntime();
        try (CoreHarness manager = new CoreHarness(dataDir, first, NO_RESYNC)) {
            manager.deploy("hello", "1.0.0");
            manager.deploy("other", "1.0.0");
            assertTrue(manager.core.reconciler().caughtUp());
        }
        FakeRuntime slow = new FakeRuntime(first.machine()).closed();
        try (CoreHarness manager = new CoreHarness(dataDir, slow, NO_RESYNC)) {
            assertFalse(manager.core.reconciler().caughtUp(), "still taking on what runs");
            assertEquals(2, manager.core.reconciler().toLookAt());
            slow.open();
            manager.awaitServing("hello");
            manager.awaitServing("other");
            manager.await("hello", "1.0.0", r -> manager.core.reconciler().caughtUp());
        }
    }

    @Test
    void aRunningVersionThatDiedWhileTheManagerWasDownIsStartedAgainAndTheUserTold() {
        FakeRuntime first = new FakeRuntime();
        try (CoreHarness manager = new CoreHarness(dataDir, first, NO_RESYNC)) {
            manager.deploy("hello", "1.0.0");
        }
        first.machine().vanish("hello_1.0.0");
        FakeRuntime second = new FakeRuntime(first.machine());
        try (CoreHarness manager = new CoreHarness(dataDir, second, NO_RESYNC)) {
            manager.awaitServing("hello");
            assertEquals(1, second.count("start hello_1.0.0"));
            assertTrue(manager.notifications().contains("Was not running when the manager started; starting it again"),
                    manager.notifications().toString());
        }
    }

    @Test
    void anAssignWhileTheOldMainRestartsLeavesTheNewMainMain() {
        FakeRuntime runtime = new FakeRuntime();
        try (CoreHarness manager = new CoreHarness(dataDir, runtime, NO_RESYNC)) {
            manager.deploy("hello", "1.0.0");
            manager.deploy("hello", "2.0.0");
            runtime.readyAtOnce(false);
            runtime.crash("hello_1.0.0", 1);
            manager.await("hello", "1.0.0", r -> runtime.count("start hello_1.0.0") == 2); // restarting, not ready yet

            manager.core.deployer().assign("hello", "2.0.0");
            assertTrue(runtime.calls().contains("prioritize hello_2.0.0 main"), "weighed before the assign answers");
            runtime.becomeReady("hello_1.0.0");

            ServiceRecord old = manager.awaitStatus("hello", "1.0.0", Status.RUNNING);
            assertFalse(old.main(), "its restart did not make it main again");
            assertEquals("2.0.0", manager.routes.resolve("hello").orElseThrow().target().version());
            manager.await("hello", "1.0.0", r -> runtime.calls().contains("prioritize hello_1.0.0 shadow"));
            assertTrue(runtime.calls().contains("prioritize hello_2.0.0 main"), runtime.calls().toString());
        }
    }

    @Test
    void aSlowRuntimeCallForOneVersionDoesNotHoldUpAnother() {
        FakeRuntime runtime = new FakeRuntime().holding("slow_1.0.0");
        try (CoreHarness manager = new CoreHarness(dataDir, runtime, NO_RESYNC)) {
            CompletableFuture<ServiceVersion> slow = manager.deployLater("slow", "1.0.0");
            manager.await("slow", "1.0.0", r -> true);

            assertEquals("running", manager.deploy("fast", "1.0.0").status(), "deployed while the other one waits");
            assertFalse(slow.isDone());
            runtime.release("slow_1.0.0");
            assertEquals("running", slow.join().status());
        }
    }

    @Test
    void twoDeploysOfOneNameAtOnceMakeOneMain() {
        try (CoreHarness manager = new CoreHarness(dataDir, new FakeRuntime(), NO_RESYNC)) {
            List<CompletableFuture<ServiceVersion>> deploys = List.of("1.0.0", "2.0.0", "3.0.0", "4.0.0").stream()
                    .map(version -> manager.deployLater("hello", version)).toList();
            deploys.forEach(CompletableFuture::join);

            List<ServiceRecord> versions = manager.repository.byName("hello");
            assertEquals(4, versions.size());
            assertEquals(1, versions.stream().filter(ServiceRecord::main).count(), versions.toString());
        }
    }

    @Test
    void theSameVersionDeployedTwiceAtOnceIsOneVersionAndOneConflict() {
        FakeRuntime runtime = new FakeRuntime();
        try (CoreHarness manager = new CoreHarness(dataDir, runtime, NO_RESYNC)) {
            List<CompletableFuture<ServiceVersion>> deploys = List.of(manager.deployLater("hello", "1.0.0"),
                    manager.deployLater("hello", "1.0.0"));
            long conflicts = deploys.stream().filter(deploy -> {
                try {
                    deploy.join();
                    return false;
                } catch (CompletionException e) {
                    return e.getCause() instanceof DomainException d && d.kind() == DomainException.Kind.CONFLICT;
                }
            }).count();
            assertEquals(1, conflicts);
            assertEquals(1, runtime.count("start hello_1.0.0"));
        }
    }

    @Test
    void aKillDuringStartUpEndsTheDeployAndLeavesNothing() {
        FakeRuntime runtime = new FakeRuntime().readyAtOnce(false);
        try (CoreHarness manager = new CoreHarness(dataDir, runtime, NO_RESYNC)) {
            CompletableFuture<ServiceVersion> deploy = manager.deployLater("hello", "1.0.0");
            manager.await("hello", "1.0.0", r -> r.runtimeRef() != null);

            List<ServiceVersion> killed = manager.core.deployer().kill("hello", null, false);

            assertEquals(List.of("stopped"), killed.stream().map(ServiceVersion::status).toList());
            assertEquals("stopped", deploy.join().status());
            assertTrue(manager.record("hello", "1.0.0").isEmpty());
            assertEquals(0, runtime.machine().running("hello_1.0.0"));
            assertTrue(manager.routes.resolve("hello").isEmpty(), "no route to what is gone");
        }
    }

    @Test
    void aVersionMarkedKilledBeforeTheManagerDiedIsRemovedAfterItsRestart() {
        FakeRuntime first = new FakeRuntime();
        try (CoreHarness manager = new CoreHarness(dataDir, first, NO_RESYNC)) {
            manager.deploy("hello", "1.0.0");
        }
        // what a kill writes first, and then the manager died: written with no core running, which would act on it
        try (Database database = TestDatabases.open(dataDir)) {
            new ServiceRepository(database).markTerminating("hello", "1.0.0", false);
        }
        FakeRuntime second = new FakeRuntime(first.machine());
        try (CoreHarness manager = new CoreHarness(dataDir, second, NO_RESYNC)) {
            manager.awaitGone("hello", "1.0.0");
            assertEquals(0, first.machine().running("hello_1.0.0"));
            assertTrue(second.calls().contains("delete hello_1.0.0"), second.calls().toString());
            assertEquals(0, second.count("start hello_1.0.0"), "a killed version is not started again");
            assertTrue(manager.routes.resolve("hello").isEmpty());
        }
    }

    @Test
    void aStartUpFailureMarksTheVersionFailedWithTheReasonAndNoRoute() {
        FakeRuntime runtime = new FakeRuntime().readyAtOnce(false);
        try (CoreHarness manager = new CoreHarness(dataDir, runtime, NO_RESYNC)) {
            CompletableFuture<ServiceVersion> deploy = manager.deployLater("hello", "1.0.0");
            manager.await("hello", "1.0.0", r -> r.runtimeRef() != null);
            runtime.failStartUp("hello_1.0.0", "exited with code 3 during start-up");

            ServiceVersion failed = deploy.join();
            assertEquals("failed", failed.status());
            assertEquals("exited with code 3 during start-up", failed.reason());
            assertTrue(manager.notifications().contains("Failed: exited with code 3 during start-up"));
            assertFalse(manager.routes.resolve("hello").orElseThrow().target().serving());
        }
    }
}
