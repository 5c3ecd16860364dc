package io.daeploy.sdk;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

import io.helidon.webserver.WebServer;

/** A started service; close it to stop listening. */
public final class RunningService implements AutoCloseable {

    private final WebServer server;
    private final ServiceSettings settings;
    private final CountDownLatch stopped = new CountDownLatch(1);

    RunningService(WebServer server, ServiceSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    /** The port actually listened on (useful after starting on port 0). */
    public int port() {
        return server.port();
    }

    /** Base URI to call the service, e.g. {@code http://127.0.0.1:41234}; a wildcard bind is reached on loopback. */
    public URI uri() {
        String host = settings.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** Name, version and bind address the service runs with. */
    public ServiceSettings settings() {
        return settings;
    }

    public void stop() {
        if (server.isRunning()) {
            server.stop();
        }
        stopped.countDown();
    }

    @Override
    public void close() {
        stop();
    }

    /** Blocks until {@link #stop()} was called. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }
}
