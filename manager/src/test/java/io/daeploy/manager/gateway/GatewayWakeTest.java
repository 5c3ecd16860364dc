package io.daeploy.manager.gateway;

import io.daeploy.common.Status;
import io.daeploy.manager.config.ManagerSettings.GatewaySettings;
import io.daeploy.manager.config.ManagerSettings.IdleSettings;
import io.daeploy.manager.core.LastRequest;
import io.daeploy.manager.core.RouteTable;
import io.daeploy.manager.core.WakeFailed;
import io.daeploy.manager.core.Waker;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests for an idle version through the gateway's real routes: held while it wakes and then forwarded once, refused
 * with a 503 and {@code Retry-After} beyond the queue or the deadline, and told why when the version cannot start. The
 * waker here stands in for the core: it makes the version serve (a raw-socket backend) when told to, or never.
 */
@ServerTest
class GatewayWakeTest {

    private static final RawBackend BACKEND = backend();
    private static final AtomicInteger ANSWERED = new AtomicInteger();
    private static RouteTable routes;
    /** Requests the gate holds now or held: each asks the waker once. */
    private static final AtomicInteger HELD = new AtomicInteger();
    private static volatile CompletableFuture<Void> wakeUp = new CompletableFuture<>();
    /** One thread per caller: the common pool may have a single one on a small machine. */
    private static final java.util.concurrent.Executor CALLERS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private final Http1Client client;

    GatewayWakeTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        routes = new RouteTable();
        Waker waker = (name, version) -> {
            HELD.incrementAndGet();
            return wakeUp;
        };
        ProxyForwarder forwarder = new ProxyForwarder(new GatewaySettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 0, 64 * 1024));
        routing.any("/services/*", new GatewayHandler(routes, forwarder, new ShadowMirror(forwarder, 0, 64 * 1024),
                io.daeploy.manager.metrics.TrafficMetrics.off(), new WakeGate(waker, new IdleSettings(Duration.ZERO, 2, Duration.ofSeconds(2)))));
    }

    @AfterAll
    static void stop() throws IOException {
        BACKEND.close();
    }

    @Test
    void heldRequestsGoOnOnceEachWhenTheVersionServes() throws Exception {
        asleep();
        wakeUp = new CompletableFuture<>();
        int before = ANSWERED.get();
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> call("/services/app/hello"), CALLERS);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> call("/services/app/hello"), CALLERS);
        Thread.sleep(300);
        assertEquals(before, ANSWERED.get(), "nothing reaches the service before it serves");

        serving();
        wakeUp.complete(null);

        assertEquals("200 awake", first.get());
        assertEquals("200 awake", second.get());
        assertEquals(before + 2, ANSWERED.get(), "each held request was forwarded once");
    }

    @Test
    void beyondTheQueueA503SaysTryAgainShortly() throws Exception {
        asleep();
        wakeUp = new CompletableFuture<>(); // never wakes
        int before = HELD.get();
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> call("/services/app/hello"), CALLERS);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> call("/services/app/hello"), CALLERS);
        while (HELD.get() < before + 2) { // both wait in the gate's queue now
            Thread.sleep(10);
        }

        try (Http1ClientResponse third = client.get("/services/app/hello").request()) {
            assertEquals(503, third.status().code());
            assertEquals("2", third.headers().first(HeaderNames.RETRY_AFTER).orElse(null));
            assertTrue(third.as(String.class).contains("is starting after being idle, and 2 requests wait for it already"
                    + " (DAEPLOY_WAKE_QUEUE)"));
        }
        // the two held ones run out of time
        assertTrue(first.get().startsWith("503 "), first.get());
        assertTrue(second.get().contains("did not start within 2 s (DAEPLOY_WAKE_TIMEOUT_SECONDS)"), second.get());
    }

    @Test
    void aVersionThatCannotStartIsA503NamingWhy() {
        asleep();
        wakeUp = CompletableFuture.failedFuture(new WakeFailed("it failed to start: exited with code 1 during start-up"));

        String answer = call("/services/app/hello");

        assertEquals("503 {\"detail\":\"Service app 1.0.0 was idle and could not be started again: it failed to start:"
                + " exited with code 1 during start-up\"}", answer);
    }

    private String call(String path) {
        try (Http1ClientResponse response = client.get(path).request()) {
            return response.status().code() + " " + response.as(String.class);
        }
    }

    private static void asleep() {
        routes.replace(List.of(new RouteTable.Target("app", "1.0.0", true, Status.IDLE, "served no request for 1m", List.of(),
                RouteTable.Share.NONE, true, new LastRequest())));
    }

    private static void serving() {
        routes.replace(List.of(new RouteTable.Target("app", "1.0.0", true, Status.RUNNING, null, List.of(BACKEND.endpoint()))));
    }

    private static RawBackend backend() {
        try {
            RawBackend backend = new RawBackend();
            backend.answer((request, out) -> {
                ANSWERED.incrementAndGet();
                out.write(RawBackend.ok("awake"));
            });
            return backend;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
