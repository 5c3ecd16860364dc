package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebSocket through the gateway of a manager with authentication on, to the fixture service's {@code /echo}: the
 * handshake and messages both ways pass, the caller's manager credentials do not; an upgrade gets the same 401 as any
 * gateway request, 404 for an unknown service, and a service's refusal as the service sent it, each on a connection
 * that the gateway then closes.
 */
class WebSocketIT {

    private static final String ADMIN_PASSWORD = "admin password 1";
    private static final String HANDSHAKE = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    private static ManagerProcess manager;
    private static String token;

    @BeforeAll
    static void deploy() {
        manager = ManagerProcess.start("websocket", ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", ADMIN_PASSWORD));
        token = new ManagerClient(manager.url(), null, Duration.ofSeconds(30)).login("admin", ADMIN_PASSWORD);
        ManagerClient admin = new ManagerClient(manager.url(), token, Duration.ofSeconds(120));
        manager.useClient(admin);
        ServiceVersion deployed = admin.deploy("chat", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), () -> "deploy failed: " + deployed.reason());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void messagesPassBothWaysAndTheManagerCredentialsStayBehind() throws Exception {
        for (String segment : new String[]{"chat", "chat_1.0.0"}) {
            Received received = new Received();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .header("Cookie", "daeploy=" + token + "; theme=dark")
                    .buildAsync(URI.create("ws://127.0.0.1:" + manager.port() + "/services/" + segment + "/echo"), received)
                    .get(20, TimeUnit.SECONDS);

            assertEquals("hello /services/" + segment + " authorization=no cookie=theme=dark", received.next());
            for (int i = 0; i < 3; i++) {
                ws.sendText("message " + i, true).get(20, TimeUnit.SECONDS);
                assertEquals("echo: message " + i, received.next());
            }
            String large = "x".repeat(200_000); // many TCP segments, several reads of the splice
            ws.sendText(large, true).get(20, TimeUnit.SECONDS);
            String echoed = received.next();
            assertEquals(("echo: " + large).length(), echoed.length()); // not a screenful of x on a failure
            assertEquals("echo: " + large, echoed);

            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(20, TimeUnit.SECONDS);
            assertEquals(WebSocket.NORMAL_CLOSURE, received.closed.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void theServices101ReachesABrowserLikeClientOnce() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", manager.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /services/chat/echo HTTP/1.1\r\nHost: 127.0.0.1:" + manager.port() + "\r\n"
                    + "Origin: http://127.0.0.1:" + manager.port() + "\r\nCache-Control: no-cache\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                    + "Cookie: daeploy=" + token + "\r\n" + HANDSHAKE + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String head = head(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            String lower = head.toLowerCase(java.util.Locale.ROOT);
            assertTrue(lower.contains("\r\nsec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=\r\n"), head);
            assertEquals(lower.indexOf("sec-websocket-accept"), lower.lastIndexOf("sec-websocket-accept"), head);
            assertEquals(lower.indexOf("\r\nconnection:"), lower.lastIndexOf("\r\nconnection:"), head);
            assertEquals(lower.indexOf("\r\nupgrade:"), lower.lastIndexOf("\r\nupgrade:"), head);
        }
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

    @Test
    void anUpgradeWithoutATokenGetsTheSame401AsAnyGatewayRequest() throws Exception {
        HttpResponse<String> plain = Http.send(HttpRequest.newBuilder(manager.url().resolve("/services/chat/echo")).GET());
        assertEquals(401, plain.statusCode());

        String answer = rawUpgrade("/services/chat/echo", "");

        assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
        assertTrue(answer.contains("www-authenticate: Bearer realm=\"daeploy\"") || answer.contains("WWW-Authenticate: Bearer realm=\"daeploy\""), answer);
        assertTrue(answer.endsWith(plain.body()), answer + " should end with " + plain.body());

        String forged = rawUpgrade("/services/chat/echo", "Authorization: Bearer not-a-token\r\n");
        assertTrue(forged.startsWith("HTTP/1.1 401 "), forged);
    }

    @Test
    void anUnknownServiceIs404AndTheConnectionEnds() throws Exception {
        String answer = rawUpgrade("/services/nosuch/echo", "Authorization: Bearer " + token + "\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
        assertTrue(answer.contains("No service 'nosuch' is deployed"), answer);
    }

    @Test
    void aServiceThatRefusesTheUpgradeIsRelayedAsItAnswered() throws Exception {
        // /hello is an HTTP entrypoint (POST): the service answers the GET handshake with its own 405
        String answer = rawUpgrade("/services/chat/hello", "Authorization: Bearer " + token + "\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 405 "), answer);
        assertTrue(answer.contains("hello"), answer);
    }

    /** A WebSocket handshake on a socket of its own; everything the gateway sends until it closes the connection. */
    private static String rawUpgrade(String path, String extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", manager.port())) {
            socket.setSoTimeout(20_000); // only a gateway that keeps the connection open runs into it
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + manager.port() + "\r\n"
                    + HANDSHAKE + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    /** Collects whole text messages and the close code. */
    static final class Received implements WebSocket.Listener {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        String next() throws InterruptedException {
            String message = messages.poll(20, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within 20 s");
            }
            return message;
        }
    }
}
