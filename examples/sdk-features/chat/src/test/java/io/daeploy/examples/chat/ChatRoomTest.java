package io.daeploy.examples.chat;

import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.RunningService;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChatRoomTest {

    @Test
    void everyMemberHearsEveryMessage() throws Exception {
        try (RunningService service = DaeployService.start(new ChatRoom(), 0)) {
            HttpClient http = HttpClient.newHttpClient();
            URI room = URI.create("ws://127.0.0.1:" + service.port() + "/room");
            Inbox ann = new Inbox();
            Inbox bob = new Inbox();
            WebSocket annSocket = http.newWebSocketBuilder().buildAsync(room, ann).join();
            WebSocket bobSocket = http.newWebSocketBuilder().buildAsync(room, bob).join();
            awaitMembers(http, service, "2");

            annSocket.sendText("hi Bob", true).join();
            assertEquals("hi Bob", bob.next());
            assertEquals("hi Bob", ann.next());
            bobSocket.sendText("hi Ann", true).join();
            assertEquals("hi Ann", ann.next());
            assertEquals("hi Ann", bob.next());

            bobSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            awaitMembers(http, service, "1");
            annSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    /** Polls GET /members until it answers {@code expected}, for at most 20 s. */
    private static void awaitMembers(HttpClient http, RunningService service, String expected) throws Exception {
        HttpRequest members = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/members")).build();
        String answer = "";
        for (int i = 0; i < 200 && !answer.equals(expected); i++) {
            answer = http.send(members, HttpResponse.BodyHandlers.ofString()).body();
            if (!answer.equals(expected)) {
                Thread.sleep(100);
            }
        }
        assertEquals(expected, answer);
    }

    /** Whole text messages as they arrive. */
    static final class Inbox implements WebSocket.Listener {
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
