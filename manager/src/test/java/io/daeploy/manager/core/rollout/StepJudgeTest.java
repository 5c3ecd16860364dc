package io.daeploy.manager.core.rollout;

import io.daeploy.manager.errors.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepJudgeTest {

    private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final RolloutPlan PLAN = RolloutPlan.DEFAULTS;
    private static final Duration STEP_DONE = Duration.ofSeconds(30);

    @Test
    void aShortOrQuietWindowHoldsTheStepInsteadOfFailingIt() {
        VersionTraffic broken = traffic(200, 200, 0.02, 0, 0);
        StepJudge.Verdict early = StepJudge.canaryStep(PLAN, broken, traffic(2000, 0, 0.02, 0, 0), Duration.ofSeconds(29));
        assertTrue(early.held() && !early.passed() && early.failed().isEmpty(), early.toString());

        StepJudge.Verdict quiet = StepJudge.canaryStep(PLAN, traffic(49, 49, 0.02, 0, 0), traffic(2000, 0, 0.02, 0, 0), Duration.ofHours(1));
        assertTrue(quiet.held(), "49 requests of 50 needed, however long: " + quiet);
        assertTrue(quiet.heldBecause().orElseThrow().contains("49"), quiet.toString());
    }

    @Test
    void aCanaryLikeItsMainPasses() {
        StepJudge.Verdict verdict = StepJudge.canaryStep(PLAN, traffic(100, 1, 0.02, 100, 0), traffic(1900, 5, 0.02, 0, 0), STEP_DONE);
        assertTrue(verdict.passed(), verdict.toString());
        assertEquals(List.of("error rate %", "p99 latency over the main's", "match rate %"),
                verdict.checks().stream().map(StepJudge.Check::name).toList());
    }

    @Test
    void eachCheckFailsOnItsOwnWithTheMeasuredValueAndTheThreshold() {
        VersionTraffic main = traffic(1900, 0, 0.02, 0, 0);
        StepJudge.Check errors = StepJudge.canaryStep(PLAN, traffic(100, 10, 0.02, 0, 0), main, STEP_DONE).failed().orElseThrow();
        assertEquals("error rate %", errors.name());
        assertEquals(10.0, errors.measured());
        assertEquals(1.0, errors.threshold());

        StepJudge.Check slow = StepJudge.canaryStep(PLAN, traffic(100, 0, 0.06, 0, 0), main, STEP_DONE).failed().orElseThrow();
        StepJudge.Verdict few = StepJudge.canaryStep(PLAN, traffic(99, 0, 0.06, 0, 0), main, STEP_DONE);
        assertTrue(few.held() && few.heldBecause().get().contains("(99 and 1900 so far)"),
                "the p99 of 99 requests is their slowest: the step waits for 100 " + few);
        assertEquals("p99 latency over the main's", slow.name());
        assertTrue(slow.measured() > 1.5, slow.describe());
        assertTrue(slow.describe().startsWith("p99 latency over the main's ") && slow.describe().contains(" beyond 1.5"), slow.describe());

        StepJudge.Check different = StepJudge.canaryStep(PLAN, traffic(100, 0, 0.02, 90, 10), main, STEP_DONE).failed().orElseThrow();
        assertEquals("match rate %", different.name());
        assertEquals(90.0, different.measured());
    }

    @Test
    void withoutEnoughOfTheMainsRequestsLatencyIsNotCompared() {
        assertTrue(StepJudge.canaryStep(PLAN, traffic(200, 0, 5, 0, 0), traffic(99, 0, 0.02, 0, 0), STEP_DONE).held(),
                "the main answers, but fewer than 100: wait for its p99");
        StepJudge.Verdict full = StepJudge.canaryStep(PLAN, traffic(100, 0, 5, 0, 0), traffic(0, 0, 0.02, 0, 0), STEP_DONE);
        assertTrue(full.passed(), "at 100 % the main gets nothing to compare with: " + full);
        assertEquals(List.of("error rate %"), full.checks().stream().map(StepJudge.Check::name).toList());
    }

    @Test
    void theShadowPhaseNeedsEnoughComparedCopiesAndEnoughMatching() {
        assertTrue(StepJudge.shadowPhase(PLAN, traffic(0, 0, 0, 99, 0)).held());
        assertTrue(StepJudge.shadowPhase(PLAN, traffic(0, 0, 0, 99, 1)).passed(), "99 of 100");
        StepJudge.Check failed = StepJudge.shadowPhase(PLAN, traffic(0, 0, 0, 98, 2)).failed().orElseThrow();
        assertEquals(98.0, failed.measured());
        assertFalse(failed.passed());
    }

    @Test
    void aPlanOutsideItsRangesIsRefusedNamingTheField() {
        DomainException weights = assertThrows(DomainException.class, () -> plan(List.of(5, 25, 50)));
        assertTrue(weights.getMessage().startsWith("Field weights:"), weights.getMessage());
        assertThrows(DomainException.class, () -> plan(List.of(50, 25, 100)));
        assertThrows(DomainException.class, () -> plan(List.of(0, 100)));
        DomainException factor = assertThrows(DomainException.class, () -> new RolloutPlan(100, 99, List.of(100),
                Duration.ofSeconds(30), 50, 1, 0.5, 99, 2, false, false, false));
        assertTrue(factor.getMessage().startsWith("Field maxLatencyFactor:"), factor.getMessage());
        DomainException errors = assertThrows(DomainException.class, () -> new RolloutPlan(100, 99, List.of(100),
                Duration.ofSeconds(30), 50, 101, 1.5, 99, 2, false, false, false));
        assertTrue(errors.getMessage().startsWith("Field maxErrorPercent:"), errors.getMessage());
    }

    @Test
    void theP99IsInterpolatedWithinItsBucketAsPrometheusDoes() {
        // 100 requests: 90 at or below 10 ms, 10 between 10 and 25 ms
        LatencyHistogram histogram = new LatencyHistogram(BOUNDS, new long[] {0, 90, 100, 100, 100, 100, 100, 100, 100, 100, 100}, 100);
        assertEquals(0.0235, histogram.quantile(0.99), 1e-9);
        assertEquals(0.01, histogram.quantile(0.9), 1e-9);
        LatencyHistogram later = new LatencyHistogram(BOUNDS, new long[] {0, 90, 200, 200, 200, 200, 200, 200, 200, 200, 200}, 200);
        assertEquals(new LatencyHistogram(BOUNDS, new long[] {0, 0, 100, 100, 100, 100, 100, 100, 100, 100, 100}, 100),
                later.minus(histogram), "a window is the difference of two readings");
        assertTrue(Double.isNaN(LatencyHistogram.empty(BOUNDS).quantile(0.99)));
    }

    private static RolloutPlan plan(List<Integer> weights) {
        return new RolloutPlan(100, 99, weights, Duration.ofSeconds(30), 50, 1, 1.5, 99, 2, false, false, false);
    }

    /** Requests that all took about {@code seconds} (they fill the bucket of that bound and those above). */
    private static VersionTraffic traffic(long requests, long errors, double seconds, long matched, long differed) {
        long[] cumulative = new long[BOUNDS.length];
        for (int i = 0; i < BOUNDS.length; i++) {
            cumulative[i] = BOUNDS[i] >= seconds ? requests : 0;
        }
        return new VersionTraffic(requests, errors, new LatencyHistogram(BOUNDS, cumulative, requests), matched, differed);
    }
}
