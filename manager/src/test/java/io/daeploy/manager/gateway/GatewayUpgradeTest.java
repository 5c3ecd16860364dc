package io.daeploy.manager.gateway;

import io.daeploy.common.Status;
import io.daeploy.manager.config.ManagerSettings.GatewaySettings;
import io.daeploy.manager.core.RouteTable;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's upgrade path over bytes, against a raw-socket service of the test's own (any protocol, not only
 * WebSocket): what the service gets, what the client gets, and that either side closing closes the other.
 */
class GatewayUpgradeTest {

    private static final String HANDSHAKE = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    /** One accepted connection of the raw service, handled by the test. */
    private interface Backend {
        void serve(Socket socket, String requestHead) throws IOException;
    }

    private ServerSocket service;
    private WebServer gateway;
    private final RouteTable routes = new RouteTable();
    private final BlockingQueue<String> heads = new ArrayBlockingQueue<>(10);
    private final BlockingQueue<String> serviceSaw = new ArrayBlockingQueue<>(10);
    private volatile Backend backend;

    @BeforeEach
    void start() throws IOException {
        service = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!service.isClosed()) {
                try {
                    Socket socket = service.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            String head = head(socket.getInputStream());
                            heads.add(head);
                            backend.serve(socket, head);
                        } catch (IOException e) {
                            serviceSaw.add("failed: " + e);
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        routes.replace(List.of(new RouteTable.Target("raw", "1.0.0", true, Status.RUNNING, null,
                List.of(URI.create("http://127.0.0.1:" + service.getLocalPort())))));
        GatewaySettings settings = new GatewaySettings(Duration.ofSeconds(5), Duration.ofSeconds(20), 32, 64 * 1024);
        ProxyForwarder forwarder = new ProxyForwarder(settings);
        gateway = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .addConnectionSelector(new GatewayUpgrader(routes, settings, false).selector(Http1Config.create()))
                .routing(routing -> routing.addFilter(new UpgradeRefusals())
                        .any("/services/*", new GatewayHandler(routes, forwarder, new ShadowMirror(forwarder, 32, 64 * 1024))))
                .build()
                .start();
    }

    @AfterEach
    void stop() throws IOException {
        gateway.stop();
        service.close();
    }

    @Test
    void theHandshakeGoesOnAndBytesFlowBothWaysUntilTheServiceCloses() throws Exception {
        backend = (socket, head) -> {
            OutputStream out = socket.getOutputStream();
            // the first bytes of the new protocol right behind the head, in the same packet
            out.write(("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade, X-Hop\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nX-Hop: only for this hop\r\n"
                    + "X-Kept: yes\r\n\r\nearly").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n = in.read(buffer);
            out.write(("got " + new String(buffer, 0, n, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // and the service ends the conversation
        };
        try (Socket client = client()) {
            send(client, "GET /services/raw/chat?room=1 HTTP/1.1\r\nHost: example.test:8080\r\n" + HANDSHAKE
                    + "Connection: X-Secret\r\nX-Secret: for the gateway\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n");
            String answer = head(client.getInputStream());

            String request = heads.poll(20, TimeUnit.SECONDS);
            assertNotNull(request);
            assertTrue(request.startsWith("GET /chat?room=1 HTTP/1.1\r\n"), request);
            assertTrue(request.contains("\r\nHost: example.test:8080\r\n"), request);
            assertTrue(request.contains("\r\nConnection: Upgrade\r\n") && request.contains("\r\nUpgrade: websocket\r\n"), request);
            assertTrue(request.contains("\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"), request);
            assertTrue(request.contains("\r\nX-Forwarded-Prefix: /services/raw\r\n"), request);
            assertTrue(request.contains("\r\nX-Forwarded-For: 10.0.0.1, 127.0.0.1\r\n"), request);
            assertTrue(!request.contains("X-Secret"), request);

            assertTrue(answer.startsWith("HTTP/1.1 101 "), answer);
            assertTrue(answer.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), answer);
            assertTrue(answer.contains("\r\nX-Kept: yes\r\n"), answer);
            assertTrue(!answer.contains("X-Hop"), answer);
            assertEquals("early", read(client.getInputStream(), 5));

            send(client, "hello");
            assertEquals("got hello", readToEnd(client.getInputStream()), "the service closed: so does the gateway");
        }
    }

    @Test
    void theClientClosingClosesTheServiceSide() throws Exception {
        backend = (socket, head) -> {
            socket.getOutputStream().write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            socket.setSoTimeout(20_000); // only a gateway that keeps the service's side open runs into it
            serviceSaw.add(readToEnd(socket.getInputStream()));
        };
        try (Socket client = client()) {
            send(client, "GET /services/raw/chat HTTP/1.1\r\nHost: x\r\n" + HANDSHAKE + "\r\n");
            assertTrue(head(client.getInputStream()).startsWith("HTTP/1.1 101 "));
            send(client, "last words");
        }
        assertEquals("last words", serviceSaw.poll(20, TimeUnit.SECONDS));
    }

    @Test
    void aServiceRefusalIsRelayedAndTheConnectionEnds() throws Exception {
        backend = (socket, head) -> {
            socket.getOutputStream().write(("HTTP/1.1 426 Upgrade Required\r\nContent-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nnot h\r\n7\r\nere, no\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            readToEnd(socket.getInputStream());
        };
        String answer = exchange("GET /services/raw/chat HTTP/1.1\r\nHost: x\r\n" + HANDSHAKE + "\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 426 "), answer);
        assertTrue(answer.contains("not here, no"), answer);
    }

    @Test
    void aServiceThatBreaksTheProtocolIs502() throws Exception {
        backend = (socket, head) -> {
            socket.getOutputStream().write("HTTP/1.1 abc Broken\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        };
        String answer = exchange("GET /services/raw/chat HTTP/1.1\r\nHost: x\r\n" + HANDSHAKE + "\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 502 "), answer);
        assertTrue(answer.contains("failed to answer"), answer);
    }

    @Test
    void unknownAndStoppedServicesAreAnsweredByTheGateway() throws Exception {
        String unknown = exchange("GET /services/nosuch/chat HTTP/1.1\r\nHost: x\r\n" + HANDSHAKE + "\r\n");
        assertTrue(unknown.startsWith("HTTP/1.1 404 "), unknown);
        assertTrue(unknown.contains("No service 'nosuch' is deployed"), unknown);

        routes.replace(List.of(new RouteTable.Target("raw", "1.0.0", true, Status.FAILED, "it crashed", List.of())));
        String failed = exchange("GET /services/raw/chat HTTP/1.1\r\nHost: x\r\n" + HANDSHAKE + "\r\n");
        assertTrue(failed.startsWith("HTTP/1.1 503 "), failed);
        assertTrue(failed.contains("it crashed"), failed);
    }

    @Test
    void ordinaryRequestsStillGoThroughTheForwarder() throws Exception {
        backend = (socket, head) -> {
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        };
        try (Socket client = client()) {
            send(client, "GET /services/raw/plain HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = head(client.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 200 "), head);
            assertEquals("ok", read(client.getInputStream(), 2));
        }
    }

    private Socket client() throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.setSoTimeout(20_000); // only a gateway that keeps a connection open runs into it
        return socket;
    }

    /** Sends a request and reads until the gateway closes the connection. */
    private String exchange(String request) throws IOException {
        try (Socket client = client()) {
            send(client, request);
            return readToEnd(client.getInputStream());
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String read(InputStream in, int length) throws IOException {
        return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
