package io.daeploy.sdk;

import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link WebSocketEntrypoint}: served next to the HTTP entrypoints, one listener per connection, mistakes refused at start. */
class WebSocketEntrypointTest {

    public static class ChatService {
        private final AtomicInteger connections = new AtomicInteger();

        @Entrypoint(method = "GET")
        public String answer() {
            return "42";
        }

        @WebSocketEntrypoint("/chat")
        public WsListener chat() {
            int number = connections.incrementAndGet();
            return new WsListener() {
                private int messages;

                @Override
                public void onMessage(WsSession session, String text, boolean last) {
                    messages++;
                    session.send("#" + number + "." + messages + " " + text, true);
                }
            };
        }
    }

    /** Only a WebSocket: no @Entrypoint needed. */
    public static class OnlySocketService {
        @WebSocketEntrypoint("/feed/live")
        public WsListener feed() {
            return new WsListener() {
                @Override
                public void onOpen(WsSession session) {
                    session.send("live", true);
                }
            };
        }
    }

    public static class WrongReturnService {
        @WebSocketEntrypoint("/chat")
        public String chat() {
            return "no";
        }
    }

    public static class BadPathService {
        @WebSocketEntrypoint("chat")
        public WsListener chat() {
            return new WsListener() { };
        }
    }

    public static class ReservedPathService {
        @WebSocketEntrypoint("/docs")
        public WsListener docs() {
            return new WsListener() { };
        }
    }

    @Test
    void eachConnectionGetsItsOwnListenerAndHttpEntrypointsStillAnswer() throws Exception {
        try (RunningService service = DaeployService.start(new ChatService(), 0)) {
            assertEquals("\"42\"", new HttpCalls(service).get("/answer").body());
            URI uri = URI.create("ws://127.0.0.1:" + service.port() + "/chat");
            Received first = new Received();
            Received second = new Received();
            WebSocket a = connect(uri, first);
            WebSocket b = connect(uri, second);

            a.sendText("hi", true).join();
            assertEquals("#1.1 hi", first.next());
            a.sendText("again", true).join();
            assertEquals("#1.2 again", first.next());
            b.sendText("hey", true).join();
            assertEquals("#2.1 hey", second.next());

            a.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            b.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    @Test
    void aServiceWithOnlyAWebSocketStarts() throws Exception {
        try (RunningService service = DaeployService.start(new OnlySocketService(), 0)) {
            Received received = new Received();
            WebSocket ws = connect(URI.create("ws://127.0.0.1:" + service.port() + "/feed/live"), received);
            assertEquals("live", received.next());
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    @Test
    void mistakesStopTheStartWithTheirReason() {
        IllegalArgumentException wrongReturn = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new WrongReturnService(), 0));
        assertTrue(wrongReturn.getMessage().contains("return an io.helidon.websocket.WsListener"), wrongReturn.getMessage());
        IllegalArgumentException badPath = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new BadPathService(), 0));
        assertTrue(badPath.getMessage().contains("must start with '/'"), badPath.getMessage());
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new ReservedPathService(), 0));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
    }

    private static WebSocket connect(URI uri, Received received) {
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, received).join();
    }

    /** Collects whole text messages. */
    static final class Received implements WebSocket.Listener {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

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

        String next() throws InterruptedException {
            String message = messages.poll(20, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within 20 s");
            }
            return message;
        }
    }
}
