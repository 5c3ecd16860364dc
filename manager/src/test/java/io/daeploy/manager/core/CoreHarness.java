package io.daeploy.manager.core;

import io.daeploy.common.ServiceVersion;
import io.daeploy.common.Status;
import io.daeploy.manager.auth.AuthSettings;
import io.daeploy.manager.auth.Authentication;
import io.daeploy.manager.core.leader.Leadership;
import io.daeploy.manager.deploy.ApplicationArchive;
import io.daeploy.manager.deploy.VersionFolders;
import io.daeploy.common.Notification;
import io.daeploy.manager.notify.NotificationRepository;
import io.daeploy.manager.notify.NotificationService;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.daeploy.manager.store.Database;
import io.daeploy.manager.store.TestDatabases;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.ServiceRepository;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * One manager's core over a real store (H2 in a temporary folder, or PostgreSQL: {@link TestDatabases}) and the in-memory {@link FakeRuntime}: what a
 * manager process would wire, without HTTP. Two harnesses on the same folder, one after the other, are a restart.
 */
public final class CoreHarness implements AutoCloseable {

    public final Database database;
    public final ServiceRepository repository;
    public final NotificationService notifications;
    public final RouteTable routes = new RouteTable();
    public final FakeRuntime runtime;
    public final Core core;
    public final List<String> steps = new CopyOnWriteArrayList<>();

    /** Restarts after crashes wait 20 ms instead of seconds; the resync runs every {@code resync}. */
    public CoreHarness(Path dataDir, FakeRuntime runtime, Duration resync) {
        this(dataDir, (ServiceRuntime) runtime, resync);
    }

    /** Over another runtime (the kubernetes runtime against a mock API server, say); {@link #runtime} is then null. */
    public CoreHarness(Path dataDir, ServiceRuntime runtime, Duration resync) {
        this.runtime = runtime instanceof FakeRuntime fake ? fake : null;
        this.database = TestDatabases.open(dataDir);
        this.repository = new ServiceRepository(database);
        this.notifications = new NotificationService(new NotificationRepository(database), Optional.empty(), "http://localhost/");
        Authentication authentication = Authentication.start(new AuthSettings(false, Optional.empty()), database);
        VersionFolders folders = new VersionFolders(dataDir, new ApplicationArchive(100_000_000L));
        this.core = new Core(repository, runtime, routes, folders, notifications, authentication, resync, Duration.ofSeconds(60),
                             Duration.ZERO, new Supervisor(Clock.systemUTC(), attempt -> Duration.ofMillis(20)), Leadership.sole());
        core.start(URI.create("http://127.0.0.1:8080"));
    }

    /** Deploys an image (the fake runs any) and waits, as {@code POST /services/~image} does. */
    public ServiceVersion deploy(String name, String version) {
        return core.deployer().deployImage(name, version, Map.of(), "example/" + name + ":" + version, steps::add);
    }

    public CompletableFuture<ServiceVersion> deployLater(String name, String version) {
        return CompletableFuture.supplyAsync(() -> deploy(name, version));
    }

    public Optional<ServiceRecord> record(String name, String version) {
        return repository.find(name, version);
    }

    /** Waits (at most 10 s) until the store says so of the version. */
    public ServiceRecord await(String name, String version, Predicate<ServiceRecord> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<ServiceRecord> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = record(name, version);
            if (last.isPresent() && condition.test(last.get())) {
                return last.get();
            }
            pause();
        }
        throw new AssertionError(name + " " + version + " did not get there within 10 s: " + last + "; runtime calls "
                + runtime.calls());
    }

    /** Waits (at most 10 s) until the store has no record of the version any more. */
    public void awaitGone(String name, String version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (record(name, version).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " " + version + " is still recorded after 10 s: " + record(name, version));
            }
            pause();
        }
    }

    public ServiceRecord awaitStatus(String name, String version, Status status) {
        return await(name, version, record -> record.status() == status);
    }

    /** Waits (at most 10 s) until the gateway would send requests for {@code segment} to a ready endpoint. */
    public RouteTable.Target awaitServing(String segment) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RouteTable.Route> route = routes.resolve(segment);
            if (route.isPresent() && route.get().target().serving()) {
                return route.get().target();
            }
            pause();
        }
        throw new AssertionError(segment + " is not served within 10 s: " + routes.resolve(segment));
    }

    public List<String> notifications() {
        return notifications.all().stream().map(Notification::message).toList();
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        core.close();
        database.close();
    }

    /** Each name's comparison rule, in this harness's store. */
    public io.daeploy.manager.core.compare.Comparisons comparisons() {
        return new io.daeploy.manager.core.compare.Comparisons(new io.daeploy.manager.store.ComparisonRepository(database),
                                                              repository);
    }
}
