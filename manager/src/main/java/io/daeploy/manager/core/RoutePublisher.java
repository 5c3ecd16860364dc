package io.daeploy.manager.core;

import io.daeploy.manager.store.ServiceRecord;

import java.net.URI;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the gateway's {@link RouteTable} in step with the versions the store holds and the endpoints their runtime
 * reported ready. Every change publishes a new snapshot at once, from memory: no store or runtime call under its lock.
 */
public final class RoutePublisher {

    private final RouteTable routes;
    private final Map<String, ServiceRecord> versions = new HashMap<>();
    private final Map<String, List<URI>> endpoints = new HashMap<>();

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
        if (!ready.equals(endpoints.getOrDefault(qualifiedName, List.of()))) {
            endpoints.put(qualifiedName, List.copyOf(ready));
            publish();
        }
    }

    public synchronized List<URI> endpointsOf(String qualifiedName) {
        return endpoints.getOrDefault(qualifiedName, List.of());
    }

    /** A version that is gone from the store. */
    public synchronized void remove(String qualifiedName) {
        versions.remove(qualifiedName);
        endpoints.remove(qualifiedName);
        publish();
    }

    /** Versions being killed get no more traffic; the others what their state allows. */
    private void publish() {
        routes.replace(versions.values().stream()
                .filter(record -> !record.terminating())
                .map(record -> new RouteTable.Target(record.name(), record.version(), record.main(), record.status(),
                        record.reason(), endpoints.getOrDefault(record.qualifiedName(), List.of()),
                        record.canary() ? new RouteTable.Share(record.weight(), record.sticky(), record.generation())
                                : RouteTable.Share.NONE))
                .toList());
    }
}
