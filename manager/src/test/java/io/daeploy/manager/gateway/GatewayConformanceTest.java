package io.daeploy.manager.gateway;

import io.daeploy.common.Status;
import io.daeploy.manager.config.ManagerSettings.GatewaySettings;
import io.daeploy.manager.core.RouteTable;
import io.daeploy.manager.http.ProtocolErrors;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway as an HTTP/1.1 intermediary (RFC 9110/9112), end to end: a real Helidon server with the gateway's
 * routes and the manager's protocol-error handlers, a backend on raw sockets that records exactly what reached it,
 * and a client on raw sockets that sends exactly the bytes under test.
 */
@ServerTest
class GatewayConformanceTest {

    private static final int BUFFER_LIMIT = 64 * 1024;
    private static final int MAX_HEADERS = 16 * 1024;
    private static RawBackend backend;

    private final int port;

    GatewayConformanceTest(WebServer server) {
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        ProtocolErrors.apply(server, MAX_HEADERS);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws IOException {
        backend = new RawBackend();
        RouteTable routes = new RouteTable();
        routes.replace(List.of(new RouteTable.Target("raw", "1.0.0", true, Status.RUNNING, null, List.of(backend.endpoint()))));
        ProxyForwarder forwarder = new ProxyForwarder(new GatewaySettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 4, BUFFER_LIMIT));
        routing.any("/services/*", new GatewayHandler(routes, forwarder, new ShadowMirror(forwarder, 4, BUFFER_LIMIT)));
    }

    @AfterAll
    static void stop() throws IOException {
        backend.close();
    }

    @BeforeEach
    void plainAnswers() {
        backend.forget();
        backend.answer((request, out) -> out.write(RawBackend.ok("ok")));
    }

    @Test
    void headersNominatedByConnectionStayOnTheirHopBothWays() throws Exception {
        backend.answer((request, out) -> out.write(("HTTP/1.1 200 OK\r\nConnection: X-Upstream-Secret\r\nX-Upstream-Secret: u\r\n"
                + "X-Upstream-Kept: k\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 2\r\n\r\nok").getBytes(StandardCharsets.ISO_8859_1)));
        Answer answer = exchange("GET /services/raw/h HTTP/1.1\r\nHost: t\r\nConnection: X-Secret\r\nX-Secret: s\r\nX-Kept: k\r\n\r\n");

        RawBackend.Received received = backend.next(5);
        assertNull(received.header("X-Secret"), received.head());
        assertEquals("k", received.header("X-Kept"));
        assertEquals("1.1 daeploy", received.header("Via"));
        assertEquals(200, answer.status);
        assertNull(answer.header("X-Upstream-Secret"), answer.head);
        assertEquals("k", answer.header("X-Upstream-Kept"));
        assertEquals(List.of("a=1", "b=2"), answer.headers("Set-Cookie"), "both cookies reach the client");
        assertEquals("1.1 daeploy", answer.header("Via"));
    }

