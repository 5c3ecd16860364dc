package io.daeploy.manager.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the requests being answered, so that a stopping manager can wait for them before it stops listening. */
public final class RequestsInFlight implements Filter {

    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        count.incrementAndGet();
        try {
            chain.proceed();
        } finally {
            count.decrementAndGet();
        }
    }

    public int count() {
        return count.get();
    }

    /** Waits until no request is in flight; false when some still are after {@code bound}. */
    public boolean awaitNone(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (count.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
