package io.daeploy.manager.api.auth;

import io.daeploy.manager.auth.Authentication;
import io.daeploy.manager.http.JsonResponses;
import io.daeploy.manager.http.RouteCatalog;
import io.helidon.webserver.http.HttpRouting;

import java.util.Map;

/**
 * Users and tokens at the HTTP edge: the filter that guards every route, then {@code /auth} and {@code /admin}. With
 * authentication off (the laptop default, loopback only) nothing is guarded.
 */
public final class AuthRoutes {

    private AuthRoutes() {
    }

    /** The filter first, so that it runs before every route; then /auth and /admin. */
    public static void register(HttpRouting.Builder routing, RouteCatalog catalog, Authentication authentication) {
        if (!authentication.enabled()) {
            catalog.add("GET", "/auth/verify");
            routing.get("/auth/verify", (req, res) -> JsonResponses.ok(res, Map.of("name", "anonymous", "role", "admin",
                    "auth", false)));
            return;
        }
        routing.addFilter(new AuthFilter(authentication.tokens()))
                .register("/auth", catalog.cataloged("/auth", new AuthApi(authentication.users(), authentication.tokens())))
                .register("/admin", catalog.cataloged("/admin", new AdminApi(authentication.users(), authentication.tokens())));
    }
}
