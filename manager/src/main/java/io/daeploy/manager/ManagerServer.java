package io.daeploy.manager;

import io.daeploy.common.Severity;
import io.daeploy.common.Json;
import io.daeploy.manager.api.ApiDocsService;
import io.daeploy.manager.api.CertificateApi;
import io.daeploy.manager.api.openapi.ManagerOpenApi;
import io.daeploy.manager.api.ComparisonApi;
import io.daeploy.manager.api.IncrementalDeployApi;
import io.daeploy.manager.api.ReloadApi;
import io.daeploy.manager.api.DashboardService;
import io.daeploy.manager.api.LogsApi;
import io.daeploy.manager.api.MetricsApi;
import io.daeploy.manager.api.RolloutApi;
import io.daeploy.manager.api.ManagerInfoApi;
import io.daeploy.manager.api.NotificationsApi;
import io.daeploy.manager.api.RuntimeHealth;
import io.daeploy.manager.api.ServicesApi;
import io.daeploy.manager.api.TrafficApi;
import io.daeploy.manager.api.UploadParser;
import io.daeploy.manager.api.auth.AuthRoutes;
import io.daeploy.manager.auth.AuthSettings;
import io.daeploy.manager.auth.Authentication;
import io.daeploy.manager.config.ClusterSettings;
import io.daeploy.manager.config.HttpsSettings;
import io.daeploy.manager.http.RequestsInFlight;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.config.ManagerVersion;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.core.Core;
import io.daeploy.manager.core.RouteTable;
import io.daeploy.manager.core.compare.Comparisons;
import io.daeploy.manager.core.rollout.Rollouts;
import io.daeploy.manager.deploy.ApplicationArchive;
import io.daeploy.manager.deploy.VersionFolders;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.gateway.GatewayHandler;
import io.daeploy.manager.gateway.WakeGate;
import io.daeploy.manager.gateway.GatewayUpgrader;
import io.daeploy.manager.gateway.UpgradeRefusals;
import io.daeploy.manager.gateway.ProxyForwarder;
import io.daeploy.manager.gateway.ShadowMirror;
import io.daeploy.manager.http.CorsFilter;
import io.daeploy.manager.http.HttpErrors;
import io.daeploy.manager.http.JsonResponses;
import io.daeploy.manager.http.ProtocolErrors;
import io.daeploy.manager.http.RouteCatalog;
import io.daeploy.manager.logs.ManagerLog;
import io.daeploy.manager.metrics.FiguresExchange;
import io.daeploy.manager.metrics.TrafficHistory;
import io.daeploy.manager.metrics.TrafficMetrics;
import io.daeploy.manager.notify.NotificationRepository;
import io.daeploy.manager.notify.NotificationService;
import io.daeploy.manager.notify.SmtpMailer;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.runtime.docker.DockerRuntime;
import io.daeploy.manager.runtime.kubernetes.KubernetesRuntime;
import io.daeploy.manager.runtime.process.ProcessRuntime;
import io.daeploy.manager.store.DataDirectoryLock;
import io.daeploy.manager.store.Database;
import io.daeploy.manager.store.FiguresRepository;
import io.daeploy.manager.store.ComparisonRepository;
import io.daeploy.manager.store.RolloutRepository;
import io.daeploy.manager.store.ServiceRepository;
import io.daeploy.manager.store.ChangeFeed;
import io.daeploy.manager.store.LeaseRepository;
import io.daeploy.manager.core.leader.Leadership;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

import io.daeploy.manager.https.AcmeIssuer;
import io.daeploy.manager.https.CertificateFiles;
import io.daeploy.manager.https.CertificateKeeper;
import io.daeploy.manager.https.Http01Tokens;
import io.daeploy.manager.https.PlainPortFilter;

