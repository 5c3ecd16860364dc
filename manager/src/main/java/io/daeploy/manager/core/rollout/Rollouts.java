package io.daeploy.manager.core.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.daeploy.common.Json;
import io.daeploy.common.Severity;
import io.daeploy.common.Status;
import io.daeploy.manager.core.Deployer;
import io.daeploy.manager.core.compare.ComparisonRule;
import io.daeploy.manager.core.compare.Comparisons;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.notify.NotificationService;
import io.daeploy.manager.store.RolloutRecord;
import io.daeploy.manager.store.RolloutRepository;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.ServiceRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Brings a new version in by itself: a shadow phase, canary steps of growing weight, each judged by {@link StepJudge}
 * from the gateway's own figures, then promotion, or a rollback after too many failed judgements. Level-triggered: each
 * tick looks at every rollout under way as the store has it, so a restarted manager goes on from the stored step with
 * the stored split (the window of the step starts again: the figures before the restart are gone).
 */
public final class Rollouts implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Rollouts.class.getName());

    private final RolloutRepository rollouts;
    private final ServiceRepository versions;
    private final Deployer deployer;
    private final TrafficFigures figures;
    private final boolean figuresRecorded;
    private final NotificationService notifications;
    private final Comparisons comparisons;
    private final Clock clock;
    /** The window each rollout's current step is judged over; in memory only. */
    private final Map<String, Window> windows = new HashMap<>();
    private final Map<String, StepJudge.Verdict> lastVerdicts = new HashMap<>();
    private ScheduledExecutorService ticker;

    private record Window(String phaseAndStep, Instant since, VersionTraffic candidate, VersionTraffic main) {
    }

    /** Where a name's latest rollout is: what {@code daeploy_rollout_phase} exports. */
    public record Phase(String name, String version, String phase) {
    }

    public Rollouts(RolloutRepository rollouts, ServiceRepository versions, Deployer deployer, TrafficFigures figures,
                    boolean figuresRecorded, NotificationService notifications, Comparisons comparisons, Clock clock) {
        this.rollouts = rollouts;
        this.versions = versions;
        this.deployer = deployer;
        this.figures = figures;
        this.figuresRecorded = figuresRecorded;
        this.notifications = notifications;
        this.comparisons = comparisons;
        this.clock = clock;
    }

    /**
     * Judges every rollout under way every {@code every}, on a thread of its own, while {@code leads}: of several
     * managers on one store, only the leader moves rollouts on.
     */
    public void startTicking(Duration every, java.util.function.BooleanSupplier leads) {
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("daeploy-rollouts").daemon().factory());
        ticker.scheduleWithFixedDelay(() -> {
            if (leads.getAsBoolean()) {
                tick();
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a rollout of a running version other than the main; answers its status. */
    public synchronized Map<String, Object> start(String name, String version, RolloutPlan plan) {
        return start(name, version, plan, Optional.empty());
    }

    /** The same, setting how the name's answers are compared first (what is noise) when a rule is given. */
    public synchronized Map<String, Object> start(String name, String version, RolloutPlan plan,
                                                  Optional<ComparisonRule> comparison) {
        if (!figuresRecorded) {
            throw DomainException.conflict("Rollouts judge from the gateway's figures, and this manager records none"
                    + " (DAEPLOY_METRICS=false)");
        }
        ServiceRecord candidate = versions.find(name, version).filter(r -> !r.terminating())
                .orElseThrow(() -> DomainException.notFound("No service " + name + " " + version + " is deployed"));
        if (candidate.main()) {
            throw DomainException.conflict("Field version: " + name + " " + version + " is the main version already");
        }
        if (candidate.status() != Status.RUNNING) {
            throw DomainException.conflict("Only a running version can be rolled out; " + name + " " + version + " is "
                    + candidate.status().wire() + (candidate.reason() == null ? "" : ": " + candidate.reason()));
        }
        ServiceRecord main = versions.byName(name).stream().filter(ServiceRecord::main).findFirst()
                .orElseThrow(() -> DomainException.conflict(name + " has no main version to roll out from"));
        Instant now = clock.instant();
        boolean shadowFirst = plan.shadowMinCopies() > 0;
        RolloutRecord record = new RolloutRecord(name, version, writePlan(plan), shadowFirst ? "shadow" : "canary", 0, false, 0,
                main.version(), now, now, null, "[]");
        if (!rollouts.start(record)) {
            RolloutRecord current = rollouts.find(name).orElseThrow();
            throw DomainException.conflict("A rollout of " + name + " " + current.version() + " is under way (" + current.phase()
                    + "): abort it first");
        }
        windows.remove(name);
        lastVerdicts.remove(name);
        comparison.ifPresent(comparisons::set);
        record = event(record, "started", shadowFirst
                ? "shadow phase: " + plan.shadowMinCopies() + " compared copies, " + plan.shadowMatchPercent() + " % matching"
                : "canary step 1 of " + plan.weights().size() + ": " + plan.weights().get(0) + " %");
        deployer.weights(name, version, shadowFirst ? 0 : plan.weights().get(0), plan.sticky());
        rollouts.save(record);
        announce(record, "Rollout of " + name + " " + version + " started (" + (shadowFirst ? "shadow phase" : "canary at "
                + plan.weights().get(0) + " %") + ")", Severity.INFO);
        return describe(record);
    }

    /** How each name's answers are compared, which the shadow phase and the canary's match rate depend on. */
    public Comparisons comparisons() {
        return comparisons;
    }

    /** The phase of each name's latest rollout. */
    public synchronized List<Phase> phases() {
        return rollouts.all().stream().map(r -> new Phase(r.name(), r.version(), r.phase())).toList();
    }

    /** Where a name's latest rollout is, with the figures of its current window. */
    public synchronized Map<String, Object> status(String name) {
        return describe(find(name));
    }

    public synchronized Map<String, Object> pause(String name) {
        RolloutRecord record = underWay(name);
        if (!record.paused()) {
            record = event(with(record, record.phase(), record.step(), true, record.failures(), null), "paused", "by hand");
            rollouts.save(record);
        }
        return describe(record);
    }

    public synchronized Map<String, Object> resume(String name) {
        RolloutRecord record = underWay(name);
        if (record.paused()) {
            windows.remove(name); // the step is judged again from now
            record = event(with(record, record.phase(), record.step(), false, record.failures(), null), "resumed", "by hand");
            rollouts.save(record);
        }
        return describe(record);
    }

    /** Ends a rollout under way: the version answers no share of the requests any more and stays as a shadow. */
    public synchronized Map<String, Object> abort(String name) {
        return describe(end(underWay(name), "aborted", "aborted by hand", false));
    }

    /** One look at every rollout under way. */
    public synchronized void tick() {
        for (RolloutRecord record : rollouts.underWay()) {
            try {
                advance(record);
            } catch (RuntimeException e) {
                // one line: the next tick tries again, and a lasting cause would fill the log with stack traces
                LOG.warning(() -> "Rollout of " + record.name() + " " + record.version() + " could not go on now: " + e);
            }
        }
    }

    private void advance(RolloutRecord record) {
        Optional<ServiceRecord> candidate = versions.find(record.name(), record.version()).filter(r -> !r.terminating());
        if (candidate.isEmpty()) {
            end(record, "aborted", record.name() + " " + record.version() + " was killed", false);
            return;
        }
        Optional<ServiceRecord> main = versions.byName(record.name()).stream().filter(ServiceRecord::main).findFirst();
        if (main.isEmpty() || !main.get().version().equals(record.previousMain())) {
            end(record, "aborted", "the main of " + record.name() + " changed by hand", false);
            return;
        }
        RolloutPlan plan = readPlan(record.plan());
        int share = record.phase().equals("canary") ? plan.weights().get(record.step()) : 0;
        if (candidate.get().weight() != share || share > 0 && candidate.get().sticky() != plan.sticky()) {
            // level-triggered: the split is what the stored step says, even if a manager stopped before it set it
            deployer.weights(record.name(), record.version(), share, plan.sticky());
        }
        if (record.paused()) {
            return;
        }
        Window window = window(record);
        VersionTraffic candidateWindow = figures.of(record.name(), record.version()).minus(window.candidate());
        StepJudge.Verdict verdict = record.phase().equals("shadow")
                ? StepJudge.shadowPhase(plan, candidateWindow)
                : StepJudge.canaryStep(plan, candidateWindow, figures.of(record.name(), record.previousMain()).minus(window.main()),
                                       Duration.between(window.since(), clock.instant()));
        lastVerdicts.put(record.name(), verdict);
        if (verdict.held()) {
            return;
        }
        if (verdict.failed().isPresent()) {
            failed(record, plan, verdict.failed().get());
            return;
        }
        passed(record, plan, verdict);
    }

    private void passed(RolloutRecord record, RolloutPlan plan, StepJudge.Verdict verdict) {
        String checks = verdict.checks().stream().map(StepJudge.Check::describe).reduce((a, b) -> a + ", " + b).orElse("");
        int next = record.phase().equals("shadow") ? 0 : record.step() + 1;
        if (next >= plan.weights().size()) {
            promote(record, plan, checks);
            return;
        }
        int weight = plan.weights().get(next);
        deployer.weights(record.name(), record.version(), weight, plan.sticky());
        RolloutRecord moved = event(with(record, "canary", next, false, record.failures(), null), "step",
                "canary step " + (next + 1) + " of " + plan.weights().size() + ": " + weight + " % (passed: " + checks + ")");
        rollouts.save(moved);
        windows.remove(record.name());
        announce(moved, "Rollout of " + record.name() + " " + record.version() + ": " + weight + " % of the requests ("
                + checks + ")", Severity.INFO);
    }

    private void promote(RolloutRecord record, RolloutPlan plan, String checks) {
        deployer.assign(record.name(), record.version());
        if (plan.killOldMain()) {
            deployer.kill(record.name(), record.previousMain(), false);
        }
        RolloutRecord promoted = event(with(record, "promoted", record.step(), false, record.failures(), null), "promoted",
                record.version() + " is the main" + (plan.killOldMain() ? "; " + record.previousMain() + " was killed"
                        : "; " + record.previousMain() + " is a shadow") + " (passed: " + checks + ")");
        rollouts.save(promoted);
        windows.remove(record.name());
        announce(promoted, "Rollout of " + record.name() + " " + record.version() + " promoted it to main", Severity.INFO);
    }

    private void failed(RolloutRecord record, RolloutPlan plan, StepJudge.Check check) {
        int failures = record.failures() + 1;
        String why = check.describe();
        if (failures >= plan.failedChecks()) {
            end(with(record, record.phase(), record.step(), false, failures, null), "rolled_back",
                    "rolled back after " + failures + " failed checks; the last: " + why, plan.killRolledBack());
            return;
        }
        RolloutRecord again = event(with(record, record.phase(), record.step(), false, failures, null), "check failed",
                why + " (" + failures + " of " + plan.failedChecks() + " failed checks); the step is judged again");
        rollouts.save(again);
        windows.remove(record.name());
        announce(again, "Rollout of " + record.name() + " " + record.version() + ": a check failed: " + why, Severity.WARNING);
    }

    private RolloutRecord end(RolloutRecord record, String phase, String reason, boolean kill) {
        boolean present = versions.find(record.name(), record.version()).filter(r -> !r.terminating()).isPresent();
        if (present) { // a version killed meanwhile has no share to take back
            deployer.weights(record.name(), record.version(), 0, false);
            if (kill) {
                deployer.kill(record.name(), record.version(), false);
            }
        }
        RolloutRecord ended = event(with(record, phase, record.step(), false, record.failures(), reason), phase.replace('_', ' '),
                reason + (kill ? "; the version was killed" : "; the version stays as a shadow"));
        rollouts.save(ended);
        windows.remove(record.name());
        lastVerdicts.remove(record.name());
        announce(ended, "Rollout of " + record.name() + " " + record.version() + " " + phase.replace('_', ' ') + ": " + reason,
                phase.equals("rolled_back") ? Severity.WARNING : Severity.INFO);
        return ended;
    }

    private Window window(RolloutRecord record) {
        String phaseAndStep = record.phase() + "/" + record.step() + "/" + record.failures();
        Window window = windows.get(record.name());
        if (window == null || !window.phaseAndStep().equals(phaseAndStep)) {
            window = new Window(phaseAndStep, clock.instant(), figures.of(record.name(), record.version()),
                                figures.of(record.name(), record.previousMain()));
            windows.put(record.name(), window);
        }
        return window;
    }

    private Map<String, Object> describe(RolloutRecord record) {
        RolloutPlan plan = readPlan(record.plan());
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("name", record.name());
        status.put("version", record.version());
        status.put("previousMain", record.previousMain());
        status.put("phase", record.phase());
        status.put("step", record.phase().equals("shadow") ? 0 : record.step() + 1);
        status.put("steps", plan.weights().size());
        status.put("weight", record.phase().equals("canary") ? plan.weights().get(record.step()) : 0);
        status.put("paused", record.paused());
        status.put("failedChecks", record.failures());
        status.put("started", record.started().toString());
        status.put("updated", record.updated().toString());
        status.put("reason", record.reason());
        status.put("plan", plan);
        ComparisonRule rule = comparisons.ruleOf(record.name());
        Map<String, Object> comparison = new LinkedHashMap<>();
        comparison.put("ignore", rule.ignore());
        comparison.put("detectNoise", rule.detectNoise());
        comparison.put("learnedNoise", rule.detectNoise() ? comparisons.noiseOf(record.name()).fields() : List.of());
        status.put("comparison", comparison);
        Window window = windows.get(record.name());
        if (record.underWay() && window != null) {
            VersionTraffic candidate = figures.of(record.name(), record.version()).minus(window.candidate());
            VersionTraffic main = figures.of(record.name(), record.previousMain()).minus(window.main());
            Map<String, Object> figuresNow = new LinkedHashMap<>();
            figuresNow.put("since", window.since().toString());
            figuresNow.put("candidate", figures(candidate));
            figuresNow.put("main", figures(main));
            status.put("window", figuresNow);
        }
        StepJudge.Verdict verdict = lastVerdicts.get(record.name());
        if (record.underWay() && verdict != null) {
            status.put("lastJudgement", verdict.held() ? Map.of("held", verdict.heldBecause().get())
                    : Map.of("checks", verdict.checks()));
        }
        try {
            status.put("history", Json.mapper().readTree(record.history()));
        } catch (JsonProcessingException e) {
            status.put("history", List.of());
        }
        return status;
    }

    private static Map<String, Object> figures(VersionTraffic traffic) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("requests", traffic.requests());
        shown.put("errorPercent", traffic.errorPercent());
        double p99 = traffic.latency().quantile(0.99);
        shown.put("p99Ms", Double.isNaN(p99) ? null : p99 * 1000);
        shown.put("compared", traffic.compared());
        shown.put("matchPercent", traffic.matchPercent());
        return shown;
    }

    private RolloutRecord find(String name) {
        return rollouts.find(name).orElseThrow(() -> DomainException.notFound("No rollout of " + name + " was started"));
    }

    private RolloutRecord underWay(String name) {
        RolloutRecord record = find(name);
        if (!record.underWay()) {
            throw DomainException.conflict("The rollout of " + name + " " + record.version() + " is over (" + record.phase() + ")");
        }
        return record;
    }

    private RolloutRecord with(RolloutRecord r, String phase, int step, boolean paused, int failures, String reason) {
        return new RolloutRecord(r.name(), r.version(), r.plan(), phase, step, paused, failures, r.previousMain(), r.started(),
                clock.instant(), reason, r.history());
    }

    /** The record with one more entry in its history, and a log line for it. */
    private RolloutRecord event(RolloutRecord r, String event, String detail) {
        LOG.info(() -> "Rollout of " + r.name() + " " + r.version() + ": " + event + ": " + detail);
        try {
            ArrayNode history = (ArrayNode) Json.mapper().readTree(r.history());
            history.addObject().put("at", clock.instant().toString()).put("event", event).put("detail", detail);
            return new RolloutRecord(r.name(), r.version(), r.plan(), r.phase(), r.step(), r.paused(), r.failures(),
                    r.previousMain(), r.started(), r.updated(), r.reason(), Json.mapper().writeValueAsString(history));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("The history of the rollout of " + r.name() + " is not a JSON array", e);
        }
    }

    private void announce(RolloutRecord record, String message, Severity severity) {
        notifications.raiseForService(record.name(), record.version(), message, severity);
    }

    private static String writePlan(RolloutPlan plan) {
        try {
            return Json.mapper().writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RolloutPlan readPlan(String json) {
        try {
            return Json.mapper().readValue(json, RolloutPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored rollout plan is not readable: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
