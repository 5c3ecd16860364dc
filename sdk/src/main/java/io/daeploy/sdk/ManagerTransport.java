package io.daeploy.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;

/**
 * HTTP to the manager: one JSON request, its whole answer back. One client per JVM, made on first
 * use, so a service that never calls out never opens a pool.
 */
final class ManagerTransport {

    /** A refused or black-holed manager is noticed within this time, whatever the call's own timeout. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Idle keep-alive connections kept per manager. The client's default is a handful: under concurrent
     * calls every connection beyond it would be closed after one request and opened again.
     */
    private static final int CONNECTION_CACHE_SIZE = 64;

    /** What came back. */
    record Answer(int status, byte[] body) {
    }

    /** No answer came; {@link #timedOut()} tells a slow callee from a manager that cannot be reached. */
    static final class NoAnswer extends Exception {

        private final boolean timedOut;

        NoAnswer(boolean timedOut, String reason, Throwable cause) {
            super(reason, cause);
            this.timedOut = timedOut;
        }

        boolean timedOut() {
            return timedOut;
        }
    }

    private final Http1Client client;

    private ManagerTransport() {
        this.client = Http1Client.builder()
                .proxy(Proxy.noProxy()) // else a system proxy could be used and a Proxy-Connection header added
                .followRedirects(false)
                .sendExpectContinue(false)
                .keepAlive(true)
                .connectionCacheSize(CONNECTION_CACHE_SIZE)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    static ManagerTransport shared() {
        return Shared.INSTANCE;
    }

    /**
     * @param body the JSON body, or null to send none
     */
    Answer exchange(Method method, URI uri, Optional<String> token, byte[] body, Duration timeout) throws NoAnswer {
        Http1ClientRequest request = client.method(method)
                .uri(uri)
                // Helidon decodes the URI it is given and encodes it again, so the caller's encoding survives.
                // Skipping that step would put the decoded text on the wire: a space in the query breaks the request.
                .skipUriEncoding(false)
                .readTimeout(timeout)
                .header(HeaderValues.ACCEPT_JSON);
        token.ifPresent(value -> request.header(HeaderNames.AUTHORIZATION, "Bearer " + value));
        try (HttpClientResponse response = body == null ? request.request()
                : request.header(HeaderValues.CONTENT_TYPE_JSON).submit(body)) {
            return new Answer(response.status().code(), readAll(response));
        } catch (RuntimeException e) {
            throw noAnswer(e);
        }
    }

    /** Reads to the end: only a fully read answer gives its connection back to the pool. */
    private static byte[] readAll(HttpClientResponse response) {
        if (!response.entity().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = response.inputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NoAnswer noAnswer(RuntimeException e) {
        SocketTimeoutException timeout = find(e, SocketTimeoutException.class);
        if (timeout != null) {
            // The JDK reports a connect that takes too long as a timeout too; that is an unreachable manager.
            boolean connecting = String.valueOf(timeout.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
            return connecting
                    ? new NoAnswer(false, "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e)
                    : new NoAnswer(true, "read timed out", e);
        }
        if (find(e, ConnectException.class) != null) {
            return new NoAnswer(false, "connection refused", e);
        }
        if (find(e, UnknownHostException.class) != null) {
            return new NoAnswer(false, "unknown host", e);
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new NoAnswer(false, root.getClass().getSimpleName() + ": " + root.getMessage(), e);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Holder idiom: the client is built on first use, thread-safely, without locks afterwards. */
    private static final class Shared {
        static final ManagerTransport INSTANCE = new ManagerTransport();
    }
}
