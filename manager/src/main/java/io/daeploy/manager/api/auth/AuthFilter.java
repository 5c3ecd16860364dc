package io.daeploy.manager.api.auth;

import io.daeploy.manager.auth.TokenService;
import io.daeploy.manager.auth.Principal;
import io.daeploy.manager.http.Credentials;
import io.daeploy.manager.http.JsonResponses;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The closed door: every route needs a valid token but the login page, health and version.
 * A browser without one is sent to the login page; an API client gets 401 JSON. User
 * administration needs the admin; a service's token may only call services and raise notifications.
 */
public final class AuthFilter implements Filter {

    private static final Set<String> OPEN = Set.of("/auth/login", "/auth/logout", "/observe/health", "/~version");
    private static final String OPEN_PREFIX = "/auth/assets/";

    private final TokenService tokens;

    AuthFilter(TokenService tokens) {
        this.tokens = tokens;
    }

    /** Routes that answer without a token. */
    public static boolean isOpen(String path) {
        return OPEN.contains(path) || path.startsWith(OPEN_PREFIX);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (isOpen(path)) {
            chain.proceed();
            return;
        }
        Optional<Principal> principal = Credentials.token(req).flatMap(tokens::verify);
        if (principal.isEmpty()) {
            refuse(req, res);
            return;
        }
        Principal who = principal.get();
        if (path.startsWith("/admin") && who.role() != Principal.Role.ADMIN) {
            JsonResponses.error(res, Status.FORBIDDEN_403, "Only the admin manages users");
            return;
        }
        if (who.role() == Principal.Role.SERVICE && !serviceMayUse(req, path)) {
            JsonResponses.error(res, Status.FORBIDDEN_403, "A service token may call services (/services/<name>/...)"
                    + " and raise notifications (POST /notifications/), nothing else");
            return;
        }
        req.context().register(who);
        chain.proceed();
    }

    private static boolean serviceMayUse(RoutingRequest req, String path) {
        boolean gateway = path.startsWith("/services/") && !path.startsWith("/services/~") && path.length() > "/services/".length();
        boolean notify = path.equals("/notifications/") && req.prologue().method() == Method.POST;
        return gateway || notify;
    }

    private static void refuse(RoutingRequest req, RoutingResponse res) {
        boolean browser = req.prologue().method() == Method.GET && Browser.asksForPage(req);
        if (browser) {
            String next = req.path().rawPath() + (req.query().rawValue().isEmpty() ? "" : "?" + req.query().rawValue());
            res.status(Status.SEE_OTHER_303);
            res.header(HeaderNames.LOCATION, "/auth/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            res.send();
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"daeploy\"");
        JsonResponses.error(res, Status.UNAUTHORIZED_401, "Not logged in: send 'Authorization: Bearer <token>'"
                + " (mvn daeploy:login) or log in at /auth/login");
    }
}
