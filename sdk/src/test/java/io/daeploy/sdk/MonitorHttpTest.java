package io.daeploy.sdk;

import static io.daeploy.sdk.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitoring store as a service's user sees it: /~monitor, /~monitor/csv and /~monitor/db. */
class MonitorHttpTest {

    @TempDir
    Path dataDir;

    private RunningService service;
    private HttpCalls http;

    @BeforeEach
    void start() {
        service = DaeployService.start(new SensorService(), new ServiceSettings("sensor", "1.0.0", 0, "127.0.0.1", dataDir));
        http = new HttpCalls(service);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void nothingStoredAnswersAnEmptyObjectAndCreatesNoDatabase() {
        assertEquals("{}", http.get("/~monitor").body());
        assertTrue(Files.notExists(dataDir.resolve("monitor.mv.db")));
    }

    @Test
    void storedValuesComeBackByVariableWithUtcTimestamps() {
        Instant before = Instant.now();
        http.post("/record", "{\"variable\": \"temperature\", \"value\": 21.5}");
        http.post("/record", "{\"variable\": \"temperature\", \"value\": 22}");
        http.post("/recordText", "{\"variable\": \"status\", \"text\": \"ok\"}");

        JsonNode all = json(http.get("/~monitor"));

        assertEquals("[21.5,22.0]", all.at("/temperature/value").toString());
        assertEquals("[\"ok\"]", all.at("/status/value").toString());
        String first = all.at("/temperature/timestamp/0").asText();
        assertTrue(first.endsWith("Z"), first);
        assertTrue(!Instant.parse(first).isBefore(before.minusSeconds(1)), first);
    }

    @Test
    void objectsAreStoredAsJson() {
        http.post("/recordReading", "{\"reading\": {\"sensor\": \"s1\", \"celsius\": 20.5}}");

        assertEquals("{\"sensor\":\"s1\",\"celsius\":20.5}", json(http.get("/~monitor")).at("/reading/value/0").toString());
    }

    @Test
    void severalVariablesStoredTogetherShareTheirTimestamp() {
        http.post("/recordPair", "{\"a\": 1, \"b\": 2}");

        JsonNode all = json(http.get("/~monitor"));
        assertEquals(all.at("/a/timestamp/0"), all.at("/b/timestamp/0"));
    }

    @Test
    void variablesFilterAnswersOnlyThoseAsked() {
        http.post("/record", "{\"variable\": \"x\", \"value\": 1}");
        http.post("/record", "{\"variable\": \"y\", \"value\": 2}");
        http.post("/record", "{\"variable\": \"z\", \"value\": 3}");

        JsonNode some = json(http.get("/~monitor?variables=x&variables=z"));

        assertEquals(2, some.size());
        assertTrue(some.has("x") && some.has("z"));
    }

    @Test
    void startAndEndFilterByTimeInclusively() throws InterruptedException {
        http.post("/record", "{\"variable\": \"x\", \"value\": 1}");
        String firstTime = json(http.get("/~monitor")).at("/x/timestamp/0").asText();
        Thread.sleep(20);
        http.post("/record", "{\"variable\": \"x\", \"value\": 2}");

        assertEquals("[1.0]", json(http.get("/~monitor?end=" + firstTime)).at("/x/value").toString());
        assertEquals("[1.0,2.0]", json(http.get("/~monitor?start=" + firstTime)).at("/x/value").toString());
        assertEquals("[]", json(http.get("/~monitor?start=2999-01-01")).at("/x/value").toString());
        assertEquals("[1.0,2.0]", json(http.get("/~monitor?start=2000-01-01T00:00:00")).at("/x/value").toString());
    }

    @Test
    void unknownVariableIs404ListingTheKnownOnes() {
        http.post("/record", "{\"variable\": \"x\", \"value\": 1}");

        HttpResponse<String> response = http.get("/~monitor?variables=nope");

        assertEquals(404, response.statusCode());
        assertEquals("No monitored variable 'nope'. Variables: x", json(response).get("detail").asText());
    }

    @Test
    void unreadableTimeIs422NamingTheFilter() {
        HttpResponse<String> response = http.get("/~monitor?start=yesterday");

        assertEquals(422, response.statusCode());
        JsonNode problem = json(response).at("/detail/0");
        assertEquals("[\"query\",\"start\"]", problem.get("loc").toString());
        assertTrue(problem.get("msg").asText().startsWith("expected an ISO-8601 time"), problem.toString());
    }

    @Test
    void csvIsAZipWithOneFilePerVariable() throws IOException {
        http.post("/record", "{\"variable\": \"temperature\", \"value\": 21.5}");
        http.post("/recordText", "{\"variable\": \"note\", \"text\": \"a, \\\"quoted\\\" text\"}");

        HttpResponse<byte[]> response = download("/~monitor/csv");

        assertEquals(200, response.statusCode());
        assertEquals("application/zip", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("attachment; filename=\"sensor-monitor-csv.zip\"",
                response.headers().firstValue("Content-Disposition").orElseThrow());
        Map<String, String> files = unzip(response.body());
        assertEquals("[note.csv, temperature.csv]", files.keySet().toString());
        String[] temperature = files.get("temperature.csv").split("\n");
        assertEquals("timestamp,value", temperature[0]);
        assertTrue(temperature[1].endsWith("Z,21.5"), temperature[1]);
        assertTrue(files.get("note.csv").contains(",\"a, \"\"quoted\"\" text\"\n"), files.get("note.csv"));
    }

    @Test
    void csvWithNothingStoredIs404() {
        assertEquals(404, http.get("/~monitor/csv").statusCode());
    }

    @Test
    void databaseDownloadIsAZippedH2DatabaseWithTheValues() throws Exception {
        http.post("/record", "{\"variable\": \"temperature\", \"value\": 21.5}");

        HttpResponse<byte[]> response = download("/~monitor/db");

        assertEquals(200, response.statusCode());
        assertEquals("attachment; filename=\"sensor-monitor-db.zip\"",
                response.headers().firstValue("Content-Disposition").orElseThrow());
        Path copy = Files.createDirectory(dataDir.resolve("copy"));
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            ZipEntry entry = zip.getNextEntry();
            assertEquals("monitor.mv.db", entry.getName());
            Files.copy(zip, copy.resolve("monitor.mv.db"));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("monitor"));
             ResultSet result = connection.createStatement().executeQuery(
                     "SELECT VARIABLE, NUMBER_VALUE FROM MONITORED_VALUES")) {
            assertTrue(result.next());
            assertEquals("temperature", result.getString(1));
            assertEquals(21.5, result.getDouble(2));
        }
    }

