package io.daeploy.manager.core;

import io.daeploy.common.DeployOptions;
import io.daeploy.common.Status;
import io.daeploy.common.ServiceVersion;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.daeploy.manager.store.ServiceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scale to zero through the core, on the in-memory runtime: idle versions stop, requests wake them. */
class ScaleToZeroTest {

    @Test
    void anIdleVersionIsStoppedShownIdleAndWokenByARequest(@TempDir Path dataDir) throws Exception {
        try (CoreHarness manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1))) {
            deploy(manager, "hello", "1.0.0", "1s");

            ServiceRecord idle = manager.awaitStatus("hello", "1.0.0", Status.IDLE);
            assertEquals("served no request for 1s; the next request starts it", idle.reason());
            assertTrue(idle.asleep());
            assertEquals(0, manager.runtime.machine().running("hello_1.0.0"), "nothing of it runs");
            assertTrue(manager.routes.resolve("hello").orElseThrow().target().asleep(), "the gateway must wake it first");
            assertEquals("idle", manager.core.inspector().list().getFirst().status());

            manager.core.waker().wake("hello", "1.0.0").get(10, TimeUnit.SECONDS);

            assertTrue(manager.routes.resolve("hello").orElseThrow().target().serving());
            assertEquals(Status.RUNNING, manager.record("hello", "1.0.0").orElseThrow().status());
            assertEquals(2, manager.runtime.count("start hello_1.0.0"));
        }
    }

    @Test
    void requestsKeepAVersionAwakeAndItSleepsOnceTheyStop(@TempDir Path dataDir) throws Exception {
        try (CoreHarness manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1))) {
            deploy(manager, "hello", "1.0.0", "1s");
            long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < until) {
                manager.routes.resolve("hello").orElseThrow().target().lastRequest().touch(); // as the gateway does per request
                Thread.sleep(100);
            }
            assertEquals(Status.RUNNING, manager.record("hello", "1.0.0").orElseThrow().status(), "busy: not idle");

            manager.awaitStatus("hello", "1.0.0", Status.IDLE);
        }
    }

    @Test
    void aMainSleepsAndWakesWithItsShadowsAndCopiesWakeNoShadow(@TempDir Path dataDir) throws Exception {
        try (CoreHarness manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1))) {
            deploy(manager, "hello", "1.0.0", "1s");
            deploy(manager, "hello", "2.0.0", null);

            manager.awaitStatus("hello", "1.0.0", Status.IDLE);
            ServiceRecord shadow = manager.awaitStatus("hello", "2.0.0", Status.IDLE);
            assertEquals("asleep with its main version, which was idle; the next request starts it", shadow.reason());
            RouteTable.Route route = manager.routes.resolve("hello").orElseThrow();
            assertEquals(List.of(), route.shadows(), "no copies go to an idle shadow");
            assertEquals("2.0.0", route.asleepShadows().getFirst().version());

            manager.core.waker().wake("hello", "1.0.0").get(10, TimeUnit.SECONDS);

            manager.awaitStatus("hello", "2.0.0", Status.RUNNING);
            assertEquals(2, manager.runtime.count("start hello_2.0.0"), "the shadow woke with its main");
        }
    }

    @Test
    void aVersionThatFailsToStartWhileRequestsWaitEndsTheirWaitWithTheReason(@TempDir Path dataDir) throws Exception {
        FakeRuntime runtime = new FakeRuntime();
        try (CoreHarness manager = new CoreHarness(dataDir, runtime, Duration.ofHours(1))) {
            deploy(manager, "hello", "1.0.0", "1s");
            manager.awaitStatus("hello", "1.0.0", Status.IDLE);
            runtime.readyAtOnce(false);

            CompletableFuture<Void> waiting = manager.core.waker().wake("hello", "1.0.0");
            manager.await("hello", "1.0.0", r -> r.status() == Status.STARTING && runtime.count("start hello_1.0.0") == 2);
            assertFalse(waiting.isDone(), "held while it starts");
            runtime.failStartUp("hello_1.0.0", "exited with code 1 during start-up");

            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
            assertInstanceOf(WakeFailed.class, e.getCause());
            assertEquals("it failed to start: exited with code 1 during start-up", e.getCause().getMessage());
            assertTrue(manager.notifications().contains("Failed: exited with code 1 during start-up"), manager.notifications().toString());
        }
    }

    @Test
    void aDeployWithoutAnIdleTimeoutNeverSleeps(@TempDir Path dataDir) throws Exception {
        try (CoreHarness manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1))) {
            deploy(manager, "hello", "1.0.0", null);
            deploy(manager, "other", "1.0.0", "off");
            Thread.sleep(2500); // two looks for idle versions

            assertEquals(Status.RUNNING, manager.record("hello", "1.0.0").orElseThrow().status());
            assertEquals(Status.RUNNING, manager.record("other", "1.0.0").orElseThrow().status());
            assertEquals(0, manager.runtime.count("delete hello_1.0.0"));
        }
    }

    @Test
    void requestsAnotherManagerPassesKeepAVersionAwake(@TempDir Path dataDir) throws Exception {
        try (CoreHarness manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1))) {
            java.util.concurrent.atomic.AtomicReference<java.time.Instant> elsewhere =
                    new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.now());
            manager.core.countRequestsSeenElsewhere(qualifiedName -> qualifiedName.equals("hello_1.0.0")
                    ? java.util.Optional.of(elsewhere.get()) : java.util.Optional.empty());
            deploy(manager, "hello", "1.0.0", "1s");
            long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < until) {
                elsewhere.set(java.time.Instant.now()); // none through this manager, all through another
                Thread.sleep(100);
            }
            assertEquals(Status.RUNNING, manager.record("hello", "1.0.0").orElseThrow().status(), "busy elsewhere: not idle");

            manager.awaitStatus("hello", "1.0.0", Status.IDLE);
        }
    }

    private static ServiceVersion deploy(CoreHarness manager, String name, String version, String idleTimeout) {
        return manager.core.deployer().deployImage(name, version, Map.of(), "example/" + name + ":" + version,
                new DeployOptions(null, null, null, idleTimeout), manager.steps::add);
    }
}
