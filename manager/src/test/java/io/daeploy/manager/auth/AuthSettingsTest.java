package io.daeploy.manager.auth;

import io.daeploy.manager.ManagerServer;
import io.daeploy.manager.config.ManagerSettings;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How DAEPLOY_AUTH_ENABLED and DAEPLOY_ADMIN_PASSWORD are read, and the manager refusing to open up without them. */
class AuthSettingsTest {

    private static AuthSettings from(Map<String, String> env) {
        return AuthSettings.from(Config.empty(), env);
    }

    @Test
    void offUnlessSaidOtherwise() {
        assertFalse(from(Map.of()).enabled());
        assertFalse(from(Map.of("DAEPLOY_AUTH_ENABLED", "false")).enabled());
        assertFalse(from(Map.of("DAEPLOY_AUTH_ENABLED", " ")).enabled());
    }

    @Test
    void trueInAnyCaseTurnsItOn() {
        for (String on : new String[] {"true", "TRUE", " True "}) {
            AuthSettings settings = from(Map.of("DAEPLOY_AUTH_ENABLED", on, "DAEPLOY_ADMIN_PASSWORD", "secret 123"));
            assertTrue(settings.enabled(), on);
            assertEquals(Optional.of("secret 123"), settings.adminPassword());
        }
    }

    @Test
    void aValueThatIsNeitherTrueNorFalseIsRefusedNotReadAsOff() {
        for (String value : new String[] {"yes", "1", "on", "ture"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> from(Map.of("DAEPLOY_AUTH_ENABLED", value, "DAEPLOY_ADMIN_PASSWORD", "secret 123")));
            assertEquals("DAEPLOY_AUTH_ENABLED must be true or false; got '" + value + "'", e.getMessage());
        }
    }

    @Test
    void authOnNeedsTheAdminPassword() {
        for (Map<String, String> env : java.util.List.of(Map.of("DAEPLOY_AUTH_ENABLED", "true"),
                Map.of("DAEPLOY_AUTH_ENABLED", "true", "DAEPLOY_ADMIN_PASSWORD", ""))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> from(env));
            assertTrue(e.getMessage().startsWith("DAEPLOY_AUTH_ENABLED=true needs DAEPLOY_ADMIN_PASSWORD"), e.getMessage());
        }
    }

    @Test
    void thePasswordNeverShowsInTheSettingsText() {
        String text = from(Map.of("DAEPLOY_AUTH_ENABLED", "true", "DAEPLOY_ADMIN_PASSWORD", "secret 123")).toString();
        assertFalse(text.contains("secret 123"), text);
    }

    @Test
    void theManagerRefusesToListenBeyondLoopbackWithoutAuthentication(@TempDir Path dataDir) {
        ManagerSettings settings = ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_BIND", "0.0.0.0",
                "DAEPLOY_PORT", "0", "DAEPLOY_DATA_DIR", dataDir.toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManagerServer.start(settings, from(Map.of()), Config.empty()).close());
        assertEquals("DAEPLOY_BIND=0.0.0.0 opens the manager to the network: set DAEPLOY_AUTH_ENABLED=true and"
                + " DAEPLOY_ADMIN_PASSWORD too (see docs/security.md)", e.getMessage());
        assertFalse(Files.exists(dataDir.resolve("logs")), "refused before anything started");
    }
}
