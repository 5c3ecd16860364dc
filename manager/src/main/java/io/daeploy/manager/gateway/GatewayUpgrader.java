package io.daeploy.manager.gateway;

import io.daeploy.manager.config.ManagerSettings.GatewaySettings;
import io.daeploy.manager.core.RouteTable;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.util.List;
import java.util.Optional;

/**
 * Protocol upgrades (WebSocket) through the gateway. Helidon hands an HTTP/1 request that carries
 * {@code Upgrade: websocket} to this upgrader. For a gateway path ({@code /services/{name}[_{version}]/...}) the request
 * first runs through the routing's filters, so it meets the same authentication as every gateway request and gets the
 * same 401/403; then {@link UpgradeHandshake} forwards the handshake to the service and, when the service answers 101,
 * {@link UpgradeSplice} joins the two connections until one side closes. Any other path goes to ordinary routing.
 */
public final class GatewayUpgrader implements Http1RoutedUpgrader {

    /**
     * The {@code Upgrade} tokens passed through. Helidon looks the header's value up as sent, so both spellings that
     * clients use for WebSocket are listed; the splice itself does not care which protocol it carries.
     */
    public static final List<String> PROTOCOLS = List.of("websocket", "WebSocket");

    private static final String PREFIX = "/services/";

    private final RouteTable routes;
    private final GatewaySettings settings;
    private final boolean managerCredentials;

    /**
     * @param authenticated whether the manager checks tokens: then an upgrade that reaches the service carried the
     *                      caller's manager credentials, which are stripped as for every gateway request
     */
    public GatewayUpgrader(RouteTable routes, GatewaySettings settings, boolean authenticated) {
        this.routes = routes;
        this.settings = settings;
        this.managerCredentials = authenticated;
    }

    /** The HTTP/1 connection selector of the manager's listener: Helidon's own, with this upgrader for {@link #PROTOCOLS}. */
    public ServerConnectionSelector selector(Http1Config config) {
        var builder = Http1ConnectionSelector.builder().config(config);
        PROTOCOLS.forEach(protocol -> builder.putUpgrader(protocol, this));
        return builder.build();
    }

    @Override
    public String supportedProtocol() {
        return PROTOCOLS.get(0);
    }

    /** Not used: Helidon calls {@link #routedUpgrade} for a routed upgrader; null continues as an ordinary request. */
    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        return null;
    }

    @Override
    public Optional<Http1RoutedUpgrade> routedUpgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        String raw = prologue.uriPath().rawPath();
        if (!raw.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = raw.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String segment = slash < 0 ? rest : rest.substring(0, slash);
        if (segment.isEmpty() || segment.startsWith("~")) {
            return Optional.empty(); // the manager's own API: ordinary routing answers
        }
        String path = slash < 0 ? "/" : rest.substring(slash);
        String query = prologue.query().rawValue();
        return Optional.of(new UpgradeHandshake(ctx, routes, settings, managerCredentials, segment, PREFIX + segment,
                                                path + (query.isEmpty() ? "" : "?" + query)));
    }
}
