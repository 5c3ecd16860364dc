package io.daeploy.manager.core;

import io.daeploy.common.ServiceVersion;
import io.daeploy.common.Status;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.logs.LogQuery;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.ServiceRepository;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers what runs: the list of versions, one version's details, its output. Changes nothing. */
public final class Inspector {

    private final ServiceRepository repository;
    private final ServiceRuntime runtime;
    private final Reconciler reconciler;

    Inspector(ServiceRepository repository, ServiceRuntime runtime, Reconciler reconciler) {
        this.repository = repository;
        this.runtime = runtime;
        this.reconciler = reconciler;
    }

    /**
     * Every version, with how many of its instances answer now (the runtime's view: no engine call) and the share of its
     * name's requests it answers.
     */
    public List<ServiceVersion> list() {
        List<ServiceRecord> all = repository.all();
        Map<String, Integer> canaryShares = new HashMap<>();
        for (ServiceRecord record : all) {
            if (record.canary() && !record.terminating() && record.status() == Status.RUNNING) {
                canaryShares.put(record.name(), record.weight());
            }
        }
        return all.stream().map(record -> record.toServiceVersion(ready(record), share(record, canaryShares))).toList();
    }

    /** Restarts after crashes of every version, by {@code name_version}. */
    public Map<String, Integer> restarts() {
        Map<String, Integer> restarts = new HashMap<>();
        repository.all().forEach(record -> restarts.put(record.qualifiedName(), record.restarts()));
        return restarts;
    }

    /** What the gateway does: a canary that does not run gets nothing, and its main everything. */
    private static int share(ServiceRecord record, Map<String, Integer> canaryShares) {
        Integer canary = canaryShares.get(record.name());
        if (record.main()) {
            return 100 - (canary == null ? 0 : canary);
        }
        return canary != null && record.canary() ? record.weight() : 0;
    }

    private int ready(ServiceRecord record) {
        if (record.status() != Status.RUNNING && record.status() != Status.DEGRADED) {
            return 0;
        }
        try {
            return runtime.observe(reconciler.specWithoutEnvironment(record), record.runtimeRef()).endpoints().size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The version whose output {@code GET /services/~logs} shows: the given one, or the main. */
    public ServiceRecord logTarget(String name, String version) {
        return (version == null
                ? repository.byName(name).stream().filter(ServiceRecord::main).findFirst()
                : repository.find(name, version))
                .orElseThrow(() -> DomainException.notFound("No service " + name + (version == null ? "" : " " + version)
                        + " is deployed"));
    }

    /** A version's output; following ends when it stops running (or is killed) or the reader leaves. */
    public void logs(ServiceRecord record, LogQuery query, OutputStream out) throws IOException {
        runtime.logs(reconciler.specWithoutEnvironment(record), query, out, () -> repository.find(record.name(), record.version())
                .map(r -> !r.terminating() && (r.status() == Status.RUNNING || r.status() == Status.STARTING
                        || r.status() == Status.DEGRADED)).orElse(false));
    }

    public Map<String, Object> inspect(String name, String version) {
        ServiceRecord record = repository.find(name, version)
                .orElseThrow(() -> DomainException.notFound("No service " + name + " " + version + " is deployed"));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", record.name());
        info.put("version", record.version());
        info.put("main", record.main());
        info.put("status", record.status().wire());
        info.put("since", record.since().toString());
        info.put("reason", record.reason());
        info.put("env", record.env().keySet());
        info.put("restarts", record.restarts());
        info.put("generation", record.generation());
        info.putAll(runtime.inspect(reconciler.specWithoutEnvironment(record), record.runtimeRef()));
        return info;
    }
}
