package io.daeploy.manager.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20) // a broken sweeper would leave the read hanging
class ReadTimeoutsTest {

    private final ReadTimeouts timeouts = new ReadTimeouts(Duration.ofMillis(300));

    /** A loopback connection: the gateway's end, read through a watched {@link UpstreamInput}, and the service's end. */
    private record Connection(ServerSocket server, Socket client, Socket peer, UpstreamInput in) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            peer.close();
            client.close();
            server.close();
        }
    }

    private Connection connect() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
        return new Connection(server, client, server.accept(), new UpstreamInput(client.getInputStream(), timeouts.watch(client), 64));
    }

    @Test
    void aReadThatWaitsTooLongFailsAsATimeOutAndClosesTheConnection() throws Exception {
        try (Connection silent = connect()) {
            SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class, () -> silent.in().readLine(100));
            assertTrue(timeout.getMessage().contains("no answer within"), timeout.getMessage());
            assertTrue(silent.client().isClosed());
        }
    }

    @Test
    void aConnectionIdleLongerThanTheTimeOutBetweenReadsStaysUsable() throws Exception {
        try (Connection pooled = connect()) {
            OutputStream out = pooled.peer().getOutputStream();
            out.write("first\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("first", pooled.in().readLine(100));
            Thread.sleep(900); // idle in the pool: no read waits, so nothing expires
            out.write("second\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("second", pooled.in().readLine(100));
            assertTrue(!pooled.client().isClosed());
        }
    }

    @Test
    void answersThatComeInTimeAreReadWhole() throws Exception {
        try (Connection slow = connect()) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 5; i++) {
                        Thread.sleep(100); // each wait is under the time-out, their sum is over it
                        slow.peer().getOutputStream().write(("line " + i + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 5; i++) {
                assertEquals("line " + i, slow.in().readLine(100));
            }
        }
    }
}
