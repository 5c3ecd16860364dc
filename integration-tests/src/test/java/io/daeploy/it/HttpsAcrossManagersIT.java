package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS with automatic certificates on two managers of one installation (one PostgreSQL database, one data directory,
 * as on one host): the leader alone obtains and renews the certificate over ACME, every manager serves it, and the CA's
 * http-01 challenge is answered by whichever manager the load balancer sends it to. Real servers: Debian's Pebble (an
 * RFC 8555 CA) validating through a real HAProxy that reaches only the manager that does not lead, a PostgreSQL cluster
 * of the test's own, two manager JVMs.
 */
@Timeout(300)
class HttpsAcrossManagersIT {

    private static final String NAME = "manager.test";

    @Test
    void theLeaderObtainsTheCertificateEveryManagerServesItAndAnyAnswersTheChallenge() throws Exception {
        Map<String, String> database = SharedDatabase.fresh(3);
        int front = ManagerProcess.freePort();
        try (PebbleServer pebble = PebbleServer.start(front)) {
            ManagerProcess a = ManagerProcess.start("https-managers", https(database, pebble, "a"));
            ManagerProcess b = null;
            try {
                b = ManagerProcess.startBeside(a, "b", https(database, pebble, "b"));
                assertTrue(a.leads(), "the first manager leads");
                try (HaproxyFront toTheFollower = HaproxyFront.before(List.of(b), front)) {
                    HttpResponse<String> obtained = renew(a);
                    assertEquals(200, obtained.statusCode(), "the CA, reaching b only, got the answer to a's challenge: "
                            + obtained.body() + "\n" + toTheFollower.output());
                    JsonNode first = Json.mapper().readTree(obtained.body());
                    assertEquals("acme", first.path("source").asText(), first.toString());
                    String serial = first.path("serial").asText();

                    JsonNode onB = awaitCertificate(b, serial);
                    assertEquals(serial, onB.path("serial").asText(), "b serves the certificate a obtained");
                    SSLContext trust = PebbleServer.trusting(pebble.issuingRoot());
                    try (TlsConnection tls = new TlsConnection(trust, NAME, httpsPorts.get("b"))) {
                        assertEquals(serial, tls.certificate().getSerialNumber().toString(16), "on b's HTTPS port");
                        assertTrue(tls.get("/observe/health").startsWith("HTTP/1.1 200"));
                    }
                    HttpResponse<String> refused = renew(b);
                    assertEquals(409, refused.statusCode(), refused.body());
                    assertTrue(refused.body().contains("does not lead"), refused.body());

                    long stopped = System.nanoTime();
                    a.stop();
                    b.awaitLeading(stopped, 5_000);
                    HttpResponse<String> renewed = renew(b);
                    assertEquals(200, renewed.statusCode(), "the new leader renews: " + renewed.body());
                    String newSerial = Json.mapper().readTree(renewed.body()).path("serial").asText();
                    assertNotEquals(serial, newSerial);
                    try (TlsConnection tls = new TlsConnection(trust, NAME, httpsPorts.get("b"))) {
                        assertEquals(newSerial, tls.certificate().getSerialNumber().toString(16));
                    }
                }
            } finally {
                if (b != null) {
                    b.close();
                }
                a.close();
            }
        }
    }

    private final Map<String, Integer> httpsPorts = new HashMap<>();

    private Map<String, String> https(Map<String, String> database, PebbleServer pebble, String name) {
        int port = ManagerProcess.freePort();
        httpsPorts.put(name, port);
        Map<String, String> env = new HashMap<>(database);
        env.putAll(Map.of("DAEPLOY_MANAGER_NAME", name, "DAEPLOY_HTTPS", "true", "DAEPLOY_HOST_NAME", NAME,
                "DAEPLOY_HTTPS_PORT", Integer.toString(port), "DAEPLOY_ACME_DIRECTORY", pebble.directory().toString(),
                "DAEPLOY_ACME_TRUST", pebble.apiCertificate().toString(), "DAEPLOY_ACME_EMAIL", "ops@" + NAME));
        return env;
    }

    private static HttpResponse<String> renew(ManagerProcess manager) {
        return Http.send(HttpRequest.newBuilder(manager.url().resolve("/observe/certificate/renew"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static JsonNode awaitCertificate(ManagerProcess manager, String serial) throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode last = null;
        while (Instant.now().isBefore(end)) {
            last = Json.mapper().readTree(Http.get(manager.url().resolve("/observe/certificate")).body());
            if (serial.equals(last.path("serial").asText())) {
                return last;
            }
            ManagerProcess.sleep(200);
        }
        throw new AssertionError("not served within 20 s: " + last + "\n" + manager.output());
    }
}
