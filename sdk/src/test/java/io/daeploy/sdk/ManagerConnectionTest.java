package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ManagerConnectionTest {

    @Test
    void outsideAManagerThereIsNoUrl() {
        ManagerConnection connection = ManagerConnection.fromEnvironment(Map.of());

        assertEquals(new ManagerConnection(Optional.empty(), Optional.empty(), Duration.ofSeconds(30), "unknown", "0.0.0"),
                connection);
    }

    @Test
    void environmentFromTheManager() {
        ManagerConnection connection = ManagerConnection.fromEnvironment(Map.of(
                "DAEPLOY_MANAGER_URL", "http://127.0.0.1:8080/",
                "DAEPLOY_SERVICE_TOKEN", "s3cret",
                "DAEPLOY_CALL_TIMEOUT_SECONDS", "2.5",
                "DAEPLOY_SERVICE_NAME", "yatzee",
                "DAEPLOY_SERVICE_VERSION", "1.0.0"));

        assertEquals(new ManagerConnection(Optional.of(URI.create("http://127.0.0.1:8080")), Optional.of("s3cret"),
                Duration.ofMillis(2500), "yatzee", "1.0.0"), connection);
    }

    @Test
    void identityCanComeFromTheServiceSettings() {
        ManagerConnection connection = ManagerConnection.fromEnvironment(Map.of(),
                ServiceSettings.fromEnvironment(Map.of(), GreetingService.class));

        assertEquals("greetingservice", connection.serviceName());
    }

    @Test
    void timeoutThatIsNoPositiveNumberIsRefusedNamingTheVariable() {
        for (String bad : new String[] {"soon", "0", "-3", "0.0001"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ManagerConnection.fromEnvironment(Map.of("DAEPLOY_CALL_TIMEOUT_SECONDS", bad)));

            assertTrue(e.getMessage().contains("DAEPLOY_CALL_TIMEOUT_SECONDS") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void urlThatIsNoHttpUrlIsRefusedNamingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManagerConnection.fromEnvironment(Map.of("DAEPLOY_MANAGER_URL", "localhost:8080")));

        assertTrue(e.getMessage().startsWith("DAEPLOY_MANAGER_URL must be an http or https URL"), e.getMessage());
    }
}
