package io.daeploy.manager.core;

import io.daeploy.common.ServiceVersion;
import io.daeploy.common.Severity;
import io.daeploy.common.Status;
import io.daeploy.manager.api.ApiException;
import io.daeploy.manager.auth.Authentication;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.deploy.ApplicationArchive;
import io.daeploy.manager.deploy.DeployProgress;
import io.daeploy.manager.deploy.VersionFolders;
import io.daeploy.manager.gateway.RouteTable;
import io.daeploy.manager.logs.LogQuery;
import io.daeploy.manager.notify.NotificationService;
import io.daeploy.manager.runtime.Instance;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.ServiceRepository;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Decides what runs: deploys, kills, health-gated routing, restarts after crashes and the
 * reconciliation of the database with the runtime after a manager restart. The runtime only executes.
 */
public final class ServiceManager implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceManager.class.getName());
    private static final int REASON_LOG_LINES = 5;

    private final ManagerSettings settings;
    private final ServiceRepository repository;
    private final ServiceRuntime runtime;
    private final RouteTable routes;
    private final NotificationService notifications;
    private final VersionFolders folders;
    private final HealthProbe probe = new HealthProbe();
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final Map<String, CrashHistory> crashes = new ConcurrentHashMap<>();
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    private final Set<String> deploying = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("daeploy-restarts").daemon().factory());
    /**
     * A deploy's file and image work (unzipping, hashing, building) is CPU-heavy for tens of milliseconds:
     * on a virtual thread it would hold a carrier the gateway's requests wait for.
     */
    private final ExecutorService fileWork = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("daeploy-deploy-files-", 0).daemon().factory());
    private final Object lock = new Object();
    private volatile URI managerUrl = URI.create("http://127.0.0.1:8080");
    private volatile Authentication authentication;

    public ServiceManager(ManagerSettings settings, ServiceRepository repository, ServiceRuntime runtime, RouteTable routes,
                          NotificationService notifications) {
        this.notifications = notifications;
        this.settings = settings;
        this.repository = repository;
        this.runtime = runtime;
        this.routes = routes;
        this.folders = new VersionFolders(settings.dataDir(), new ApplicationArchive(settings.maxUploadBytes() * 5));
        runtime.onOwnRestart((name, version, exitCode) -> notifications.raiseForService(name, version,
                "Crashed with exit code " + exitCode + "; restarted by the " + runtime.name() + " runtime", Severity.WARNING));
    }

    /** With authentication on, every version gets a token of its own, revoked when it is killed. */
    public void useAuthentication(Authentication authentication) {
        this.authentication = authentication;
    }

    /** Called once the server listens: services get its URL, and what ran before a restart is routed again. */
    public void managerStarted(URI url) {
        this.managerUrl = url;
        reconcile();
    }

    public List<ServiceVersion> list() {
        return repository.all().stream().map(ServiceRecord::toServiceVersion).toList();
    }

    /** Stores the application, starts it and waits until it is healthy (running) or not (failed). */
    public ServiceVersion deploy(String name, String version, Map<String, String> env, Path upload, DeployProgress progress) {
        return deployWith(name, version, env, progress, dir -> {
            folders.storeUpload(upload, dir);
            progress.step("Stored the application of " + name + " " + version);
            return runtime.prepare(name, version, dir.resolve("app"), progress);
        });
    }

    /** Runs an existing image as a version (container runtimes only), like {@link #deploy} otherwise. */
    public ServiceVersion deployImage(String name, String version, Map<String, String> env, String image,
                                      DeployProgress progress) {
        return deployWith(name, version, env, progress, dir -> {
            folders.createEmpty(dir);
            return runtime.prepareImage(image, progress);
        });
    }

    /**
     * Lets {@code store} fill the version's folder and answer its image (for a container runtime, the image is built
     * here, so that a build problem is the deploy's answer and nothing is left behind), then records and starts it.
     */
    private ServiceVersion deployWith(String name, String version, Map<String, String> env, DeployProgress progress,
                                      Function<Path, String> store) {
        String qualified = name + "_" + version;
        if (repository.find(name, version).isPresent() || !deploying.add(qualified)) {
            throw duplicate(name, version);
        }
        ServiceRecord record;
        try {
            Path dir = folders.of(name, version);
            String image;
            try {
                image = onPlatformThread(() -> store.apply(dir));
            } catch (RuntimeException e) {
                folders.delete(dir);
                throw e;
            }
            synchronized (lock) {
                boolean main = repository.byName(name).isEmpty();
                Instant now = ServiceRecord.now();
                record = new ServiceRecord(name, version, main, Status.STARTING, now, image, null, null, null, dir,
                                           Map.copyOf(env), now);
                if (!repository.insert(record)) {
                    throw duplicate(name, version);
                }
                refreshRoutes();
            }
        } finally {
            deploying.remove(qualified);
        }
        LOG.info(() -> "Deploying " + qualified);
        return launch(record, progress).toServiceVersion();
    }

    /**
     * Kills one version, or every version of a name (shadows first), and removes the images built for them
     * unless {@code keepImage}. Returns what was killed.
     */
    public List<ServiceVersion> kill(String name, String version, boolean keepImage) {
        List<ServiceRecord> targets;
        synchronized (lock) {
            List<ServiceRecord> versions = repository.byName(name);
            if (version != null) {
                ServiceRecord record = versions.stream().filter(r -> r.version().equals(version)).findFirst()
                        .orElseThrow(() -> ApiException.notFound("No service " + name + " " + version + " is deployed"));
                if (record.main() && versions.size() > 1) {
                    throw ApiException.forbidden(name + " " + version + " is the main version and has shadows ("
                            + versions.stream().filter(r -> !r.main()).map(ServiceRecord::version).toList()
                            + "): assign another version as main, or kill the shadows first");
                }
                targets = List.of(record);
            } else {
                if (versions.isEmpty()) {
                    throw ApiException.notFound("No service named " + name + " is deployed");
                }
                targets = versions.stream().sorted(Comparator.comparing(ServiceRecord::main)).toList();
            }
            targets.forEach(r -> stopping.add(r.qualifiedName()));
        }
        List<ServiceVersion> killed = new ArrayList<>();
        for (ServiceRecord record : targets) {
            try {
                runtime.stop(current(record));
                instances.remove(record.qualifiedName());
                crashes.remove(record.qualifiedName());
                synchronized (lock) {
                    repository.delete(record.name(), record.version());
                    refreshRoutes();
                }
                folders.delete(record.appDir());
                if (!keepImage) {
                    discard(record);
                }
                if (authentication != null) {
                    authentication.revokeServiceToken(record.qualifiedName());
                }
                killed.add(record.withStatus(Status.STOPPED, "killed").toServiceVersion());
                LOG.info(() -> "Killed " + record.qualifiedName());
            } finally {
                stopping.remove(record.qualifiedName());
            }
        }
        return killed;
    }

    /** Makes a running version the main of its name, atomically for traffic; the current main is a no-op. */
    public List<ServiceVersion> assign(String name, String version) {
        synchronized (lock) {
            ServiceRecord record = repository.find(name, version)
                    .orElseThrow(() -> ApiException.notFound("No service " + name + " " + version + " is deployed"));
            if (!record.main()) {
                if (record.status() != Status.RUNNING) {
                    throw ApiException.conflict("Only a running version can become main; " + name + " " + version
                            + " is " + record.status().wire() + (record.reason() == null ? "" : ": " + record.reason()));
                }
                repository.makeMain(name, version);
                refreshRoutes();
                LOG.info(() -> name + " " + version + " is now the main version");
            }
            List<ServiceRecord> versions = repository.byName(name);
            if (!record.main()) {
                versions.stream().filter(r -> r.status() == Status.RUNNING).forEach(runtime::prioritize);
            }
            return versions.stream().map(ServiceRecord::toServiceVersion).toList();
        }
    }

    /** The version whose output {@code GET /services/~logs} shows: the given one, or the main. 404 when there is none. */
    public ServiceRecord logTarget(String name, String version) {
        return (version == null
                ? repository.byName(name).stream().filter(ServiceRecord::main).findFirst()
                : repository.find(name, version))
                .orElseThrow(() -> ApiException.notFound("No service " + name + (version == null ? "" : " " + version)
                        + " is deployed"));
    }

    /** A version's output; following ends when it stops running (or is killed) or the reader leaves. */
    public void logs(ServiceRecord record, LogQuery query, OutputStream out) throws IOException {
        runtime.logs(record, query, out, () -> repository.find(record.name(), record.version())
                .map(r -> r.status() == Status.RUNNING || r.status() == Status.STARTING).orElse(false));
    }

    public Map<String, Object> inspect(String name, String version) {
        ServiceRecord record = repository.find(name, version)
                .orElseThrow(() -> ApiException.notFound("No service " + name + " " + version + " is deployed"));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", record.name());
        info.put("version", record.version());
        info.put("main", record.main());
        info.put("status", record.status().wire());
        info.put("since", record.since().toString());
        info.put("reason", record.reason());
        info.put("env", record.env().keySet());
        info.put("restarts", Optional.ofNullable(crashes.get(record.qualifiedName())).map(CrashHistory::recent).orElse(0));
        info.putAll(runtime.inspect(record));
        return info;
    }

    private ServiceRecord launch(ServiceRecord record, DeployProgress progress) {
        String qualified = record.qualifiedName();
        Instance instance;
        progress.step("Starting " + record.name() + " " + record.version() + " on the " + runtime.name() + " runtime");
        try {
            instance = runtime.start(record, serviceEnvironment(record));
        } catch (RuntimeException e) {
            return markFailed(record, "could not be started: " + e.getMessage());
        }
        ServiceRecord started = record.withEndpoint(instance.endpoint().getPort(), instance.pid());
        repository.update(started);
        instances.put(qualified, instance);
        progress.step("Started at " + instance.endpoint() + "; waiting up to " + settings.healthTimeout().toSeconds()
                + " s for /observe/health to answer");

        HealthProbe.Outcome outcome = probe.await(instance.endpoint(), instance.exited(), settings.healthTimeout());
        if (stopping.contains(qualified) || repository.find(record.name(), record.version()).isEmpty()) {
            return started.withStatus(Status.STOPPED, "killed while starting");
        }
        return switch (outcome) {
            case HEALTHY -> {
                ServiceRecord running = started.withStatus(Status.RUNNING, null);
                synchronized (lock) {
                    repository.update(running);
                    refreshRoutes();
                    // from the database: an assign while this version was starting changed its role
                    running = repository.find(record.name(), record.version()).orElse(running);
                    runtime.prioritize(running);
                }
                watch(running, instance);
                LOG.info(() -> qualified + " is running at " + instance.endpoint());
                progress.step("Healthy: " + record.name() + " " + record.version() + " gets traffic as "
                        + (running.main() ? "the main version" : "a shadow of the main version"));
                yield running;
            }
            case EXITED -> markFailed(started, "exited with code " + instance.exited().join()
                    + " during start-up" + lastOutput(started));
            case TIMED_OUT -> {
                runtime.stop(started);
                yield markFailed(started, "did not become healthy within " + settings.healthTimeout().toSeconds()
                        + " s (DAEPLOY_HEALTH_TIMEOUT_SECONDS)" + lastOutput(started));
            }
        };
    }

    private void watch(ServiceRecord record, Instance instance) {
        instance.exited().thenAcceptAsync(code -> onExit(record, instance, code), scheduler);
    }

    private void onExit(ServiceRecord record, Instance instance, int code) {
        String qualified = record.qualifiedName();
        if (stopping.contains(qualified) || instances.get(qualified) != instance) {
            return;
        }
        Optional<ServiceRecord> current = repository.find(record.name(), record.version());
        if (current.isEmpty() || current.get().status() != Status.RUNNING) {
            return;
        }
        int attempt = crashes.computeIfAbsent(qualified, k -> new CrashHistory()).record(Instant.now());
        if (attempt > CrashHistory.MAX_RESTARTS) {
            markFailed(current.get(), "crashed " + attempt + " times within 10 minutes (last exit code " + code
                    + "); not restarted again" + lastOutput(current.get()));
            return;
        }
        var delay = CrashHistory.delayBefore(attempt);
        ServiceRecord restarting = current.get().withStatus(Status.STARTING, "crashed with exit code " + code
                + "; restart " + attempt + " of " + CrashHistory.MAX_RESTARTS + " in " + delay.toSeconds() + " s");
        LOG.warning(() -> qualified + " " + restarting.reason());
        notifications.raiseForService(record.name(), record.version(), "Crashed with exit code " + code
                + "; restarting (attempt " + attempt + " of " + CrashHistory.MAX_RESTARTS + ")", Severity.WARNING);
        synchronized (lock) {
            repository.update(restarting);
            refreshRoutes();
        }
        scheduler.schedule(() -> Thread.ofVirtual().start(() -> relaunch(restarting)), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void relaunch(ServiceRecord record) {
        if (stopping.contains(record.qualifiedName()) || repository.find(record.name(), record.version()).isEmpty()) {
            return;
        }
        launch(record, DeployProgress.NONE);
    }

    /** Brings back routing for what the database says should run, adopting live instances where possible. */
    private void reconcile() {
        List<ServiceRecord> records = repository.all();
        for (ServiceRecord record : records) {
            if (record.status() != Status.RUNNING && record.status() != Status.STARTING) {
                continue;
            }
            Optional<Instance> adopted = runtime.adopt(record);
            if (adopted.isPresent() && probe.healthy(adopted.get().endpoint())) {
                instances.put(record.qualifiedName(), adopted.get());
                ServiceRecord running = record.status() == Status.RUNNING ? record : record.withStatus(Status.RUNNING, null);
                repository.update(running);
                runtime.prioritize(running);
                watch(running, adopted.get());
                LOG.info(() -> "Adopted " + record.qualifiedName() + " still running at " + adopted.get().endpoint());
            } else {
                adopted.ifPresent(instance -> runtime.stop(record));
                ServiceRecord restarting = record.withStatus(Status.STARTING, "restarting: not running after a manager restart");
                repository.update(restarting);
                LOG.info(() -> "Restarting " + record.qualifiedName() + ": it was not running any more");
                notifications.raiseForService(record.name(), record.version(), "Was not running when the manager started;"
                        + " starting it again", Severity.WARNING);
                Thread.ofVirtual().start(() -> relaunch(restarting));
            }
        }
        Set<String> known = new java.util.HashSet<>(records.stream().map(ServiceRecord::qualifiedName).toList());
        runtime.running().stream().filter(q -> !known.contains(q)).distinct().forEach(this::reportUnknown);
        synchronized (lock) {
            refreshRoutes();
        }
    }

    /** A version is gone already when its image cannot be removed: say so in the log, not to the killer. */
    private void discard(ServiceRecord record) {
        try {
            runtime.discard(record);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Could not remove the image of " + record.qualifiedName() + ": " + e.getMessage());
        }
    }

    /** A version that runs but that this manager's database does not know: told in the log and as a notification. */
    private void reportUnknown(String qualifiedName) {
        String message = "Runs but is not in this manager's database (" + settings.dataDir() + "); it gets no traffic."
                + " Stop it, or start the manager with the data directory it came from.";
        LOG.warning(() -> "A service " + qualifiedName + " " + message.substring(0, 1).toLowerCase() + message.substring(1));
        int split = qualifiedName.lastIndexOf('_'); // versions have no '_', names may
        notifications.raiseForService(qualifiedName.substring(0, split), qualifiedName.substring(split + 1), message,
                                      Severity.WARNING);
    }

    private ServiceRecord markFailed(ServiceRecord record, String reason) {
        ServiceRecord failed = record.withStatus(Status.FAILED, reason);
        LOG.warning(() -> record.qualifiedName() + " failed: " + reason);
        notifications.raiseForService(record.name(), record.version(), "Failed: " + reason, Severity.CRITICAL);
        instances.remove(record.qualifiedName());
        synchronized (lock) {
            if (repository.find(record.name(), record.version()).isPresent()) {
                repository.update(failed);
            }
            refreshRoutes();
        }
        return failed;
    }

    private void refreshRoutes() {
        List<RouteTable.Target> targets = repository.all().stream()
                .map(r -> new RouteTable.Target(r.name(), r.version(), r.main(), r.status(), r.reason(),
                        Optional.ofNullable(instances.get(r.qualifiedName())).map(Instance::endpoint).orElse(null)))
                .toList();
        routes.replace(targets);
    }

    private Map<String, String> serviceEnvironment(ServiceRecord record) {
        Map<String, String> env = new HashMap<>(record.env());
        env.put("DAEPLOY_MANAGER_URL", managerUrl.toString());
        env.put("DAEPLOY_SERVICE_NAME", record.name());
        env.put("DAEPLOY_SERVICE_VERSION", record.version());
        if (authentication != null) {
            authentication.serviceToken(record.qualifiedName()).ifPresent(token -> env.put("DAEPLOY_SERVICE_TOKEN", token));
        }
        return env;
    }

    private String lastOutput(ServiceRecord record) {
        List<String> lines = runtime.recentOutput(record, REASON_LOG_LINES);
        return lines.isEmpty() ? "" : "; last output: " + String.join(" | ", lines);
    }

    private ServiceRecord current(ServiceRecord record) {
        return repository.find(record.name(), record.version()).orElse(record);
    }

    private <T> T onPlatformThread(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, fileWork).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static ApiException duplicate(String name, String version) {
        return ApiException.conflict(name + " " + version + " is already deployed: kill it first or deploy another version");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        fileWork.shutdownNow();
    }
}
