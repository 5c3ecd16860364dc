package io.daeploy.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorsPolicyTest {

    private static final CorsPolicy LISTED = CorsPolicy.parse("https://app.example.com, http://localhost:3000", false);

    @Test
    void noOriginsMeansOff() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of(CorsPolicy.ALLOWED_ORIGINS, "  "))) {
            CorsPolicy policy = CorsPolicy.fromEnvironment(env);
            assertFalse(policy.enabled());
            assertFalse(policy.allows("https://app.example.com"));
            assertEquals(CorsPolicy.off(), policy);
        }
    }

    @Test
    void originsAreKeptAsBrowsersWriteThem() {
        CorsPolicy policy = CorsPolicy.parse("HTTPS://App.Example.com:443,http://localhost:80,http://127.0.0.1:3000,"
                + "http://[::1]:8081,chrome-extension://abcdef,", false);
        assertEquals(Set.of("https://app.example.com", "http://localhost", "http://127.0.0.1:3000", "http://[::1]:8081",
                "chrome-extension://abcdef"), policy.origins());
        assertTrue(policy.allows("https://app.example.com"));
        assertTrue(policy.allows("https://APP.example.com"), "host names are case-insensitive");
        assertFalse(policy.allows("http://app.example.com"), "another scheme is another origin");
        assertFalse(policy.allows("https://app.example.com:8443"), "another port is another origin");
        assertFalse(policy.allows("null"));
        assertFalse(policy.allows(null));
        assertTrue(policy.variesByOrigin());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/", "https://app.example.com/path", "app.example.com", "localhost:3000",
            "null", "https://*.example.com", "http://localhost:0", "http://localhost:99999", "http://a b", "https://",
            "https://app.example.com?x=1", "https://user@app.example.com"})
    void aMalformedOriginIsRefusedNamingTheVariableAndTheEntry(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CorsPolicy.parse("http://localhost:3000," + entry, false));
        assertTrue(e.getMessage().startsWith("Setting DAEPLOY_CORS_ALLOWED_ORIGINS: '" + entry + "' is not an origin"),
                e.getMessage());
    }

    @Test
    void aStarAllowsAnyOriginAloneAndNeverWithCredentials() {
        CorsPolicy any = CorsPolicy.parse("*", false);
        assertTrue(any.allows("https://anything.example"));
        assertFalse(any.variesByOrigin());
        assertEquals("*", any.actual("https://anything.example").get("Access-Control-Allow-Origin"));

        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> CorsPolicy.parse("*,https://app.example.com", false));
        assertTrue(mixed.getMessage().contains("DAEPLOY_CORS_ALLOWED_ORIGINS"), mixed.getMessage());

        IllegalArgumentException withCredentials = assertThrows(IllegalArgumentException.class,
                () -> CorsPolicy.fromEnvironment(Map.of(CorsPolicy.ALLOWED_ORIGINS, "*", CorsPolicy.ALLOW_CREDENTIALS, "true")));
        assertTrue(withCredentials.getMessage().contains("DAEPLOY_CORS_ALLOW_CREDENTIALS=true cannot go with"
                + " DAEPLOY_CORS_ALLOWED_ORIGINS=*"), withCredentials.getMessage());
    }

    @Test
    void credentialsNeedListedOriginsAndAClearValue() {
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
                () -> CorsPolicy.fromEnvironment(Map.of(CorsPolicy.ALLOW_CREDENTIALS, "true")));
        assertTrue(alone.getMessage().contains("needs DAEPLOY_CORS_ALLOWED_ORIGINS"), alone.getMessage());
        IllegalArgumentException notBoolean = assertThrows(IllegalArgumentException.class,
                () -> CorsPolicy.fromEnvironment(Map.of(CorsPolicy.ALLOWED_ORIGINS, "http://localhost:3000",
                        CorsPolicy.ALLOW_CREDENTIALS, "yes")));
        assertTrue(notBoolean.getMessage().startsWith("Setting DAEPLOY_CORS_ALLOW_CREDENTIALS must be true or false"),
                notBoolean.getMessage());
        assertTrue(CorsPolicy.fromEnvironment(Map.of(CorsPolicy.ALLOWED_ORIGINS, "http://localhost:3000",
                CorsPolicy.ALLOW_CREDENTIALS, "TRUE")).allowCredentials());
    }

    @Test
    void anAllowedPreflightNamesTheOriginTheMethodsTheAskedHeadersAndTheMaxAge() {
        CorsPolicy.Preflight answer = LISTED.preflight("http://localhost:3000", "POST", "content-type, authorization");
        assertTrue(answer.allowed());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Access-Control-Allow-Origin", "http://localhost:3000");
        expected.put("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
        expected.put("Access-Control-Allow-Headers", "content-type, authorization");
        expected.put("Access-Control-Max-Age", "600");
        assertEquals(expected, answer.headers());

        CorsPolicy credentials = CorsPolicy.parse("http://localhost:3000", true);
        assertEquals("true", credentials.preflight("http://localhost:3000", "PUT", null).headers()
                .get("Access-Control-Allow-Credentials"));
        assertFalse(credentials.preflight("http://localhost:3000", "PUT", null).headers().containsKey("Access-Control-Allow-Headers"));
    }

    @Test
    void aPreflightFromAnotherOriginOrForAnotherMethodOrAMalformedHeaderIsRefused() {
        CorsPolicy.Preflight other = LISTED.preflight("https://evil.example", "POST", null);
        assertFalse(other.allowed());
        assertEquals(Map.of(), other.headers());
        assertTrue(other.refusal().contains("https://evil.example"), other.refusal());
        assertFalse(LISTED.preflight("http://localhost:3000", "TRACE", null).allowed());
        assertFalse(LISTED.preflight("http://localhost:3000", "POST", "x-fine, bad header").allowed());
    }

    @Test
    void anActualAnswerCarriesTheOriginAndTheExposedVersionOnlyForAnAllowedOrigin() {
        assertEquals(Map.of("Access-Control-Allow-Origin", "https://app.example.com",
                        "Access-Control-Expose-Headers", "X-Daeploy-Version"),
                LISTED.actual("https://app.example.com"));
        assertEquals(Map.of(), LISTED.actual("https://evil.example"));
        assertEquals("true", CorsPolicy.parse("https://app.example.com", true).actual("https://app.example.com")
                .get("Access-Control-Allow-Credentials"));
    }

    @Test
    void corsHeadersAreKnownByTheirPrefix() {
        assertTrue(CorsPolicy.isCorsHeader("access-control-allow-origin"));
        assertTrue(CorsPolicy.isCorsHeader("Access-Control-Max-Age"));
        assertFalse(CorsPolicy.isCorsHeader("Vary"));
        assertFalse(CorsPolicy.isCorsHeader("Access"));
    }
}
