package io.daeploy.manager.gateway;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pool closes connections left idle too long: a version that went away (killed, idle) leaves no socket behind. */
class UpstreamPoolTest {

    @Test
    void aConnectionIdleLongerThanTheLimitIsClosedAndForgotten() throws Exception {
        try (ServerSocket service = new ServerSocket(0)) {
            UpstreamPool pool = new UpstreamPool(8, Duration.ofSeconds(2), Duration.ZERO, Duration.ofMillis(300));
            UpstreamConnection connection = pool.acquire(URI.create("http://127.0.0.1:" + service.getLocalPort()));
            try (Socket accepted = service.accept()) {
                pool.release(connection);
                assertEquals(1, pool.idleCount());

                Thread.sleep(400);
                pool.closeLongIdle();

                assertEquals(0, pool.idleCount());
                accepted.setSoTimeout(2000);
                try (InputStream in = accepted.getInputStream()) {
                    assertEquals(-1, in.read(), "the service sees the connection closed");
                }
            }
        }
    }

    @Test
    void aConnectionUsedRecentlyStaysForTheNextRequest() throws Exception {
        try (ServerSocket service = new ServerSocket(0)) {
            UpstreamPool pool = new UpstreamPool(8, Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(30));
            URI endpoint = URI.create("http://127.0.0.1:" + service.getLocalPort());
            UpstreamConnection connection = pool.acquire(endpoint);
            try (Socket accepted = service.accept()) {
                pool.release(connection);
                pool.closeLongIdle();

                assertEquals(1, pool.idleCount());
                assertEquals(connection, pool.acquire(endpoint), "reused");
                connection.close();
            }
        }
    }
}
