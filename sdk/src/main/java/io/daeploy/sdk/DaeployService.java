package io.daeploy.sdk;

import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.daeploy.common.Json;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

/**
 * Serves a plain object's {@link Entrypoint} methods over HTTP with Helidon SE:
 * {@code public static void main(String[] args) { DaeployService.run(new HelloService()); }}
 */
public final class DaeployService {

    private static final Logger LOGGER = Logger.getLogger(DaeployService.class.getName());

    private DaeployService() {
    }

    /**
     * Starts the service on {@code PORT} (default 8000) and {@code DAEPLOY_SERVICE_BIND} (default 0.0.0.0)
     * and blocks until the JVM exits; a shutdown hook stops the server.
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
        return start(service, new ServiceSettings(fromEnv.name(), fromEnv.version(), port, "127.0.0.1"));
    }

    /** Starts the service with explicit settings; for tests and for embedding. */
    public static RunningService start(Object service, ServiceSettings settings) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(settings, "settings");
        ObjectMapper mapper = Json.mapper();
        // Checked before any socket opens, so a broken service class fails with just its message.
        List<EntrypointDefinition> entrypoints = EntrypointScanner.scan(service, mapper);
        WebServer server = WebServer.builder()
                .host(settings.bindAddress())
                .port(settings.port())
                .shutdownHook(false) // run() installs its own, embedders decide for themselves
                .addFeature(ObserveFeature.just(HealthObserver.create()))
                .routing(routing -> routing(routing, entrypoints, settings, mapper))
                .build()
                .start();
        if (!server.isRunning()) { // Helidon logs why (e.g. port in use) and returns a stopped server
            throw new IllegalStateException("Service " + settings.name() + " could not listen on "
                    + settings.bindAddress() + ":" + settings.port() + "; see the log above (is the port in use?)");
        }
        RunningService running = new RunningService(server, settings);
        LOGGER.info("Service " + settings.name() + " " + settings.version() + " listening on http://"
                + settings.bindAddress() + ":" + running.port());
        return running;
    }

    /**
     * Registers every route of the service: its entrypoints, {@code /openapi}, {@code /docs} and the
     * JSON answers for unknown paths. {@code /observe/health} comes from the observe feature of the server.
     */
    public static void routing(HttpRouting.Builder routing, Object service, ServiceSettings settings) {
        ObjectMapper mapper = Json.mapper();
        routing(routing, EntrypointScanner.scan(service, mapper), settings, mapper);
    }

    static void routing(HttpRouting.Builder routing, List<EntrypointDefinition> entrypoints,
                        ServiceSettings settings, ObjectMapper mapper) {
        ErrorResponses errors = new ErrorResponses(mapper);
        routing.get("/openapi", new OpenApiHandler(mapper, new OpenApiGenerator(mapper).generate(settings, entrypoints)));
        routing.register(SwaggerUiService.PATH, new SwaggerUiService(settings));
        for (EntrypointDefinition entrypoint : entrypoints) {
            String path = "/" + entrypoint.name();
            routing.route(entrypoint.httpMethod(), path, new EntrypointHandler(entrypoint, mapper, errors));
            routing.any(path, errors.methodNotAllowed(entrypoint.name(), entrypoint.httpMethod()));
        }
        routing.addFeature(new UnknownPathFeature(
                errors.unknownEntrypoint(entrypoints.stream().map(EntrypointDefinition::name).toList())));
    }
}
