package io.daeploy.manager.core;

import io.daeploy.manager.auth.Authentication;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.deploy.VersionFolders;
import io.daeploy.manager.notify.NotificationService;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.store.ServiceRepository;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * The manager's core wired together: the {@link Deployer} and {@link Inspector} the API calls, the {@link Reconciler}
 * and {@link Supervisor} that keep what runs in line, the {@link RoutePublisher} the gateway follows.
 */
public final class Core implements AutoCloseable {

    private final Deployer deployer;
    private final Inspector inspector;
    private final Reconciler reconciler;
    private final Supervisor supervisor;
    private final ServiceEnvironment environment;
    private final DeployWatch watch;
    private final ServiceRuntime runtime;
    private final VersionFolders folders;
    private final ScaleToZero scaleToZero;

    public Core(ServiceRepository repository, ServiceRuntime runtime, RouteTable routeTable, VersionFolders folders,
                NotificationService notifications, Authentication authentication, Duration resyncInterval,
                Duration healthTimeout, Duration defaultIdleTimeout, Clock clock) {
        this(repository, runtime, routeTable, folders, notifications, authentication, resyncInterval, healthTimeout,
             defaultIdleTimeout, new Supervisor(clock));
    }

    Core(ServiceRepository repository, ServiceRuntime runtime, RouteTable routeTable, VersionFolders folders,
         NotificationService notifications, Authentication authentication, Duration resyncInterval,
         Duration healthTimeout, Duration defaultIdleTimeout, Supervisor supervisor) {
        RoutePublisher routes = new RoutePublisher(routeTable);
        this.runtime = runtime;
        this.folders = folders;
        this.watch = new DeployWatch();
        this.environment = new ServiceEnvironment(authentication);
        this.supervisor = supervisor;
        this.reconciler = new Reconciler(repository, runtime, routes, supervisor, watch, environment, folders, notifications,
                                         resyncInterval, healthTimeout);
        this.deployer = new Deployer(repository, runtime, reconciler, routes, watch, folders, healthTimeout, defaultIdleTimeout);
        this.inspector = new Inspector(repository, runtime, reconciler);
        this.scaleToZero = new ScaleToZero(repository, routes, reconciler);
    }

    /** Once the server listens: services get its URL, and what the store holds is brought in line. */
    public void start(URI managerUrl) {
        environment.managerUrl(managerUrl);
        reconciler.start();
        scaleToZero.start();
    }

    /** What the gateway asks to start an idle version for a request that waits. */
    public Waker waker() {
        return scaleToZero;
    }

    public Deployer deployer() {
        return deployer;
    }

    public Inspector inspector() {
        return inspector;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    /** The content store incremental deploys upload to. */
    public ContentStore content() {
        return folders.content();
    }

    @Override
    public void close() {
        watch.close();
        scaleToZero.close();
        reconciler.close();
        supervisor.close();
        deployer.close();
        runtime.close();
    }
}
