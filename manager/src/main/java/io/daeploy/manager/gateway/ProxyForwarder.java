package io.daeploy.manager.gateway;

import io.daeploy.manager.api.JsonResponses;
import io.daeploy.manager.config.ManagerSettings.GatewaySettings;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.OptionalLong;

/**
 * Sends one request on to a service and its answer back: headers minus hop-by-hop ones,
 * {@code X-Forwarded-*} and {@code Forwarded} set, bodies streamed (small ones read exactly).
 */
public final class ProxyForwarder {

    /** Bodies up to this size are read whole: cheaper than a stream copy for the usual small JSON. */
    private static final int BUFFER_LIMIT = 64 * 1024;

    private static final int CONNECTIONS_PER_SERVICE = 256;

    private final WebClient client;

    public ProxyForwarder(GatewaySettings settings) {
        this.client = WebClient.builder()
                .proxy(Proxy.noProxy())
                .followRedirects(false)
                .sendExpectContinue(false)
                // Idle keep-alive connections kept per service; the default is a handful, and under
                // concurrent load every connection over it is closed after one request.
                .connectionCacheSize(CONNECTIONS_PER_SERVICE)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .build();
    }

    /**
     * @param prefix the gateway prefix the service does not know about, e.g. {@code /services/hello}
     * @param path   the rest of the path, starting with {@code /}, still URL-encoded
     */
    public void forward(ServerRequest req, ServerResponse res, URI endpoint, String prefix, String path, String serviceLabel) {
        String query = req.query().rawValue();
        URI target = URI.create(endpoint + path + (query.isEmpty() ? "" : "?" + query));
        HttpClientRequest out = client.method(req.prologue().method()).uri(target).skipUriEncoding(true);
        copyRequestHeaders(req, out, prefix);

        try (HttpClientResponse answer = send(req, out)) {
            res.status(answer.status());
            for (Header header : answer.headers()) {
                if (HopByHopHeaders.forwarded(header.headerName())) {
                    res.header(header);
                }
            }
            copyBody(req, answer, res);
        } catch (RuntimeException e) {
            if (res.isSent()) {
                throw e;
            }
            failure(res, e, serviceLabel);
        }
    }

    private static HttpClientResponse send(ServerRequest req, HttpClientRequest out) {
        if (!req.content().hasEntity()) {
            return out.request();
        }
        OptionalLong length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() <= BUFFER_LIMIT) {
            return out.submit(readExactly(req.content().inputStream(), (int) length.getAsLong()));
        }
        length.ifPresent(value -> out.header(HeaderNames.CONTENT_LENGTH, Long.toString(value)));
        return out.outputStream(stream -> {
            try (InputStream in = req.content().inputStream()) {
                in.transferTo(stream);
            }
            stream.close();
        });
    }

    private static void copyRequestHeaders(ServerRequest req, HttpClientRequest out, String prefix) {
        for (Header header : req.headers()) {
            if (HopByHopHeaders.forwarded(header.headerName())) {
                out.header(header);
            }
        }
        String client = req.remotePeer().host();
        String host = req.headers().first(HeaderNames.HOST).orElse("");
        String proto = req.isSecure() ? "https" : "http";
        String forwardedFor = req.headers().first(HeaderNames.X_FORWARDED_FOR).map(v -> v + ", " + client).orElse(client);
        out.header(HeaderNames.X_FORWARDED_FOR, forwardedFor);
        out.header(HeaderNames.X_FORWARDED_HOST, host);
        out.header(HeaderNames.X_FORWARDED_PROTO, proto);
        out.header(HeaderNames.X_FORWARDED_PREFIX, prefix);
        out.header(HeaderNames.FORWARDED, "for=\"" + client + "\";host=\"" + host + "\";proto=" + proto);
    }

    private static void copyBody(ServerRequest req, HttpClientResponse answer, ServerResponse res) {
        if (req.prologue().method() == Method.HEAD || !answer.entity().hasEntity()) {
            res.send();
            return;
        }
        OptionalLong length = answer.headers().contentLength();
        InputStream in = answer.inputStream();
        if (length.isPresent() && length.getAsLong() <= BUFFER_LIMIT) {
            res.send(readToEnd(in, (int) length.getAsLong()));
            return;
        }
        length.ifPresent(res::contentLength);
        try (OutputStream stream = res.outputStream()) {
            in.transferTo(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readExactly(InputStream in, int length) {
        try {
            return in.readNBytes(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a body of known length and then sees its end: the client returns a connection to its
     * pool only once the entity is consumed, so stopping at exactly {@code length} bytes would cost a
     * new connection per request.
     */
    private static byte[] readToEnd(InputStream in, int length) {
        try {
            byte[] body = in.readNBytes(length);
            if (in.read() != -1) {
                throw new IllegalStateException("service sent more than its Content-Length");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void failure(ServerResponse res, RuntimeException e, String serviceLabel) {
        if (causedBy(e, SocketTimeoutException.class)) {
            JsonResponses.error(res, Status.GATEWAY_TIMEOUT_504, "Service " + serviceLabel + " did not answer in time");
        } else if (causedBy(e, ConnectException.class)) {
            JsonResponses.error(res, Status.BAD_GATEWAY_502, "Service " + serviceLabel + " is not reachable (connection refused)");
        } else {
            JsonResponses.error(res, Status.BAD_GATEWAY_502, "Service " + serviceLabel + " failed to answer: " + e.getMessage());
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
