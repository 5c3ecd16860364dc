package io.daeploy.manager.gateway;

import io.daeploy.manager.core.RouteTable;
import io.daeploy.common.Status;
import io.daeploy.manager.http.JsonResponses;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.net.URI;

/**
 * {@code /services/{name}/**} and {@code /services/{name}_{version}/**}: finds the target version
 * and hands the request to the forwarder. Manager API routes under {@code /services/~} are
 * registered before this handler and never reach it.
 */
public final class GatewayHandler implements Handler {

    private static final String PREFIX = "/services/";

    private final RouteTable routes;
    private final ProxyForwarder forwarder;
    private final ShadowMirror mirror;

    public GatewayHandler(RouteTable routes, ProxyForwarder forwarder, ShadowMirror mirror) {
        this.routes = routes;
        this.forwarder = forwarder;
        this.mirror = mirror;
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
        String label = label(target);
        URI endpoint = target.endpoint();
        if (target.status() != Status.RUNNING || endpoint == null) {
            JsonResponses.error(res, io.helidon.http.Status.SERVICE_UNAVAILABLE_503, notServing(target));
            return;
        }
        ProxyForwarder.Forwarded answered = forwarder.forward(req, res, endpoint, PREFIX + segment, path, label);
        if (!route.shadows().isEmpty()) {
            mirror.mirror(route.shadows(), answered);
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
