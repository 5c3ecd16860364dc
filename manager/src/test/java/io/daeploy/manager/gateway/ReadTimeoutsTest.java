package io.daeploy.manager.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    @Test
    void aReadThatWaitsTooLongFailsAsATimeOutAndClosesTheConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket silent = server.accept()) {
            UpstreamInput in = new UpstreamInput(client.getInputStream(), timeouts.watch(client), 64);
            SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class, () -> in.readLine(100));
            assertTrue(timeout.getMessage().contains("no answer within"), timeout.getMessage());
            assertTrue(client.isClosed());
        }
    }

    @Test
    void aConnectionIdleLongerThanTheTimeOutBetweenReadsStaysUsable() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            UpstreamInput in = new UpstreamInput(client.getInputStream(), timeouts.watch(client), 64);
            OutputStream out = peer.getOutputStream();
            out.write("first\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("first", in.readLine(100));
            Thread.sleep(900); // idle in the pool: no read waits, so nothing expires
            out.write("second\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("second", in.readLine(100));
            assertTrue(!client.isClosed());
        }
    }

    @Test
    void answersThatComeInTimeAreReadWhole() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            UpstreamInput in = new UpstreamInput(client.getInputStream(), timeouts.watch(client), 64);
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 5; i++) {
                        Thread.sleep(100); // each wait is under the time-out, their sum is over it
                        peer.getOutputStream().write(("line " + i + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 5; i++) {
                assertEquals("line " + i, in.readLine(100));
            }
        }
    }
}
