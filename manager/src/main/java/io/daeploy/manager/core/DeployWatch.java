package io.daeploy.manager.core;

import io.daeploy.manager.deploy.DeployProgress;
import io.daeploy.manager.store.ServiceRecord;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deploys that wait for their version to settle: each gets the steps of its version as they happen, and the
 * record once it is running, failed or killed. Restarts and reconciliation have nobody waiting.
 */
final class DeployWatch {

    private record Watcher(DeployProgress progress, CompletableFuture<ServiceRecord> settled) {
    }

    private final Map<String, Watcher> watchers = new ConcurrentHashMap<>();

    /** A reload that waits for its version to run the new code ({@code revision}) or to give it up. */
    private record ReloadWatcher(int revision, DeployProgress progress, CompletableFuture<Void> done) {
    }

    private final Map<String, ReloadWatcher> reloads = new ConcurrentHashMap<>();

    /** Starts watching a reload; completes once the version serves {@code revision}, or with why it does not. */
    CompletableFuture<Void> watchReload(String qualifiedName, int revision, DeployProgress progress) {
        ReloadWatcher watcher = new ReloadWatcher(revision, progress, new CompletableFuture<>());
        reloads.put(qualifiedName, watcher);
        watcher.done().whenComplete((done, e) -> reloads.remove(qualifiedName, watcher));
        return watcher.done();
    }

    /** The version serves {@code revision} now. */
    void reloaded(String qualifiedName, int revision) {
        ReloadWatcher watcher = reloads.get(qualifiedName);
        if (watcher != null && watcher.revision() == revision) {
            watcher.done().complete(null);
        }
    }

    /** The new code ({@code revision}) did not start: the reload ends with the reason. */
    void reloadFailed(String qualifiedName, int revision, String reason) {
        ReloadWatcher watcher = reloads.get(qualifiedName);
        if (watcher != null && watcher.revision() == revision) {
            watcher.done().completeExceptionally(new ReloadRefused(reason));
        }
    }

    /** Why new code of a version did not start. */
    static final class ReloadRefused extends RuntimeException {
        ReloadRefused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Starts watching a version; the future completes with the record once it is running, failed or gone. */
    CompletableFuture<ServiceRecord> watch(String qualifiedName, DeployProgress progress) {
        Watcher watcher = new Watcher(progress, new CompletableFuture<>());
        watchers.put(qualifiedName, watcher);
        watcher.settled().whenComplete((record, e) -> watchers.remove(qualifiedName, watcher));
        return watcher.settled();
    }

    void step(String qualifiedName, String message) {
        Watcher watcher = watchers.get(qualifiedName);
        if (watcher != null) {
            watcher.progress().step(message);
        }
        ReloadWatcher reload = reloads.get(qualifiedName);
        if (reload != null) {
            reload.progress().step(message);
        }
    }

    /** The manager stops: deploys still waiting are told so, instead of waiting for a version nobody looks at. */
    void close() {
        IllegalStateException stopping = new IllegalStateException("The manager is stopping; see GET /services/ after its"
                + " restart for how the deploy ended");
        watchers.values().forEach(watcher -> watcher.settled().completeExceptionally(stopping));
        reloads.values().forEach(watcher -> watcher.done().completeExceptionally(stopping));
    }

    void settled(ServiceRecord record) {
        Watcher watcher = watchers.get(record.qualifiedName());
        if (watcher != null) {
            watcher.settled().complete(record);
        }
    }
}
