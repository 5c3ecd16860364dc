package io.daeploy.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.helidon.webserver.WebServer;

/** A started service; close it to stop listening. */
public final class RunningService implements AutoCloseable {

    private final WebServer server;
    private final ServiceSettings settings;
    private final MonitorStore store;
    private final List<PeriodicJob> jobs;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();

    RunningService(WebServer server, ServiceSettings settings, MonitorStore store, List<PeriodicJob> jobs) {
        this.server = server;
        this.settings = settings;
        this.store = store;
        this.jobs = jobs;
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

    /**
     * Stops the periodic jobs, stops listening, then writes the monitoring values still queued and closes the
     * store. Calling it again does nothing.
     */
    public void stop() {
        if (stopping.compareAndSet(false, true)) {
            jobs.forEach(PeriodicJob::stop);
            if (server.isRunning()) {
                server.stop();
            }
            store.close();
        }
        stopped.countDown();
    }

    /**
     * Waits until every value stored so far is in the monitoring database (they are written in the background);
     * for tests that read the database right after storing. False when that took longer than {@code timeout}.
     */
    public boolean flushMonitoring(Duration timeout) {
        return store.flush(timeout);
    }

    /** Values the monitoring store dropped because it could not keep up (or could not open its database). */
    public long droppedMonitoringValues() {
        return store.dropped();
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
