package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A deployed service tries to read the manager's database and its other files, to list the data directory, to read
 * another service's folder and to signal the manager and that service: all refused, while it still writes to its own
 * {@code service-data/}. The manager runs as root here (CI does): each service runs as a user of its own.
 */
class ServiceIsolationIT {

    private static ManagerProcess manager;
    private static ManagerClient client;
    private static Path data;

    @BeforeAll
    static void deploy() throws IOException {
        assumeTrue(uid() == 0, "skipped: the manager isolates services by users of their own only when it runs as root;"
                + " CI runs as root");
        // a password in the manager's environment (no SMTP host: it is only read, never used)
        manager = ManagerProcess.start("isolation", Map.of("DAEPLOY_SMTP_PASSWORD", "manager-secret"));
        client = manager.client();
        data = manager.dataDir();
        for (String name : List.of("neighbour", "intruder")) {
            ServiceVersion deployed = client.deploy(name, "1.0.0", Map.of(), FixtureApp.zip());
            assertEquals("running", deployed.status(), deployed.reason());
        }
    }

    @AfterAll
    static void stop() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void aServiceReachesItsOwnFolderAndNothingElseOfTheManagers() throws Exception {
        Path neighbour = data.resolve("services/neighbour/1.0.0");
        Path own = data.resolve("services/intruder/1.0.0");
        long neighbourPid = Json.mapper().readTree(Http.get(manager.url().resolve("/services/neighbour/whoami")).body())
                .get("pid").asLong();
        List<String> forbidden = List.of(
                data.resolve("db/daeploy.mv.db").toString(),                // users, password hashes, the signing secret
                data.resolve("logs/manager.0.log").toString(),
                data.resolve("manager.lock").toString(),
                neighbour.resolve("app/application.jar").toString(),
                neighbour.resolve("logs/service.log").toString());
        List<String> unlisted = List.of(data.toString(), data.resolve("services").toString(), data.resolve("db").toString(),
                data.resolve("tmp").toString(), data.resolve("services/neighbour").toString(), neighbour.toString(),
                neighbour.resolve("app").toString());
        List<Long> signalled = List.of(manager.pid(), neighbourPid);

        ObjectNode body = Json.mapper().createObjectNode();
        body.putPOJO("read", concat(forbidden, List.of(own.resolve("app/application.jar").toString(),
                own.resolve("logs/service.log").toString())));
        body.putPOJO("list", unlisted);
        body.putPOJO("signal", signalled);
        body.put("write", "probe.txt");
        HttpResponse<String> res = Http.postJson(manager.url().resolve("/services/intruder/trespass"), body.toString());
        assertEquals(200, res.statusCode(), res.body());
        JsonNode report = Json.mapper().readTree(res.body());

        Map<String, String> allowed = new LinkedHashMap<>();
        for (String file : forbidden) {
            assertRefused(report, "read " + file);
        }
        for (String dir : unlisted) {
            assertRefused(report, "list " + dir);
        }
        for (long pid : signalled) {
            assertRefused(report, "signal " + pid);
        }
        allowed.put("read " + own.resolve("app/application.jar"), "its own application");
        allowed.put("read " + own.resolve("logs/service.log"), "its own output");
        allowed.put("write probe.txt", "its own service-data");
        allowed.forEach((key, what) -> assertTrue(report.get(key).asText().startsWith("ok: "), what + ": " + report));
        assertEquals("ok: mine", report.get("write probe.txt").asText());
        assertEquals("daeploy-intruder", report.get("user").asText(), report.toString());
        assertEquals(Long.toString(manager.pid()), report.get("parent").asText(), "the manager it tried to signal is its parent");

        Path written = own.resolve("app/service-data/probe.txt");
        assertEquals("mine", Files.readString(written));
        assertEquals("daeploy-intruder", Files.getOwner(written, LinkOption.NOFOLLOW_LINKS).getName());
        assertEquals("rwx------", mode(data.resolve("db")));
        assertEquals("rw-------", mode(data.resolve("db/daeploy.mv.db")));
        assertEquals("rwx--x--x", mode(data), "passable, not listable");
    }

    @Test
    void aServiceGetsNoneOfTheManagersOwnSettings() throws Exception {
        JsonNode who = Json.mapper().readTree(Http.get(manager.url().resolve("/services/neighbour/whoami")).body());
        String environment = Files.readString(Path.of("/proc", who.get("pid").asText(), "environ")).replace('\0', '\n');
        assertTrue(environment.contains("DAEPLOY_SERVICE_NAME=neighbour"), "its own settings: " + environment);
        assertTrue(!environment.contains("manager-secret") && !environment.contains("DAEPLOY_SMTP_PASSWORD"),
                "the manager's password stays the manager's: " + environment);
    }

    @Test
    void theManagerStillReadsTheLogsAndKillsAndDeletesTheServicesItRunsAsOtherUsers() throws Exception {
        ServiceVersion deployed = client.deploy("doomed", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
        Http.postJson(manager.url().resolve("/services/doomed/log"), "{\"message\":\"still heard\"}");
        HttpResponse<String> logs = Http.get(manager.url().resolve("/services/~logs?name=doomed&tail=all"));
        assertEquals(200, logs.statusCode(), logs.body());
        assertTrue(logs.body().contains("still heard"), logs.body());

        long pid = Json.mapper().readTree(Http.get(manager.url().resolve("/services/doomed/whoami")).body()).get("pid").asLong();
        assertEquals("daeploy-doomed", ProcessHandle.of(pid).flatMap(p -> p.info().user()).orElse(""));
        client.kill("doomed", "1.0.0");
        Path folder = data.resolve("services/doomed/1.0.0");
        java.time.Instant end = java.time.Instant.now().plusSeconds(20);
        while ((ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) || Files.exists(folder))
                && java.time.Instant.now().isBefore(end)) {
            ManagerProcess.sleep(100);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "killed");
        assertFalse(Files.exists(folder), "its folder is gone");
    }

    private static void assertRefused(JsonNode report, String key) {
        JsonNode outcome = report.get(key);
        assertTrue(outcome != null && outcome.asText().startsWith("refused: "), key + " must be refused: " + report);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
