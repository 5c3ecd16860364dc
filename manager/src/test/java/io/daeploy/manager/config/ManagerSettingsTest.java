package io.daeploy.manager.config;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManagerSettingsTest {

    @Test
    void laptopDefaults() {
        ManagerSettings settings = ManagerSettings.from(Config.empty(), Map.of());
        assertEquals(8080, settings.port());
        assertEquals("127.0.0.1", settings.bind());
        assertEquals("process", settings.runtime());
        assertEquals(DataDirectoryDefault.choose("process"), settings.dataDir());
        assertEquals(200L * 1024 * 1024, settings.maxUploadBytes());
    }

    @Test
    void aRootManagerOnTheProcessRuntimeKeepsItsDataWhereItsServicesUsersCanPass(@org.junit.jupiter.api.io.TempDir Path home)
            throws java.io.IOException {
        Path inHome = home.resolve(".daeploy").resolve("manager");
        assertEquals(inHome, DataDirectoryDefault.choose("process", home, false), "a user's manager");
        assertEquals(inHome, DataDirectoryDefault.choose("docker", home, true), "containers need no passable folders");
        assertEquals(Path.of("/var/lib/daeploy"), DataDirectoryDefault.choose("process", home, true));
        java.nio.file.Files.createDirectories(inHome);
        assertEquals(inHome, DataDirectoryDefault.choose("process", home, true), "an installation keeps its data");
    }

    @Test
    void environmentWins() {
        ManagerSettings settings = ManagerSettings.from(Config.empty(), Map.of(
                "DAEPLOY_PORT", "9090", "DAEPLOY_BIND", "0.0.0.0", "DAEPLOY_DATA_DIR", "/tmp/d",
                "DAEPLOY_MAX_UPLOAD_MB", "5", "DAEPLOY_GATEWAY_READ_TIMEOUT_SECONDS", "3"));
        assertEquals(9090, settings.port());
        assertEquals("0.0.0.0", settings.bind());
        assertEquals(Path.of("/tmp/d"), settings.dataDir());
        assertEquals(5L * 1024 * 1024, settings.maxUploadBytes());
        assertEquals(Duration.ofSeconds(3), settings.gateway().readTimeout());
    }

    @Test
    void theStoreIsH2UnlessAPostgresqlUrlIsGivenAndOtherDatabasesAreRefused() {
        assertTrue(ManagerSettings.from(Config.empty(), Map.of()).database().url().isEmpty(), "H2 in the data directory");
        DatabaseSettings postgresql = ManagerSettings.from(Config.empty(), Map.of(
                "DAEPLOY_DATABASE_URL", "jdbc:postgresql://db:5432/daeploy", "DAEPLOY_DATABASE_USER", "daeploy",
                "DAEPLOY_DATABASE_PASSWORD", "s3cret")).database();
        assertEquals(new DatabaseSettings(java.util.Optional.of("jdbc:postgresql://db:5432/daeploy"), "daeploy", "s3cret"), postgresql);
        assertFalse(postgresql.toString().contains("s3cret"), postgresql.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ManagerSettings.from(Config.empty(),
                Map.of("DAEPLOY_DATABASE_URL", "jdbc:h2:file:/tmp/other;PASSWORD=s3cret")));
        assertTrue(e.getMessage().startsWith("Setting DAEPLOY_DATABASE_URL must name a PostgreSQL database"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void classDataCachesAreOnUnlessTurnedOffAndNothingElseIsAccepted() {
        assertEquals("on", ManagerSettings.from(Config.empty(), Map.of()).serviceClassCache());
        assertEquals("off", ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_SERVICE_CLASS_CACHE", "off")).serviceClassCache());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_SERVICE_CLASS_CACHE", "maybe")));
        assertTrue(e.getMessage().contains("DAEPLOY_SERVICE_CLASS_CACHE"), e.getMessage());
    }

    @Test
    void aBadNumberNamesTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_PORT", "eighty")));
        assertTrue(e.getMessage().contains("DAEPLOY_PORT"), e.getMessage());
    }

    @Test
    void aNegativeReadTimeOutIsRefusedAndZeroMeansNoLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_GATEWAY_READ_TIMEOUT_SECONDS", "-1")));
        assertTrue(e.getMessage().contains("DAEPLOY_GATEWAY_READ_TIMEOUT_SECONDS"), e.getMessage());
        assertEquals(Duration.ZERO, ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_GATEWAY_READ_TIMEOUT_SECONDS", "0"))
                .gateway().readTimeout());
    }

    @Test
    void shadowsRunAtNice19UnlessSetFrom0To19() {
        assertEquals(19, ManagerSettings.from(Config.empty(), Map.of()).shadowNice());
        assertEquals(0, ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_SHADOW_NICE", "0")).shadowNice());
        for (String bad : new String[]{"20", "-1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ManagerSettings.from(Config.empty(), Map.of("DAEPLOY_SHADOW_NICE", bad)));
            assertTrue(e.getMessage().contains("DAEPLOY_SHADOW_NICE") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void corsIsOffUnlessOriginsAreListed() {
        assertFalse(ManagerSettings.from(Config.empty(), Map.of()).cors().enabled());
        ManagerSettings settings = ManagerSettings.from(Config.empty(), Map.of(
                "DAEPLOY_CORS_ALLOWED_ORIGINS", "https://app.example.com,http://localhost:3000",
                "DAEPLOY_CORS_ALLOW_CREDENTIALS", "true"));
        assertEquals(Set.of("https://app.example.com", "http://localhost:3000"), settings.cors().origins());
        assertTrue(settings.cors().allowCredentials());
    }

    @Test
    void aMalformedCorsOriginOrCredentialsValueStopsTheStartNamingTheVariable() {
        IllegalArgumentException origin = assertThrows(IllegalArgumentException.class, () -> ManagerSettings.from(Config.empty(),
                Map.of("DAEPLOY_CORS_ALLOWED_ORIGINS", "https://app.example.com,app.example.com/")));
        assertTrue(origin.getMessage().contains("DAEPLOY_CORS_ALLOWED_ORIGINS: 'app.example.com/' is not an origin"),
                origin.getMessage());
        IllegalArgumentException credentials = assertThrows(IllegalArgumentException.class, () -> ManagerSettings.from(
                Config.empty(), Map.of("DAEPLOY_CORS_ALLOWED_ORIGINS", "*", "DAEPLOY_CORS_ALLOW_CREDENTIALS", "true")));
        assertTrue(credentials.getMessage().contains("DAEPLOY_CORS_ALLOW_CREDENTIALS=true cannot go with"),
                credentials.getMessage());
        IllegalArgumentException notBoolean = assertThrows(IllegalArgumentException.class, () -> ManagerSettings.from(
                Config.empty(), Map.of("DAEPLOY_CORS_ALLOW_CREDENTIALS", "sometimes")));
        assertTrue(notBoolean.getMessage().contains("DAEPLOY_CORS_ALLOW_CREDENTIALS must be true or false"),
                notBoolean.getMessage());
    }
}
