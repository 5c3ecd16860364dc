package io.daeploy.manager.gateway;

import io.daeploy.manager.core.RouteTable;
import io.daeploy.common.Status;
import io.daeploy.manager.http.JsonResponses;
import io.daeploy.manager.metrics.TrafficMetrics;
import io.daeploy.manager.metrics.TrafficMetrics.Role;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.net.URI;
import java.util.List;

/**
 * {@code /services/{name}/**} and {@code /services/{name}_{version}/**}: finds the target version
 * and hands the request to the forwarder. Manager API routes under {@code /services/~} are
 * registered before this handler and never reach it.
 */
public final class GatewayHandler implements Handler {

    private static final String PREFIX = "/services/";
    /** On a request: the version that should answer it; on an answer: the version that did. */
    static final HeaderName VERSION = HeaderNames.create("X-Daeploy-Version");

    private final RouteTable routes;
    private final ProxyForwarder forwarder;
    private final ShadowMirror mirror;
    private final TrafficMetrics metrics;
    private final WakeGate wakeGate;

    public GatewayHandler(RouteTable routes, ProxyForwarder forwarder, ShadowMirror mirror) {
        this(routes, forwarder, mirror, TrafficMetrics.off(), null);
    }

    /** @param wakeGate holds requests for idle versions while they start; null: an idle version answers 503 */
    public GatewayHandler(RouteTable routes, ProxyForwarder forwarder, ShadowMirror mirror, TrafficMetrics metrics,
                          WakeGate wakeGate) {
        this.routes = routes;
        this.forwarder = forwarder;
        this.mirror = mirror;
        this.metrics = metrics;
        this.wakeGate = wakeGate;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String raw = req.path().rawPath();
        String rest = raw.startsWith(PREFIX) ? raw.substring(PREFIX.length()) : "";
        int slash = rest.indexOf('/');
        String segment = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);

        if (segment.isEmpty() || segment.startsWith("~")) {
            JsonResponses.error(res, io.helidon.http.Status.NOT_FOUND_404, "No manager route " + raw);
            return;
        }
        RouteTable.Route route = routes.resolve(segment).orElse(null);
        if (route == null) {
            JsonResponses.error(res, io.helidon.http.Status.NOT_FOUND_404, unknownService(segment));
            return;
        }
        RouteTable.Target target = route.target();
        List<RouteTable.Target> copiesTo = route.shadows();
        Role role = segment.equals(target.name()) ? Role.MAIN : Role.DIRECT;
        String pinned = req.headers().first(VERSION).orElse(null);
        if (pinned != null && segment.equals(target.name())) {
            // a request bound to one version by hand (trying a canary): that version alone answers it, uncopied
            route = routes.resolve(segment + "_" + pinned).orElse(null);
            if (route == null) {
                JsonResponses.error(res, io.helidon.http.Status.NOT_FOUND_404, "No version '" + pinned + "' of service "
                        + segment + " is deployed (header " + VERSION.defaultCase() + ")");
                return;
            }
            target = route.target();
            copiesTo = List.of();
            role = Role.DIRECT;
        } else if (route.canary() != null && CanaryChoice.toCanary(req, res, target, route.canary())) {
            target = route.canary().target();
            copiesTo = route.shadowsBesides(target);
            role = Role.CANARY;
        }
        if (target.asleep() && wakeGate != null) {
            if (!wakeGate.hold(target, res)) {
                metrics.refused(target, role, 503);
                return;
            }
            RouteTable.Target awake = routes.resolve(target.qualifiedName()).map(RouteTable.Route::target).orElse(target);
            if (role == Role.MAIN) {
                copiesTo = routes.resolve(segment).map(RouteTable.Route::shadows).orElse(List.of());
            }
            target = awake;
        } else if (role == Role.MAIN && !route.asleepShadows().isEmpty()) {
            mirror.asleep(route.asleepShadows());
        }
        res.headers().set(VERSION, target.version());
        String label = label(target);
        URI endpoint = target.endpoint();
        if (target.status() != Status.RUNNING || endpoint == null) {
            JsonResponses.error(res, io.helidon.http.Status.SERVICE_UNAVAILABLE_503, notServing(target));
            metrics.refused(target, role, 503);
            return;
        }
        target.lastRequest().touch();
        ProxyForwarder.Forwarded answered = forwarder.forward(req, res, endpoint, PREFIX + segment, path, label);
        target.lastRequest().touch(); // a request longer than the idle time-out was no idleness
        metrics.answered(target, role, res.status().code(), answered.nanos());
        if (!copiesTo.isEmpty()) {
            mirror.mirror(target, copiesTo, answered);
        }
    }

    static String unknownService(String segment) {
        return "No service '" + segment + "' is deployed (see GET /services/)";
    }

    static String label(RouteTable.Target target) {
        return target.name() + " " + target.version();
    }

    /** Why a version that is not running, or has no ready instance, gets no request. */
    static String notServing(RouteTable.Target target) {
        String why = target.reason() == null ? "" : ": " + target.reason();
        return target.status() == Status.RUNNING
                ? "Service " + label(target) + " has no instance that answers its health check yet"
                : "Service " + label(target) + " is " + target.status().wire() + why;
    }
}
