package io.daeploy.manager.auth;

import io.helidon.config.Config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * @param enabled       {@code DAEPLOY_AUTH_ENABLED}: every route but login, health and version needs a valid token
 * @param adminPassword {@code DAEPLOY_ADMIN_PASSWORD}: the password that user {@code admin} is created with
 *                      by the first start; changed through the API afterwards (see {@link AdminPasswordReset})
 */
public record AuthSettings(boolean enabled, Optional<String> adminPassword) {

    private static final String ENABLED = "DAEPLOY_AUTH_ENABLED";

    public static AuthSettings from(Config config, Map<String, String> env) {
        boolean enabled = Optional.ofNullable(env.get(ENABLED)).filter(v -> !v.isBlank()).map(v -> parse(ENABLED, v))
                .or(() -> config.get("daeploy.auth-enabled").asString().asOptional().map(v -> parse("daeploy.auth-enabled", v)))
                .orElse(false);
        Optional<String> password = Optional.ofNullable(env.get("DAEPLOY_ADMIN_PASSWORD")).filter(v -> !v.isEmpty());
        if (enabled && password.isEmpty()) {
            throw new IllegalArgumentException("DAEPLOY_AUTH_ENABLED=true needs DAEPLOY_ADMIN_PASSWORD: the password the"
                    + " admin user is created with at the first start");
        }
        return new AuthSettings(enabled, password);
    }

    /**
     * Only true or false: a typo such as "ture" or a "yes" read as false would leave the manager open
     * while its owner believes it closed.
     */
    private static boolean parse(String name, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false; got '" + value + "'");
        };
    }

    @Override
    public String toString() {
        return "AuthSettings[enabled=" + enabled + "]"; // never the password
    }
}
