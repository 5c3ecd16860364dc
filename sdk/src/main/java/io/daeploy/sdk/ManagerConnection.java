package io.daeploy.sdk;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How this service reaches the Daeploy manager, for {@link Daeploy#callService} and {@link Daeploy#notify},
 * read once from the environment the manager provides.
 *
 * @param managerUrl     {@code DAEPLOY_MANAGER_URL}; empty when the service runs without a manager
 * @param token          {@code DAEPLOY_SERVICE_TOKEN}, sent as {@code Authorization: Bearer <token>}
 * @param callTimeout    {@code DAEPLOY_CALL_TIMEOUT_SECONDS}, default 30 s: how long a call waits for its answer
 * @param serviceName    who raises notifications: {@code DAEPLOY_SERVICE_NAME}, default {@code unknown}
 * @param serviceVersion which version of it: {@code DAEPLOY_SERVICE_VERSION}, default {@code 0.0.0}
 */
public record ManagerConnection(Optional<URI> managerUrl,
                                Optional<String> token,
                                Duration callTimeout,
                                String serviceName,
                                String serviceVersion) {

    public static final String MANAGER_URL = "DAEPLOY_MANAGER_URL";
    public static final String SERVICE_TOKEN = "DAEPLOY_SERVICE_TOKEN";
    public static final String CALL_TIMEOUT_SECONDS = "DAEPLOY_CALL_TIMEOUT_SECONDS";

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    public static final String UNKNOWN_NAME = "unknown";

    public ManagerConnection {
        Objects.requireNonNull(managerUrl, "managerUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(serviceVersion, "serviceVersion");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
        }
        managerUrl = managerUrl.map(ManagerConnection::withoutTrailingSlash);
    }

    /** A connection to the manager at {@code managerUrl} with no token and the default timeout; for tests and tools. */
    public static ManagerConnection to(URI managerUrl) {
        return new ManagerConnection(Optional.of(checkedUrl(managerUrl.toString(), "managerUrl")), Optional.empty(),
                DEFAULT_CALL_TIMEOUT, UNKNOWN_NAME, ServiceSettings.DEFAULT_VERSION);
    }

    /** This process's environment. */
    public static ManagerConnection fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** The given environment; tests pass a map. */
    public static ManagerConnection fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, valueOf(env, ServiceSettings.SERVICE_NAME).orElse(UNKNOWN_NAME),
                valueOf(env, ServiceSettings.SERVICE_VERSION).orElse(ServiceSettings.DEFAULT_VERSION));
    }

    /** The given environment, raising notifications as the service these settings describe. */
    public static ManagerConnection fromEnvironment(Map<String, String> env, ServiceSettings self) {
        return fromEnvironment(env, self.name(), self.version());
    }

    private static ManagerConnection fromEnvironment(Map<String, String> env, String name, String version) {
        return new ManagerConnection(
                valueOf(env, MANAGER_URL).map(url -> checkedUrl(url, MANAGER_URL)),
                valueOf(env, SERVICE_TOKEN),
                valueOf(env, CALL_TIMEOUT_SECONDS).map(ManagerConnection::seconds).orElse(DEFAULT_CALL_TIMEOUT),
                name, version);
    }

    /** The same connection with a bearer token. */
    public ManagerConnection withToken(String newToken) {
        return new ManagerConnection(managerUrl, Optional.ofNullable(newToken), callTimeout, serviceName, serviceVersion);
    }

    /** The same connection with another default call timeout. */
    public ManagerConnection withCallTimeout(Duration newTimeout) {
        return new ManagerConnection(managerUrl, token, newTimeout, serviceName, serviceVersion);
    }

    /** The same connection raising notifications as another service. */
    public ManagerConnection as(String name, String version) {
        return new ManagerConnection(managerUrl, token, callTimeout, name, version);
    }

    private static Optional<String> valueOf(Map<String, String> env, String key) {
        String value = env.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static URI checkedUrl(String text, String what) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be a URL such as http://127.0.0.1:8080, got '" + text + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(what + " must be an http or https URL such as http://127.0.0.1:8080, got '"
                    + text + "'");
        }
        return uri;
    }

    private static Duration seconds(String text) {
        try {
            BigDecimal seconds = new BigDecimal(text);
            if (seconds.signum() > 0) {
                Duration timeout = Duration.ofMillis(seconds.movePointRight(3).longValue());
                if (!timeout.isZero()) {
                    return timeout;
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new IllegalArgumentException("Environment variable " + CALL_TIMEOUT_SECONDS
                + " must be a positive number of seconds, got '" + text + "'");
    }

    /** The manager's paths are appended to this base, so {@code http://m:8080/} and {@code http://m:8080} are one. */
    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}
