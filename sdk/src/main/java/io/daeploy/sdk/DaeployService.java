package io.daeploy.sdk;

import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.websocket.WsRouting;

/**
 * Serves a plain object's {@link Entrypoint} methods over HTTP with Helidon SE:
 * {@code public static void main(String[] args) { DaeployService.run(new HelloService()); }}
 */
public final class DaeployService {

    private static final Logger LOGGER = Logger.getLogger(DaeployService.class.getName());

    private DaeployService() {
    }

    /**
     * Starts the service on {@code PORT} (default 8000) and {@code DAEPLOY_SERVICE_BIND} (default 0.0.0.0), answering
     * CORS as {@code DAEPLOY_CORS_ALLOWED_ORIGINS} says, and blocks until the JVM exits; a shutdown hook stops the server.
     */
    public static void run(Object service) {
        ServiceLogging.configure();
        RunningService running;
        try {
            ServiceSettings settings = ServiceSettings.fromEnvironment(service.getClass());
            // Notifications carry the name the service runs under, also when run by hand without DAEPLOY_SERVICE_NAME.
            Daeploy.useConnection(ManagerConnection.fromEnvironment(System.getenv(), settings));
            running = start(service, settings);
        } catch (RuntimeException e) {
            // A service that cannot serve must end, so the manager sees it failed instead of waiting on it.
            LOGGER.log(Level.SEVERE, "Service could not start: " + e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "daeploy-shutdown"));
        try {
            running.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.stop();
        }
    }

    /** Starts the service on {@code port} (0 picks a free one), name and version from the environment. */
    public static RunningService start(Object service, int port) {
        // Embedded and test servers listen on loopback only; run() is what serves other machines.
        ServiceSettings fromEnv = ServiceSettings.fromEnvironment(service.getClass());
        return start(service, new ServiceSettings(fromEnv.name(), fromEnv.version(), port, "127.0.0.1").withCors(fromEnv.cors())
                .withShowErrors(fromEnv.showErrors()));
    }

    /** Starts the service with explicit settings; for tests and for embedding. */
    public static RunningService start(Object service, ServiceSettings settings) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(settings, "settings");
        ObjectMapper mapper = ServiceJson.mapper();
        // Checked before any socket opens, so a broken service class fails with just its message.
        ServiceDefinition definition = ServiceDefinition.of(service, mapper);
        MonitorStore store = new MonitorStore(settings.name(),
                MonitorSettings.fromEnvironment(System.getenv(), settings.dataDir()), mapper);
        WsRouting.Builder webSockets = WsRouting.builder();
        definition.webSockets().forEach(ws -> webSockets.endpoint(ws.path(), ws.listeners()));
        WebServer server = WebServer.builder()
                .host(settings.bindAddress())
                .port(settings.port())
                .shutdownHook(false) // run() installs its own, embedders decide for themselves
                .addFeature(ObserveFeature.just(HealthObserver.create()))
                .routing(routing -> routing(routing, definition, settings, store, mapper))
                .addRouting(webSockets)
                .build()
                .start();
        if (!server.isRunning()) { // Helidon logs why (e.g. port in use) and returns a stopped server
            store.close();
            throw new IllegalStateException("Service " + settings.name() + " could not listen on "
                    + settings.bindAddress() + ":" + settings.port() + "; see the log above (is the port in use?)");
        }
        store.register();
        definition.parameters().forEach(parameter -> parameter.attach(store));
        definition.jobs().forEach(job -> job.start(store));
        RunningService running = new RunningService(server, settings, store, definition.jobs());
        LOGGER.info("Service " + settings.name() + " " + settings.version() + " listening on http://"
                + settings.bindAddress() + ":" + running.port());
        return running;
    }

    /**
     * Registers every route of the service on a routing of your own: its entrypoints, {@code /openapi}, {@code /docs},
     * {@code /~parameters}, {@code /~monitor}, the JSON answers for unknown paths and, when the settings allow other
     * origins, the CORS filter (which then answers for every route of that routing). Periodic jobs and
     * {@link WebSocketEntrypoint}s (a routing of their own) do not run this way, and the monitoring store is never
     * closed: {@link #start} is the way to run a whole service.
     */
    public static void routing(HttpRouting.Builder routing, Object service, ServiceSettings settings) {
        ObjectMapper mapper = ServiceJson.mapper();
        ServiceDefinition definition = ServiceDefinition.of(service, mapper);
        MonitorStore store = new MonitorStore(settings.name(),
                MonitorSettings.fromEnvironment(System.getenv(), settings.dataDir()), mapper);
        store.register();
        definition.parameters().forEach(parameter -> parameter.attach(store));
        routing(routing, definition, settings, store, mapper);
    }

    private static void routing(HttpRouting.Builder routing, ServiceDefinition definition, ServiceSettings settings,
                                MonitorStore store, ObjectMapper mapper) {
        ErrorResponses errors = new ErrorResponses(mapper, settings.showErrors());
        List<EntrypointDefinition> entrypoints = definition.entrypoints();
        CorsFilter.register(routing, settings.cors(), errors);
        routing.get("/openapi", new OpenApiHandler(mapper, new OpenApiGenerator(mapper).generate(settings, definition)));
        routing.register(SwaggerUiService.PATH, new SwaggerUiService(settings));
        routing.register(ParametersService.PATH, new ParametersService(definition.parameters(), mapper, errors));
        routing.register(MonitorService.PATH, new MonitorService(store, mapper, errors));
        for (EntrypointDefinition entrypoint : entrypoints) {
            String path = "/" + entrypoint.name();
            routing.route(entrypoint.httpMethod(), path, new EntrypointHandler(entrypoint, mapper, errors, store));
            routing.any(path, errors.methodNotAllowed(entrypoint.name(), entrypoint.httpMethod()));
        }
        routing.addFeature(new UnknownPathFeature(
                errors.unknownEntrypoint(entrypoints.stream().map(EntrypointDefinition::name).toList())));
    }
}