import java.net.URI;
import java.util.Optional;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/** Wires the manager's parts together and runs its web server. */
public final class ManagerServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ManagerServer.class.getName());
    /** With HTTPS on, the listener of {@code DAEPLOY_PORT}; the default one is then HTTPS. */
    static final String PLAIN_SOCKET = "plain";

    private final DataDirectoryLock dataDirectory;
    private final Database database;
    private final Core core;
    private final Rollouts rollouts;
    private final TrafficHistory traffic;
    private final FiguresExchange figures;
    private final WebServer server;
    private final RouteCatalog catalog;
    private final Authentication authentication;
    private final CertificateKeeper certificates;
    private final ChangeFeed changes;
    private final AtomicBoolean stopping;
    private final RequestsInFlight inFlight;
    private final ClusterSettings cluster;

    private ManagerServer(DataDirectoryLock dataDirectory, Database database, Core core, Rollouts rollouts,
                          TrafficHistory traffic, FiguresExchange figures, WebServer server, RouteCatalog catalog,
                          Authentication authentication,
                          CertificateKeeper certificates, ChangeFeed changes, AtomicBoolean stopping, RequestsInFlight inFlight,
                          ClusterSettings cluster) {
        this.changes = changes;
        this.stopping = stopping;
        this.inFlight = inFlight;
        this.cluster = cluster;
        this.dataDirectory = dataDirectory;
        this.database = database;
        this.core = core;
        this.rollouts = rollouts;
        this.traffic = traffic;
        this.figures = figures;
        this.server = server;
        this.catalog = catalog;
        this.authentication = authentication;
        this.certificates = certificates;
    }

    public static ManagerServer start(ManagerSettings settings, AuthSettings authSettings, Config serverConfig) {
        return start(settings, HttpsSettings.from(Config.empty(), java.util.Map.of()), authSettings, serverConfig);
    }

    public static ManagerServer start(ManagerSettings settings, HttpsSettings https, AuthSettings authSettings,
                                      Config serverConfig) {
        requireAuthBeyondLoopback(settings, authSettings);
        // on PostgreSQL, several managers may share a data directory (where the applications are): one lock per name
        DataDirectoryLock dataDirectory = settings.sharesItsStore()
                ? DataDirectoryLock.acquire(settings.dataDir(), settings.cluster().managerName())
                : DataDirectoryLock.acquire(settings.dataDir());
        try {
            return start(dataDirectory, settings, https, authSettings, serverConfig);
        } catch (RuntimeException | Error e) {
            dataDirectory.close();
            throw e;
        }
    }

    private static ManagerServer start(DataDirectoryLock dataDirectory, ManagerSettings settings, HttpsSettings https,
                                       AuthSettings authSettings, Config serverConfig) {
        ManagerLog log = settings.sharesItsStore()
                ? ManagerLog.install(settings.dataDir(), settings.cluster().managerName())
                : ManagerLog.install(settings.dataDir());
        ContentStore content = ContentStore.in(settings.dataDir()); // one for every runtime: uploads and image builds
        ServiceRuntime runtime = runtime(settings, content);
        Database database = Database.open(settings.database(), settings.dataDir());
        NotificationService notifications = new NotificationService(new NotificationRepository(database),
                settings.smtp().map(SmtpMailer::new), https.enabled()
                        ? "https://" + https.hostName() + (https.httpsPort() == 443 ? "" : ":" + https.httpsPort()) + "/"
                        : "http://" + settings.hostName() + ":" + settings.port() + "/");
        // raised before the server answers, so that whoever sees the manager healthy sees this too
        runtime.problem().ifPresent(problem -> notifications.raiseForService(NotificationService.MANAGER,
                ManagerVersion.current(), problem, Severity.WARNING));
        runtime.caveat().ifPresent(caveat -> notifications.raiseForService(NotificationService.MANAGER,
                ManagerVersion.current(), caveat, Severity.WARNING));
        Authentication auth = Authentication.start(authSettings, database);
        RouteTable routes = new RouteTable();
        VersionFolders folders = new VersionFolders(settings.dataDir(), new ApplicationArchive(settings.maxUnpackedBytes()),
                                                    content);
        ServiceRepository versions = new ServiceRepository(database);
        Leadership leadership = database.shared()
                ? new Leadership(new LeaseRepository(database), settings.cluster().managerName(), settings.cluster().lease())
                : Leadership.sole(settings.cluster().managerName());
        Core core = new Core(versions, runtime, routes, folders, notifications, auth,
                             settings.resyncInterval(), settings.healthTimeout(), settings.idle().defaultTimeout(),
                             Clock.systemUTC(), leadership);
        RouteCatalog catalog = new RouteCatalog();
        TrafficMetrics metrics = settings.metrics() ? TrafficMetrics.recording() : TrafficMetrics.off();
        Rollouts rollouts = new Rollouts(new RolloutRepository(database), versions, core.deployer(), metrics, settings.metrics(),
                                         notifications, new Comparisons(new ComparisonRepository(database), versions), Clock.systemUTC());
        TrafficHistory traffic = new TrafficHistory(metrics, core.inspector()::list, Clock.systemUTC(), settings.trafficSample());
        // several managers on one database: each adds up what all counted
        FiguresExchange figures = database.shared() ? new FiguresExchange(new FiguresRepository(database), metrics, routes,
                settings.cluster().managerName(), core.reconciler()::leading, Clock.systemUTC()) : null;
        if (figures != null) {
            core.countRequestsSeenElsewhere(figures);
        }
        WebServerConfig.Builder builder = WebServer.builder().config(serverConfig);
        AtomicBoolean stopping = new AtomicBoolean();
        ProtocolErrors.apply(builder, serverConfig.get("protocols.http_1_1.max-headers-size").asInt().orElse(16 * 1024));
        // WebSocket (and like upgrades) through the gateway, with the HTTP/1 settings the server config gives
        Http1Config http1 = builder.protocols().stream().filter(Http1Config.class::isInstance).map(Http1Config.class::cast)
                .findFirst().orElseGet(Http1Config::create);
        // several managers behind one load balancer: the CA's challenge may reach any of them, the leader renews
        Http01Tokens challenges = settings.sharesItsStore() ? Http01Tokens.sharedIn(settings.dataDir()) : new Http01Tokens();
        CertificateKeeper certificates = https.enabled()
                ? certificateKeeper(settings, https, challenges, notifications, core.reconciler()::leading) : null;
        HttpRouting.Builder routing = HttpRouting.builder();
        if (certificates != null) {
            routing.addFilter(new PlainPortFilter(challenges, certificates::trusted, https.hostName()
                    + (https.httpsPort() == 443 ? "" : ":" + https.httpsPort()), https.hostName()));
        }
        RequestsInFlight inFlight = new RequestsInFlight();
        routing.addFilter(inFlight);
        routing.addFilter(new UpgradeRefusals());
        // before authentication: a browser's preflight carries no credentials and must still be answered
        CorsFilter.register(routing, settings.cors());
        AuthRoutes.register(routing, catalog, auth);
        routing(routing, settings, core, routes, notifications, log, catalog, metrics, rollouts, traffic, certificates);
        var upgrader = new GatewayUpgrader(routes, settings.gateway(), auth.enabled()).selector(http1);
        builder.addConnectionSelector(upgrader)
                .host(settings.bind())
                .port(certificates == null ? settings.port() : https.httpsPort())
                .shutdownHook(false) // Main's own stops gracefully
                .addFeature(ObserveFeature.just(HealthObserver.builder().details(true)
                        .addCheck(new RuntimeHealth(runtime, core, stopping::get)).build()))
                .routing(routing);
        if (certificates != null) {
            // the one routing on both ports: the plain one answers challenges and sends its public name to HTTPS
            builder.tls(certificates.current().tls())
                    .putSocket(PLAIN_SOCKET, plain -> plain.host(settings.bind()).port(settings.port()).addConnectionSelector(upgrader)
                            .routing(routing));
        }
        WebServer server = builder.build().start();
        if (certificates != null) {
            certificates.start(certificate -> server.reloadTls(certificate.tls()));
            LOG.info(() -> "HTTPS on port " + server.port() + " for " + https.hostName() + " (" + certificates.current().source()
                    + " certificate), plain HTTP on port " + server.port(PLAIN_SOCKET));
        }
        int plainPort = certificates == null ? server.port() : server.port(PLAIN_SOCKET);
        dataDirectory.listeningOn(plainPort);
        String host = settings.bind().equals("0.0.0.0") ? "127.0.0.1" : settings.bind();
        core.start(settings.cluster().frontUrl().orElse(URI.create("http://" + host + ":" + plainPort)));
        ChangeFeed changes = ChangeFeed.start(database, core.changes());
        rollouts.startTicking(Duration.ofSeconds(1), core.reconciler()::leading);
        if (figures != null) {
            figures.start();
        }
        if (settings.metrics()) {
            traffic.startSampling();
        }
        settings.smtp().ifPresent(smtp -> LOG.info(() -> "Notification e-mails go through " + smtp));
        if (settings.cors().enabled()) {
            LOG.info(() -> "CORS: " + settings.cors().describe() + " may call the API and the services from a browser");
        }
        LOG.info(() -> "Daeploy manager " + ManagerVersion.current() + " listening on http://" + settings.bind()
                + ":" + plainPort + " (runtime " + runtime.name() + ", data " + settings.dataDir() + ")");
        return new ManagerServer(dataDirectory, database, core, rollouts, traffic, figures, server, catalog, auth, certificates,
                                 changes, stopping, inFlight, settings.cluster());
    }

    private static CertificateKeeper certificateKeeper(ManagerSettings settings, HttpsSettings https, Http01Tokens challenges,
                                                       NotificationService notifications, BooleanSupplier leads) {
        CertificateFiles files = new CertificateFiles(settings.dataDir());
        Optional<AcmeIssuer> issuer = https.acme() ? Optional.of(new AcmeIssuer(https.acmeDirectory(), https.acmeTrust(),
                https.acmeEmail(), files, challenges)) : Optional.empty();
        return new CertificateKeeper(https, files, issuer, notifications, Clock.systemUTC(), leads, settings.sharesItsStore());
    }

    /** All routes of the manager; order matters: API routes first, the gateway last. */
    static void routing(HttpRouting.Builder routing, ManagerSettings settings, Core core, RouteTable routes,
                        NotificationService notifications, ManagerLog log, RouteCatalog catalog) {
        routing(routing, settings, core, routes, notifications, log, catalog,
                settings.metrics() ? TrafficMetrics.recording() : TrafficMetrics.off(), null);
    }

    /** The same, with the figures the gateway records and the rollouts judging from them (none: no rollout routes). */
    static void routing(HttpRouting.Builder routing, ManagerSettings settings, Core core, RouteTable routes,
                        NotificationService notifications, ManagerLog log, RouteCatalog catalog, TrafficMetrics metrics,
                        Rollouts rollouts) {
        routing(routing, settings, core, routes, notifications, log, catalog, metrics, rollouts, null);
    }

    /** The same, with the traffic history the dashboard's charts draw (none: no traffic route). */
    static void routing(HttpRouting.Builder routing, ManagerSettings settings, Core core, RouteTable routes,
                        NotificationService notifications, ManagerLog log, RouteCatalog catalog, TrafficMetrics metrics,
                        Rollouts rollouts, TrafficHistory traffic) {
        routing(routing, settings, core, routes, notifications, log, catalog, metrics, rollouts, traffic, null);
    }

    /** The same, with the HTTPS certificate's status and renewal (none: HTTPS is off). */
    static void routing(HttpRouting.Builder routing, ManagerSettings settings, Core core, RouteTable routes,
                        NotificationService notifications, ManagerLog log, RouteCatalog catalog, TrafficMetrics metrics,
                        Rollouts rollouts, TrafficHistory traffic, CertificateKeeper certificates) {
        if (certificates != null) {
            routing.register("/observe", catalog.cataloged("/observe", new CertificateApi(certificates)));
        }
        ProxyForwarder forwarder = new ProxyForwarder(settings.gateway());
        ShadowMirror mirror = new ShadowMirror(forwarder, settings.gateway().mirrorMaxInFlight(),
                                               settings.gateway().mirrorMaxBodyBytes(), metrics,
                                               rollouts == null ? null : rollouts.comparisons());
        catalog.add("ANY", "/services/{name}/*");
        catalog.add("GET", "/observe/health");
        routing.register("/services", catalog.cataloged("/services", new ServicesApi(core.deployer(), core.inspector(),
                        mirror, new UploadParser(settings.maxUploadBytes()), settings.dataDir().resolve("tmp"))));
        routing.register("/services", catalog.cataloged("/services", new IncrementalDeployApi(core.deployer(), core.content(),
                        settings.maxUploadBytes(), settings.maxUnpackedBytes())));
        routing.register("/services", catalog.cataloged("/services", new ReloadApi(core.deployer(), mirror,
                        settings.maxUnpackedBytes())));
        if (rollouts != null) {
            routing.register("/services", catalog.cataloged("/services", new RolloutApi(rollouts)));
            routing.register("/services", catalog.cataloged("/services", new ComparisonApi(rollouts.comparisons())));
        }
        if (traffic != null) {
            routing.register("/services", catalog.cataloged("/services",
                    new TrafficApi(traffic, core.inspector(), rollouts, metrics.on())));
        }
        routing.any("/services/*", new GatewayHandler(routes, forwarder, mirror, metrics,
                                                      new WakeGate(core.waker(), settings.idle())))
                .register("/observe", catalog.cataloged("/observe", new MetricsApi(metrics, core.inspector(), rollouts)))
                .register("/notifications", catalog.cataloged("/notifications", new NotificationsApi(notifications)))
                .register("/logs", catalog.cataloged("/logs", new LogsApi(log)))
                .register(catalog.cataloged("", new ManagerInfoApi(ManagerVersion.current(), () -> openApi(catalog))))
                .register(catalog.cataloged("", new ApiDocsService()))
                .register(catalog.cataloged("", new DashboardService()))
                .error(DomainException.class, HttpErrors::handle)
                // Helidon's own refusals (not found, bad request, ...) keep their status
                .error(io.helidon.http.HttpException.class, (req, res, e) -> JsonResponses.error(res, e.status(), e.getMessage()))
                .error(Exception.class, HttpErrors::internalError);
    }

    /** The document of the routes registered, as JSON. */
    private static byte[] openApi(RouteCatalog catalog) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(ManagerOpenApi.document(
                    catalog.routes().stream().map(r -> r.method() + " " + r.path()).toList(), ManagerVersion.current()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the OpenAPI document", e);
        }
    }

    /** Anyone who reaches the manager can run code on it: beyond loopback it must ask who they are. */
    private static void requireAuthBeyondLoopback(ManagerSettings settings, AuthSettings auth) {
        boolean loopback = settings.bind().equals("127.0.0.1") || settings.bind().equals("localhost")
                || settings.bind().equals("::1");
        if (!loopback && !auth.enabled()) {
            throw new IllegalArgumentException("DAEPLOY_BIND=" + settings.bind() + " opens the manager to the network:"
                    + " set DAEPLOY_AUTH_ENABLED=true and DAEPLOY_ADMIN_PASSWORD too (see docs/security.md)");
        }
    }

    private static ServiceRuntime runtime(ManagerSettings settings, ContentStore content) {
        return switch (settings.runtime()) {
            case "process" -> new ProcessRuntime(settings.serviceJavaOptions(), settings.dataDir(), settings.serviceLogMaxBytes(),
                                                 settings.shadowNice(), settings.healthTimeout(), settings.serviceIsolation(),
                                                 settings.serviceClassCache());
            case "docker" -> DockerRuntime.connect(settings, content);
            case "kubernetes" -> KubernetesRuntime.connect(settings, content);
            default -> throw new IllegalArgumentException("DAEPLOY_RUNTIME must be process, docker or kubernetes; got '"
                    + settings.runtime() + "'");
        };
    }

    /** For tests: the tokens a deployed version would get. */
    Authentication authentication() {
        return authentication;
    }

    /** Every route registered, for the tests that check each one is guarded. */
    public RouteCatalog routes() {
        return catalog;
    }

    /** The plain HTTP port ({@code DAEPLOY_PORT}). */
    public int port() {
        return certificates == null ? server.port() : server.port(PLAIN_SOCKET);
    }

    /** On SIGTERM (and Ctrl-C): {@link #stopGracefully}. */
    public ManagerServer stopGracefullyOnSignal() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopGracefully, "daeploy-graceful-stop"));
        return this;
    }

    /**
     * Leaves without failing a request: hands leadership over at once, fails its readiness so that a load balancer
     * takes it out, keeps serving for {@code DAEPLOY_LEAVE_SECONDS} while it does, then stops listening and lets the
     * requests in flight finish within {@code DAEPLOY_DRAIN_SECONDS}.
     */
    public void stopGracefully() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        LOG.info(() -> "Stopping: leadership handed over, readiness failed; serving " + cluster.leave().toSeconds()
                + " s more while load balancers take this manager out");
        core.handOver();
        try {
            Thread.sleep(cluster.leave().toMillis());
            if (!inFlight.awaitNone(cluster.drain())) {
                LOG.warning(() -> inFlight.count() + " request(s) still in flight after " + cluster.drain().toSeconds()
                        + " s (DAEPLOY_DRAIN_SECONDS): stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        stopping.set(true);
        changes.close();
        server.stop();
        if (certificates != null) {
            certificates.close();
        }
        traffic.close();
        if (figures != null) {
            figures.close();
        }
        rollouts.close();
        core.close();
        database.close();
        dataDirectory.close();
    }
}
