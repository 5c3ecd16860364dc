package io.daeploy.manager.core;

import io.daeploy.common.Status;
import io.daeploy.manager.store.ServiceRecord;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps the gateway's {@link RouteTable} in step with the versions the store holds and the endpoints their runtime
 * reported ready. Every change publishes a new snapshot at once, from memory: no store or runtime call under its lock.
 */
public final class RoutePublisher {

    private final RouteTable routes;
    private final Map<String, ServiceRecord> versions = new HashMap<>();
    private final Map<String, List<URI>> endpoints = new HashMap<>();
    private final Map<String, LastRequest> lastRequests = new HashMap<>();
    /** Requests waiting for idle versions to serve again: completed at the snapshot that shows them serving. */
    private final Map<String, CompletableFuture<Void>> wakeups = new HashMap<>();

    public RoutePublisher(RouteTable routes) {
        this.routes = routes;
    }

    /**
     * A version as the store has it now. A record of an older generation than the one known is ignored: read before
     * an assign or a kill, it would bring back the role or the route that change just ended.
     */
    public synchronized void put(ServiceRecord record) {
        if (keep(record)) {
            publish();
        }
    }

    /** Several at once, in one snapshot. */
    public synchronized void putAll(Collection<ServiceRecord> records) {
        boolean changed = false;
        for (ServiceRecord record : records) {
            changed |= keep(record);
        }
        if (changed) {
            publish();
        }
    }

    private boolean keep(ServiceRecord record) {
        ServiceRecord known = versions.get(record.qualifiedName());
        if (known != null && known.generation() > record.generation()) {
            return false;
        }
        versions.put(record.qualifiedName(), record);
        return true;
    }

    /** The ready endpoints of a version: empty while none is ready. */
    public synchronized void endpoints(String qualifiedName, List<URI> ready) {
        List<URI> before = endpoints.getOrDefault(qualifiedName, List.of());
        if (!ready.equals(before)) {
            endpoints.put(qualifiedName, List.copyOf(ready));
            if (before.isEmpty()) {
                lastRequest(qualifiedName).touch(); // its idle time counts from when it could first answer
            }
            publish();
        }
    }

    /** The versions as the gateway follows them now. */
    public synchronized List<ServiceRecord> records() {
        return List.copyOf(versions.values());
    }

    /** When a version last got a request to answer. */
    public synchronized LastRequest lastRequest(String qualifiedName) {
        return lastRequests.computeIfAbsent(qualifiedName, key -> new LastRequest());
    }

    /**
     * Completes once a version serves (running, awake, with a ready endpoint), or with a {@link WakeFailed} once it
     * failed or is gone.
     */
    public synchronized CompletableFuture<Void> whenServing(String qualifiedName) {
        CompletableFuture<Void> serving = wakeups.computeIfAbsent(qualifiedName, key -> new CompletableFuture<>());
        Runnable over = outcome(qualifiedName, serving);
        if (over != null) {
            wakeups.remove(qualifiedName);
            over.run();
        }
        return serving;
    }

    public synchronized List<URI> endpointsOf(String qualifiedName) {
        return endpoints.getOrDefault(qualifiedName, List.of());
    }

    /** A version that is gone from the store. */
    public synchronized void remove(String qualifiedName) {
        versions.remove(qualifiedName);
        endpoints.remove(qualifiedName);
        lastRequests.remove(qualifiedName);
        publish();
    }

    /** Versions being killed get no more traffic; the others what their state allows. */
    private void publish() {
        List<Runnable> wakeupsOver = new ArrayList<>();
        if (!wakeups.isEmpty()) {
            wakeups.entrySet().removeIf(waiting -> {
                Runnable over = outcome(waiting.getKey(), waiting.getValue());
                return over != null && wakeupsOver.add(over);
            });
        }
        routes.replace(versions.values().stream()
                .filter(record -> !record.terminating())
                .map(record -> new RouteTable.Target(record.name(), record.version(), record.main(), record.status(),
                        record.reason(), endpoints.getOrDefault(record.qualifiedName(), List.of()),
                        record.canary() ? new RouteTable.Share(record.weight(), record.sticky(), record.generation())
                                : RouteTable.Share.NONE,
                        asleep(record), lastRequest(record.qualifiedName())))
                .toList());
        wakeupsOver.forEach(Runnable::run); // once the snapshot that shows them serving is in place
    }

    /** Requests for it wait until it serves: idle, or starting again for requests that wait already. */
    private boolean asleep(ServiceRecord record) {
        return record.asleep() || record.status() == Status.IDLE || wakeups.containsKey(record.qualifiedName());
    }

    /** How to complete a wake-up that is over, either way; null while it is not. */
    private Runnable outcome(String qualifiedName, CompletableFuture<Void> serving) {
        ServiceRecord record = versions.get(qualifiedName);
        if (record == null || record.terminating()) {
            return () -> serving.completeExceptionally(new WakeFailed("it was killed while requests waited for it to start"));
        }
        if (record.status() == Status.FAILED) {
            return () -> serving.completeExceptionally(new WakeFailed("it failed to start: " + record.reason()));
        }
        if (!record.asleep() && record.status() == Status.RUNNING && !endpoints.getOrDefault(qualifiedName, List.of()).isEmpty()) {
            return () -> serving.complete(null);
        }
        return null;
    }
}
