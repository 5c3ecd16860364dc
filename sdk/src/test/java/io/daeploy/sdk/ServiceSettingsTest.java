package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

    @Test
    void defaultsWhenRunByHand() {
        ServiceSettings settings = ServiceSettings.fromEnvironment(Map.of(), GreetingService.class);

        assertEquals(new ServiceSettings("greetingservice", "0.0.0", 8000, "0.0.0.0"), settings);
    }

    @Test
    void environmentFromTheManagerWins() {
        Map<String, String> env = Map.of("PORT", "41000", "DAEPLOY_SERVICE_NAME", "hello",
                "DAEPLOY_SERVICE_VERSION", "1.0.0", "DAEPLOY_SERVICE_BIND", "127.0.0.1");

        ServiceSettings settings = ServiceSettings.fromEnvironment(env, GreetingService.class);

        assertEquals(new ServiceSettings("hello", "1.0.0", 41000, "127.0.0.1"), settings);
    }

    @Test
    void blankValuesCountAsUnset() {
        ServiceSettings settings = ServiceSettings.fromEnvironment(Map.of("DAEPLOY_SERVICE_NAME", " "), GreetingService.class);

        assertEquals("greetingservice", settings.name());
    }

    @Test
    void portThatIsNoNumberIsRefusedNamingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceSettings.fromEnvironment(Map.of("PORT", "eighty"), GreetingService.class));

        assertTrue(e.getMessage().contains("PORT") && e.getMessage().contains("eighty"), e.getMessage());
    }

    @Test
    void dataDirComesFromTheEnvironmentElseServiceData() {
        assertEquals(Path.of("service-data"), ServiceSettings.fromEnvironment(Map.of(), GreetingService.class).dataDir());
        assertEquals(Path.of("/var/lib/hello"), ServiceSettings.fromEnvironment(
                Map.of("DAEPLOY_SERVICE_DATA_DIR", "/var/lib/hello"), GreetingService.class).dataDir());
    }
}
