package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Class data of the process runtime, as the service's own JVM shows it: after a version's first start the manager makes
 * the shared archive of the libraries and the version's own cache in the background; a restarted JVM maps the version's
 * cache (its /proc/pid/maps names the file), a version deployed later maps the shared archive, and a corrupt cache still
 * lets the version start.
 */
class ClassDataCacheIT {

    private static final Duration MADE_WITHIN = Duration.ofMinutes(4);
    private static ManagerProcess manager;
    private static ManagerClient client;
    private static Path data;

    @BeforeAll
    static void deploy() {
        manager = ManagerProcess.start("class-data", Map.of());
        client = manager.client();
        data = manager.dataDir();
        ServiceVersion deployed = client.deploy("cached", "1.0.0", Map.of(), FixtureApp.zip());
        assertEquals("running", deployed.status(), deployed.reason());
    }

    @AfterAll
    static void stop() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void restartsMapTheVersionsCacheLaterVersionsTheSharedArchiveAndACorruptCacheStillStarts() throws Exception {
        Path cache = await(() -> newest(data.resolve("services/cached/1.0.0/app/class-data"), ".aot", ".jsa"),
                "the version's class data cache");
        Path shared = await(() -> newest(data.resolve("class-data/archives"), ".jsa"), "the shared archive");

        long first = pid("cached_1.0.0");
        ProcessHandle.of(first).ifPresent(p -> {
            p.destroyForcibly(); // the supervisor starts it again
            p.onExit().join();
        });
        long restarted = awaitAnswering("cached_1.0.0", first);
        assertTrue(maps(restarted).contains(cache.toString()),
                "the restarted JVM maps " + cache + "; its command line: " + cmdline(restarted));

        ServiceVersion later = client.deploy("cached", "1.0.1", Map.of(), FixtureApp.zip());
        assertEquals("running", later.status(), later.reason());
        long laterPid = pid("cached_1.0.1");
        assertTrue(maps(laterPid).contains(shared.toString()),
                "a version deployed after the shared archive was made maps it; its command line: " + cmdline(laterPid));

        corrupt(cache);
        ProcessHandle.of(restarted).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        long afterCorruption = awaitAnswering("cached_1.0.0", restarted);
        assertFalse(maps(afterCorruption).contains(cache.toString()), "a corrupt cache is not mapped");
        JsonNode inspection = client.inspection("cached", "1.0.0");
        assertEquals("running", inspection.get("status").asText(), inspection.toString());
    }

    private static void corrupt(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            raf.write(new byte[4096]);
            raf.seek(4096 * 100);
            raf.write(new byte[4096]);
        }
    }

    private static long pid(String qualifiedName) throws IOException {
        HttpResponse<String> res = Http.get(manager.url().resolve("/services/" + qualifiedName + "/whoami"));
        assertEquals(200, res.statusCode(), res.body());
        return Json.mapper().readTree(res.body()).get("pid").asLong();
    }

    /** Waits until the version answers from another JVM than {@code before}, and returns its pid. */
    private static long awaitAnswering(String qualifiedName, long before) throws IOException {
        Instant end = Instant.now().plus(Duration.ofSeconds(90));
        String last = "";
        while (Instant.now().isBefore(end)) {
            HttpResponse<String> res = Http.get(manager.url().resolve("/services/" + qualifiedName + "/whoami"));
            if (res.statusCode() == 200) {
                long now = Json.mapper().readTree(res.body()).get("pid").asLong();
                if (now != before) {
                    return now;
                }
            }
            last = res.statusCode() + " " + res.body();
            ManagerProcess.sleep(200);
        }
        fail(qualifiedName + " did not answer again; last answer " + last + "\n" + manager.output());
        return -1;
    }

    private static String maps(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/maps"));
    }

    private static String cmdline(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
    }

    private static Optional<Path> newest(Path dir, String... extensions) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Stream.of(extensions).anyMatch(e -> f.getFileName().toString().endsWith(e)))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path await(java.util.function.Supplier<Optional<Path>> file, String what) {
        Instant end = Instant.now().plus(MADE_WITHIN);
        while (Instant.now().isBefore(end)) {
            Optional<Path> found = file.get();
            if (found.isPresent()) {
                return found.get();
            }
            ManagerProcess.sleep(500);
        }
        fail(what + " was not made within " + MADE_WITHIN + "\n" + manager.output());
        return null;
    }
}
