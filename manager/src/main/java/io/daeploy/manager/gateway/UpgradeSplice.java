package io.daeploy.manager.gateway;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client's connection and the service's, joined after a 101: bytes flow both ways as they arrive, the client's
 * on Helidon's connection thread, the service's on a virtual thread of its own. When either side ends, or Helidon
 * closes the connection (server stop, idle time-out), both sockets are closed and the second thread ends with them.
 */
final class UpgradeSplice implements ServerConnection {

    private static final Logger LOG = Logger.getLogger(UpgradeSplice.class.getName());
    private static final int BUFFER = 16 * 1024;
    private static final Duration JOIN = Duration.ofSeconds(5);

    private final ConnectionContext client;
    private final Socket service;
    private final InputStream serviceIn;
    private final String label;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastActivity = System.nanoTime();

    /** @param serviceIn the service's stream, positioned just after its 101 head (it may hold the first frames) */
    UpgradeSplice(ConnectionContext client, Socket service, InputStream serviceIn, String label) {
        this.client = client;
        this.service = service;
        this.serviceIn = serviceIn;
        this.label = label;
    }

    @Override
    public void handle(Limit limit) {
        Thread down = Thread.ofVirtual().name("gateway-splice-" + client.socketId()).start(this::serviceToClient);
        try {
            clientToService();
        } finally {
            close();
            try {
                down.join(JOIN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void clientToService() {
        try {
            DataReader reader = client.dataReader();
            OutputStream out = service.getOutputStream();
            while (!closed.get()) {
                reader.ensureAvailable(); // blocks; throws when the client's connection ends
                BufferData data = reader.readBuffer(reader.available());
                data.writeTo(out);
                out.flush();
                lastActivity = System.nanoTime();
            }
        } catch (IOException | RuntimeException e) {
            ended("client", e);
        }
    }

    private void serviceToClient() {
        byte[] buffer = new byte[BUFFER];
        try {
            int n;
            while ((n = serviceIn.read(buffer)) != -1) {
                // written before the next read, so the buffer can be reused
                client.dataWriter().writeNow(BufferData.create(buffer, 0, n));
                lastActivity = System.nanoTime();
            }
        } catch (IOException | RuntimeException e) {
            ended("service", e);
        } finally {
            close();
        }
    }

    private void ended(String side, Exception e) {
        if (!closed.get()) {
            LOG.log(Level.FINE, e, () -> "Upgraded connection to " + label + " ended on the " + side + "'s side");
        }
    }

    @Override
    public Duration idleTime() {
        return Duration.ofNanos(System.nanoTime() - lastActivity);
    }

    @Override
    public void close(boolean interrupt) {
        close();
    }

    /** Closes both sides, once: each copying loop then ends on its closed socket. */
    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            service.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            client.serverSocket().close();
        } catch (RuntimeException ignored) {
            // already closed, or Helidon closes it when handle() returns
        }
    }
}
