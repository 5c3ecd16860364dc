package io.daeploy.examples.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.daeploy.sdk.testing.DaeployTestService;
import io.daeploy.sdk.testing.TestResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The periodic job and the monitoring store, read back over HTTP as an operator would. */
class GreenhouseServiceTest {

    private final AtomicReference<Double> celsius = new AtomicReference<>(21.0);

    @RegisterExtension
    DaeployTestService greenhouse = DaeployTestService.of(new GreenhouseService(
            () -> new GreenhouseService.Reading(Instant.now(), celsius.get(), 55.0)));

    @Test
    void theJobReadsTheSensorAtStartAndEverySecond() throws InterruptedException {
        awaitValues("celsius", 2);

        JsonNode stored = greenhouse.monitored("celsius");
        assertEquals(21.0, stored.at("/value/0").asDouble());
        Instant first = Instant.parse(stored.at("/timestamp/0").asText());
        Instant second = Instant.parse(stored.at("/timestamp/1").asText());
        assertTrue(second.isAfter(first), first + " then " + second); // the spacing is PeriodicJobTest's concern
        assertEquals(55.0, greenhouse.monitored("humidity").at("/value/0").asDouble());
    }

    @Test
    void latestReadingIsServed() throws InterruptedException {
        awaitValues("celsius", 1); // the job's first run, which starts with the service

        TestResponse latest = greenhouse.get("/latest");
        assertEquals(200, latest.status(), latest.body());
        assertEquals(21.0, latest.json().path("celsius").asDouble(), latest.body());
        assertEquals(55.0, latest.json().path("humidity").asDouble(), latest.body());
    }

    @Test
    void warmGreenhouseIsVentilated() throws InterruptedException {
        celsius.set(30.0);

        awaitValues("ventilation", 1);

        assertEquals("open", greenhouse.monitored("ventilation").at("/value/0").asText());
    }

    @Test
    void thresholdIsAMonitoredParameter() {
        greenhouse.setParameter("ventilateAbove", 25.0);

        assertEquals("[28.0,25.0]", greenhouse.monitored("ventilateAbove").get("value").toString());
    }

    @Test
    void manualVentilationIsStoredWithItsRequestAndAnswer() {
        greenhouse.post("ventilate", Map.of("open", true));

        assertEquals("{\"open\":true}", greenhouse.monitored("ventilate_request").at("/value/0").toString());
        assertEquals("\"open\"", greenhouse.monitored("ventilate_response").at("/value/0").toString());
    }

    @Test
    void csvDownloadHasOneFilePerVariable() throws Exception {
        awaitValues("celsius", 1);

        TestResponse csv = greenhouse.get("/~monitor/csv");

        assertEquals(200, csv.status(), csv.body());
        assertEquals("application/zip", csv.header("Content-Type").orElseThrow());
        Map<String, String> files = unzip(csv.bytes());
        Set<String> variables = new TreeSet<>();
        greenhouse.get("/~monitor").json().fieldNames().forEachRemaining(variables::add);
        assertTrue(variables.containsAll(Set.of("celsius", "humidity", "ventilateAbove")), variables.toString());
        assertEquals(variables.stream().map(v -> v + ".csv").collect(Collectors.toCollection(TreeSet::new)),
                     new TreeSet<>(files.keySet()));
        String[] celsiusRows = files.get("celsius.csv").split("\n");
        assertEquals("timestamp,value", celsiusRows[0]);
        assertTrue(celsiusRows[1].endsWith("Z,21.0"), celsiusRows[1]);
        assertTrue(files.get("ventilateAbove.csv").split("\n")[1].endsWith("Z,28.0"), files.get("ventilateAbove.csv"));
    }

    /** File name to text, for every file of the zip. */
    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private void awaitValues(String variable, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            TestResponse response = greenhouse.get("/~monitor", Map.of("variables", variable));
            if (response.status() == 200 && response.json().at("/" + variable + "/value").size() >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(count + " value(s) of " + variable + " not stored within 10 s");
    }
}
