package io.daeploy.manager.auth;

import io.helidon.config.Config;

import java.util.Map;
import java.util.Optional;

/**
 * @param enabled       {@code DAEPLOY_AUTH_ENABLED}: every route but login, health and version needs a valid token
 * @param adminPassword {@code DAEPLOY_ADMIN_PASSWORD}: the password of user {@code admin}, applied at every start
 */
public record AuthSettings(boolean enabled, Optional<String> adminPassword) {

    public static AuthSettings from(Config config, Map<String, String> env) {
        boolean enabled = Optional.ofNullable(env.get("DAEPLOY_AUTH_ENABLED")).filter(v -> !v.isBlank())
                .or(() -> config.get("daeploy.auth-enabled").asString().asOptional())
                .map(Boolean::parseBoolean).orElse(false);
        Optional<String> password = Optional.ofNullable(env.get("DAEPLOY_ADMIN_PASSWORD")).filter(v -> !v.isEmpty());
        if (enabled && password.isEmpty()) {
            throw new IllegalArgumentException("DAEPLOY_AUTH_ENABLED=true needs DAEPLOY_ADMIN_PASSWORD: the password of"
                    + " the admin user, applied at every start");
        }
        return new AuthSettings(enabled, password);
    }

    @Override
    public String toString() {
        return "AuthSettings[enabled=" + enabled + "]"; // never the password
    }
}
