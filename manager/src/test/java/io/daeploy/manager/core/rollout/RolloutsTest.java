package io.daeploy.manager.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.Notification;
import io.daeploy.manager.MovableClock;
import io.daeploy.manager.core.CoreHarness;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.daeploy.manager.store.RolloutRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rollouts over a real store and core (the in-memory fake runtime), with figures the test sets and a clock it moves:
 * every step, promotion, rollback, a quiet window, a restart, and the refusals.
 */
class RolloutsTest {

    private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final RolloutPlan PLAN = new RolloutPlan(10, 90, List.of(10, 50, 100), Duration.ofSeconds(30), 20, 1,
            1.5, 90, 2, false, false, true);

    private Path dataDir;
    private CoreHarness manager;
    private final Figures figures = new Figures();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
    private Rollouts rollouts;

    @BeforeEach
    void start() throws IOException {
        dataDir = Files.createTempDirectory("rollouts-test");
        manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1));
        manager.deploy("app", "1.0.0");
        manager.deploy("app", "2.0.0");
        rollouts = rollouts(true);
    }

    @AfterEach
    void stop() {
        rollouts.close();
        manager.close();
    }

    @Test
    void aGoodVersionGoesThroughTheShadowPhaseAndEveryStepToMain() {
        Map<String, Object> started = rollouts.start("app", "2.0.0", PLAN);
        assertEquals("shadow", started.get("phase"));
        rollouts.tick();
        assertEquals("shadow", phase(), "no copy compared yet: held");

        figures.add("2.0.0", 0, 0, 0.02, 10, 0);
        rollouts.tick();
        assertEquals("canary", phase());
        assertEquals(10, canaryWeight());
        assertTrue(manager.routes.resolve("app").orElseThrow().canary().share().sticky(), "the plan asked for sticky clients");

        for (int weight : List.of(50, 100)) {
            rollouts.tick(); // the step's window starts
            figures.add("2.0.0", 100, 0, 0.02, 30, 0);
            figures.add("1.0.0", 200, 0, 0.02, 0, 0);
            int before = canaryWeight();
            rollouts.tick();
            assertEquals(before, canaryWeight(), "held: the interval has not passed");
            assertTrue(rollouts.status("app").get("lastJudgement").toString().contains("holds for 30 s"));
            clock.advance(Duration.ofSeconds(31));
            rollouts.tick();
            assertEquals(weight, canaryWeight());
        }
        rollouts.tick();
        figures.add("2.0.0", 30, 0, 0.02, 0, 0); // at 100 % the main answers nothing: no p99 to compare
        clock.advance(Duration.ofSeconds(31));
        rollouts.tick();

        Map<String, Object> done = rollouts.status("app");
        assertEquals("promoted", done.get("phase"), done.toString());
        assertEquals("2.0.0", manager.routes.resolve("app").orElseThrow().target().version(), "the new main");
        assertEquals(null, manager.routes.resolve("app").orElseThrow().canary(), "no split after promotion");
        assertTrue(manager.record("app", "1.0.0").orElseThrow().status().wire().equals("running"), "the old main stays as a shadow");
        assertEquals(List.of("started", "step", "step", "step", "promoted"), events(done));
        assertTrue(notes().stream().anyMatch(n -> n.message().equals("Rollout of app 2.0.0 promoted it to main")), notes().toString());
    }

    @Test
    void aVersionThatFailsTwiceIsRolledBackNamingTheCheck() {
        rollouts.start("app", "2.0.0", new RolloutPlan(0, 90, List.of(10, 100), Duration.ofSeconds(30), 20, 1, 1.5, 90, 2,
                false, false, false));
        assertEquals(10, canaryWeight(), "no shadow phase: straight to the first step");
        for (int failure = 1; failure <= 2; failure++) {
            rollouts.tick();
            figures.add("2.0.0", 100, 10, 0.02, 0, 0);
            figures.add("1.0.0", 900, 0, 0.02, 0, 0);
            clock.advance(Duration.ofSeconds(31));
            rollouts.tick();
        }
        Map<String, Object> done = rollouts.status("app");
        assertEquals("rolled_back", done.get("phase"));
        assertTrue(((String) done.get("reason")).contains("error rate % 10.0 beyond 1.0"), done.toString());
        assertEquals(null, manager.routes.resolve("app").orElseThrow().canary(), "the main answers everything again");
        assertEquals("1.0.0", manager.routes.resolve("app").orElseThrow().target().version());
        assertEquals(List.of("started", "check failed", "rolled back"), events(done));
        assertTrue(notes().stream().anyMatch(n -> n.message().contains("rolled back") && n.message().contains("error rate %")
                && n.severity().name().equals("WARNING")), notes().toString());
    }

    @Test
    void aQuietWindowHoldsTheStepHoweverLong() {
        rollouts.start("app", "2.0.0", new RolloutPlan(0, 90, List.of(10, 100), Duration.ofSeconds(30), 20, 1, 1.5, 90, 2,
                false, false, false));
        rollouts.tick();
        for (int i = 0; i < 10; i++) {
            figures.add("2.0.0", 1, 1, 0.02, 0, 0);
            clock.advance(Duration.ofSeconds(60));
            rollouts.tick();
        }
        Map<String, Object> status = rollouts.status("app");
        assertEquals("canary", status.get("phase"));
        assertEquals(0, status.get("failedChecks"), "10 requests, all failed, but fewer than 20: neither a pass nor a failure");
        assertTrue(status.get("lastJudgement").toString().contains("answered 10 requests"), status.toString());
    }

    @Test
    void aRestartedManagerGoesOnFromTheStoredStepWithItsSplit() {
        rollouts.start("app", "2.0.0", new RolloutPlan(0, 90, List.of(10, 50, 100), Duration.ofSeconds(30), 20, 1, 1.5, 90, 2,
                false, false, false));
        rollouts.tick();
        figures.add("2.0.0", 100, 0, 0.02, 0, 0);
        figures.add("1.0.0", 900, 0, 0.02, 0, 0);
        clock.advance(Duration.ofSeconds(31));
        rollouts.tick();
        assertEquals(50, canaryWeight());

        rollouts.close();
        manager.close();
        manager = new CoreHarness(dataDir, new FakeRuntime(), Duration.ofHours(1));
        manager.await("app", "2.0.0", r -> r.status().wire().equals("running"));
        manager.awaitServing("app_2.0.0"); // the store says running a moment before the gateway's snapshot does
        rollouts = rollouts(true);
        assertEquals(50, canaryWeight(), "the split is in the store");
        rollouts.tick();
        figures.add("2.0.0", 100, 0, 0.02, 0, 0);
        figures.add("1.0.0", 100, 0, 0.02, 0, 0);
        clock.advance(Duration.ofSeconds(31));
        rollouts.tick();
        assertEquals(100, canaryWeight(), "the next step after the restart");
    }

    @Test
    void theSplitIsWhatTheStoredStepSaysEvenIfItWasLostOrChangedByHand() {
        rollouts.start("app", "2.0.0", new RolloutPlan(0, 90, List.of(10, 50, 100), Duration.ofSeconds(30), 20, 1, 1.5, 90, 2,
                false, false, true));
        manager.core.deployer().weights("app", "2.0.0", 0, false); // as if a manager stopped before it set the share
        assertEquals(0, canaryWeight());
        rollouts.tick();
        assertEquals(10, canaryWeight(), "set again from the stored step");
        assertTrue(manager.routes.resolve("app").orElseThrow().canary().share().sticky());
        rollouts.pause("app");
        manager.core.deployer().weights("app", "2.0.0", 70, false);
        rollouts.tick();
        assertEquals(10, canaryWeight(), "a paused rollout keeps its split too");
    }

    @Test
    void pauseResumeAndAbortAndTheRefusals() {
        assertEquals(DomainException.Kind.NOT_FOUND, kind(() -> rollouts.start("app", "9.9.9", PLAN)));
        assertEquals(DomainException.Kind.CONFLICT, kind(() -> rollouts.start("app", "1.0.0", PLAN)), "the main itself");
        assertEquals(DomainException.Kind.NOT_FOUND, kind(() -> rollouts.status("app")));
        rollouts.start("app", "2.0.0", new RolloutPlan(0, 90, List.of(10, 100), Duration.ofSeconds(30), 20, 1, 1.5, 90, 2,
                false, false, false));
        DomainException twice = assertThrows(DomainException.class, () -> rollouts.start("app", "2.0.0", PLAN));
        assertTrue(twice.getMessage().startsWith("A rollout of app 2.0.0 is under way"), twice.getMessage());

        rollouts.pause("app");
        figures.add("2.0.0", 50, 0, 0.02, 0, 0);
        clock.advance(Duration.ofSeconds(31));
        rollouts.tick();
        assertEquals(10, canaryWeight(), "paused: not judged");
        rollouts.resume("app");
        rollouts.abort("app");
        assertEquals("aborted", rollouts.status("app").get("phase"));
        assertEquals(null, manager.routes.resolve("app").orElseThrow().canary());
        assertEquals(DomainException.Kind.CONFLICT, kind(() -> rollouts.abort("app")), "over already");

        rollouts.start("app", "2.0.0", PLAN);
        manager.core.deployer().kill("app", "2.0.0", false);
        rollouts.tick();
        Map<String, Object> killed = rollouts.status("app");
        assertEquals("aborted", killed.get("phase"), "killing the version ends its rollout");
        assertEquals("app 2.0.0 was killed", killed.get("reason"));

        rollouts.close();
        rollouts = rollouts(false);
        DomainException off = assertThrows(DomainException.class, () -> rollouts.start("app", "1.0.0", PLAN));
        assertTrue(off.getMessage().contains("DAEPLOY_METRICS=false"), off.getMessage());
    }

    private Rollouts rollouts(boolean recorded) {
        return new Rollouts(new RolloutRepository(manager.database), manager.repository, manager.core.deployer(), figures,
                recorded, manager.notifications, manager.comparisons(), clock);
    }

    private String phase() {
        return (String) rollouts.status("app").get("phase");
    }

    private int canaryWeight() {
        var canary = manager.routes.resolve("app").orElseThrow().canary();
        return canary == null ? 0 : canary.share().weight();
    }

    private List<Notification> notes() {
        return manager.notifications.all();
    }

    private static List<String> events(Map<String, Object> status) {
        JsonNode history = Json.mapper().valueToTree(status.get("history"));
        return java.util.stream.StreamSupport.stream(history.spliterator(), false).map(e -> e.get("event").asText()).toList();
    }

    private static DomainException.Kind kind(Runnable call) {
        return assertThrows(DomainException.class, call::run).kind();
    }

    /** Figures as counters: each add grows what a version answered. */
    private static final class Figures implements TrafficFigures {
        private final Map<String, VersionTraffic> byVersion = new ConcurrentHashMap<>();

        void add(String version, long requests, long errors, double seconds, long matched, long differed) {
            long[] cumulative = new long[BOUNDS.length];
            for (int i = 0; i < BOUNDS.length; i++) {
                cumulative[i] = BOUNDS[i] >= seconds ? requests : 0;
            }
            VersionTraffic more = new VersionTraffic(requests, errors, new LatencyHistogram(BOUNDS, cumulative, requests), matched, differed);
            byVersion.merge(version, more, (a, b) -> {
                long[] sum = new long[BOUNDS.length];
                for (int i = 0; i < BOUNDS.length; i++) {
                    sum[i] = a.latency().cumulative()[i] + b.latency().cumulative()[i];
                }
                return new VersionTraffic(a.requests() + b.requests(), a.serverErrors() + b.serverErrors(),
                        new LatencyHistogram(BOUNDS, sum, a.latency().count() + b.latency().count()),
                        a.matched() + b.matched(), a.differed() + b.differed());
            });
        }

        @Override
        public VersionTraffic of(String service, String version) {
            return byVersion.getOrDefault(version, new VersionTraffic(0, 0, LatencyHistogram.empty(BOUNDS), 0, 0));
        }
    }
}
