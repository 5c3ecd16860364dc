package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * HTTPS by the manager itself: a certificate obtained over ACME from a real CA (pebble, with its DNS answering 127.0.0.1
 * for every name, so that http-01 is validated for real against the manager's plain port), served with verification
 * on, renewed without a restart while a connection opened before keeps working; a CA that cannot be reached leaves the
 * plain port serving; the user's own PEM files served and read again when they change.
 */
@Timeout(300)
class HttpsIT {

    private static final String NAME = "manager.test";

    @Test
    void aCertificateIsObtainedOverAcmeServedAndRenewedWhileAnOpenConnectionKeepsWorking() throws Exception {
        int plainPort = ManagerProcess.freePort();
        int httpsPort = ManagerProcess.freePort();
        try (PebbleServer pebble = PebbleServer.start(plainPort)) {
            ManagerProcess manager = ManagerProcess.startOnPort("https-acme", Map.of("DAEPLOY_HTTPS", "true",
                    "DAEPLOY_HOST_NAME", NAME, "DAEPLOY_HTTPS_PORT", Integer.toString(httpsPort),
                    "DAEPLOY_ACME_DIRECTORY", pebble.directory().toString(),
                    "DAEPLOY_ACME_TRUST", pebble.apiCertificate().toString(), "DAEPLOY_ACME_EMAIL", "ops@" + NAME), plainPort);
            try {
                JsonNode obtained = awaitCertificate(manager, c -> c.path("source").asText().equals("acme"));
                assertTrue(obtained.path("issuer").asText().contains("Pebble"), obtained.toString());
                SSLContext trust = PebbleServer.trusting(pebble.issuingRoot());

                TlsConnection old = new TlsConnection(trust, NAME, httpsPort);
                String first = old.get("/observe/certificate");
                assertTrue(first.startsWith("HTTP/1.1 200"), first);
                assertTrue(first.contains("Strict-Transport-Security: max-age=31536000"), "HSTS on HTTPS answers: " + first);
                String firstSerial = old.certificate().getSerialNumber().toString(16);
                assertEquals(obtained.path("serial").asText(), firstSerial);

                PlainAnswer byName = plain(plainPort, "/services/?x=1", NAME);
                assertEquals(308, byName.statusCode(), "the public name on the plain port goes to HTTPS");
                assertEquals("https://" + NAME + ":" + httpsPort + "/services/?x=1", byName.location());
                assertEquals(200, plain(plainPort, "/services/", "127.0.0.1:" + plainPort).statusCode(),
                        "callers inside (services, loopback) keep the plain port");
                assertEquals(404, plain(plainPort, "/.well-known/acme-challenge/unknown", NAME).statusCode());

                HttpResponse<String> renewed = Http.send(HttpRequest.newBuilder(manager.url().resolve("/observe/certificate/renew"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
                assertEquals(200, renewed.statusCode(), renewed.body());
                String newSerial = Json.mapper().readTree(renewed.body()).path("serial").asText();
                assertNotEquals(firstSerial, newSerial, "a new certificate");
                try (TlsConnection fresh = new TlsConnection(trust, NAME, httpsPort)) {
                    assertEquals(newSerial, fresh.certificate().getSerialNumber().toString(16), "served on a new connection");
                    assertTrue(fresh.get("/observe/certificate").startsWith("HTTP/1.1 200"));
                }
                String again = old.get("/observe/certificate");
                assertTrue(again.startsWith("HTTP/1.1 200"), "the connection opened before still works: " + again);
                assertEquals(firstSerial, old.certificate().getSerialNumber().toString(16));
                old.close();
            } finally {
                manager.stop();
            }
        }
    }

    @Test
    void aCaThatCannotBeReachedLeavesThePlainPortServingAndSaysWhy() throws Exception {
        int nothing = ManagerProcess.freePort();
        ManagerProcess manager = ManagerProcess.start("https-unreachable", Map.of("DAEPLOY_HTTPS", "true",
                "DAEPLOY_HOST_NAME", NAME, "DAEPLOY_HTTPS_PORT", Integer.toString(ManagerProcess.freePort()),
                "DAEPLOY_ACME_DIRECTORY", "https://127.0.0.1:" + nothing + "/dir"));
        try {
            JsonNode failing = awaitCertificate(manager, c -> !c.path("lastError").isNull());
            assertEquals("placeholder", failing.path("source").asText());
            assertEquals(200, plain(manager.port(), "/services/", NAME).statusCode(), "no certificate: plain HTTP serves on");
            Instant end = Instant.now().plus(Duration.ofSeconds(30));
            while (manager.client().notifications().stream().noneMatch(n -> n.message().startsWith("No HTTPS certificate for " + NAME))) {
                assertTrue(Instant.now().isBefore(end), "a notification says why");
                ManagerProcess.sleep(200);
            }
        } finally {
            manager.stop();
        }
    }

    @Test
    void theUsersOwnFilesAreServedAndReadAgainWhenTheyChange() throws Exception {
        Path dir = TestPaths.newWorkDir("tls-files");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        selfSigned(dir, "first");
        Files.copy(dir.resolve("first-cert.pem"), cert);
        Files.copy(dir.resolve("first-key.pem"), key);
        int httpsPort = ManagerProcess.freePort();
        ManagerProcess manager = ManagerProcess.start("https-files", Map.of("DAEPLOY_HOST_NAME", NAME,
                "DAEPLOY_HTTPS_PORT", Integer.toString(httpsPort), "DAEPLOY_TLS_CERT", cert.toString(), "DAEPLOY_TLS_KEY", key.toString()));
        try {
            try (TlsConnection connection = new TlsConnection(PebbleServer.trusting(dir.resolve("first-cert.pem")), NAME, httpsPort)) {
                assertTrue(connection.get("/services/").startsWith("HTTP/1.1 200"));
            }
            selfSigned(dir, "second");
            Files.copy(dir.resolve("second-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(dir.resolve("second-cert.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
            SSLContext second = PebbleServer.trusting(dir.resolve("second-cert.pem"));
            Instant end = Instant.now().plus(Duration.ofSeconds(30));
            while (true) {
                try (TlsConnection connection = new TlsConnection(second, NAME, httpsPort)) {
                    assertTrue(connection.get("/services/").startsWith("HTTP/1.1 200"));
                    break;
                } catch (javax.net.ssl.SSLException stillTheFirst) {
                    if (Instant.now().isAfter(end)) {
                        fail("the new files were not served: " + stillTheFirst);
                    }
                    ManagerProcess.sleep(500);
                }
            }
        } finally {
            manager.stop();
        }
    }

    private static void selfSigned(Path dir, String prefix) throws Exception {
        PebbleServer.run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + NAME,
                "-addext", "subjectAltName=DNS:" + NAME, "-keyout", dir.resolve(prefix + "-key.pem").toString(),
                "-out", dir.resolve(prefix + "-cert.pem").toString());
    }

    private static JsonNode awaitCertificate(ManagerProcess manager, Predicate<JsonNode> done) throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(90));
        String last = "";
        while (Instant.now().isBefore(end)) {
            HttpResponse<String> status = Http.get(manager.url().resolve("/observe/certificate"));
            last = status.body();
            if (status.statusCode() == 200 && done.test(Json.mapper().readTree(last))) {
                return Json.mapper().readTree(last);
            }
            ManagerProcess.sleep(300);
        }
        fail("the certificate never got there: " + last + "\n" + manager.output());
        return null;
    }

    /** What the plain port answered: the status and the Location header. */
    private record PlainAnswer(int statusCode, String location) {
    }

    /** A GET on the manager's plain port with the Host header a caller would send (Java's client will not set one). */
    private static PlainAnswer plain(int port, String path, String host) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder(); // the head is all this needs: no waiting for the body's end
            var in = socket.getInputStream();
            for (int b = in.read(); b >= 0 && head.indexOf("\r\n\r\n") < 0; b = head.indexOf("\r\n\r\n") < 0 ? in.read() : -1) {
                head.append((char) b);
            }
            String answer = head.toString();
            String location = answer.lines().takeWhile(line -> !line.isEmpty())
                    .filter(line -> line.toLowerCase().startsWith("location:")).map(line -> line.substring(9).trim())
                    .findFirst().orElse("");
            return new PlainAnswer(Integer.parseInt(answer.substring(9, 12)), location);
        }
    }
}
