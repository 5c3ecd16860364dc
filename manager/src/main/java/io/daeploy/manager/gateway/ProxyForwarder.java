package io.daeploy.manager.gateway;

import io.daeploy.manager.http.JsonResponses;
import io.daeploy.manager.auth.Principal;
import io.daeploy.manager.config.ManagerSettings.GatewaySettings;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Sends one request on to a service over a pooled keep-alive connection and streams the answer
 * back: hop-by-hop headers dropped both ways, {@code X-Forwarded-*}, {@code Forwarded} and {@code Via} set, streams
 * passed on as they come.
 *
 * <p>The gateway is the product's hot path, so it speaks HTTP/1.1 to the service itself: the
 * request head and a small body leave in one write, a small answer is read exactly by its
 * Content-Length. (A general-purpose client cost about twice the CPU per request here.)
 */
public final class ProxyForwarder {

    private static final Logger LOG = Logger.getLogger(ProxyForwarder.class.getName());

    /** Answers up to this size are read whole; larger or unknown ones are streamed. */
    private static final int BUFFER_LIMIT = 64 * 1024;
    private static final int MAX_IDLE_PER_SERVICE = 256;
    private static final Header VIA = HeaderValues.createCached("Via", "1.1 daeploy");

    private final UpstreamPool pool;
    /** Request bodies up to this size are read whole (and can be mirrored); larger ones are streamed. */
    private final int requestBufferLimit;

    public ProxyForwarder(GatewaySettings settings) {
        this.pool = new UpstreamPool(MAX_IDLE_PER_SERVICE, settings.connectTimeout(), settings.readTimeout());
        this.requestBufferLimit = Math.max(BUFFER_LIMIT, settings.mirrorMaxBodyBytes());
    }

    /**
     * @param prefix the gateway prefix the service does not know about, e.g. {@code /services/hello}
     * @param path   the rest of the path, starting with {@code /}, still URL-encoded
     */
    public Forwarded forward(ServerRequest req, ServerResponse res, URI endpoint, String prefix, String path, String serviceLabel) {
        Method method = req.prologue().method();
        String query = req.query().rawValue();
        String target = path + (query.isEmpty() ? "" : "?" + query);
        ClientBody body;
        try {
            body = ClientBody.read(req, requestBufferLimit);
        } catch (ClientBody.MalformedBody e) {
            JsonResponses.error(res, Status.BAD_REQUEST_400, e.getMessage());
            return new Forwarded(new RequestCopy(method, target, "", null, true), 0, null, null, 0);
        }
        RequestCopy copy = new RequestCopy(method, target,
                headerLines(req, prefix, body.length(), body.present()), body.whole(), !body.complete());
        byte[] head = copy.head(endpoint);
        UpstreamConnection connection = null;
        long start = System.nanoTime();
        try {
            connection = pool.acquire(endpoint);
            UpstreamResponse answer;
            try {
                answer = exchange(connection, head, body, method);
            } catch (EOFException | SocketException e) {
                // A pooled connection the service closed meanwhile: try once more on a new one,
                // but only if the request body is still in hand.
                if (!connection.reused() || !body.complete()) {
                    throw e;
                }
                connection.close();
                connection = pool.fresh(endpoint);
                answer = exchange(connection, head, body, method);
            }
            byte[] answered = relay(answer, connection, res, serviceLabel);
            return new Forwarded(copy, answer.status(), answered, contentType(answer), System.nanoTime() - start);
        } catch (ClientBody.MalformedBody e) {
            connection.close(); // the service must never see the rest of a request that broke its framing
            if (!res.isSent()) {
                JsonResponses.error(res, Status.BAD_REQUEST_400, e.getMessage());
            }
            return new Forwarded(copy, 0, null, null, System.nanoTime() - start);
        } catch (IOException e) {
            if (connection != null) {
                connection.close();
            }
            if (res.isSent()) {
                throw new UncheckedIOException(e);
            }
            failure(res, e, serviceLabel);
            return new Forwarded(copy, 0, null, null, System.nanoTime() - start);
        }
    }

