package io.daeploy.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method without parameters that returns a Helidon {@link io.helidon.websocket.WsListener} as a
 * WebSocket entrypoint, served at {@link #value()} ({@code /chat}); through the manager's gateway it is
 * {@code ws://manager/services/<name>/chat}. The method is called once per connection, so a listener may keep the
 * state of its conversation in fields:
 *
 * <pre>{@code
 * @WebSocketEntrypoint("/echo")
 * public WsListener echo() {
 *     return new WsListener() {
 *         @Override
 *         public void onMessage(WsSession session, String text, boolean last) {
 *             session.send("echo: " + text, last);
 *         }
 *     };
 * }
 * }</pre>
 *
 * <p>The gateway authenticates the handshake like any other request and then passes frames both ways untouched;
 * shadow versions get no copy of a WebSocket conversation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WebSocketEntrypoint {

    /** The path, starting with {@code /}, e.g. {@code /chat}. */
    String value();
}
