package io.daeploy.manager.http;

import io.daeploy.common.CorsPolicy;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * CORS for every route of the manager, its API and its gateway alike ({@code DAEPLOY_CORS_ALLOWED_ORIGINS},
 * docs/security.md, "CORS"): a preflight is answered here, before authentication (a browser sends it without
 * credentials) and before the gateway (it never reaches a service); every other answer leaves with the policy's
 * headers for its origin, in place of any a service set.
 * <p>
 * A filter of our own rather than Helidon's {@code CorsFeature}, which answers an actual request from an origin not on
 * the list with 403 (CORS is for the browser to enforce: such a request is served, only without the headers), passes
 * an allowed preflight on to the route (the gateway would forward it to the service), and sets its headers before the
 * route runs, so that a service's own CORS headers would come out beside the manager's.
 */
public final class CorsFilter implements Filter {

    private final CorsPolicy policy;

    private CorsFilter(CorsPolicy policy) {
        this.policy = policy;
    }

    /** Adds the filter when the policy allows any origin; off (the default), answers stay as they were. */
    public static void register(HttpRouting.Builder routing, CorsPolicy policy) {
        if (policy.enabled()) {
            routing.addFilter(new CorsFilter(policy));
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        String preflightMethod = req.headers().first(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD).orElse(null);
        if (origin != null && preflightMethod != null && req.prologue().method() == Method.OPTIONS) {
            answerPreflight(res, policy.preflight(origin, preflightMethod,
                    req.headers().first(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS).orElse(null)));
            return;
        }
        // applied as the answer leaves: after the gateway copied a service's headers, and after an error handler's reset
        res.beforeSend(() -> applyTo(res.headers(), origin));
        chain.proceed();
    }

    private static void answerPreflight(RoutingResponse res, CorsPolicy.Preflight preflight) {
        if (!preflight.allowed()) {
            JsonResponses.error(res, Status.FORBIDDEN_403, preflight.refusal());
            return;
        }
        preflight.headers().forEach(res::header);
        res.header(HeaderNames.VARY, CorsPolicy.PREFLIGHT_VARY);
        res.status(Status.NO_CONTENT_204).send();
    }

    private void applyTo(ServerResponseHeaders headers, String origin) {
        List<HeaderName> servicesOwn = null;
        for (Header header : headers) {
            if (CorsPolicy.isCorsHeader(header.name())) {
                servicesOwn = servicesOwn == null ? new ArrayList<>() : servicesOwn;
                servicesOwn.add(header.headerName());
            }
        }
        if (servicesOwn != null) {
            servicesOwn.forEach(headers::remove);
        }
        if (origin != null) {
            policy.actual(origin).forEach((name, value) -> headers.set(HeaderNames.create(name), value));
        }
        if (policy.variesByOrigin() && !variesByOrigin(headers)) {
            headers.add(HeaderNames.VARY, HeaderNames.ORIGIN.defaultCase());
        }
    }

    private static boolean variesByOrigin(ServerResponseHeaders headers) {
        return headers.find(HeaderNames.VARY).map(vary -> vary.allValues(true).stream()
                .anyMatch(value -> value.equals("*") || value.equalsIgnoreCase("Origin"))).orElse(false);
    }
}
