package io.daeploy.examples.chat;

import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Entrypoint;
import io.daeploy.sdk.WebSocketEntrypoint;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One chat room: every text message sent to {@code /room} reaches everyone connected, its sender included.
 * Behind the manager: {@code ws://127.0.0.1:8080/services/chat/room}.
 */
public class ChatRoom {

    private final Set<WsSession> members = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) {
        DaeployService.run(new ChatRoom());
    }

    /** Called once per connection: each member gets a listener of its own. */
    @WebSocketEntrypoint("/room")
    public WsListener room() {
        return new WsListener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public void onOpen(WsSession session) {
                members.add(session);
            }

            @Override
            public void onMessage(WsSession session, String text, boolean last) {
                message.append(text);
                if (last) {
                    String whole = message.toString();
                    message.setLength(0);
                    for (WsSession member : members) {
                        member.send(whole, true);
                    }
                }
            }

            @Override
            public void onClose(WsSession session, int status, String reason) {
                members.remove(session);
            }

            @Override
            public void onError(WsSession session, Throwable t) {
                members.remove(session);
            }
        };
    }

    /** How many are in the room: an ordinary entrypoint next to the WebSocket. */
    @Entrypoint(method = "GET")
    public int members() {
        return members.size();
    }
}
