package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /observe/metrics} read by a real Prometheus server (Debian's package, started by the test on loopback): it
 * scrapes the manager, and its HTTP API gives back the count of requests the test sent; {@code promtool check metrics}
 * accepts the exposition.
 */
class MetricsIT {

    private ManagerProcess manager;
    private ManagerClient client;

    @BeforeEach
    void start() {
        PrometheusServer.requireInstalled();
        manager = ManagerProcess.start("metrics", Map.of());
        client = manager.client();
    }

    @AfterEach
    void stop() {
        if (manager != null) { // none when skipped without Prometheus
            manager.close();
        }
    }

    @Test
    void prometheusCountsTheRequestsSentToEachVersion() throws Exception {
        client.deploy("metered", "1.0.0", Map.of(), FixtureApp.zip());
        client.deploy("metered", "2.0.0", Map.of("FIXTURE_HELLO_STATUS", "500"), FixtureApp.zip());
        client.weights("metered", "2.0.0", 25, false);
        for (int i = 0; i < 40; i++) {
            Http.postJson(manager.url().resolve("/services/metered/hello"), "{\"name\":\"Bob\"}");
        }

        try (PrometheusServer prometheus = PrometheusServer.scraping(manager.url().getHost() + ":" + manager.url().getPort(),
                "/observe/metrics")) {
            String main = "daeploy_requests_total{service=\"metered\",version=\"1.0.0\",role=\"main\",code=\"200\"}";
            String canary = "daeploy_requests_total{service=\"metered\",version=\"2.0.0\",role=\"canary\",code=\"500\"}";
            assertEquals(30.0, await(prometheus, main), prometheus.targetHealth());
            assertEquals(10.0, await(prometheus, canary), "25 % of 40, each a 500");
            assertEquals(40.0, await(prometheus, "sum(daeploy_request_duration_seconds_count{service=\"metered\",role!=\"shadow\"})"));
            assertEquals(25.0, await(prometheus, "daeploy_rollout_weight{service=\"metered\",version=\"2.0.0\"}"));
            assertEquals(2.0, await(prometheus, "daeploy_versions{status=\"running\"}"));
            assertTrue(await(prometheus, "sum(daeploy_shadow_copies_total{service=\"metered\",version=\"2.0.0\"})") > 0,
                    "the canary gets copies of what the main answered");
            assertTrue(await(prometheus, "sum(jvm_memory_used_bytes{area=\"heap\"})") > 0,
                    "the manager's own JVM");
        }
    }

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        client.deploy("metered", "1.0.0", Map.of(), FixtureApp.zip());
        Http.postJson(manager.url().resolve("/services/metered/hello"), "{\"name\":\"Bob\"}");
        HttpResponse<String> metrics = Http.get(manager.url().resolve("/observe/metrics"));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(metrics.body().contains("daeploy_request_duration_seconds_bucket{") && metrics.body().contains("le=\"0.005\"")
                && metrics.body().contains("le=\"10.0\""), "the histogram has its buckets from 5 ms to 10 s");

        Path exposition = TestPaths.newWorkDir("promtool").resolve("metrics.txt");
        Files.writeString(exposition, metrics.body());
        Process promtool = new ProcessBuilder(PrometheusServer.PROMTOOL.toString(), "check", "metrics")
                .redirectInput(exposition.toFile()).redirectErrorStream(true).start();
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, promtool.exitValue(), "promtool check metrics: " + said);
    }

    /** The query's value once Prometheus has it (it scrapes every second). */
    private static double await(PrometheusServer prometheus, String promql) {
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        OptionalDouble last = OptionalDouble.empty();
        while (Instant.now().isBefore(end)) {
            last = prometheus.query(promql);
            if (last.isPresent()) {
                return last.getAsDouble();
            }
            ManagerProcess.sleep(250);
        }
        throw new AssertionError("Prometheus has no value for " + promql + "; targets: " + prometheus.targetHealth());
    }
}
