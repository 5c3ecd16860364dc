package io.daeploy.manager.core.rollout;

import io.daeploy.manager.errors.DomainException;

import java.time.Duration;
import java.util.List;

/**
 * How a new version is brought in: a shadow phase, then canary steps, each judged before the next.
 *
 * @param shadowMinCopies   copies the shadow must have compared before the canary steps (0 skips the shadow phase)
 * @param shadowMatchPercent the share of those copies that must match the main's answers
 * @param weights           the canary's share at each step, ascending, the last 100
 * @param interval          how long each step holds before it is judged
 * @param minRequests       requests the canary must have answered in a step before it is judged
 * @param maxErrorPercent   highest share of 5xx answers of the canary in a step
 * @param maxLatencyFactor  highest ratio of the canary's p99 to the main's in the same window
 * @param minMatchPercent   lowest share of the canary's compared copies that match the main's answers in a step
 * @param failedChecks      failed judgements after which the version is rolled back
 * @param killOldMain       on promotion, the old main is killed (else it stays as a shadow)
 * @param killRolledBack    on rollback, the version is killed (else it stays as a shadow)
 * @param sticky            a client that got the canary keeps it for the rest of a step (a cookie)
 */
public record RolloutPlan(int shadowMinCopies, double shadowMatchPercent, List<Integer> weights, Duration interval,
                          int minRequests, double maxErrorPercent, double maxLatencyFactor, double minMatchPercent,
                          int failedChecks, boolean killOldMain, boolean killRolledBack, boolean sticky) {

    public static final RolloutPlan DEFAULTS = new RolloutPlan(100, 99, List.of(5, 25, 50, 100), Duration.ofSeconds(30), 50,
            1, 1.5, 99, 2, false, false, false);

    public RolloutPlan {
        weights = List.copyOf(weights);
        atLeast("shadowMinCopies", shadowMinCopies, 0);
        percent("shadowMatchPercent", shadowMatchPercent);
        if (weights.isEmpty() || weights.get(weights.size() - 1) != 100) {
            throw DomainException.invalid("Field weights: the canary's share at each step, ending at 100, got " + weights);
        }
        for (int i = 0; i < weights.size(); i++) {
            int weight = weights.get(i);
            if (weight < 1 || weight > 100 || (i > 0 && weight <= weights.get(i - 1))) {
                throw DomainException.invalid("Field weights: each from 1 to 100 and larger than the one before, got " + weights);
            }
        }
        if (interval.isNegative() || interval.isZero()) {
            throw DomainException.invalid("Field interval: must be at least 1 second, got " + interval.toSeconds() + " s");
        }
        atLeast("minRequests", minRequests, 1);
        percent("maxErrorPercent", maxErrorPercent);
        if (!(maxLatencyFactor >= 1)) {
            throw DomainException.invalid("Field maxLatencyFactor: must be 1 or more (the canary's p99 over the main's), got "
                    + maxLatencyFactor);
        }
        percent("minMatchPercent", minMatchPercent);
        atLeast("failedChecks", failedChecks, 1);
    }

    private static void atLeast(String field, long value, long least) {
        if (value < least) {
            throw DomainException.invalid("Field " + field + ": must be " + least + " or more, got " + value);
        }
    }

    private static void percent(String field, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw DomainException.invalid("Field " + field + ": must be a percentage from 0 to 100, got " + value);
        }
    }
}
