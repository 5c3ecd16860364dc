package io.daeploy.examples.yatzee;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.daeploy.sdk.Daeploy;
import io.daeploy.sdk.ManagerConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wiring {@code main} uses, against a stand-in manager in this JVM: the dice come from die_roller's
 * {@code roll} through the gateway, and a yatzee is posted to {@code /notifications/}.
 */
class YatzeeWithStandInManagerTest {

    private final AtomicInteger rolls = new AtomicInteger();
    private final List<String> notifications = new CopyOnWriteArrayList<>();
    private HttpServer manager;
    private ManagerConnection previous;

    @BeforeEach
    void startStandInManager() throws IOException {
        manager = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        manager.createContext("/services/die_roller/roll", exchange -> {
            rolls.incrementAndGet();
            answer(exchange, 200, "3"); // a loaded die, so every game is a yatzee
        });
        manager.createContext("/notifications/", exchange -> {
            notifications.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, 201, "{}");
        });
        manager.start();
        URI url = URI.create("http://127.0.0.1:" + manager.getAddress().getPort());
        previous = Daeploy.useConnection(ManagerConnection.to(url));
    }

    @AfterEach
    void stopStandInManager() {
        Daeploy.useConnection(previous);
        manager.stop(0);
    }

    @Test
    void aGameCallsDieRollerFiveTimesAndPostsTheYatzee() {
        Yatzee game = new Yatzee(new DieRollerDie());

        assertEquals(List.of(3, 3, 3, 3, 3), game.play());
        assertEquals(5, rolls.get());
        assertEquals(1, notifications.size());
        assertTrue(notifications.get(0).contains("\"message\":\"YATZEE!!!\""), notifications.get(0));
        assertTrue(notifications.get(0).contains("\"severity\":\"INFO\""), notifications.get(0));
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