    /**
     * Sends a copy of a request to a shadow and reads its whole answer (up to the buffer limit);
     * nothing of it reaches the caller.
     */
    Forwarded mirror(RequestCopy copy, URI endpoint) throws IOException {
        long start = System.nanoTime();
        UpstreamConnection connection = pool.acquire(endpoint);
        try {
            UpstreamResponse answer;
            try {
                answer = exchange(connection, copy.head(endpoint), ClientBody.of(copy.body()), copy.method());
            } catch (EOFException | SocketException e) {
                if (!connection.reused()) {
                    throw e;
                }
                connection.close();
                connection = pool.fresh(endpoint);
                answer = exchange(connection, copy.head(endpoint), ClientBody.of(copy.body()), copy.method());
            }
            byte[] body = readForComparison(answer, connection.in());
            if (answer.keepAlive() && body != null) {
                pool.release(connection);
            } else {
                connection.close();
            }
            return new Forwarded(copy, answer.status(), body, contentType(answer), System.nanoTime() - start);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * What went to a service and what came back.
     *
     * @param body the answer's body when it was read whole (small answers), else null
     */
    public record Forwarded(RequestCopy request, int status, byte[] body, String contentType, long nanos) {
    }

    /** A request as sent upstream, minus the Host line, so that shadows can get the same. */
    public record RequestCopy(Method method, String target, String headerLines, byte[] body, boolean streamed) {

        byte[] head(URI endpoint) {
            return (method.text() + " " + target + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort()
                    + "\r\n" + headerLines).getBytes(StandardCharsets.ISO_8859_1);
        }

        /** A body too large to keep in memory went straight through and cannot be mirrored. */
        public boolean mirrorable() {
            return !streamed;
        }
    }

    private static UpstreamResponse exchange(UpstreamConnection connection, byte[] head, ClientBody body, Method method)
            throws IOException {
        OutputStream out = connection.out();
        byte[] whole = body.whole();
        if (whole != null) {
            byte[] all = new byte[head.length + whole.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(whole, 0, all, head.length, whole.length);
            out.write(all);
        } else {
            out.write(head);
            if (body.present()) {
                body.streamTo(out);
            }
        }
        out.flush();
        return UpstreamResponse.read(connection.in(), method == Method.HEAD);
    }

    private byte[] relay(UpstreamResponse answer, UpstreamConnection connection, ServerResponse res, String serviceLabel)
            throws IOException {
        res.status(Status.create(answer.status()));
        ServerResponseHeaders headers = res.headers();
        String declaredLength = null;
        for (String[] header : answer.headers()) {
            if (HopByHopHeaders.forwarded(header[0])) {
                headers.add(HeaderValues.create(header[0], header[1])); // add, not set: Set-Cookie may come twice
            } else if (header[0].equalsIgnoreCase("Content-Length")) {
                declaredLength = header[1];
            }
        }
        headers.add(VIA);
        InputStream in = connection.in();
        byte[] bytes = null;
        if (answer.bodiless()) {
            if (answer.status() == 204 || answer.status() == 304) {
                // the server sets "Content-Length: 0" for these; 204 must have none (RFC 9110 §8.6), and on a 304
                // it would claim the representation is empty
                headers.remove(HeaderNames.CONTENT_LENGTH);
            } else if (declaredLength != null) {
                // HEAD tells the length a GET would have had
                headers.set(HeaderValues.create(HeaderNames.CONTENT_LENGTH, declaredLength));
            }
            bytes = new byte[0];
            res.send();
        } else if (!answer.chunked() && answer.contentLength() == 0) {
            bytes = new byte[0];
            res.send();
        } else if (!answer.chunked() && answer.contentLength() > 0 && answer.contentLength() <= BUFFER_LIMIT) {
            bytes = in.readNBytes((int) answer.contentLength());
            if (bytes.length < answer.contentLength()) {
                throw new EOFException("the service's answer ended early");
            }
            res.send(bytes);
        } else {
            stream(answer, in, res, serviceLabel, connection);
        }
        if (answer.keepAlive()) {
            pool.release(connection);
        } else {
            connection.close();
        }
        return bytes;
    }

    /**
     * A large or open-ended answer goes to the caller piece by piece, flushed whenever the service has nothing
     * more ready, so that events of a stream arrive as the service writes them. An answer that breaks off midway
     * closes the caller's connection as well: the caller must not take it for complete.
     */
    private static void stream(UpstreamResponse answer, InputStream in, ServerResponse res, String serviceLabel,
                               UpstreamConnection connection) {
        InputStream bodyIn = answer.chunked() ? new ChunkedInputStream(in) : in;
        if (!answer.chunked() && answer.contentLength() > 0) {
            res.contentLength(answer.contentLength());
        }
        OutputStream stream = res.outputStream();
        try {
            copy(bodyIn, stream, answer.chunked() ? -1 : answer.contentLength(), true);
        } catch (IOException e) {
            connection.close();
            LOG.warning(() -> "Service " + serviceLabel + " broke off its answer: " + e.getMessage()
                    + "; the caller's connection is closed");
            throw new CloseConnectionException("Service " + serviceLabel + " broke off its answer", e);
        }
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the caller went away
        }
    }

    /** A shadow's body, read whole when it is small; a large one is drained and not compared (null). */
    private static byte[] readForComparison(UpstreamResponse answer, InputStream in) throws IOException {
        if (!answer.chunked() && answer.contentLength() >= 0 && answer.contentLength() <= BUFFER_LIMIT) {
            byte[] bytes = in.readNBytes((int) answer.contentLength());
            if (bytes.length < answer.contentLength()) {
                throw new EOFException("the shadow's answer ended early");
            }
            return bytes;
        }
        copy(answer.chunked() ? new ChunkedInputStream(in) : in, OutputStream.nullOutputStream(),
             answer.chunked() ? -1 : answer.contentLength(), false);
        return null;
    }

    private static String contentType(UpstreamResponse answer) {
        for (String[] header : answer.headers()) {
            if (header[0].equalsIgnoreCase("Content-Type")) {
                return header[1];
            }
        }
        return null;
    }

    /** Every header line of the upstream request but the request line and Host, which differ per version. */
    private static String headerLines(ServerRequest req, String prefix, long length, boolean hasEntity) {
        StringBuilder head = new StringBuilder(512);
        ForwardedHeaders.appendEndToEnd(head, req.headers(), req.context().get(Principal.class).isPresent());
        ForwardedHeaders.appendForwarding(head, req.headers(), req.remotePeer().host(), req.isSecure(), prefix,
                                          req.prologue().protocolVersion());
        if (hasEntity) {
            head.append(length >= 0 ? "Content-Length: " + length : "Transfer-Encoding: chunked").append("\r\n");
        }
        head.append("\r\n");
        return head.toString();
    }

    /**
     * Copies exactly {@code length} bytes, or everything when length is negative; with {@code flushWhenIdle}, the
     * output is flushed whenever the input has nothing more ready.
     */
    private static void copy(InputStream in, OutputStream out, long length, boolean flushWhenIdle) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = length < 0 ? Long.MAX_VALUE : length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n == -1) {
                if (length >= 0) {
                    throw new EOFException("the service's answer ended early");
                }
                return;
            }
            out.write(buffer, 0, n);
            left -= n;
            if (flushWhenIdle && left > 0 && in.available() == 0) {
                out.flush();
            }
        }
    }

    private static void failure(ServerResponse res, IOException e, String serviceLabel) {
        if (e instanceof SocketTimeoutException) {
            JsonResponses.error(res, Status.GATEWAY_TIMEOUT_504, "Service " + serviceLabel + " did not answer in time");
        } else if (e instanceof ConnectException) {
            JsonResponses.error(res, Status.BAD_GATEWAY_502, "Service " + serviceLabel + " is not reachable (connection refused)");
        } else {
            // one line, no stack trace: a service that breaks the protocol is its author's to fix, not the manager's
            LOG.warning(() -> "Service " + serviceLabel + " failed to answer: " + e.getMessage());
            JsonResponses.error(res, Status.BAD_GATEWAY_502, "Service " + serviceLabel + " failed to answer: " + e.getMessage());
        }
    }

}
