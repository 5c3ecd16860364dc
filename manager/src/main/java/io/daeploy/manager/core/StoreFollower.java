package io.daeploy.manager.core;

import io.daeploy.common.Status;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.ServiceRepository;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a manager that does not lead routes by: the versions and their ready endpoints as the leader recorded them in
 * the store, read again at every change the store's feed tells (and at every resync, for what a lost feed missed).
 * Deploys and kills made through this manager end when the store shows them settled.
 */
final class StoreFollower {

    private final ServiceRepository repository;
    private final RoutePublisher routes;
    private final DeployWatch watch;
    private final Reconciler reconciler;
    private volatile boolean caughtUp;

    StoreFollower(ServiceRepository repository, RoutePublisher routes, DeployWatch watch, Reconciler reconciler) {
        this.repository = repository;
        this.routes = routes;
        this.watch = watch;
        this.reconciler = reconciler;
    }

    /** Everything again: what the store holds is routed, what it does not hold any more is not. */
    synchronized void followAll() {
        List<ServiceRecord> records = repository.all();
        Map<String, List<URI>> endpoints = repository.endpoints();
        Set<String> held = new HashSet<>();
        for (ServiceRecord record : records) {
            held.add(record.qualifiedName());
            follow(record, endpoints.getOrDefault(record.qualifiedName(), List.of()));
        }
        for (ServiceRecord known : routes.records()) {
            if (!held.contains(known.qualifiedName())) {
                gone(known);
            }
        }
        caughtUp = true;
    }

    /** One version again, after the store told it changed. */
    synchronized void follow(String qualifiedName) {
        int split = qualifiedName.lastIndexOf('_'); // versions have no '_', names may
        String name = qualifiedName.substring(0, split);
        String version = qualifiedName.substring(split + 1);
        Optional<ServiceRecord> found = repository.find(name, version);
        if (found.isPresent()) {
            follow(found.get(), repository.endpoints(name, version));
        } else {
            routes.records().stream().filter(r -> r.qualifiedName().equals(qualifiedName)).findFirst().ifPresent(this::gone);
        }
    }

    /** Whether the store was read once since this manager started following: until then it routes nothing it knows. */
    boolean caughtUp() {
        return caughtUp;
    }

    private void follow(ServiceRecord record, List<URI> endpoints) {
        routes.put(record);
        routes.endpoints(record.qualifiedName(), record.status() == Status.RUNNING || record.status() == Status.DEGRADED
                ? endpoints : List.of());
        if (record.status() == Status.RUNNING || record.status() == Status.FAILED) {
            watch.settled(record);
        }
    }

    private void gone(ServiceRecord last) {
        routes.remove(last.qualifiedName());
        watch.settled(last.observed(Status.STOPPED, "killed while starting"));
        reconciler.gone(last.qualifiedName(), last);
    }
}
