package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two services in one JVM (as in a test with two harnesses): what each stores lands in its own monitoring store,
 * because Daeploy.store picks the store of the service whose entrypoint or job the thread runs.
 */
class TwoServicesInOneJvmTest {

    @TempDir
    Path dataDirA;

    @TempDir
    Path dataDirB;

    private RunningService first;
    private RunningService second;

    @BeforeEach
    void start() {
        first = DaeployService.start(new SensorService(), new ServiceSettings("sensor_a", "1.0.0", 0, "127.0.0.1", dataDirA));
        second = DaeployService.start(new SensorService(), new ServiceSettings("sensor_b", "1.0.0", 0, "127.0.0.1", dataDirB));
    }

    @AfterEach
    void stop() {
        second.close();
        first.close();
    }

    @Test
    void eachServiceKeepsWhatItsOwnEntrypointsStored() {
        HttpCalls a = new HttpCalls(first);
        HttpCalls b = new HttpCalls(second);
        // Interleaved, so neither "the first started" nor "the last started" can be right for both.
        a.post("/record", "{\"variable\": \"temperature\", \"value\": 1}");
        b.post("/record", "{\"variable\": \"temperature\", \"value\": 2}");
        a.post("/record", "{\"variable\": \"temperature\", \"value\": 3}");
        b.post("/recordText", "{\"variable\": \"status\", \"text\": \"b only\"}");
        a.post("/doubled", "{\"values\": [5]}");

        JsonNode ofA = HttpCalls.json(a.get("/~monitor"));
        JsonNode ofB = HttpCalls.json(b.get("/~monitor"));

        assertEquals("[1.0,3.0]", ofA.at("/temperature/value").toString(), ofA.toString());
        assertEquals("[2.0]", ofB.at("/temperature/value").toString(), ofB.toString());
        assertTrue(ofA.path("status").isMissingNode(), "b's variable is not in a's store: " + ofA);
        assertTrue(ofA.has("doubled_response"), "a's monitored entrypoint is in a's store: " + ofA);
        assertTrue(ofB.path("doubled_response").isMissingNode(), "nor a's entrypoint in b's: " + ofB);
    }

    @Test
    void aThreadOfNoServiceStoresInTheLastStarted() {
        assertTrue(Daeploy.store("outside", 7));
        assertTrue(second.flushMonitoring(Duration.ofSeconds(10)));

        assertEquals("[7.0]", HttpCalls.json(new HttpCalls(second).get("/~monitor")).at("/outside/value").toString(), "numbers are stored as doubles");
        assertEquals("{}", new HttpCalls(first).get("/~monitor").body());
    }
}
