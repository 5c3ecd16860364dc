package io.daeploy.manager.core;

import io.daeploy.common.DeployOptions;
import io.daeploy.common.IdleTimeouts;
import io.daeploy.common.ServiceVersion;
import io.daeploy.common.Status;
import io.daeploy.manager.deploy.ApplicationManifest;
import io.daeploy.manager.deploy.DeployProgress;
import io.daeploy.manager.deploy.VersionFolders;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.ServiceRepository;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Changes what should run: deploys a version, kills versions, assigns the main. Each change is written to the store
 * first, so that nothing a user was told is lost if the manager dies; the {@link Reconciler} then makes it so, and a
 * deploy or a kill waits for it.
 */
public final class Deployer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Deployer.class.getName());
    /** More instances of one version than this is a typo, not a plan. */
    static final int MAX_REPLICAS = 100;

    private final ServiceRepository repository;
    private final ServiceRuntime runtime;
    private final Reconciler reconciler;
    private final RoutePublisher routes;
    private final DeployWatch watch;
    private final VersionFolders folders;
    private final Duration settleTimeout;
    private final Duration defaultIdleTimeout;
    private final Set<String> deploying = ConcurrentHashMap.newKeySet();
    private final Set<String> reloading = ConcurrentHashMap.newKeySet();
    /** Per name: who is the main is decided by one deploy or assign at a time. */
    private final Map<String, Object> nameLocks = new ConcurrentHashMap<>();
    /**
     * A deploy's file and image work (unzipping, hashing, building) is CPU-heavy for tens of milliseconds:
     * on a virtual thread it would hold a carrier the gateway's requests wait for.
     */
    private final ExecutorService fileWork = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("daeploy-deploy-files-", 0).daemon().factory());

    Deployer(ServiceRepository repository, ServiceRuntime runtime, Reconciler reconciler, RoutePublisher routes,
             DeployWatch watch, VersionFolders folders, Duration healthTimeout, Duration defaultIdleTimeout) {
        this.defaultIdleTimeout = defaultIdleTimeout;
        this.repository = repository;
        this.runtime = runtime;
        this.reconciler = reconciler;
        this.routes = routes;
        this.watch = watch;
        this.folders = folders;
        this.settleTimeout = healthTimeout.plusMinutes(2);
    }

    /** Stores the application, starts it and waits until it is healthy (running) or not (failed). */
    public ServiceVersion deploy(String name, String version, Map<String, String> env, Path upload, DeployProgress progress) {
        return deploy(name, version, env, upload, DeployOptions.DEFAULTS, progress);
    }

    /** {@link #deploy(String, String, Map, Path, DeployProgress)} with instances, CPU or memory of its own. */
    public ServiceVersion deploy(String name, String version, Map<String, String> env, Path upload, DeployOptions options,
                                 DeployProgress progress) {
        return deployWith(name, version, env, options, progress, dir -> {
            folders.storeUpload(upload, dir);
            progress.step("Stored the application of " + name + " " + version);
            return runtime.prepare(name, version, dir.resolve("app"), progress);
        });
    }

    /**
     * Like {@link #deploy(String, String, Map, Path, DeployOptions, DeployProgress)}, with the application assembled from
     * the content store as {@code manifest} says (an incremental deploy: its files were uploaded before, or were there).
     */
    public ServiceVersion deployManifest(String name, String version, Map<String, String> env, ApplicationManifest manifest,
                                         DeployOptions options, DeployProgress progress) {
        return deployWith(name, version, env, options, progress, dir -> {
            folders.storeAssembled(manifest, dir);
            progress.step("Stored the application of " + name + " " + version);
            return runtime.prepare(name, version, dir.resolve("app"), progress);
        });
    }

    /** Runs an existing image as a version (container runtimes only), like {@link #deploy} otherwise. */
    public ServiceVersion deployImage(String name, String version, Map<String, String> env, String image,
                                      DeployProgress progress) {
        return deployImage(name, version, env, image, DeployOptions.DEFAULTS, progress);
    }

    /** {@link #deployImage(String, String, Map, String, DeployProgress)} with instances, CPU or memory of its own. */
    public ServiceVersion deployImage(String name, String version, Map<String, String> env, String image,
                                      DeployOptions options, DeployProgress progress) {
        return deployWith(name, version, env, options, progress, dir -> {
            folders.createEmpty(dir);
            return runtime.prepareImage(image, progress);
        });
    }

    /**
     * Lets {@code store} fill the version's folder and answer its image (for a container runtime, the image is built
     * here, so that a build problem is the deploy's answer and nothing is left behind), then records it and waits.
     */
    private ServiceVersion deployWith(String name, String version, Map<String, String> env, DeployOptions options,
                                      DeployProgress progress, Function<Path, String> store) {
        String qualified = name + "_" + version;
        int replicas = replicas(options.replicas() == null ? 1 : options.replicas());
        runtime.checkResources(replicas, options.cpu(), options.memory()); // before anything is stored or built
        if (repository.find(name, version).isPresent() || !deploying.add(qualified)) {
            throw duplicate(name, version);
        }
        ServiceRecord record;
        CompletableFuture<ServiceRecord> settled;
        try {
            Path dir = folders.of(name, version);
            String image;
            try {
                image = onPlatformThread(() -> store.apply(dir));
            } catch (RuntimeException e) {
                folders.delete(dir);
                throw e;
            }
            synchronized (lockOf(name)) {
                boolean main = repository.byName(name).stream().allMatch(ServiceRecord::terminating);
                record = ServiceRecord.deployed(name, version, main, image, env, replicas, options.cpu(), options.memory(),
                                                idleTimeout(options));
                settled = watch.watch(qualified, progress); // before the record exists: no step can come earlier
                if (!repository.insert(record)) {
                    settled.cancel(false);
                    throw duplicate(name, version);
                }
                routes.put(record);
            }
        } finally {
            deploying.remove(qualified);
        }
        LOG.info(() -> "Deploying " + qualified);
        progress.step("Starting " + name + " " + version + " on the " + runtime.name() + " runtime");
        reconciler.enqueue(qualified);
        return awaitSettled(record, settled).toServiceVersion();
    }

    /**
     * Replaces the code of a deployed version with the application {@code manifest} names ({@code daeploy:dev}): same
     * name, version and role. A running version keeps serving its old code until the new one answers its health check;
     * if the new one does not, the old one serves on and the reload is refused with the reason. A version that does not
     * run (failed, idle) is started with the new code. Answers once the new code serves.
     */
    public ServiceVersion reload(String name, String version, ApplicationManifest manifest, DeployProgress progress) {
        if (!runtime.replacesWithoutGap()) {
            throw DomainException.invalid("Reloading a version's code in place (daeploy:dev) needs a runtime that moves the"
                    + " traffic without a gap (process, docker, kubernetes);"
                    + " this manager runs DAEPLOY_RUNTIME=" + runtime.name() + ": deploy a new version instead");
        }
        ServiceRecord record = repository.find(name, version).filter(r -> !r.terminating())
                .orElseThrow(() -> DomainException.notFound("No service " + name + " " + version
                        + " is deployed: deploy it first (mvn daeploy:deploy)"));
        if (!reconciler.leading()) {
            throw DomainException.conflict("Reloading a version's code in place (daeploy:dev) goes through the manager that"
                    + " leads; this one follows (see /observe/health of each): point daeploy.host at the leader");
        }
        String qualified = record.qualifiedName();
        if (!reloading.add(qualified)) {
            throw DomainException.conflict(name + " " + version + " is being reloaded already: try again once that ends");
        }
        try {
            Path dir = folders.of(name, version);
            // never a number used before: a runtime remembers the revisions that failed, and does not start them again
            int revision = Math.max(record.revision(), folders.latestRevision(dir)) + 1;
            String image = onPlatformThread(() -> {
                folders.deleteRevisionsBut(dir, Set.of(record.revision())); // earlier reloads: nothing runs them any more
                folders.storeRevision(manifest, dir, revision);
                return runtime.prepare(name, version, VersionFolders.applicationDir(dir, revision), progress);
            });
            progress.step("Stored the new code of " + name + " " + version + " (revision " + revision + ")");
            boolean serving = record.status() == Status.RUNNING || record.status() == Status.DEGRADED;
            return serving ? replaceRunning(record, revision, image, progress) : startAfresh(record, revision, image, progress);
        } finally {
            reloading.remove(qualified);
        }
    }

    private ServiceVersion replaceRunning(ServiceRecord record, int revision, String image, DeployProgress progress) {
        CompletableFuture<Void> replaced = watch.watchReload(record.qualifiedName(), revision, progress);
        repository.setRevision(record.name(), record.version(), revision, image);
        progress.step("Starting it beside the code that runs; the traffic moves once it answers /observe/health");
        reconciler.enqueue(record.qualifiedName());
        try {
            replaced.get(settleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            repository.setRevision(record.name(), record.version(), record.revision(), record.image()); // what runs is what should
            reconciler.enqueue(record.qualifiedName());
            String why = e.getCause() instanceof DeployWatch.ReloadRefused refused ? refused.getMessage() : String.valueOf(e.getCause());
            throw DomainException.invalid("The new code of " + record.name() + " " + record.version() + " did not start: " + why
                    + ". Its code before serves on");
        } catch (TimeoutException e) {
            throw DomainException.conflict("The new code of " + record.name() + " " + record.version() + " did not settle within "
                    + settleTimeout.toSeconds() + " s; see GET /services/ for how it ends");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        progress.step("The new code serves; the old process stops once it answered what it had");
        return repository.find(record.name(), record.version()).orElse(record).toServiceVersion();
    }

    private ServiceVersion startAfresh(ServiceRecord record, int revision, String image, DeployProgress progress) {
        CompletableFuture<ServiceRecord> settled = watch.watch(record.qualifiedName(), progress);
        repository.setRevision(record.name(), record.version(), revision, image);
        repository.setAsleep(record.name(), record.version(), false);
        reconciler.forgetCrashes(record.qualifiedName());
        repository.recordObserved(record.observed(Status.STARTING, "starting its new code (revision " + revision + ")")
                .withRestarts(0));
        progress.step("It did not run (" + record.status().wire() + "): starting it with the new code");
        reconciler.enqueue(record.qualifiedName());
        ServiceRecord ended = awaitSettled(record, settled);
        if (ended.status() == Status.FAILED) {
            throw DomainException.invalid("The new code of " + record.name() + " " + record.version() + " did not start: "
                    + ended.reason());
        }
        return ended.toServiceVersion();
    }

    /**
     * Sets how many instances of a version should run, and answers once the runtime was told (the instances start and
     * stop as the runtime goes).
     */
    public ServiceVersion scale(String name, String version, int replicas) {
        ServiceRecord record = repository.find(name, version).filter(r -> !r.terminating())
                .orElseThrow(() -> DomainException.notFound("No service " + name + " " + version + " is deployed"));
        replicas(replicas);
        runtime.checkResources(replicas, record.cpu(), record.memory());
        if (repository.scale(name, version, replicas)) {
            LOG.info(() -> "Scaling " + record.qualifiedName() + " to " + replicas + " instances");
            awaitPasses(List.of(reconciler.lookAgain(record.qualifiedName())));
        }
        return repository.find(name, version).orElse(record).toServiceVersion();
    }

    /** The deploy's own idle time-out, else the manager's default ({@code DAEPLOY_IDLE_TIMEOUT}). */
    private Duration idleTimeout(DeployOptions options) {
        if (options.idleTimeout() == null) {
            return defaultIdleTimeout;
        }
        try {
            return IdleTimeouts.parse(options.idleTimeout());
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("Field idleTimeout: " + e.getMessage());
        }
    }

    private static int replicas(int replicas) {
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw DomainException.invalid("Field replicas: must be from 1 to " + MAX_REPLICAS + ", got " + replicas);
        }
        return replicas;
    }

    /**
     * The version once it is running, failed or killed. The runtime's health time-out ends every start, so this is a
     * bound for a runtime or a store in trouble only: the deploy then answers what is recorded, and {@code ls} goes on.
     */
    private ServiceRecord awaitSettled(ServiceRecord record, CompletableFuture<ServiceRecord> settled) {
        try {
            return settled.get(settleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warning(() -> record.qualifiedName() + " did not settle within " + settleTimeout.toSeconds() + " s");
            return repository.find(record.name(), record.version()).orElse(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return record;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Kills one version, or every version of a name (shadows first), and removes the images built for them
     * unless {@code keepImage}. Returns what was killed.
     */
    public List<ServiceVersion> kill(String name, String version, boolean keepImage) {
        List<ServiceRecord> targets;
        synchronized (lockOf(name)) {
            List<ServiceRecord> versions = repository.byName(name).stream().filter(r -> !r.terminating()).toList();
            if (version != null) {
                ServiceRecord record = versions.stream().filter(r -> r.version().equals(version)).findFirst()
                        .orElseThrow(() -> DomainException.notFound("No service " + name + " " + version + " is deployed"));
                if (record.main() && versions.size() > 1) {
                    throw DomainException.forbidden(name + " " + version + " is the main version and has shadows ("
                            + versions.stream().filter(r -> !r.main()).map(ServiceRecord::version).toList()
                            + "): assign another version as main, or kill the shadows first");
                }
                targets = List.of(record);
            } else {
                if (versions.isEmpty()) {
                    throw DomainException.notFound("No service named " + name + " is deployed");
                }
                targets = versions.stream().sorted(Comparator.comparing(ServiceRecord::main)).toList();
            }
        }
        List<ServiceVersion> killed = new ArrayList<>();
        for (ServiceRecord record : targets) {
            CompletableFuture<ServiceRecord> gone = reconciler.removal(record.qualifiedName());
            if (repository.markTerminating(record.name(), record.version(), keepImage)) {
                repository.find(record.name(), record.version()).ifPresent(routes::put);
            }
            reconciler.enqueue(record.qualifiedName());
            try {
                gone.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            killed.add(record.observed(Status.STOPPED, "killed").toServiceVersion());
        }
        return killed;
    }

    /** Makes a running version the main of its name, atomically for traffic; the current main is a no-op. */
    public List<ServiceVersion> assign(String name, String version) {
        List<ServiceRecord> versions;
        boolean changed;
        synchronized (lockOf(name)) {
            ServiceRecord record = repository.find(name, version).filter(r -> !r.terminating())
                    .orElseThrow(() -> DomainException.notFound("No service " + name + " " + version + " is deployed"));
            changed = !record.main();
            if (changed) {
                if (record.status() != Status.RUNNING) {
                    throw DomainException.conflict("Only a running version can become main; " + name + " " + version
                            + " is " + record.status().wire() + (record.reason() == null ? "" : ": " + record.reason()));
                }
                repository.makeMain(name, version);
            }
            versions = repository.byName(name);
            if (changed) {
                routes.putAll(versions); // one snapshot: the switch is atomic for traffic
                LOG.info(() -> name + " " + version + " is now the main version");
            }
        }
        if (changed) {
            // the new roles weighed (the main's CPU priority, the shadows' lower one) before the answer
            awaitPasses(versions.stream().map(r -> reconciler.lookAgain(r.qualifiedName())).toList());
        }
        return versions.stream().map(ServiceRecord::toServiceVersion).toList();
    }

    /**
     * Gives a running version other than the main {@code weight} percent of its name's requests (a canary), taking the
     * share from any other version of the name; 0 ends it. With {@code sticky}, a client keeps the version it got (a
     * cookie) until the weight changes. The switch is atomic for traffic.
     */
    public void weights(String name, String version, int weight, boolean sticky) {
        if (weight < 0 || weight > 100) {
            throw DomainException.invalid("Field weight: must be a percentage from 0 to 100, got " + weight);
        }
        boolean changed;
        List<ServiceRecord> versions;
        synchronized (lockOf(name)) {
            ServiceRecord record = repository.find(name, version).filter(r -> !r.terminating())
                    .orElseThrow(() -> DomainException.notFound("No service " + name + " " + version + " is deployed"));
            if (record.main()) {
                throw DomainException.conflict("Field version: " + name + " " + version + " is the main version; a canary is"
                        + " another version of " + name + ", which answers a share of the main's requests");
            }
            if (weight > 0 && record.status() != Status.RUNNING) {
                throw DomainException.conflict("Only a running version can answer requests; " + name + " " + version + " is "
                        + record.status().wire() + (record.reason() == null ? "" : ": " + record.reason()));
            }
            changed = repository.setCanary(name, version, weight, sticky);
            versions = repository.byName(name);
            if (changed) {
                routes.putAll(versions); // one snapshot: the new split holds for every request after it
                LOG.info(() -> weight == 0 ? name + " " + version + " answers no more requests of its own"
                        : name + " " + version + " answers " + weight + " % of the requests to " + name + (sticky ? ", sticky" : ""));
            }
        }
        if (changed) {
            // a canary answers callers and is weighed as the main (its CPU priority); one that lost its share as a shadow
            awaitPasses(versions.stream().filter(r -> !r.main()).map(r -> reconciler.lookAgain(r.qualifiedName())).toList());
        }
    }

    /** Bounded: a runtime in trouble delays the answer, it does not hold it forever (the passes go on regardless). */
    private static void awaitPasses(List<CompletableFuture<Void>> passes) {
        try {
            CompletableFuture.allOf(passes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warning(() -> "The runtime was not told of the change within 30 s; it will be by the next passes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Object lockOf(String name) {
        return nameLocks.computeIfAbsent(name, n -> new Object());
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

    private static DomainException duplicate(String name, String version) {
        return DomainException.conflict(name + " " + version + " is already deployed: kill it first or deploy another version");
    }

    @Override
    public void close() {
        fileWork.shutdownNow();
    }
}
