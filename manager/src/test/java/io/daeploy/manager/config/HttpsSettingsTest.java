package io.daeploy.manager.config;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpsSettingsTest {

    private static HttpsSettings from(Map<String, String> env) {
        return HttpsSettings.from(Config.empty(), env);
    }

    @Test
    void offByDefaultAndLetsEncryptUnlessTold() {
        HttpsSettings none = from(Map.of());
        assertFalse(none.enabled());
        assertEquals(HttpsSettings.LETS_ENCRYPT, none.acmeDirectory());
        HttpsSettings acme = from(Map.of("DAEPLOY_HTTPS", "true", "DAEPLOY_HOST_NAME", "deploy.example.com"));
        assertTrue(acme.acme());
        assertEquals(443, acme.httpsPort());
    }

    @Test
    void eachMistakeIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> from(Map.of("DAEPLOY_HTTPS", "true"))).getMessage()
                .contains("set DAEPLOY_HOST_NAME to the manager's public DNS name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> from(Map.of("DAEPLOY_HTTPS", "yes"))).getMessage()
                .contains("DAEPLOY_HTTPS must be true or false"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> from(Map.of("DAEPLOY_TLS_CERT", "/tmp/c.pem")))
                .getMessage().contains("DAEPLOY_TLS_KEY is missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> from(Map.of("DAEPLOY_TLS_CERT", "/nowhere/c.pem",
                "DAEPLOY_TLS_KEY", "/nowhere/k.pem"))).getMessage().contains("Setting DAEPLOY_TLS_CERT names /nowhere/c.pem, which cannot be read"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> from(Map.of("DAEPLOY_HTTPS", "true", "DAEPLOY_HOST_NAME",
                "deploy.example.com", "DAEPLOY_ACME_DIRECTORY", "http://ca.example.com/dir"))).getMessage()
                .contains("DAEPLOY_ACME_DIRECTORY must be an https:// URL"));
    }
}
