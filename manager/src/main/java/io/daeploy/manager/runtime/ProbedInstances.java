package io.daeploy.manager.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The instances a runtime launched or took on, as the process and docker runtimes keep them: each is probed on
 * {@code /observe/health} until it answers ({@link RuntimeEvent.Ready}), ends or runs out of time (stopped;
 * {@link RuntimeEvent.Failed}); once ready it is watched until it ends ({@link RuntimeEvent.Exited}). An engine with
 * probes of its own (Kubernetes) needs none of this.
 */
public final class ProbedInstances {

    private static final int REASON_LOG_LINES = 5;
    private static final Logger LOG = Logger.getLogger(ProbedInstances.class.getName());
    /** How long replaced code keeps running after its successor took over, for the requests it still answers. */
    static final Duration RELOAD_DRAIN = Duration.ofSeconds(2);

    /**
     * One launched instance, as its runtime made it.
     *
     * @param ref    how the runtime finds it again, kept by the manager
     * @param exited completes with the exit code when the instance ends, for whatever reason
     */
    public record Launched(URI endpoint, String ref, CompletableFuture<Integer> exited) {
    }

    /** What the probing needs of its runtime. */
    public interface Host {

        /** Stops an instance that did not become healthy in time. */
        void stop(VersionSpec spec, Launched instance);

        /** The last lines the version printed, to explain a failure. */
        List<String> recentOutput(VersionSpec spec, int lines);
    }

    private static final class Tracked {
        final VersionSpec spec;
        final Launched instance;
        volatile boolean ready;
        /** Which code it runs (see {@link VersionSpec#revision}). */
        int revision() {
            return spec.revision();
        }

        Tracked(VersionSpec spec, Launched instance) {
            this.spec = spec;
            this.instance = instance;
        }
    }

    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    /** New code starting beside a version's tracked instance (a reload), until it is ready and takes its place. */
    private final Map<String, Tracked> successors = new ConcurrentHashMap<>();
    /** The last revision of each version whose new code did not become ready: not started again by itself. */
    private final Map<String, Integer> failedRevisions = new ConcurrentHashMap<>();
    private final Duration healthTimeout;
    private final Host host;
    private final HealthProbe probe = new HealthProbe();
    private volatile Consumer<RuntimeEvent> events = event -> { };

    public ProbedInstances(Duration healthTimeout, Host host) {
        this.healthTimeout = healthTimeout;
        this.host = host;
    }

    public void events(Consumer<RuntimeEvent> listener) {
        this.events = listener;
    }

    public Observation observe(String qualifiedName) {
        Tracked t = tracked.get(qualifiedName);
        if (t == null) {
            return Observation.ABSENT;
        }
        return t.ready ? Observation.ready(List.of(t.instance.endpoint()), t.instance.ref(), t.revision())
                : Observation.starting(t.instance.ref());
    }

    public boolean isTracked(String qualifiedName) {
        return tracked.containsKey(qualifiedName);
    }

    /** Whether an instance that runs already answers its health check now (to take it on after a manager restart). */
    public boolean healthy(URI endpoint) {
        return probe.healthy(endpoint);
    }

    /** A new instance: reported as started, then probed until it is ready, ends or runs out of time. */
    public void launched(VersionSpec spec, Launched instance) {
        Tracked t = new Tracked(spec, instance);
        tracked.put(spec.qualifiedName(), t);
        events.accept(new RuntimeEvent.Started(spec.qualifiedName(), instance.endpoint(), instance.ref()));
        Thread.ofVirtual().name("daeploy-probe-" + spec.qualifiedName()).start(() -> probe(t));
    }

    /** An instance that ran already and answers: ready at once, then watched. */
    public void adopted(VersionSpec spec, Launched instance) {
        Tracked t = new Tracked(spec, instance);
        t.ready = true;
        tracked.put(spec.qualifiedName(), t);
        events.accept(new RuntimeEvent.Ready(spec.qualifiedName(), List.of(instance.endpoint()), instance.ref()));
        watch(t);
    }

    /**
     * The runtime's engine restarted a crashed instance in place (Docker's restart policy): not ready until it answers
     * its health check again, then ready once more. Its end, if it comes, is reported as before.
     */
    public void restarted(String qualifiedName) {
        Tracked t = tracked.get(qualifiedName);
        if (t == null || !t.ready) {
            return;
        }
        t.ready = false;
        Thread.ofVirtual().name("daeploy-reprobe-" + qualifiedName).start(() -> {
            if (probe.await(t.instance.endpoint(), t.instance.exited(), healthTimeout) == HealthProbe.Outcome.HEALTHY
                    && tracked.get(qualifiedName) == t) {
                t.ready = true;
                events.accept(new RuntimeEvent.Ready(qualifiedName, List.of(t.instance.endpoint()), t.instance.ref()));
            }
        });
    }

    /** Stops tracking a version (it is being deleted): its end is then nobody's news. */
    public Optional<Launched> forget(String qualifiedName) {
        Optional.ofNullable(successors.remove(qualifiedName)).ifPresent(s -> host.stop(s.spec, s.instance));
        failedRevisions.remove(qualifiedName);
        return Optional.ofNullable(tracked.remove(qualifiedName)).map(t -> t.instance);
    }

