package io.daeploy.manager.gateway;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Ends the connection after an upgrade request to the gateway was answered with anything but 101 (a filter's 401 or
 * 403, the gateway's 404, a service's refusal): the client asked for another protocol on it and did not get it.
 * Registered before every other filter, so that it sees what they answered.
 */
public final class UpgradeRefusals implements Filter {

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        boolean upgrade = req.headers().first(HeaderNames.UPGRADE).map(GatewayUpgrader.PROTOCOLS::contains).orElse(false)
                && req.path().path().startsWith("/services/");
        chain.proceed();
        if (upgrade && res.isSent() && res.status().code() != 101) {
            throw new CloseConnectionException("upgrade of " + req.path().path() + " refused with " + res.status().code());
        }
    }
}