    @Test
    void monitoredEntrypointStoresEachRequestAndResponse() {
        http.post("/doubled", "{\"values\": [1, 2]}");

        JsonNode all = json(http.get("/~monitor"));
        assertEquals("{\"values\":[1,2]}", all.at("/doubled_request/value/0").toString());
        assertEquals("[2,4]", all.at("/doubled_response/value/0").toString());
        assertEquals(all.at("/doubled_request/timestamp/0"), all.at("/doubled_response/timestamp/0"));
    }

    @Test
    void monitoredGetEntrypointStoresItsQueryArguments() {
        http.get("/add?a=2&b=3");

        JsonNode all = json(http.get("/~monitor"));
        assertEquals("{\"a\":\"2\",\"b\":\"3\"}", all.at("/add_request/value/0").toString());
        assertEquals("5", all.at("/add_response/value/0").toString());
    }

    @Test
    void refusedCallsAreNotStored() {
        assertEquals(403, http.post("/refuse", null).statusCode());
        assertEquals(422, http.post("/doubled", "{}").statusCode());

        assertEquals("{}", http.get("/~monitor").body());
    }

    @Test
    void monitorRoutesAreReadOnly() {
        assertEquals(405, http.post("/~monitor", "{}").statusCode());
    }

    @Test
    void valuesSurviveARestartOfTheService() {
        http.post("/record", "{\"variable\": \"x\", \"value\": 1}");
        service.close();

        service = DaeployService.start(new SensorService(), new ServiceSettings("sensor", "1.0.0", 0, "127.0.0.1", dataDir));
        http = new HttpCalls(service);

        assertEquals("[1.0]", json(http.get("/~monitor")).at("/x/value").toString());
    }

    private HttpResponse<byte[]> download(String path) {
        try {
            return HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
                    HttpRequest.newBuilder(URI.create(service.uri() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> unzip(byte[] zipped) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipped))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                files.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