    /**
     * A runtime's {@code replace} for runtimes that start new code beside what runs: an untracked version is started
     * as usual ({@code ensure}); a tracked one that runs other code gets a successor ({@code start}), which takes over
     * once healthy, and the old instance is stopped after {@link #RELOAD_DRAIN} for the requests it still answers.
     */
    public void replace(VersionSpec spec, Runnable ensure, Supplier<Launched> start) {
        if (!isTracked(spec.qualifiedName())) {
            ensure.run();
        } else if (wantsSuccessor(spec)) {
            LOG.info(() -> "Starting revision " + spec.revision() + " of " + spec.qualifiedName() + " beside the one that runs");
            launchedSuccessor(spec, start.get(), RELOAD_DRAIN);
        }
    }

    /**
     * Whether new code of a version should be started beside what runs: it runs other code, none is starting already,
     * and this revision did not fail before.
     */
    private boolean wantsSuccessor(VersionSpec spec) {
        Tracked current = tracked.get(spec.qualifiedName());
        Tracked starting = successors.get(spec.qualifiedName());
        return current != null && current.revision() != spec.revision()
                && (starting == null || starting.revision() != spec.revision())
                && !Integer.valueOf(spec.revision()).equals(failedRevisions.get(spec.qualifiedName()));
    }

    /**
     * New code launched beside the tracked instance: probed like a new instance; once healthy it takes the tracked
     * instance's place (reported {@link RuntimeEvent.Ready}) and the old one is stopped after {@code drain}, for the
     * requests it still answers; if it ends or runs out of time, the old one stays and a
     * {@link RuntimeEvent.ReloadFailed} says why.
     */
    private void launchedSuccessor(VersionSpec spec, Launched instance, Duration drain) {
        Tracked t = new Tracked(spec, instance);
        Optional.ofNullable(successors.put(spec.qualifiedName(), t)).ifPresent(old -> host.stop(old.spec, old.instance));
        Thread.ofVirtual().name("daeploy-probe-" + spec.qualifiedName() + "-r" + spec.revision()).start(() -> {
            String qualifiedName = spec.qualifiedName();
            HealthProbe.Outcome outcome = probe.await(instance.endpoint(), instance.exited(), healthTimeout);
            if (!successors.remove(qualifiedName, t)) {
                host.stop(spec, instance); // replaced or deleted meanwhile
                return;
            }
            if (outcome != HealthProbe.Outcome.HEALTHY) {
                host.stop(spec, instance); // an engine may otherwise start it again (Docker's restart policy)
                failedRevisions.put(qualifiedName, spec.revision());
                String why = outcome == HealthProbe.Outcome.EXITED
                        ? "exited with code " + instance.exited().join() + " during start-up"
                        : "did not become healthy within " + healthTimeout.toSeconds() + " s (DAEPLOY_HEALTH_TIMEOUT_SECONDS)";
                events.accept(new RuntimeEvent.ReloadFailed(qualifiedName, spec.revision(), why + lastOutput(spec)));
                return;
            }
            t.ready = true;
            Tracked old = tracked.put(qualifiedName, t);
            events.accept(new RuntimeEvent.Ready(qualifiedName, List.of(instance.endpoint()), instance.ref()));
            watch(t);
            if (old != null) {
                Thread.ofVirtual().name("daeploy-drain-" + qualifiedName).start(() -> {
                    sleep(drain);
                    host.stop(old.spec, old.instance);
                });
            }
        });
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void probe(Tracked t) {
        String qualifiedName = t.spec.qualifiedName();
        HealthProbe.Outcome outcome = probe.await(t.instance.endpoint(), t.instance.exited(), healthTimeout);
        if (tracked.get(qualifiedName) != t) {
            return; // deleted meanwhile
        }
        switch (outcome) {
            case HEALTHY -> {
                t.ready = true;
                events.accept(new RuntimeEvent.Ready(qualifiedName, List.of(t.instance.endpoint()), t.instance.ref()));
                watch(t);
            }
            case EXITED -> endWith(t, new RuntimeEvent.Failed(qualifiedName, "exited with code " + t.instance.exited().join()
                    + " during start-up" + lastOutput(t.spec)));
            case TIMED_OUT -> {
                host.stop(t.spec, t.instance);
                endWith(t, new RuntimeEvent.Failed(qualifiedName, "did not become healthy within "
                        + healthTimeout.toSeconds() + " s (DAEPLOY_HEALTH_TIMEOUT_SECONDS)" + lastOutput(t.spec)));
            }
        }
    }

    private void watch(Tracked t) {
        t.instance.exited().thenAccept(code -> endWith(t, new RuntimeEvent.Exited(t.spec.qualifiedName(), code)));
    }

    /**
     * An instance ended: told before it is seen gone, so that whoever finds it absent finds the reason waiting too
     * (and leaves the restart to the supervisor). Told only while it is still the tracked one (not after a delete).
     */
    private void endWith(Tracked t, RuntimeEvent event) {
        if (tracked.get(t.spec.qualifiedName()) == t) {
            events.accept(event);
            tracked.remove(t.spec.qualifiedName(), t);
        }
    }

    private String lastOutput(VersionSpec spec) {
        List<String> lines = host.recentOutput(spec, REASON_LOG_LINES);
        return lines.isEmpty() ? "" : "; last output: " + String.join(" | ", lines);
    }
}
