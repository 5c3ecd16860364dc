package io.daeploy.manager.gateway;

import io.daeploy.common.Status;
import io.daeploy.manager.config.ManagerSettings.GatewaySettings;
import io.daeploy.manager.core.RouteTable;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A name with a canary, through the gateway's real routes: the canary answers exactly its share of the requests, a
 * request pinned by {@code X-Daeploy-Version} goes to that version, and a sticky share keeps a client on the version it
 * got until the share changes. Two backends on raw sockets say which version they are.
 */
@ServerTest
class GatewayCanaryTest {

    private static final RawBackend MAIN = backend("main");
    private static final RawBackend CANARY = backend("canary");
    private static RouteTable routes;

    private final Http1Client client;

    GatewayCanaryTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        routes = new RouteTable();
        split(25, false, 1);
        ProxyForwarder forwarder = new ProxyForwarder(new GatewaySettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 0, 64 * 1024));
        routing.any("/services/*", new GatewayHandler(routes, forwarder, new ShadowMirror(forwarder, 0, 64 * 1024)));
    }

    @AfterAll
    static void stop() throws IOException {
        MAIN.close();
        CANARY.close();
    }

    @Test
    void theCanaryAnswersExactlyItsShareAndEveryAnswerNamesItsVersion() {
        split(25, false, 2);
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            try (Http1ClientResponse response = client.get("/services/app/hello").request()) {
                String body = response.as(String.class);
                String version = response.headers().first(GatewayHandler.VERSION).orElse(null);
                assertEquals(body.equals("canary") ? "2.0.0" : "1.0.0", version, "X-Daeploy-Version names who answered");
                assertNull(response.headers().first(HeaderNames.SET_COOKIE).orElse(null), "no cookie without stickiness");
                answered.add(body);
            }
        }
        assertEquals(50, answered.stream().filter("canary"::equals).count(), "25 % of 200");
        for (int window = 0; window < 200; window += 20) {
            long inWindow = answered.subList(window, window + 20).stream().filter("canary"::equals).count();
            assertTrue(inWindow == 5, "spread evenly, not in bursts: " + inWindow + " of 20 at " + window);
        }
    }

    @Test
    void aRequestPinnedToAVersionGoesThereAndAnUnknownOneIs404() {
        split(0, false, 3);
        assertEquals("canary", send(client.get("/services/app/hello").header(GatewayHandler.VERSION, "2.0.0")));
        assertEquals("main", send(client.get("/services/app/hello").header(GatewayHandler.VERSION, "1.0.0")));
        assertEquals("main", send(client.get("/services/app/hello")), "weight 0: the main answers the rest");
        try (Http1ClientResponse response = client.get("/services/app/hello").header(GatewayHandler.VERSION, "9.9.9").request()) {
            assertEquals(404, response.status().code());
            String detail = response.as(String.class);
            assertTrue(detail.contains("9.9.9") && detail.contains("X-Daeploy-Version"), detail);
        }
    }

    @Test
    void aStickyShareKeepsEachClientOnItsVersionUntilTheShareChanges() {
        split(50, true, 7);
        List<String> cookies = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            try (Http1ClientResponse first = this.client.get("/services/app/hello").request()) {
                String version = first.headers().first(GatewayHandler.VERSION).orElseThrow();
                String cookie = first.headers().first(HeaderNames.SET_COOKIE).orElse(null);
                assertNotNull(cookie, "a sticky share binds the client");
                assertTrue(cookie.startsWith("daeploy_canary_app=" + version + "@7;") && cookie.contains("Path=/services/app"), cookie);
                String value = cookie.substring(0, cookie.indexOf(';'));
                cookies.add(value);
                for (int again = 0; again < 5; again++) {
                    try (Http1ClientResponse next = this.client.get("/services/app/hello")
                            .header(HeaderNames.COOKIE, "other=1; " + value).request()) {
                        assertEquals(version, next.headers().first(GatewayHandler.VERSION).orElseThrow(), "the same version again");
                        assertNull(next.headers().first(HeaderNames.SET_COOKIE).orElse(null), "bound already");
                    }
                }
            }
        }
        assertTrue(cookies.contains("daeploy_canary_app=2.0.0@7") && cookies.contains("daeploy_canary_app=1.0.0@7"), cookies.toString());

        split(100, true, 8); // the next step: clients of the canary stay, clients of the main meet the new share
        assertEquals("canary", send(client.get("/services/app/hello").header(HeaderNames.COOKIE, "daeploy_canary_app=2.0.0@7")));
        assertEquals("canary", send(client.get("/services/app/hello").header(HeaderNames.COOKIE, "daeploy_canary_app=1.0.0@7")));
    }

    private static String send(Http1ClientRequest request) {
        try (Http1ClientResponse response = request.request()) {
            assertEquals(200, response.status().code());
            return response.as(String.class);
        }
    }

    /** Main 1.0.0 and canary 2.0.0 of "app", the canary with that share. */
    private static void split(int weight, boolean sticky, long step) {
        routes.replace(List.of(
                new RouteTable.Target("app", "1.0.0", true, Status.RUNNING, null, List.of(MAIN.endpoint())),
                new RouteTable.Target("app", "2.0.0", false, Status.RUNNING, null, List.of(CANARY.endpoint()),
                        new RouteTable.Share(weight, sticky, step))));
    }

    private static RawBackend backend(String says) {
        try {
            RawBackend backend = new RawBackend();
            backend.answer((request, out) -> out.write(RawBackend.ok(says)));
            return backend;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
