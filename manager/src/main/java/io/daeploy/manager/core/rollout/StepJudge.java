package io.daeploy.manager.core.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges one step of a canary from what the canary and the main answered in the same window. A window that is too
 * short or saw too few requests holds the step: it is neither a pass nor a failure (a quiet hour must not roll a good
 * version back).
 */
public final class StepJudge {

    /**
     * Requests the latency check needs of the canary and of the main in a window: the p99 of fewer is their slowest
     * request, one pause of a JVM, not a trait of the version.
     */
    static final int MIN_LATENCY_REQUESTS = 100;

    private StepJudge() {
    }

    /** One check of a judgement: what was measured against which threshold. */
    public record Check(String name, double measured, double threshold, boolean passed) {

        /** The check in words, as notifications and the status show it. */
        public String describe() {
            return name + " " + round(measured) + (passed ? " within " : " beyond ") + round(threshold);
        }

        private static String round(double value) {
            return Double.isNaN(value) ? "n/a" : String.valueOf(Math.round(value * 1000) / 1000.0);
        }
    }

    /** The outcome: held (with why), or judged with its checks. */
    public record Verdict(Optional<String> heldBecause, List<Check> checks) {

        public boolean held() {
            return heldBecause.isPresent();
        }

        public boolean passed() {
            return !held() && checks.stream().allMatch(Check::passed);
        }

        /** The first failed check, when judged and failed. */
        public Optional<Check> failed() {
            return held() ? Optional.empty() : checks.stream().filter(check -> !check.passed()).findFirst();
        }
    }

    /**
     * @param canary  the canary's figures over the window
     * @param main    the main's figures over the same window
     * @param elapsed how long the step has held
     */
    public static Verdict canaryStep(RolloutPlan plan, VersionTraffic canary, VersionTraffic main, Duration elapsed) {
        if (elapsed.compareTo(plan.interval()) < 0) {
            return held("the step holds for " + plan.interval().toSeconds() + " s; " + elapsed.toSeconds() + " s so far");
        }
        if (canary.requests() < plan.minRequests()) {
            return held("the canary answered " + canary.requests() + " requests in this step; it is judged after "
                    + plan.minRequests());
        }
        boolean mainAnswers = main.requests() > 0; // not at a step of 100 %: then there is no p99 of the main to compare with
        if (mainAnswers && (canary.latency().count() < MIN_LATENCY_REQUESTS || main.latency().count() < MIN_LATENCY_REQUESTS)) {
            return held("the p99s are compared once the canary and the main each answered " + MIN_LATENCY_REQUESTS
                    + " requests in the step (" + canary.latency().count() + " and " + main.latency().count() + " so far)");
        }
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("error rate %", canary.errorPercent(), plan.maxErrorPercent(),
                canary.errorPercent() <= plan.maxErrorPercent()));
        if (mainAnswers) {
            double factor = canary.latency().quantile(0.99) / main.latency().quantile(0.99);
            checks.add(new Check("p99 latency over the main's", factor, plan.maxLatencyFactor(), factor <= plan.maxLatencyFactor()));
        }
        if (canary.compared() > 0) {
            checks.add(new Check("match rate %", canary.matchPercent(), plan.minMatchPercent(),
                    canary.matchPercent() >= plan.minMatchPercent()));
        }
        return new Verdict(Optional.empty(), List.copyOf(checks));
    }

    /** The shadow phase: enough compared copies, and enough of them matching. */
    public static Verdict shadowPhase(RolloutPlan plan, VersionTraffic shadow) {
        if (shadow.compared() < plan.shadowMinCopies()) {
            return held("the shadow compared " + shadow.compared() + " copies; it is judged after " + plan.shadowMinCopies());
        }
        return new Verdict(Optional.empty(), List.of(new Check("match rate %", shadow.matchPercent(), plan.shadowMatchPercent(),
                shadow.matchPercent() >= plan.shadowMatchPercent())));
    }

    private static Verdict held(String why) {
        return new Verdict(Optional.of(why), List.of());
    }
}
