package io.daeploy.manager;

import io.daeploy.manager.api.ApiException;
import io.daeploy.manager.api.DashboardService;
import io.daeploy.manager.api.JsonResponses;
import io.daeploy.manager.api.ManagerInfoApi;
import io.daeploy.manager.api.RouteCatalog;
import io.daeploy.manager.api.NotificationsApi;
import io.daeploy.manager.notify.NotificationRepository;
import io.daeploy.manager.notify.NotificationService;
import io.daeploy.manager.notify.SmtpMailer;
import io.daeploy.manager.api.ServicesApi;
import io.daeploy.manager.auth.AuthSettings;
import io.daeploy.manager.auth.Authentication;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.core.ServiceManager;
import io.daeploy.manager.deploy.UploadParser;
import io.daeploy.manager.gateway.GatewayHandler;
import io.daeploy.manager.gateway.ProxyForwarder;
import io.daeploy.manager.gateway.RouteTable;
import io.daeploy.manager.logs.LogsApi;
import io.daeploy.manager.logs.ManagerLog;
import io.daeploy.manager.gateway.ShadowMirror;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.runtime.docker.DockerRuntime;
import io.daeploy.manager.runtime.process.ProcessRuntime;
import io.daeploy.manager.store.DataDirectoryLock;
import io.daeploy.manager.store.Database;
import io.daeploy.manager.store.ServiceRepository;
import io.helidon.config.Config;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

import java.net.URI;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Wires the manager's parts together and runs its web server. */
public final class ManagerServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ManagerServer.class.getName());

    private final DataDirectoryLock dataDirectory;
    private final Database database;
    private final ServiceManager services;
    private final WebServer server;
    private final RouteCatalog catalog;
    private final Authentication authentication;

    private ManagerServer(DataDirectoryLock dataDirectory, Database database, ServiceManager services, WebServer server,
                          RouteCatalog catalog, Authentication authentication) {
        this.dataDirectory = dataDirectory;
        this.catalog = catalog;
        this.authentication = authentication;
        this.database = database;
        this.services = services;
        this.server = server;
    }

    public static ManagerServer start(ManagerSettings settings, AuthSettings authSettings, Config serverConfig) {
        requireAuthBeyondLoopback(settings, authSettings);
        DataDirectoryLock dataDirectory = DataDirectoryLock.acquire(settings.dataDir());
        try {
            return start(dataDirectory, settings, authSettings, serverConfig);
        } catch (RuntimeException | Error e) {
            dataDirectory.close();
            throw e;
        }
    }

    private static ManagerServer start(DataDirectoryLock dataDirectory, ManagerSettings settings, AuthSettings authSettings,
                                       Config serverConfig) {
        ManagerLog log = ManagerLog.install(settings.dataDir());
        ServiceRuntime runtime = runtime(settings);
        Database database = Database.open(settings.dataDir());
        RouteTable routes = new RouteTable();
        NotificationService notifications = new NotificationService(new NotificationRepository(database),
                settings.smtp().map(SmtpMailer::new), "http://" + settings.hostName() + ":" + settings.port() + "/");
        ServiceManager services = new ServiceManager(settings, new ServiceRepository(database), runtime, routes, notifications);
        Authentication auth = Authentication.start(authSettings, database);
        RouteCatalog catalog = new RouteCatalog();
        services.useAuthentication(auth);
        WebServer server = WebServer.builder()
                .config(serverConfig)
                .host(settings.bind())
                .port(settings.port())
                .shutdownHook(true)
                .addFeature(ObserveFeature.just(HealthObserver.builder().details(true)
                        .addCheck(new RuntimeHealth(runtime)).build()))
                .routing(routing -> {
                    auth.routing(routing, catalog);
                    routing(routing, settings, services, routes, notifications, log, catalog);
                })
                .build()
                .start();
        dataDirectory.listeningOn(server.port());
        String host = settings.bind().equals("0.0.0.0") ? "127.0.0.1" : settings.bind();
        services.managerStarted(URI.create("http://" + host + ":" + server.port()));
        settings.smtp().ifPresent(smtp -> LOG.info(() -> "Notification e-mails go through " + smtp));
        runtime.problem().ifPresent(problem -> notifications.raiseForService(NotificationService.MANAGER,
                ManagerInfoApi.currentVersion(), problem, io.daeploy.common.Severity.WARNING));
        LOG.info(() -> "Daeploy manager " + ManagerInfoApi.currentVersion() + " listening on http://" + settings.bind()
                + ":" + server.port() + " (runtime " + runtime.name() + ", data " + settings.dataDir() + ")");
        return new ManagerServer(dataDirectory, database, services, server, catalog, auth);
    }

    /** All routes of the manager; order matters: API routes first, the gateway last. */
    static void routing(HttpRouting.Builder routing, ManagerSettings settings, ServiceManager services, RouteTable routes,
                        NotificationService notifications, ManagerLog log, RouteCatalog catalog) {
        ProxyForwarder forwarder = new ProxyForwarder(settings.gateway());
        ShadowMirror mirror = new ShadowMirror(forwarder, settings.gateway().mirrorMaxInFlight(),
                                               settings.gateway().mirrorMaxBodyBytes());
        catalog.add("ANY", "/services/{name}/*");
        catalog.add("GET", "/observe/health");
        routing.register("/services", catalog.cataloged("/services", new ServicesApi(services, mirror,
                        new UploadParser(settings.maxUploadBytes()), settings.dataDir().resolve("tmp"))))
                .any("/services/*", new GatewayHandler(routes, forwarder, mirror))
                .register("/notifications", catalog.cataloged("/notifications", new NotificationsApi(notifications)))
                .register("/logs", catalog.cataloged("/logs", new LogsApi(log)))
                .register(catalog.cataloged("", new ManagerInfoApi(ManagerInfoApi.currentVersion())))
                .register(catalog.cataloged("", new DashboardService()))
                .error(ApiException.class, (req, res, e) -> JsonResponses.error(res, e.status(), e.detail()))
                // Helidon's own refusals (not found, bad request, ...) keep their status
                .error(io.helidon.http.HttpException.class, (req, res, e) -> JsonResponses.error(res, e.status(), e.getMessage()))
                .error(Exception.class, (req, res, e) -> {
                    LOG.log(Level.SEVERE, "Request " + req.prologue().method() + " " + req.path().path() + " failed", e);
                    JsonResponses.error(res, Status.INTERNAL_SERVER_ERROR_500, "Internal manager error: " + e.getMessage());
                });
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

    private static ServiceRuntime runtime(ManagerSettings settings) {
        return switch (settings.runtime()) {
            case "process" -> new ProcessRuntime(settings.serviceJavaOptions(), settings.dataDir().resolve("services"),
                                                 settings.serviceLogMaxBytes(), settings.shadowNice());
            case "docker" -> DockerRuntime.connect(settings);
            case "kubernetes" -> throw new IllegalArgumentException("DAEPLOY_RUNTIME=" + settings.runtime()
                    + " is not available in this version yet; use DAEPLOY_RUNTIME=process (the default)");
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

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        services.close();
        database.close();
        dataDirectory.close();
    }
}
