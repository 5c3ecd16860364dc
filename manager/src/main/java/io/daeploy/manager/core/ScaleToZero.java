package io.daeploy.manager.core;

import io.daeploy.common.IdleTimeouts;
import io.daeploy.common.Status;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.ServiceRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Scale to zero, as desired state: a version with an idle time-out that served no request for that long is marked
 * asleep in the store (the reconciler then stops it and shows it idle), and a request for an asleep version marks it
 * awake again (the reconciler starts it; the gateway holds the request until it serves). A main sleeps and wakes with
 * the other versions of its name: copies of its traffic are all its shadows get. Copies never wake a shadow.
 */
public final class ScaleToZero implements Waker, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ScaleToZero.class.getName());
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final ServiceRepository repository;
    private final RoutePublisher routes;
    private final Reconciler reconciler;
    private volatile RequestsSeenElsewhere elsewhere = RequestsSeenElsewhere.NONE;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("daeploy-idle-check").daemon().factory());

    ScaleToZero(ServiceRepository repository, RoutePublisher routes, Reconciler reconciler) {
        this.repository = repository;
        this.routes = routes;
        this.reconciler = reconciler;
    }

    /** Counts also the requests other managers passed: a version they keep busy is not idle. */
    void countAlso(RequestsSeenElsewhere elsewhere) {
        this.elsewhere = elsewhere;
    }

    /** Looks for idle versions every second from now on. */
    void start() {
        long every = CHECK_EVERY.toMillis();
        checks.scheduleWithFixedDelay(this::putIdleToSleep, every, every, TimeUnit.MILLISECONDS);
    }

    /** Every running version whose last request is older than its idle time-out goes to sleep. */
    void putIdleToSleep() {
        if (!reconciler.leading()) {
            return; // the leader decides, by what its gateway saw
        }
        try {
            for (ServiceRecord record : routes.records()) {
                if (record.scalesToZero() && !record.asleep() && !record.terminating() && record.status() == Status.RUNNING
                        && idleFor(record).compareTo(record.idleTimeout()) >= 0) {
                    sleep(record);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Looking for idle versions failed; the next look tries again", e);
        }
    }

    /** Since the last request this manager or another passed to it. */
    private Duration idleFor(ServiceRecord record) {
        Duration here = routes.lastRequest(record.qualifiedName()).idleFor();
        return elsewhere.lastRequest(record.qualifiedName())
                .map(at -> Duration.between(at, Instant.now()))
                .filter(there -> there.compareTo(here) < 0)
                .orElse(here);
    }

    private void sleep(ServiceRecord record) {
        LOG.info(() -> record.qualifiedName() + " served no request for " + IdleTimeouts.format(record.idleTimeout())
                + ": stopping it until the next request");
        List<ServiceRecord> going = record.main() ? repository.byName(record.name()) : List.of(record);
        for (ServiceRecord version : going) {
            if (repository.setAsleep(version.name(), version.version(), true)) {
                publishAndLook(version);
            }
        }
    }

    @Override
    public CompletableFuture<Void> wake(String name, String version) {
        String qualifiedName = name + "_" + version;
        CompletableFuture<Void> serving = routes.whenServing(qualifiedName); // before the change: no snapshot is missed
        if (serving.isDone()) {
            return serving;
        }
        ServiceRecord record = repository.find(name, version).orElse(null);
        if (record == null) {
            return CompletableFuture.failedFuture(new WakeFailed("it is not deployed any more"));
        }
        List<ServiceRecord> waking = record.main() ? repository.byName(name) : List.of(record);
        for (ServiceRecord each : waking) {
            if (each.asleep() && repository.setAsleep(each.name(), each.version(), false)) {
                if (each.qualifiedName().equals(qualifiedName)) {
                    LOG.info(() -> qualifiedName + " got a request while idle: starting it");
                }
                publishAndLook(each);
            }
        }
        reconciler.enqueue(qualifiedName); // idle after a restart of the manager, say: asleep no more, not running yet
        return serving;
    }

    private void publishAndLook(ServiceRecord version) {
        repository.find(version.name(), version.version()).ifPresent(routes::put);
        reconciler.enqueue(version.qualifiedName());
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
