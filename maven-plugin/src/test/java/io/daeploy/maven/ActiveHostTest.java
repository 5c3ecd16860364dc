package io.daeploy.maven;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActiveHostTest {

    private static final ClientState WITH_ACTIVE = ClientState.empty().withActiveHost("https://manager.example.com");

    @Test
    void explicitHostWinsOverTheStateFile() {
        assertEquals("http://10.0.0.5:9000", ActiveHost.resolve("http://10.0.0.5:9000/", WITH_ACTIVE));
    }

    @Test
    void stateFileWinsOverTheDefault() {
        assertEquals("https://manager.example.com", ActiveHost.resolve(null, WITH_ACTIVE));
        assertEquals("https://manager.example.com", ActiveHost.resolve("  ", WITH_ACTIVE));
    }

    @Test
    void laptopDefaultWhenNothingIsSet() {
        assertEquals("http://127.0.0.1:8080", ActiveHost.resolve(null, ClientState.empty()));
    }

    @Test
    void trailingSlashesAreStripped() {
        assertEquals("http://localhost:8080", ActiveHost.normalize(" http://localhost:8080// "));
        assertEquals("https://x.example/daeploy", ActiveHost.normalize("https://x.example/daeploy/"));
    }

    @Test
    void urlWithoutSchemeIsRefusedWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActiveHost.resolve("localhost:8080", ClientState.empty()));
        assertTrue(e.getMessage().contains("http:// or https://"), e.getMessage());
        assertTrue(e.getMessage().contains("-Ddaeploy.host="), e.getMessage());
    }

    @Test
    void urlWithoutHostIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ActiveHost.normalize("http://"));
        assertThrows(IllegalArgumentException.class, () -> ActiveHost.normalize("http://bad host"));
    }
}
