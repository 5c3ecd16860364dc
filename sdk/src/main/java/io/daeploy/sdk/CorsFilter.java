package io.daeploy.sdk;

import java.util.ArrayList;
import java.util.List;

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

/**
 * CORS for a service run by itself ({@code DAEPLOY_CORS_ALLOWED_ORIGINS}), answering exactly as the manager's gateway
 * does: the same {@link CorsPolicy} through the same few lines as the manager's filter (the SDK cannot share server
 * code with the manager). A preflight is answered here, whichever route it names; every other answer leaves with the
 * policy's headers for its origin, and an origin not on the list is served without them (the browser enforces CORS).
 * Helidon's {@code CorsFeature} would refuse that request with 403 instead.
 */
final class CorsFilter implements Filter {

    private final CorsPolicy policy;
    private final ErrorResponses errors;

    private CorsFilter(CorsPolicy policy, ErrorResponses errors) {
        this.policy = policy;
        this.errors = errors;
    }

    /** Adds the filter when the policy allows any origin; off (the default), answers stay as they were. */
    static void register(HttpRouting.Builder routing, CorsPolicy policy, ErrorResponses errors) {
        if (policy.enabled()) {
            routing.addFilter(new CorsFilter(policy, errors));
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
        // applied as the answer leaves, so that an error handler's reset of the headers does not lose them
        res.beforeSend(() -> applyTo(res.headers(), origin));
        chain.proceed();
    }

    private void answerPreflight(RoutingResponse res, CorsPolicy.Preflight preflight) {
        if (!preflight.allowed()) {
            errors.send(res, Status.FORBIDDEN_403, preflight.refusal());
            return;
        }
        preflight.headers().forEach(res::header);
        res.header(HeaderNames.VARY, CorsPolicy.PREFLIGHT_VARY);
        res.status(Status.NO_CONTENT_204).send();
    }

    private void applyTo(ServerResponseHeaders headers, String origin) {
        List<HeaderName> setElsewhere = null;
        for (Header header : headers) {
            if (CorsPolicy.isCorsHeader(header.name())) {
                setElsewhere = setElsewhere == null ? new ArrayList<>() : setElsewhere;
                setElsewhere.add(header.headerName());
            }
        }
        if (setElsewhere != null) {
            setElsewhere.forEach(headers::remove);
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
