package io.daeploy.manager.gateway;

import io.daeploy.manager.config.ManagerSettings.IdleSettings;
import io.daeploy.manager.core.RouteTable;
import io.daeploy.manager.core.WakeFailed;
import io.daeploy.manager.core.Waker;
import io.daeploy.manager.http.JsonResponses;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds requests for an idle version (scale to zero) while it starts again: a bounded number per version, each for a
 * bounded time. A request let through goes on once, to the version now serving; one refused gets a 503 naming why,
 * with {@code Retry-After} when trying again soon may succeed. Nothing is forwarded before the version answers.
 */
public final class WakeGate {

    /** Seconds a client is asked to wait when the queue is full: a JVM starts in about that. */
    private static final String RETRY_SOON = "2";

    private final Waker waker;
    private final IdleSettings settings;
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

    public WakeGate(Waker waker, IdleSettings settings) {
        this.waker = waker;
        this.settings = settings;
    }

    /** Waits until {@code target} serves; false when it did not and the request was answered (503) here. */
    public boolean hold(RouteTable.Target target, ServerResponse res) {
        String label = GatewayHandler.label(target);
        AtomicInteger queue = waiting.computeIfAbsent(target.qualifiedName(), key -> new AtomicInteger());
        if (queue.incrementAndGet() > settings.wakeQueue()) {
            queue.decrementAndGet();
            res.headers().set(HeaderNames.RETRY_AFTER, RETRY_SOON);
            JsonResponses.error(res, Status.SERVICE_UNAVAILABLE_503, "Service " + label + " is starting after being idle, and "
                    + settings.wakeQueue() + " requests wait for it already (DAEPLOY_WAKE_QUEUE); try again shortly");
            return false;
        }
        try {
            waker.wake(target.name(), target.version()).get(settings.wakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            res.headers().set(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, settings.wakeTimeout().toSeconds() / 4)));
            JsonResponses.error(res, Status.SERVICE_UNAVAILABLE_503, "Service " + label + " was idle and did not start within "
                    + settings.wakeTimeout().toSeconds() + " s (DAEPLOY_WAKE_TIMEOUT_SECONDS); it is still starting");
            return false;
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof WakeFailed failed ? failed.getMessage() : String.valueOf(e.getCause());
            JsonResponses.error(res, Status.SERVICE_UNAVAILABLE_503, "Service " + label + " was idle and could not be started"
                    + " again: " + why);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            JsonResponses.error(res, Status.SERVICE_UNAVAILABLE_503, "Service " + label + " was idle; the manager is stopping");
            return false;
        } finally {
            queue.decrementAndGet();
        }
    }
}
