package io.daeploy.it;

import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under steady load on /services/steady/..., the main is switched back and forth ten times and a
 * shadow is deployed and killed: no request fails, and every answer comes from a version that was
 * main while the request was in flight. Bounded: 8 clients on loopback for about 15 seconds.
 */
class ShadowReliabilityIT {

    private static final int CLIENTS = 8;
    private static final int ASSIGNS = 10;

    private static ManagerProcess manager;
    private static ManagerClient client;

    /** One request: when it left, when its answer came, what answered. */
    private record Call(long sent, long received, int status, String version, String error) {
    }

    /** From start to end of a PUT ~assign the main switched to version at some instant. */
    private record Switch(long start, long end, String version) {
    }

    @BeforeAll
    static void deployTwoVersions() {
        manager = ManagerProcess.start("reliability", Map.of());
        client = manager.client();
        assertEquals("running", client.deploy("steady", "1.0.0", Map.of(), FixtureApp.zip()).status());
        assertEquals("running", client.deploy("steady", "2.0.0", Map.of(), FixtureApp.zip()).status());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void switchingMainUnderLoadLosesNoRequestAndNeverAnswersFromTheWrongVersion() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI whoami = manager.url().resolve("/services/steady/whoami");
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        List<Switch> switches = new ArrayList<>();
        long loadEnd = System.nanoTime() + Duration.ofSeconds(15).toNanos();

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(pool.submit(() -> {
                while (System.nanoTime() < loadEnd) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> res = http.send(HttpRequest.newBuilder(whoami).timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        String version = res.statusCode() == 200
                                ? Json.mapper().readTree(res.body()).get("version").asText() : res.body();
                        calls.add(new Call(sent, System.nanoTime(), res.statusCode(), version, null));
                    } catch (Exception e) {
                        calls.add(new Call(sent, System.nanoTime(), 0, null, e.toString()));
                    }
                }
                return null;
            }));
        }

        ManagerProcess.sleep(1000);
        for (int i = 0; i < ASSIGNS; i++) {
            String version = i % 2 == 0 ? "2.0.0" : "1.0.0";
            long start = System.nanoTime();
            HttpResponse<String> res = Http.send(HttpRequest.newBuilder(manager.url().resolve("/services/~assign"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"steady\",\"version\":\"" + version + "\"}")));
            switches.add(new Switch(start, System.nanoTime(), version));
            assertEquals(200, res.statusCode(), res.body());
            if (i == 3) {
                assertEquals("running", client.deploy("steady", "3.0.0", Map.of(), FixtureApp.zip()).status());
            }
            if (i == 6) {
                assertEquals(1, client.kill("steady", "3.0.0").size());
            }
            ManagerProcess.sleep(700);
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();

        List<Call> failed = calls.stream().filter(c -> c.status() != 200).toList();
        assertTrue(calls.size() > 1000, "the load ran: " + calls.size() + " calls");
        assertEquals(List.of(), failed, "no request may fail");
        List<Call> wrong = calls.stream().filter(c -> !wasMainDuring(c, switches)).toList();
        assertEquals(List.of(), wrong.stream().limit(5).toList(),
                wrong.size() + " of " + calls.size() + " answers came from a version that was not main while in flight");
        System.out.println("ShadowReliabilityIT: " + calls.size() + " calls, " + switches.size() + " switches, 0 failed");
    }

    /** Could {@code call.version} have been main at some instant between sending and receiving? */
    private static boolean wasMainDuring(Call call, List<Switch> switches) {
        // version v may be main from the start of the switch to v until the end of the next switch
        long from = Long.MIN_VALUE;
        String version = "1.0.0";
        for (int i = 0; i <= switches.size(); i++) {
            long until = i < switches.size() ? switches.get(i).end() : Long.MAX_VALUE;
            if (version.equals(call.version()) && call.sent() <= until && call.received() >= from) {
                return true;
            }
            if (i < switches.size()) {
                from = switches.get(i).start();
                version = switches.get(i).version();
            }
        }
        return false;
    }
}
