package io.daeploy.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A second manager on a data directory that one already uses stops with one line and leaves the directory alone. */
class SecondManagerIT {

    @Test
    void aSecondManagerOnTheSameDataDirectoryNamesTheFirstAndChangesNothing() throws Exception {
        // without class data: the first manager's own background work would change the folder while the test looks
        try (ManagerProcess first = ManagerProcess.start("second", Map.of("DAEPLOY_SERVICE_CLASS_CACHE", "off"))) {
            assertEquals("running", first.client().deploy("holder", "1.0.0", Map.of(), FixtureApp.zip()).status());
            Map<String, String> before = files(first.dataDir());

            ProcessBuilder builder = new ProcessBuilder(ManagerProcess.javaBinary(), "-jar", TestPaths.managerJar().toString())
                    .redirectErrorStream(true);
            builder.environment().put("DAEPLOY_DATA_DIR", first.dataDir().toString());
            builder.environment().put("DAEPLOY_PORT", Integer.toString(ManagerProcess.freePort()));
            Process second = builder.start();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second manager stops by itself");
            String output = new String(second.getInputStream().readAllBytes()).strip();

            assertNotEquals(0, second.exitValue(), output);
            assertEquals(1, output.lines().count(), "one line, no stack trace:\n" + output);
            assertEquals("Daeploy manager cannot start: another manager (pid " + first.pid() + ", port " + first.port()
                    + ") holds the data directory " + first.dataDir() + ": stop it first, or give this one another"
                    + " DAEPLOY_DATA_DIR", output);
            assertEquals(before, files(first.dataDir()), "nothing in the data directory changed");
            assertEquals(200, Http.postJson(first.url().resolve("/services/holder/hello"), "{\"name\":\"x\"}").statusCode(),
                    "the first manager serves on");
        }
    }

    /**
     * Every file under {@code dir} with its size and time of change, but the database's, which H2 writes when it likes,
     * and the first manager's uploads in {@code tmp/}, which it deletes once a deploy is done (maybe while we look).
     */
    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path file : all.filter(Files::isRegularFile).filter(f -> !dir.relativize(f).startsWith("tmp")).toList()) {
                String name = dir.relativize(file).toString();
                files.put(name, name.endsWith(".mv.db") ? "database"
                        : Files.size(file) + " bytes, " + Files.getLastModifiedTime(file));
            }
        }
        return files;
    }
}
