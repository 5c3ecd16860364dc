package io.daeploy.manager.gateway;

import io.daeploy.common.Status;
import io.daeploy.manager.config.ManagerSettings.GatewaySettings;
import io.daeploy.manager.core.RouteTable;
import io.daeploy.manager.http.JsonResponses;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1UpgradeResponse;
import io.helidon.webserver.http1.spi.Http1UpgradeResult;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One upgrade request on its way to a service: runs after the routing's filters allowed it, sends the handshake to
 * the target version and relays the answer. A 101 becomes the client's 101 (the service's {@code Sec-WebSocket-*}
 * headers as they are) and the two connections are spliced; any other answer, or the gateway's own 404/502/503/504,
 * reaches the client as an ordinary HTTP answer, after which the connection is closed. Shadows get no copy: a
 * conversation cannot be mirrored.
 */
final class UpgradeHandshake implements Http1RoutedUpgrade {

    private static final Logger LOG = Logger.getLogger(UpgradeHandshake.class.getName());
    private static final int BUFFER = 16 * 1024;
    private static final int MAX_REFUSAL = 64 * 1024;

    private final ConnectionContext ctx;
    private final RouteTable routes;
    private final GatewaySettings settings;
    private final boolean managerCredentials;
    private final String segment;
    private final String prefix;
    private final String target;

    UpgradeHandshake(ConnectionContext ctx, RouteTable routes, GatewaySettings settings, boolean managerCredentials,
                     String segment, String prefix, String target) {
        this.ctx = ctx;
        this.routes = routes;
        this.settings = settings;
        this.managerCredentials = managerCredentials;
        this.segment = segment;
        this.prefix = prefix;
        this.target = target;
    }

