package io.daeploy.it;

import org.junit.jupiter.api.Assumptions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real ACME CA on loopback: Debian's {@code pebble} (Let's Encrypt's RFC 8555 test server) with its companion
 * {@code pebble-challtestsrv} as its DNS, which answers 127.0.0.1 for every name, so that pebble validates http-01 for
 * real against the manager's plain port. The CA's own HTTPS certificate is made here with openssl. A test that needs
 * it skips on a machine without pebble, with the reason, and fails in CI, where .ci/run installs it.
 */
final class PebbleServer implements AutoCloseable {

    static final Path PEBBLE = Path.of("/usr/bin/pebble");
    static final Path CHALLTESTSRV = Path.of("/usr/bin/pebble-challtestsrv");

    private final List<Process> processes;
    private final Path dir;
    private final int acmePort;
    private final int managementPort;

    private PebbleServer(List<Process> processes, Path dir, int acmePort, int managementPort) {
        this.processes = processes;
        this.dir = dir;
        this.acmePort = acmePort;
        this.managementPort = managementPort;
    }

    static void requireInstalled() {
        if (Files.isExecutable(PEBBLE) && Files.isExecutable(CHALLTESTSRV)) {
            return;
        }
        String reason = "needs Debian's pebble (apt-get install pebble)";
        if (System.getenv("CI") != null) {
            throw new IllegalStateException("ACME test " + reason + "; .ci/run should have installed it");
        }
        Assumptions.assumeTrue(false, reason);
    }

    /** A CA that validates http-01 challenges on {@code httpPort} of whatever address a name resolves to (127.0.0.1). */
    static PebbleServer start(int httpPort) throws IOException, InterruptedException {
        requireInstalled();
        Path dir = TestPaths.newWorkDir("pebble");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString());
        int dnsPort = ManagerProcess.freePort();
        int acmePort = ManagerProcess.freePort();
        int managementPort = ManagerProcess.freePort();
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false}}
                """.formatted(acmePort, managementPort, dir.resolve("cert.pem"), dir.resolve("key.pem"), httpPort,
                ManagerProcess.freePort()));
        List<Process> processes = new ArrayList<>();
        processes.add(new ProcessBuilder(CHALLTESTSRV.toString(), "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "",
                "-dns01", "127.0.0.1:" + dnsPort, "-http01", "", "-https01", "", "-tlsalpn01", "",
                "-management", "127.0.0.1:" + ManagerProcess.freePort())
                .redirectErrorStream(true).redirectOutput(dir.resolve("challtestsrv.log").toFile()).start());
        ProcessBuilder pebble = new ProcessBuilder(PEBBLE.toString(), "-config", dir.resolve("pebble.json").toString(),
                "-dnsserver", "127.0.0.1:" + dnsPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("pebble.log").toFile());
        pebble.environment().put("PEBBLE_VA_NOSLEEP", "1");      // validate at once, not after a random pause
        pebble.environment().put("PEBBLE_WFE_NONCEREJECT", "0"); // no random bad-nonce refusals
        processes.add(pebble.start());
        PebbleServer server = new PebbleServer(processes, dir, acmePort, managementPort);
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(end)) {
            try {
                if (server.get(server.directory()).statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            ManagerProcess.sleep(200);
        }
        server.close();
        throw new IllegalStateException("pebble did not get ready; see " + dir.resolve("pebble.log"));
    }

    /** The ACME directory URL. */
    URI directory() {
        return URI.create("https://127.0.0.1:" + acmePort + "/dir");
    }

    /** The PEM file of the certificate pebble serves its ACME API with, for DAEPLOY_ACME_TRUST. */
    Path apiCertificate() {
        return dir.resolve("cert.pem");
    }

    /** The root that signs the certificates pebble issues (it makes a new one at every start). */
    List<Certificate> issuingRoot() throws IOException {
        HttpResponse<String> root = get(URI.create("https://127.0.0.1:" + managementPort + "/roots/0"));
        try {
            return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(
                    new java.io.ByteArrayInputStream(root.body().getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("pebble's root is not a PEM certificate: " + root.body(), e);
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException {
        try {
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(apiCertificate())).connectTimeout(Duration.ofSeconds(5)).build();
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A TLS context trusting the certificates of a PEM file. */
    static SSLContext trusting(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return trusting(new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in)));
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(e);
        }
    }

    static SSLContext trusting(List<? extends Certificate> certificates) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed; see " + dir.resolve("openssl.log"));
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
