package io.daeploy.sdk;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.daeploy.common.CorsPolicy;

/**
 * Who the service is and where it listens, read once from the environment the manager provides.
 *
 * @param name        {@code DAEPLOY_SERVICE_NAME}, default: the service class's simple name lower-cased
 * @param version     {@code DAEPLOY_SERVICE_VERSION}, default {@code 0.0.0}
 * @param port        {@code PORT}, default 8000 (0 picks a free port)
 * @param bindAddress {@code DAEPLOY_SERVICE_BIND}, default {@code 0.0.0.0}
 * @param dataDir     {@code DAEPLOY_SERVICE_DATA_DIR}, default {@code service-data} in the working directory:
 *                    where the service keeps its monitoring database
 * @param cors        which other origins' pages may call the service from a browser when it runs by itself
 *                    ({@code DAEPLOY_CORS_ALLOWED_ORIGINS}, none; {@code DAEPLOY_CORS_ALLOW_CREDENTIALS}, false);
 *                    behind the manager its gateway answers CORS in the service's place
 * @param showErrors  {@code DAEPLOY_SHOW_ERRORS}, default false: a 500 answer names only the entrypoint and an id
 *                    that its logged stack trace carries too; {@code true} adds the exception's class and message,
 *                    for a service under development
 */
public record ServiceSettings(String name, String version, int port, String bindAddress, Path dataDir, CorsPolicy cors,
                              boolean showErrors) {

    public static final String PORT = "PORT";
    public static final String SERVICE_NAME = "DAEPLOY_SERVICE_NAME";
    public static final String SERVICE_VERSION = "DAEPLOY_SERVICE_VERSION";
    public static final String SERVICE_BIND = "DAEPLOY_SERVICE_BIND";
    public static final String SERVICE_DATA_DIR = "DAEPLOY_SERVICE_DATA_DIR";
    public static final String SHOW_ERRORS = "DAEPLOY_SHOW_ERRORS";

    public static final int DEFAULT_PORT = 8000;
    public static final String DEFAULT_VERSION = "0.0.0";
    public static final String DEFAULT_BIND = "0.0.0.0";
    public static final Path DEFAULT_DATA_DIR = Path.of("service-data");

    public ServiceSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(cors, "cors");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    /** Settings keeping their data in {@link #DEFAULT_DATA_DIR}, without CORS. */
    public ServiceSettings(String name, String version, int port, String bindAddress) {
        this(name, version, port, bindAddress, DEFAULT_DATA_DIR);
    }

    /** Settings without CORS: no page of another origin may call. */
    public ServiceSettings(String name, String version, int port, String bindAddress, Path dataDir) {
        this(name, version, port, bindAddress, dataDir, CorsPolicy.off());
    }

    /** Settings whose 500 answers hide the exception: its class and message stay in the log. */
    public ServiceSettings(String name, String version, int port, String bindAddress, Path dataDir, CorsPolicy cors) {
        this(name, version, port, bindAddress, dataDir, cors, false);
    }

    /** Settings from this process's environment. */
    public static ServiceSettings fromEnvironment(Class<?> serviceClass) {
        return fromEnvironment(System.getenv(), serviceClass);
    }

    /** Settings from the given environment; tests pass a map. */
    public static ServiceSettings fromEnvironment(Map<String, String> env, Class<?> serviceClass) {
        String name = valueOr(env, SERVICE_NAME, defaultName(serviceClass));
        String version = valueOr(env, SERVICE_VERSION, DEFAULT_VERSION);
        String bind = valueOr(env, SERVICE_BIND, DEFAULT_BIND);
        String portText = valueOr(env, PORT, Integer.toString(DEFAULT_PORT));
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Environment variable " + PORT + " must be a port number, got '" + portText + "'");
        }
        Path dataDir = Path.of(valueOr(env, SERVICE_DATA_DIR, DEFAULT_DATA_DIR.toString()));
        boolean showErrors = "true".equalsIgnoreCase(valueOr(env, SHOW_ERRORS, "false"));
        return new ServiceSettings(name, version, port, bind, dataDir, CorsPolicy.fromEnvironment(env), showErrors);
    }

    /** The same settings listening on another port. */
    public ServiceSettings withPort(int newPort) {
        return new ServiceSettings(name, version, newPort, bindAddress, dataDir, cors, showErrors);
    }

    /** The same settings keeping their data in another folder. */
    public ServiceSettings withDataDir(Path newDataDir) {
        return new ServiceSettings(name, version, port, bindAddress, newDataDir, cors, showErrors);
    }

    /** The same settings answering CORS by another policy. */
    public ServiceSettings withCors(CorsPolicy newCors) {
        return new ServiceSettings(name, version, port, bindAddress, dataDir, newCors, showErrors);
    }

    /** The same settings, showing (or hiding) the exception of a 500 answer. */
    public ServiceSettings withShowErrors(boolean show) {
        return new ServiceSettings(name, version, port, bindAddress, dataDir, cors, show);
    }

    static String defaultName(Class<?> serviceClass) {
        return serviceClass.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String valueOr(Map<String, String> env, String key, String fallback) {
        String value = env.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
