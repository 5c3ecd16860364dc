package io.daeploy.manager.gateway;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/** Idle keep-alive connections per service endpoint, reused most-recent first. */
final class UpstreamPool {

    private record Idle(Deque<UpstreamConnection> connections, AtomicInteger size) {
    }

    private final Map<String, Idle> idle = new ConcurrentHashMap<>();
    private final int maxIdlePerEndpoint;
    private final Duration connectTimeout;
    private final ReadTimeouts readTimeouts;

    UpstreamPool(int maxIdlePerEndpoint, Duration connectTimeout, Duration readTimeout) {
        this.maxIdlePerEndpoint = maxIdlePerEndpoint;
        this.connectTimeout = connectTimeout;
        this.readTimeouts = new ReadTimeouts(readTimeout); // zero: no limit
    }

    UpstreamConnection acquire(URI endpoint) throws IOException {
        Idle pool = idle.get(key(endpoint));
        if (pool != null) {
            UpstreamConnection connection;
            while ((connection = pool.connections().pollFirst()) != null) {
                pool.size().decrementAndGet();
                if (connection.isOpen()) {
                    return connection;
                }
                connection.close();
            }
        }
        return fresh(endpoint);
    }

    UpstreamConnection fresh(URI endpoint) throws IOException {
        return UpstreamConnection.open(endpoint.getHost(), endpoint.getPort(), connectTimeout, readTimeouts);
    }

    void release(UpstreamConnection connection) {
        connection.markReused();
        Idle pool = idle.computeIfAbsent(connection.key(), k -> new Idle(new ConcurrentLinkedDeque<>(), new AtomicInteger()));
        if (pool.size().incrementAndGet() > maxIdlePerEndpoint) {
            pool.size().decrementAndGet();
            connection.close();
            return;
        }
        pool.connections().offerFirst(connection);
    }

    private static String key(URI endpoint) {
        return endpoint.getHost() + ":" + endpoint.getPort();
    }
}
