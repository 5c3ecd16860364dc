package io.daeploy.manager.core;

import io.daeploy.common.IdleTimeouts;
import io.daeploy.common.Severity;
import io.daeploy.common.Status;
import io.daeploy.manager.deploy.VersionFolders;
import io.daeploy.manager.notify.NotificationService;
import io.daeploy.manager.runtime.Observation;
import io.daeploy.manager.runtime.RuntimeEvent;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.runtime.VersionSpec;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.LeaseLost;
import io.daeploy.manager.store.ServiceRepository;
import io.daeploy.manager.core.leader.Leadership;
import io.daeploy.manager.core.leader.NotLeader;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Brings what runs in line with what the store says should run, one version at a time: level-triggered, like a
 * Kubernetes controller. A version is looked at whenever it changes, whenever its runtime reports something, and on
 * a periodic resync, so that a missed event or a manager restart heals by itself. Versions are reconciled on threads
 * of their own (one pass at a time per version), so a slow runtime call for one never holds up another; only this
 * class writes what was observed of a version to the store.
 */
public final class Reconciler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());
    private static final int REASON_LOG_LINES = 5;

    private final ServiceRepository repository;
    private final ServiceRuntime runtime;
    private final RoutePublisher routes;
    private final Supervisor supervisor;
    private final DeployWatch watch;
    private final ServiceEnvironment environment;
    private final VersionFolders folders;
    private final NotificationService notifications;
    private final Duration resyncInterval;
    private final Duration healthTimeout;
    private final Leadership leadership;

    /** Versions being reconciled now, each with whether it must be looked at once more afterwards. */
    private final Map<String, Boolean> queue = new ConcurrentHashMap<>();
    /** What runtimes reported of each version since it was last looked at. */
    private final Map<String, Queue<RuntimeEvent>> inbox = new ConcurrentHashMap<>();
    /** The generation whose role each running version was last weighed for (see {@link ServiceRuntime#prioritize}). */
    private final Map<String, Long> weighed = new ConcurrentHashMap<>();
    /** The generation each version's instances were last {@linkplain ServiceRuntime#scale shaped} for. */
    private final Map<String, Long> scaled = new ConcurrentHashMap<>();
    /** Callers waiting for a version's next pass (an assign, for the new roles to be weighed). */
    private final Map<String, List<CompletableFuture<Void>>> waitingForPass = new ConcurrentHashMap<>();
    /** Kills waiting for their version to be gone. */
    private final Map<String, CompletableFuture<ServiceRecord>> removals = new ConcurrentHashMap<>();
    /** Versions recorded before this manager started that it has not looked at yet. */
    private final Set<String> firstLook = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService resync = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("daeploy-resync").daemon().factory());
    /** The endpoints recorded in the store for each version, for the managers that follow. */
    private final Map<String, List<URI>> recordedEndpoints = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean started;
    private volatile boolean leading;

    Reconciler(ServiceRepository repository, ServiceRuntime runtime, RoutePublisher routes, Supervisor supervisor,
               DeployWatch watch, ServiceEnvironment environment, VersionFolders folders, NotificationService notifications,
               Duration resyncInterval, Duration healthTimeout, Leadership leadership) {
        this.repository = repository;
        this.runtime = runtime;
        this.routes = routes;
        this.supervisor = supervisor;
        this.watch = watch;
        this.environment = environment;
        this.folders = folders;
        this.notifications = notifications;
        this.resyncInterval = resyncInterval;
        this.healthTimeout = healthTimeout;
        this.leadership = leadership;
        supervisor.onWake(this::enqueue);
        runtime.events(this::on);
    }

    /**
     * This manager leads: it looks at every recorded version now (after a manager restart or a change of leader, this
     * takes on what still runs and starts what does not), reports what runs without a record, and from then on
     * resyncs every {@code DAEPLOY_RESYNC_SECONDS}.
     */
    public synchronized void lead() {
        recordedEndpoints.clear(); // another leader may have recorded others meanwhile
        leading = true;
        List<ServiceRecord> records = repository.all();
        routes.putAll(records);
        records.forEach(record -> firstLook.add(record.qualifiedName()));
        Optional<Set<String>> running = running();
        running.ifPresent(seen -> {
            reportUnknown(records, seen);
            // told at once, before any is started again: what should run and does not
            records.stream().filter(record -> !record.terminating() && wasRunning(record) && !seen.contains(record.qualifiedName()))
                    .forEach(record -> restartedAfterLoss(record, true));
        });
        records.forEach(record -> enqueue(record.qualifiedName()));
        if (!started) { // the first time it leads; the resync skips the times it follows
            long every = resyncInterval.toMillis();
            resync.scheduleWithFixedDelay(this::resync, every, every, TimeUnit.MILLISECONDS);
        }
        started = true;
    }

    /**
     * Another manager leads: this one starts no pass (those under way end at their next write or runtime action, which
     * the lease refuses), and its deploys and kills are settled by what the store shows.
     */
    public void follow() {
        leading = false;
        firstLook.clear();
    }

    /** Whether this manager reconciles now. */
    public boolean leading() {
        return leading;
    }

    /**
     * Whether every version recorded when this manager started has been looked at once: what still ran is taken on and
     * routed again, what did not is being started. Until then the manager is not ready for traffic.
     */
    public boolean caughtUp() {
        return started && firstLook.isEmpty();
    }

    /** Versions recorded at the start that were not looked at yet. */
    public int toLookAt() {
        return firstLook.size();
    }

    /** Every version, looked at again: what an event would have told and did not is found this way. */
    void resync() {
        if (!leading) {
            return;
        }
        try {
            repository.all().forEach(record -> enqueue(record.qualifiedName()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Resync failed; the next one tries again", e);
        }
    }

    /** Looks at a version soon: at once if nobody is, else once more after the pass under way. */
    public void enqueue(String qualifiedName) {
        if (closed || !leading) {
            return;
        }
        boolean[] first = {false};
        queue.compute(qualifiedName, (key, again) -> {
            if (again == null) {
                first[0] = true;
                return Boolean.FALSE;
            }
            return Boolean.TRUE;
        });
        if (first[0]) {
            Thread.ofVirtual().name("daeploy-reconcile-" + qualifiedName).start(() -> drain(qualifiedName));
        }
    }

    /** Looks at a version again; completes once a pass that started after this call is over. */
    CompletableFuture<Void> lookAgain(String qualifiedName) {
        CompletableFuture<Void> passed = new CompletableFuture<>();
        if (!leading) {
            passed.complete(null); // the leader looks, told by the store's change feed
            return passed;
        }
        waitingForPass.compute(qualifiedName, (key, waiting) -> {
            List<CompletableFuture<Void>> all = waiting == null ? new java.util.ArrayList<>() : waiting;
            all.add(passed);
            return all;
        });
        enqueue(qualifiedName);
        if (closed) {
            passed.complete(null);
        }
        return passed;
    }

    /** Completes once a version marked as terminating is gone, with its last record. */
    CompletableFuture<ServiceRecord> removal(String qualifiedName) {
        return removals.computeIfAbsent(qualifiedName, key -> new CompletableFuture<>());
    }

    /** A version the store does not hold any more (a manager that follows saw it go): its kill is over. */
    void gone(String qualifiedName, ServiceRecord last) {
        Optional.ofNullable(removals.remove(qualifiedName)).ifPresent(kill -> kill.complete(last));
    }

    /** A runtime's report: kept for the version's next pass, which comes at once. */
    void on(RuntimeEvent event) {
        if (event instanceof RuntimeEvent.Started started) {
            watch.step(started.qualifiedName(), "Started at " + started.endpoint() + "; waiting up to "
                    + healthTimeout.toSeconds() + " s for /observe/health to answer");
        }
        inbox.computeIfAbsent(event.qualifiedName(), key -> new ConcurrentLinkedQueue<>()).add(event);
        enqueue(event.qualifiedName());
    }

    private void drain(String qualifiedName) {
        while (!closed) {
            List<CompletableFuture<Void>> served = waitingForPass.remove(qualifiedName); // this pass serves them
            try {
                reconcile(qualifiedName);
            } catch (NotLeader | LeaseLost e) {
                LOG.fine(() -> "Stopped reconciling " + qualifiedName + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Reconciling " + qualifiedName + " failed; the next resync tries again", e);
            } finally {
                firstLook.remove(qualifiedName);
                if (served != null) {
                    served.forEach(passed -> passed.complete(null));
                }
            }
            Boolean again = queue.compute(qualifiedName, (key, more) -> Boolean.TRUE.equals(more) && !closed ? Boolean.FALSE : null);
            if (again == null) {
                return;
            }
        }
        queue.remove(qualifiedName);
    }

    private void reconcile(String qualifiedName) {
        boolean firstLookAfterStart = firstLook.contains(qualifiedName);
        Optional<ServiceRecord> found = find(qualifiedName);
        if (found.isEmpty()) {
            routes.remove(qualifiedName);
            inbox.remove(qualifiedName);
            recordedEndpoints.remove(qualifiedName);
            return;
        }
        ServiceRecord record = found.get();
        routes.put(record);
        if (record.terminating()) {
            terminate(record);
            return;
        }
        record = handleEvents(record);
        VersionSpec spec = specWithoutEnvironment(record);
        if (record.status() == Status.FAILED || supervisor.holdsBack(qualifiedName)) {
            endpoints(qualifiedName, List.of());
            if (record.status() == Status.FAILED) {
                stopWhatStillRuns(spec, record);
            }
            return;
        }
        if (record.asleep()) {
            sleep(record, spec);
            return;
        }
        if (record.status() == Status.IDLE) {
            record = record.observed(Status.STARTING, "waking up: a request came while it was idle");
            recordObserved(record);
            routes.put(record);
        }
        Observation seen = runtime.observe(spec, record.runtimeRef());
        if (seen.state() == Observation.State.ABSENT && reportsWaiting(qualifiedName)) {
            return; // it ended and the runtime told why: the next pass (queued with the report) decides, not a blind restart
        }
        if (seen.state() == Observation.State.ABSENT) {
            ServiceRuntime.Ensured ensured;
            try {
                ensured = runtime.ensure(spec(record), record.runtimeRef());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Could not start " + qualifiedName, e);
                fail(record, "could not be started: " + e.getMessage());
                return;
            }
            if (ensured == ServiceRuntime.Ensured.STARTED && wasRunning(record)) {
                record = restartedAfterLoss(record, firstLookAfterStart);
            }
            seen = runtime.observe(spec, record.runtimeRef());
        }
        if (seen.runsOtherThan(record.revision())) {
            replace(record, seen);
        }
        apply(record, spec, seen);
    }

    /**
     * Asleep (scale to zero): nothing of it runs and it shows as idle. The runtime is told once, and again only while
     * it still sees something of it.
     */
    private void sleep(ServiceRecord record, VersionSpec spec) {
        endpoints(record.qualifiedName(), List.of());
        if (record.status() == Status.IDLE
                && runtime.observe(spec, record.runtimeRef()).state() == Observation.State.ABSENT) {
            return;
        }
        runtime.sleep(spec, record.runtimeRef());
        inbox.remove(record.qualifiedName()); // what it reported before it was stopped is over
        weighed.remove(record.qualifiedName());
        scaled.remove(record.qualifiedName());
        if (record.status() != Status.IDLE) {
            ServiceRecord idle = record.observed(Status.IDLE, record.scalesToZero()
                    ? "served no request for " + IdleTimeouts.format(record.idleTimeout()) + "; the next request starts it"
                    : "asleep with its main version, which was idle; the next request starts it");
            recordObserved(idle);
            routes.put(idle);
            LOG.info(() -> record.qualifiedName() + " is idle: stopped until the next request");
        }
    }

    private void reloadFailed(RuntimeEvent.ReloadFailed reload) {
        LOG.warning(() -> reload.qualifiedName() + ": its new code (revision " + reload.revision()
                + ") did not start, the code it had serves on: " + reload.reason());
        watch.reloadFailed(reload.qualifiedName(), reload.revision(), reload.reason());
    }

    /** New code of a running version (a reload): started beside what runs; the runtime moves the traffic when ready. */
    private void replace(ServiceRecord record, Observation seen) {
        try {
            runtime.replace(spec(record), seen.ref());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not start the new code of " + record.qualifiedName(), e);
            watch.reloadFailed(record.qualifiedName(), record.revision(), "could not be started: " + e.getMessage());
        }
    }

    /** A version whose crashes are its old code's: counted afresh from now on (new code replaced it). */
    void forgetCrashes(String qualifiedName) {
        supervisor.forget(qualifiedName);
    }

    /** Whether the runtime reported something of a version that no pass has read yet. */
    private boolean reportsWaiting(String qualifiedName) {
        Queue<RuntimeEvent> events = inbox.get(qualifiedName);
        return events != null && !events.isEmpty();
    }

    /**
     * A failed version runs nothing: an instance started just before it failed (a race the reports above close, or a
     * runtime that left one behind) is stopped. Where the runtime restarts crashed instances itself, it owns them.
     */
    private void stopWhatStillRuns(VersionSpec spec, ServiceRecord record) {
        if (!runtime.restartsCrashedInstances()
                && runtime.observe(spec, record.runtimeRef()).state() != Observation.State.ABSENT) {
            LOG.warning(() -> record.qualifiedName() + " failed but an instance of it runs: stopping it");
            runtime.delete(spec, record.runtimeRef());
        }
    }

    /** What the runtime reported since the last pass: failures, crashes and its own restarts change the record. */
    private ServiceRecord handleEvents(ServiceRecord record) {
        Queue<RuntimeEvent> events = inbox.remove(record.qualifiedName());
        if (events == null) {
            return record;
        }
        for (RuntimeEvent event : events) {
            if (record.status() == Status.FAILED) {
                break;
            }
            switch (event) {
                case RuntimeEvent.Failed failed -> record = fail(record, failed.reason());
                case RuntimeEvent.Exited exited -> record = crashed(record, exited.exitCode());
                case RuntimeEvent.Restarted restarted -> record = restartedByRuntime(record, restarted);
                case RuntimeEvent.Started started -> { }
                case RuntimeEvent.Changed changed -> { }
                case RuntimeEvent.ReloadFailed reload -> reloadFailed(reload);
                case RuntimeEvent.Ready ready -> { }
            }
        }
        return record;
    }

    private void apply(ServiceRecord record, VersionSpec spec, Observation seen) {
        String qualifiedName = record.qualifiedName();
        if (seen.state() != Observation.State.ABSENT && !Objects.equals(scaled.get(qualifiedName), record.generation())) {
            runtime.scale(spec, seen.ref());
            scaled.put(qualifiedName, record.generation());
        }
        switch (seen.state()) {
            case READY -> {
                endpoints(qualifiedName, seen.endpoints());
                if (seen.revision() == record.revision() || seen.revision() == Observation.ANY_REVISION) {
                    watch.reloaded(qualifiedName, record.revision());
                }
                ServiceRecord running = record;
                if (record.status() != Status.RUNNING || !Objects.equals(record.runtimeRef(), seen.ref())) {
                    running = record.observed(Status.RUNNING, null).withRuntimeRef(seen.ref());
                    recordObserved(running);
                    routes.put(running);
                }
                if (record.status() != Status.RUNNING) {
                    ServiceRecord healthy = running;
                    LOG.info(() -> qualifiedName + " is running at " + seen.endpoints().stream().map(Object::toString)
                            .collect(Collectors.joining(", ")));
                    watch.step(qualifiedName, "Healthy: " + record.name() + " " + record.version() + " gets traffic as "
                            + (healthy.main() ? "the main version" : healthy.canary() ? "a canary of the main version"
                            : "a shadow of the main version"));
                }
                if (!Objects.equals(weighed.get(qualifiedName), record.generation())) {
                    runtime.prioritize(spec, seen.ref());
                    weighed.put(qualifiedName, record.generation());
                }
                watch.settled(running);
            }
            case STARTING -> {
                endpoints(qualifiedName, List.of());
                if (!Objects.equals(record.runtimeRef(), seen.ref())) {
                    ServiceRecord launched = record.withRuntimeRef(seen.ref());
                    recordObserved(launched);
                    routes.put(launched);
                }
            }
            case ABSENT -> endpoints(qualifiedName, List.of());
        }
    }

    /** Killed: what runs goes, then its files, image (unless kept) and token, then the record. */
    private void terminate(ServiceRecord record) {
        String qualifiedName = record.qualifiedName();
        VersionSpec spec = specWithoutEnvironment(record);
        try {
            runtime.delete(spec, record.runtimeRef());
        } catch (RuntimeException e) {
            Optional.ofNullable(removals.remove(qualifiedName)).ifPresent(kill -> kill.completeExceptionally(e));
            throw e; // the record stays terminating: the next resync tries again
        }
        supervisor.forget(qualifiedName);
        weighed.remove(qualifiedName);
        scaled.remove(qualifiedName);
        inbox.remove(qualifiedName);
        folders.deleteVersion(spec.appDir());
        if (!record.keepImage()) {
            discard(spec);
        }
        environment.forget(record);
        repository.delete(record.name(), record.version(), leadership.fence());
        routes.remove(qualifiedName);
        recordedEndpoints.remove(qualifiedName);
        LOG.info(() -> "Killed " + qualifiedName);
        watch.settled(record.observed(Status.STOPPED, "killed while starting"));
        Optional.ofNullable(removals.remove(qualifiedName)).ifPresent(kill -> kill.complete(record));
    }

    /** What was observed, written under the lease: a deposed leader's write is refused ({@link LeaseLost}). */
    private void recordObserved(ServiceRecord record) {
        repository.recordObserved(record, leadership.fence());
    }

    /**
     * Where a version answers now: to the gateway at once, and into the store for the managers that follow (before its
     * status, so that whoever sees it running can route to it).
     */
    private void endpoints(String qualifiedName, List<URI> ready) {
        routes.endpoints(qualifiedName, ready);
        if (!ready.equals(recordedEndpoints.get(qualifiedName))) {
            int split = qualifiedName.lastIndexOf('_'); // versions have no '_', names may
            repository.recordEndpoints(qualifiedName.substring(0, split), qualifiedName.substring(split + 1), ready,
                                       leadership.fence());
            recordedEndpoints.put(qualifiedName, List.copyOf(ready));
        }
    }

    private ServiceRecord fail(ServiceRecord record, String reason) {
        ServiceRecord failed = record.observed(Status.FAILED, reason);
        LOG.warning(() -> record.qualifiedName() + " failed: " + reason);
        notifications.raiseForService(record.name(), record.version(), "Failed: " + reason, Severity.CRITICAL);
        recordObserved(failed);
        routes.put(failed);
        endpoints(record.qualifiedName(), List.of());
        watch.settled(failed);
        return failed;
    }

    /** A ready instance ended and its runtime leaves it so: the supervisor decides between a restart and giving up. */
    private ServiceRecord crashed(ServiceRecord record, int exitCode) {
        endpoints(record.qualifiedName(), List.of());
        return switch (supervisor.crashed(record.qualifiedName())) {
            case Supervisor.Decision.GiveUp giveUp -> fail(record, "crashed " + giveUp.crashes() + " times within 10 minutes"
                    + " (last exit code " + exitCode + "); not restarted again" + lastOutput(record));
            case Supervisor.Decision.Restart restart -> {
                ServiceRecord restarting = record.observed(Status.STARTING, "crashed with exit code " + exitCode + "; restart "
                        + restart.attempt() + " of " + CrashHistory.MAX_RESTARTS + " in " + restart.delay().toSeconds() + " s")
                        .withRestarts(restart.attempt());
                LOG.warning(() -> record.qualifiedName() + " " + restarting.reason());
                notifications.raiseForService(record.name(), record.version(), "Crashed with exit code " + exitCode
                        + "; restarting (attempt " + restart.attempt() + " of " + CrashHistory.MAX_RESTARTS + ")", Severity.WARNING);
                recordObserved(restarting);
                routes.put(restarting);
                yield restarting;
            }
        };
    }

    /** The runtime restarted a crashed instance itself: degraded until it answers its health check again. */
    private ServiceRecord restartedByRuntime(ServiceRecord record, RuntimeEvent.Restarted restarted) {
        int exitCode = restarted.exitCode();
        String detail = restarted.detail().isBlank() ? "" : " (" + restarted.detail() + ")";
        notifications.raiseForService(record.name(), record.version(), "Crashed with exit code " + exitCode
                + "; restarted by the " + runtime.name() + " runtime" + detail, Severity.WARNING);
        ServiceRecord degraded = record.observed(Status.DEGRADED, "crashed with exit code " + exitCode + "; restarted by the "
                + runtime.name() + " runtime").withRestarts(record.restarts() + 1);
        recordObserved(degraded);
        routes.put(degraded);
        return degraded;
    }

    /** It should have been running and was not: started again, and the user hears of it. */
    private ServiceRecord restartedAfterLoss(ServiceRecord record, boolean afterManagerStart) {
        String message = afterManagerStart ? "Was not running when the manager started; starting it again"
                : "Was found not running; starting it again";
        LOG.info(() -> "Restarting " + record.qualifiedName() + ": it was not running any more");
        notifications.raiseForService(record.name(), record.version(), message, Severity.WARNING);
        ServiceRecord restarting = record.observed(Status.STARTING, afterManagerStart
                ? "restarting: not running after a manager restart" : "restarting: found not running");
        recordObserved(restarting);
        routes.put(restarting);
        return restarting;
    }

    private static boolean wasRunning(ServiceRecord record) {
        return record.status() == Status.RUNNING || record.status() == Status.DEGRADED;
    }

    /** A version is gone already when its image cannot be removed: say so in the log, not to the killer. */
    private void discard(VersionSpec spec) {
        try {
            runtime.discard(spec);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Could not remove the image of " + spec.qualifiedName() + ": " + e.getMessage());
        }
    }

    /** What the runtime sees running, whether it tracks it or not; empty when it cannot tell. */
    private Optional<Set<String>> running() {
        try {
            return Optional.of(new HashSet<>(runtime.running()));
        } catch (RuntimeException e) {
            LOG.warning(() -> "Could not list what the " + runtime.name() + " runtime runs: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Versions that run but that this manager's store does not know: told in the log and as notifications. */
    private void reportUnknown(List<ServiceRecord> records, Set<String> running) {
        Set<String> known = records.stream().map(ServiceRecord::qualifiedName).collect(Collectors.toSet());
        for (String qualifiedName : running) {
            if (known.contains(qualifiedName)) {
                continue;
            }
            String message = "Runs but is not in this manager's database (" + folders.dataDir() + "); it gets no traffic."
                    + " Stop it, or start the manager with the data directory it came from.";
            LOG.warning(() -> "A service " + qualifiedName + " " + message.substring(0, 1).toLowerCase() + message.substring(1));
            int split = qualifiedName.lastIndexOf('_'); // versions have no '_', names may
            notifications.raiseForService(qualifiedName.substring(0, split), qualifiedName.substring(split + 1), message,
                                          Severity.WARNING);
        }
    }

    private String lastOutput(ServiceRecord record) {
        List<String> lines = runtime.recentOutput(specWithoutEnvironment(record), REASON_LOG_LINES);
        return lines.isEmpty() ? "" : "; last output: " + String.join(" | ", lines);
    }

    private Optional<ServiceRecord> find(String qualifiedName) {
        int split = qualifiedName.lastIndexOf('_'); // versions have no '_', names may
        return repository.find(qualifiedName.substring(0, split), qualifiedName.substring(split + 1));
    }

    VersionSpec spec(ServiceRecord record) {
        return new VersionSpec(record.name(), record.version(), record.main(), folders.of(record.name(), record.version()),
                record.image(), environment.of(record), record.replicas(), record.generation(), record.cpu(), record.memory(),
                record.main() || record.canary(), record.revision());
    }

    VersionSpec specWithoutEnvironment(ServiceRecord record) {
        return new VersionSpec(record.name(), record.version(), record.main(), folders.of(record.name(), record.version()),
                record.image(), Map.of(), record.replicas(), record.generation(), record.cpu(), record.memory(),
                record.main() || record.canary(), record.revision());
    }

    /** Stops looking: no new pass starts, and the passes under way end (within a few seconds) before the store closes. */
    @Override
    public void close() {
        closed = true;
        resync.shutdownNow();
        waitingForPass.values().forEach(waiting -> waiting.forEach(passed -> passed.complete(null)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