    @Test
    void anUpstreamThatBreaksTheStatusLineOrItsFramingIsA502() throws Exception {
        for (String broken : List.of("HTTP/1.1 abc Broken\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
                "garbage\r\n\r\n")) {
            backend.answer((request, out) -> out.write(broken.getBytes(StandardCharsets.ISO_8859_1)));
            Answer answer = exchange("GET /services/raw/x HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(502, answer.status, broken);
            assertTrue(answer.text().contains("raw 1.0.0 failed to answer"), answer.text());
        }
    }

    @Test
    void requestFramingThatCouldSmuggleIsRefusedBeforeAnythingReachesTheService() throws Exception {
        List<String> smuggling = List.of(
                "POST /services/raw/x HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST /services/raw/x HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                "POST /services/raw/x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                "POST /services/raw/x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n",
                "GET /services/raw/x HTTP/1.1\r\nHost: t\r\nX-Space : before colon\r\n\r\n",
                "GET /services/raw/x HTTP/1.1\r\nHost: t\r\n Folded: line\r\n\r\n");
        for (String request : smuggling) {
            Answer answer = exchange(request);
            assertEquals(400, answer.status, request + " -> " + answer.head);
            assertNull(backend.next(0), "nothing reaches the service: " + request);
        }
    }

    @Test
    void headerAndRequestLineLimitsAnswer431And414() throws Exception {
        Answer headers = exchange("GET /services/raw/x HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(MAX_HEADERS + 10) + "\r\n\r\n");
        assertEquals(431, headers.status, headers.head + headers.text());
        assertTrue(headers.text().contains("larger than the limit"), headers.text());
        Answer line = exchange("GET /services/raw/" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(414, line.status, line.head);
        assertNull(backend.next(0));
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSentAndNotForwarded() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /services/raw/upload HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            Answer interim = Answer.read(in); // blocks until the gateway says go on: a stalled gateway fails here
            assertEquals(100, interim.status);
            out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertEquals(200, Answer.read(in).status);
        }
        RawBackend.Received received = backend.next(5);
        assertNull(received.header("Expect"));
        assertEquals("hello", new String(received.body(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void headAnd204And304AreFramedWithoutABodyAndTheConnectionStaysUsable() throws Exception {
        try (Socket socket = connect()) {
            backend.answer((request, out) -> out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1234\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)));
            Answer head = send(socket, "HEAD /services/raw/doc HTTP/1.1\r\nHost: t\r\n\r\n", true);
            assertEquals(200, head.status);
            assertEquals("1234", head.header("Content-Length"), "HEAD tells the length a GET would have");
            assertEquals(0, head.body.length);

            backend.answer((request, out) -> out.write("HTTP/1.1 204 No Content\r\nX-N: 1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
            Answer none = send(socket, "DELETE /services/raw/doc HTTP/1.1\r\nHost: t\r\n\r\n", false);
            assertEquals(204, none.status);
            // Helidon writes "Content-Length: 0" on every 204 (RFC 9110 §8.6 says none); harmless, and not the service's
            assertTrue(none.header("Content-Length") == null || none.header("Content-Length").equals("0"), none.head);
            assertNull(none.header("Transfer-Encoding"), none.head);

            backend.answer((request, out) -> out.write("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
            Answer notModified = send(socket, "GET /services/raw/doc HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"v1\"\r\n\r\n", false);
            assertEquals(304, notModified.status);
            assertEquals("\"v1\"", notModified.header("ETag"));

            backend.answer((request, out) -> out.write(RawBackend.ok("after")));
            Answer after = send(socket, "GET /services/raw/doc HTTP/1.1\r\nHost: t\r\n\r\n", false);
            assertEquals("after", after.text(), "the connection's framing survived the bodiless answers");
        }
    }

    @Test
    void anAnswerThatBreaksOffMidwayClosesTheClientsConnection() throws Exception {
        byte[] piece = new byte[200_000];
        Arrays.fill(piece, (byte) 'x');
        backend.answer((request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(piece);
            out.flush();
            throw new IOException("the service dies");
        });
        Answer fixed = exchange("GET /services/raw/big HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(200, fixed.status);
        assertTrue(fixed.truncated, "the client sees the answer cut, not complete");

        backend.answer((request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            throw new IOException("the service dies");
        });
        Answer chunked = exchange("GET /services/raw/stream HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(200, chunked.status);
        assertTrue(chunked.truncated, "no last chunk is made up for the client: " + chunked.text());
    }

    @Test
    void eventsOfAStreamArriveWhileTheServiceStillHoldsTheRest() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        backend.answer((request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "e\r\ndata: first\n\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            firstSeen.await(20, TimeUnit.SECONDS); // the rest is held until the client has the first event
            out.write("f\r\ndata: second\n\n\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /services/raw/events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.setSoTimeout(15_000);
            String seen = readUntil(socket.getInputStream(), "data: first");
            assertTrue(seen.contains("text/event-stream"), seen);
            assertEquals(1, firstSeen.getCount(), "the service still holds the second event");
            firstSeen.countDown();
            assertTrue(readUntil(socket.getInputStream(), "data: second").contains("data: second"));
        }
    }

    @Test
    void aSmallChunkedUploadGoesOnWithALengthAndALargeOneStreamsWhole() throws Exception {
        Answer small = exchange("POST /services/raw/up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertEquals(200, small.status);
        RawBackend.Received received = backend.next(5);
        assertEquals("11", received.header("Content-Length"), received.head());
        assertEquals("hello world", new String(received.body(), StandardCharsets.ISO_8859_1));

        byte[] large = new byte[BUFFER_LIMIT * 5 + 17];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /services/raw/up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            for (int at = 0; at < large.length; at += 10_000) {
                int n = Math.min(10_000, large.length - at);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(large, at, n);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertEquals(200, Answer.read(socket.getInputStream()).status);
        }
        RawBackend.Received streamed = backend.next(5);
        assertEquals("chunked", streamed.header("Transfer-Encoding"), streamed.head());
        assertArrayEquals(large, streamed.body());
    }

    @Test
    void aLargeUploadThatBreaksItsChunkingMidwayNeverCompletesAtTheService() throws Exception {
        byte[] piece = new byte[BUFFER_LIMIT + 100];
        String request = "POST /services/raw/up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(piece.length) + "\r\n" + new String(piece, StandardCharsets.ISO_8859_1) + "\r\nxyz\r\n";
        Answer answer = exchange(request);
        assertEquals(400, answer.status, answer.head);
        assertNull(backend.next(2), "the service never saw a complete request");
    }

    // ---- raw client

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private Answer exchange(String request) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return Answer.read(socket.getInputStream());
        }
    }

    private static Answer send(Socket socket, String request, boolean head) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return Answer.read(socket.getInputStream(), head);
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (!seen.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            seen.write(buffer, 0, n);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    /** One answer as the client read it; truncated when the connection ended before its framing said. */
    private record Answer(int status, String head, byte[] body, boolean truncated) {

        static Answer read(InputStream in) throws IOException {
            return read(in, false);
        }

        static Answer read(InputStream in, boolean toHead) throws IOException {
            String head = readHead(in);
            assertNotNull(head, "the gateway closed the connection without an answer");
            int status = Integer.parseInt(head.substring(9, 12));
            Answer partial = new Answer(status, head, new byte[0], false);
            if (toHead || status == 204 || status == 304 || status < 200) {
                return partial;
            }
            String length = partial.header("Content-Length");
            if (length != null) {
                byte[] body = in.readNBytes(Integer.parseInt(length));
                return new Answer(status, head, body, body.length < Integer.parseInt(length));
            }
            if ("chunked".equalsIgnoreCase(partial.header("Transfer-Encoding"))) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                while (true) {
                    String size = line(in);
                    if (size == null) {
                        return new Answer(status, head, body.toByteArray(), true);
                    }
                    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (n == 0) {
                        line(in);
                        return new Answer(status, head, body.toByteArray(), false);
                    }
                    byte[] chunk = in.readNBytes(n);
                    body.write(chunk);
                    if (chunk.length < n || line(in) == null) {
                        return new Answer(status, head, body.toByteArray(), true);
                    }
                }
            }
            return new Answer(status, head, in.readAllBytes(), false);
        }

        String header(String name) {
            List<String> all = headers(name);
            return all.isEmpty() ? null : all.get(0);
        }

        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    values.add(line.substring(colon + 1).trim());
                }
            }
            return values;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (true) {
                String line = line(in);
                if (line == null) {
                    return head.isEmpty() ? null : head.toString();
                }
                if (line.isEmpty()) {
                    return head.toString();
                }
                head.append(line).append("\r\n");
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return c == -1 && line.isEmpty() ? null : line.toString();
        }
    }
}
