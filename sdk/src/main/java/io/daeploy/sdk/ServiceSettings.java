package io.daeploy.sdk;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Who the service is and where it listens, read once from the environment the manager provides.
 *
 * @param name        {@code DAEPLOY_SERVICE_NAME}, default: the service class's simple name lower-cased
 * @param version     {@code DAEPLOY_SERVICE_VERSION}, default {@code 0.0.0}
 * @param port        {@code PORT}, default 8000 (0 picks a free port)
 * @param bindAddress {@code DAEPLOY_SERVICE_BIND}, default {@code 0.0.0.0}
 */
public record ServiceSettings(String name, String version, int port, String bindAddress) {

    public static final String PORT = "PORT";
    public static final String SERVICE_NAME = "DAEPLOY_SERVICE_NAME";
    public static final String SERVICE_VERSION = "DAEPLOY_SERVICE_VERSION";
    public static final String SERVICE_BIND = "DAEPLOY_SERVICE_BIND";

    public static final int DEFAULT_PORT = 8000;
    public static final String DEFAULT_VERSION = "0.0.0";
    public static final String DEFAULT_BIND = "0.0.0.0";

    public ServiceSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
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
        return new ServiceSettings(name, version, port, bind);
    }

    /** The same settings listening on another port. */
    public ServiceSettings withPort(int newPort) {
        return new ServiceSettings(name, version, newPort, bindAddress);
    }

    static String defaultName(Class<?> serviceClass) {
        return serviceClass.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String valueOr(Map<String, String> env, String key, String fallback) {
        String value = env.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
