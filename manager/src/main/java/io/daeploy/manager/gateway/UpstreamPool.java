package io.daeploy.manager.gateway;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle keep-alive connections per service endpoint, reused most-recent first. A connection idle for longer than
 * {@link #IDLE_LIMIT} is closed: the version behind it may be gone (killed, idle, moved to another port), and its
 * socket would otherwise stay open in the manager for good.
 */
final class UpstreamPool {

    static final Duration IDLE_LIMIT = Duration.ofSeconds(15);
    private static final ScheduledExecutorService SWEEPS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("daeploy-upstream-sweep").daemon().factory());

    private record Idle(Deque<UpstreamConnection> connections, AtomicInteger size) {
    }

    private final Map<String, Idle> idle = new ConcurrentHashMap<>();
    private final int maxIdlePerEndpoint;
    private final Duration idleLimit;
    private final Duration connectTimeout;
    private final ReadTimeouts readTimeouts;

    UpstreamPool(int maxIdlePerEndpoint, Duration connectTimeout, Duration readTimeout) {
        this(maxIdlePerEndpoint, connectTimeout, readTimeout, IDLE_LIMIT);
    }

    /** @param idleLimit a connection idle for longer is closed (shorter in tests) */
    UpstreamPool(int maxIdlePerEndpoint, Duration connectTimeout, Duration readTimeout, Duration idleLimit) {
        this.idleLimit = idleLimit;
        this.maxIdlePerEndpoint = maxIdlePerEndpoint;
        this.connectTimeout = connectTimeout;
        this.readTimeouts = new ReadTimeouts(readTimeout); // zero: no limit
        long every = Math.max(1, idleLimit.toMillis() / 3);
        SWEEPS.scheduleWithFixedDelay(this::closeLongIdle, every, every, TimeUnit.MILLISECONDS);
    }

    /** Closes the connections idle for longer than the limit; one taken meanwhile is left to its taker. */
    void closeLongIdle() {
        long limit = idleLimit.toNanos();
        for (Idle pool : idle.values()) {
            for (UpstreamConnection connection : pool.connections()) {
                if (connection.idleNanos() > limit && pool.connections().removeFirstOccurrence(connection)) {
                    pool.size().decrementAndGet();
                    connection.close();
                }
            }
        }
    }

    /** Connections waiting for a request now, over all endpoints. */
    int idleCount() {
        return idle.values().stream().mapToInt(pool -> pool.size().get()).sum();
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
