package io.daeploy.maven;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfigLocationTest {

    private static final Map<String, String> ENV = Map.of("DAEPLOY_CONFIG", "/etc/daeploy/client.json");

    @Test
    void propertyWinsOverEnvironment() {
        assertEquals(Path.of("/tmp/mine.json"), ConfigLocation.resolve("/tmp/mine.json", ENV::get, "/home/ann"));
    }

    @Test
    void environmentWinsOverHomeDefault() {
        assertEquals(Path.of("/etc/daeploy/client.json"), ConfigLocation.resolve(null, ENV::get, "/home/ann"));
    }

    @Test
    void homeDefault() {
        assertEquals(Path.of("/home/ann/.daeploy/config.json"),
                     ConfigLocation.resolve(" ", Map.<String, String>of()::get, "/home/ann"));
    }
}
