package io.daeploy.manager.auth;

import io.daeploy.manager.api.auth.AuthFilter;
import io.daeploy.manager.api.auth.AdminApi;
import io.daeploy.manager.api.auth.AuthApi;
import io.daeploy.manager.store.Database;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * Users, tokens and the filter that guards every route, wired together. With authentication off
 * (the laptop default, loopback only) nothing is guarded and services get no token.
 */
public final class Authentication {

    private static final Logger LOG = Logger.getLogger(Authentication.class.getName());

    private final AuthSettings settings;
    private final UserService users;
    private final TokenService tokens;

    private Authentication(AuthSettings settings, UserService users, TokenService tokens) {
        this.settings = settings;
        this.users = users;
        this.tokens = tokens;
    }

    public static Authentication start(AuthSettings settings, Database database) {
        if (!settings.enabled()) {
            return new Authentication(settings, null, null);
        }
        AuthStore store = new AuthStore(database);
        UserService users = new UserService(store, new LoginThrottle(new LoginFailures(database)));
        if (users.createAdmin(settings.adminPassword().orElseThrow())) {
            LOG.info("Created the user admin with the password of DAEPLOY_ADMIN_PASSWORD");
        } else {
            LOG.info("The user admin exists: DAEPLOY_ADMIN_PASSWORD does not change its password (reset it with "
                     + AdminPasswordReset.COMMAND + ", see docs/security.md)");
        }
        LOG.info("Authentication is on: every route but /auth/login, /observe/health and /~version needs a token");
        return new Authentication(settings, users, new TokenService(store));
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** The token a deployed version uses towards the manager, if authentication is on. */
    public Optional<String> serviceToken(String qualifiedName) {
        return enabled() ? Optional.of(tokens.serviceToken(qualifiedName)) : Optional.empty();
    }

    public void revokeServiceToken(String qualifiedName) {
        if (enabled()) {
            tokens.revokeServiceToken(qualifiedName);
        }
    }

    /** The users, when authentication is on. */
    public UserService users() {
        return users;
    }

    /** The tokens, when authentication is on. */
    public TokenService tokens() {
        return tokens;
    }
}
