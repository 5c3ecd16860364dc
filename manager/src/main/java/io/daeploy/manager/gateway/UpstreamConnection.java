package io.daeploy.manager.gateway;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** One keep-alive HTTP/1.1 connection from the gateway to a service. */
final class UpstreamConnection implements Closeable {

    private static final int BUFFER = 16 * 1024;

    private final String key;
    private final Socket socket;
    private final ReadTimeouts.Deadline deadline;
    private final UpstreamInput in;
    private final OutputStream out;
    private boolean reused;
    private volatile long idleSince = System.nanoTime();

    private UpstreamConnection(String key, Socket socket, ReadTimeouts timeouts) throws IOException {
        this.key = key;
        this.socket = socket;
        this.deadline = timeouts.watch(socket);
        this.in = new UpstreamInput(socket.getInputStream(), deadline, BUFFER);
        this.out = socket.getOutputStream();
    }

    static UpstreamConnection open(String host, int port, Duration connectTimeout, ReadTimeouts readTimeouts) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            return new UpstreamConnection(host + ":" + port, socket, readTimeouts); // no SO_TIMEOUT: see ReadTimeouts
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    String key() {
        return key;
    }

    UpstreamInput in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    /** True when it already carried a request: it may have been closed by the service meanwhile. */
    boolean reused() {
        return reused;
    }

    /** Back in the pool: it served a request and may serve another. */
    void markReused() {
        reused = true;
        idleSince = System.nanoTime();
    }

    /** Nanoseconds since it went back to the pool. */
    long idleNanos() {
        return System.nanoTime() - idleSince;
    }

    boolean isOpen() {
        return !socket.isClosed() && !socket.isInputShutdown();
    }

    @Override
    public void close() {
        deadline.forget();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