    @Override
    public Http1UpgradeResult upgrade(Http1UpgradeResponse response, Headers requestHeaders) {
        RouteTable.Route route = routes.resolve(segment).orElse(null);
        if (route == null) {
            throw refuse(response, io.helidon.http.Status.NOT_FOUND_404, GatewayHandler.unknownService(segment));
        }
        RouteTable.Target version = route.target();
        URI endpoint = version.endpoint();
        if (version.status() != Status.RUNNING || endpoint == null) {
            throw refuse(response, io.helidon.http.Status.SERVICE_UNAVAILABLE_503, GatewayHandler.notServing(version));
        }
        String label = GatewayHandler.label(version);
        Socket socket = new Socket();
        boolean spliced = false;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()),
                           (int) settings.connectTimeout().toMillis());
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.readTimeout().toMillis())); // the answer only
            OutputStream out = socket.getOutputStream();
            out.write(requestHead(endpoint, requestHeaders));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER);
            UpgradeAnswer answer = UpgradeAnswer.read(in);
            if (answer.status() != 101) {
                relay(response, answer, in);
                throw new CloseConnectionException("the service " + label + " refused the upgrade");
            }
            socket.setSoTimeout(0); // a conversation may be quiet for a long time
            response.sendSwitchingProtocols(switchingHeaders(answer));
            spliced = true;
            return Http1UpgradeResult.upgraded(new UpgradeSplice(ctx, socket, in, label));
        } catch (SocketTimeoutException e) {
            throw refuse(response, io.helidon.http.Status.GATEWAY_TIMEOUT_504, "Service " + label + " did not answer in time");
        } catch (ConnectException e) {
            throw refuse(response, io.helidon.http.Status.BAD_GATEWAY_502,
                         "Service " + label + " is not reachable (connection refused)");
        } catch (IOException e) {
            LOG.warning(() -> "Service " + label + " failed to answer an upgrade: " + e.getMessage());
            throw refuse(response, io.helidon.http.Status.BAD_GATEWAY_502,
                         "Service " + label + " failed to answer: " + e.getMessage());
        } finally {
            if (!spliced) {
                close(socket);
            }
        }
    }

    /**
     * The handshake as the service gets it: the caller's headers (Host included) minus this hop's and the manager's
     * credentials.
     */
    private byte[] requestHead(URI endpoint, Headers headers) {
        StringBuilder head = new StringBuilder(512);
        String host = headers.first(HeaderNames.HOST).orElse("");
        // The caller's Host, not the service's address: a WebSocket server compares the Origin of a browser's
        // handshake with it (Helidon answers 403 to a cross-origin one), and the page's origin is the manager's.
        head.append("GET ").append(target).append(" HTTP/1.1\r\nHost: ")
                .append(host.isEmpty() ? endpoint.getHost() + ":" + endpoint.getPort() : host).append("\r\n");
        ForwardedHeaders.appendEndToEnd(head, headers, managerCredentials);
        head.append("Connection: Upgrade\r\n")
                .append("Upgrade: ").append(headers.get(HeaderNames.UPGRADE).get()).append("\r\n");
        ForwardedHeaders.appendForwarding(head, headers, ctx.remotePeer().host(), ctx.isSecure(), prefix, "1.1");
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The service's 101 headers as they are, but for those of its own hop; Connection and Upgrade are this exchange's. */
    private static Headers switchingHeaders(UpgradeAnswer answer) {
        WritableHeaders<?> headers = WritableHeaders.create();
        Set<String> nominated = answer.nominated();
        String upgrade = null;
        for (String[] header : answer.headers()) {
            String lower = header[0].toLowerCase(Locale.ROOT);
            if (lower.equals("upgrade")) {
                upgrade = header[1];
            } else if (HopByHopHeaders.forwarded(header[0]) && !nominated.contains(lower)) {
                headers.add(HeaderNames.create(header[0]), header[1]);
            }
        }
        headers.set(HeaderNames.CONNECTION, "Upgrade");
        if (upgrade != null) {
            headers.set(HeaderNames.UPGRADE, upgrade);
        }
        return headers;
    }

    /** A refusal of the service reaches the client as the service sent it (status, headers, body), then the connection ends. */
    private static void relay(Http1UpgradeResponse response, UpgradeAnswer answer, InputStream in) throws IOException {
        int status = answer.status();
        byte[] body = status == 204 || status == 304 || status < 200 ? new byte[0] : refusalBody(answer, in);
        if (!(response instanceof ServerResponse res)) {
            response.send(io.helidon.http.Status.create(status));
            return;
        }
        res.status(io.helidon.http.Status.create(status));
        Set<String> nominated = answer.nominated();
        for (String[] header : answer.headers()) {
            if (HopByHopHeaders.forwarded(header[0]) && !nominated.contains(header[0].toLowerCase(Locale.ROOT))) {
                res.header(header[0], header[1]);
            }
        }
        res.header(HeaderNames.CONNECTION, "close");
        res.send(body);
    }

    /** Read whole before anything is answered: a refusal is small, and the connection ends after it anyway. */
    private static byte[] refusalBody(UpgradeAnswer answer, InputStream in) throws IOException {
        InputStream body = answer.chunked() ? new ChunkedInputStream(in) : in;
        long length = answer.chunked() ? -1 : answer.contentLength();
        byte[] bytes = body.readNBytes((int) Math.min(length < 0 ? Long.MAX_VALUE : length, MAX_REFUSAL + 1L));
        if (bytes.length > MAX_REFUSAL) {
            throw new IOException("its refusal of the upgrade is larger than " + MAX_REFUSAL + " bytes");
        }
        if (length > 0 && bytes.length < length) {
            throw new EOFException("its refusal of the upgrade ended early");
        }
        return bytes;
    }

    /**
     * Answers the client with the gateway's own error and asks Helidon to close the connection after it. Thrown, so
     * that the caller's {@code throw refuse(...)} reads as the end of the upgrade.
     */
    private static CloseConnectionException refuse(Http1UpgradeResponse response, io.helidon.http.Status status, String detail) {
        if (response instanceof ServerResponse res) {
            res.header(HeaderNames.CONNECTION, "close");
            JsonResponses.error(res, status, detail);
        } else {
            response.send(status);
        }
        return new CloseConnectionException("upgrade refused: " + detail);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
