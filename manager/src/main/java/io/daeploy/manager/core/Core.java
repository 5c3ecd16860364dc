package io.daeploy.manager.core;

import io.daeploy.manager.auth.Authentication;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.core.leader.LeaderOnlyRuntime;
import io.daeploy.manager.core.leader.Leadership;
import io.daeploy.manager.deploy.VersionFolders;
import io.daeploy.manager.notify.NotificationService;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.store.ChangeFeed;
import io.daeploy.manager.store.Fence;
import io.daeploy.manager.store.ServiceRepository;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The manager's core wired together: the {@link Deployer} and {@link Inspector} the API calls, the {@link Reconciler}
 * and {@link Supervisor} that keep what runs in line (on the leader only), the {@link StoreFollower} that routes by the
 * store where another manager leads, the {@link RoutePublisher} the gateway follows.
 */
public final class Core implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Core.class.getName());

    private final Deployer deployer;
    private final Inspector inspector;
    private final Reconciler reconciler;
    private final Supervisor supervisor;
    private final ServiceEnvironment environment;
    private final DeployWatch watch;
    private final ServiceRuntime runtime;
    private final VersionFolders folders;
    private final ScaleToZero scaleToZero;
    private final Leadership leadership;
    private final StoreFollower follower;
    private final Duration resyncInterval;
    private final ScheduledExecutorService followerResync = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("daeploy-follower-resync").daemon().factory());

    /** The only manager on its store: it always leads. */
    public Core(ServiceRepository repository, ServiceRuntime runtime, RouteTable routeTable, VersionFolders folders,
                NotificationService notifications, Authentication authentication, Duration resyncInterval,
                Duration healthTimeout, Duration defaultIdleTimeout, Clock clock) {
        this(repository, runtime, routeTable, folders, notifications, authentication, resyncInterval, healthTimeout,
             defaultIdleTimeout, new Supervisor(clock), Leadership.sole());
    }

    /** One of the managers on a store: it leads while it holds the lease. */
    public Core(ServiceRepository repository, ServiceRuntime runtime, RouteTable routeTable, VersionFolders folders,
                NotificationService notifications, Authentication authentication, Duration resyncInterval,
                Duration healthTimeout, Duration defaultIdleTimeout, Clock clock, Leadership leadership) {
        this(repository, runtime, routeTable, folders, notifications, authentication, resyncInterval, healthTimeout,
             defaultIdleTimeout, new Supervisor(clock), leadership);
    }

    Core(ServiceRepository repository, ServiceRuntime runtime, RouteTable routeTable, VersionFolders folders,
         NotificationService notifications, Authentication authentication, Duration resyncInterval,
         Duration healthTimeout, Duration defaultIdleTimeout, Supervisor supervisor, Leadership leadership) {
        RoutePublisher routes = new RoutePublisher(routeTable);
        ServiceRuntime guarded = new LeaderOnlyRuntime(runtime, leadership);
        this.runtime = guarded;
        this.folders = folders;
        this.leadership = leadership;
        this.resyncInterval = resyncInterval;
        this.watch = new DeployWatch();
        this.environment = new ServiceEnvironment(authentication);
        this.supervisor = supervisor;
        this.reconciler = new Reconciler(repository, guarded, routes, supervisor, watch, environment, folders, notifications,
                                         resyncInterval, healthTimeout, leadership);
        this.deployer = new Deployer(repository, guarded, reconciler, routes, watch, folders, healthTimeout, defaultIdleTimeout);
        this.inspector = new Inspector(repository, guarded, reconciler);
        this.scaleToZero = new ScaleToZero(repository, routes, reconciler);
        this.follower = new StoreFollower(repository, routes, watch, reconciler);
    }

    /**
     * Once the server listens: services get the installation's URL, and this manager leads (what the store holds is
     * brought in line) or follows (routes by what the leader recorded) as the lease goes.
     */
    public void start(URI managerUrl) {
        environment.managerUrl(managerUrl);
        leadership.start(new Leadership.Listener() {
            @Override
            public void elected(Fence fence) {
                reconciler.lead();
            }

            @Override
            public void deposed(String why) {
                reconciler.follow();
                followQuietly();
            }
        });
        if (!reconciler.leading()) {
            followQuietly();
        }
        long every = resyncInterval.toMillis();
        followerResync.scheduleWithFixedDelay(() -> {
            if (!reconciler.leading()) {
                followQuietly();
            }
        }, every, every, TimeUnit.MILLISECONDS);
        scaleToZero.start();
    }

    /** Several managers on one database: scale to zero counts the requests the others passed too. */
    public void countRequestsSeenElsewhere(RequestsSeenElsewhere elsewhere) {
        scaleToZero.countAlso(elsewhere);
    }

    /** What the store's feed tells: the leader looks at the version, a manager that follows routes by it. */
    public ChangeFeed.Listener changes() {
        return new ChangeFeed.Listener() {
            @Override
            public void versionChanged(String qualifiedName) {
                if (reconciler.leading()) {
                    reconciler.enqueue(qualifiedName);
                } else {
                    follower.follow(qualifiedName);
                }
            }

            @Override
            public void leaseChanged() {
                leadership.lookNow();
            }

            @Override
            public void missedSome() {
                if (reconciler.leading()) {
                    reconciler.resync();
                } else {
                    followQuietly();
                }
            }
        };
    }

    private void followQuietly() {
        try {
            follower.followAll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not read the store to route by it; the next resync tries again", e);
        }
    }

    /**
     * Whether this manager is ready for traffic: once it read every version from the store as a manager that follows,
     * or, leading from its start, once it looked at every version. One that followed and now leads stays ready while
     * it takes over: it routes by what it read meanwhile, so a load balancer need not take it out then.
     */
    public boolean caughtUp() {
        return follower.caughtUp() || reconciler.caughtUp();
    }

    /** Versions recorded at the start that were not looked at yet (leader only). */
    public int toLookAt() {
        return reconciler.toLookAt();
    }

    /** Who leads, and whether this manager does. */
    public Leadership leadership() {
        return leadership;
    }

    /** Stops leading at once (a graceful stop): another manager takes the lease over without waiting for it to expire. */
    public void handOver() {
        leadership.handOver();
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
        followerResync.shutdownNow();
        leadership.close();
        watch.close();
        scaleToZero.close();
        reconciler.close();
        supervisor.close();
        deployer.close();
        runtime.close();
    }
}
