package io.daeploy.manager.config;

import io.helidon.config.Config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the manager serves HTTPS, if it does: with a certificate it obtains over ACME for its host name, or with PEM files
 * of the user's own.
 *
 * @param enabled       {@code DAEPLOY_HTTPS} (false), or implied by {@code DAEPLOY_TLS_CERT}
 * @param httpsPort     {@code DAEPLOY_HTTPS_PORT} (443)
 * @param hostName      {@code DAEPLOY_HOST_NAME}: the name the certificate is for
 * @param acmeEmail     {@code DAEPLOY_ACME_EMAIL}: the CA's contact for the account (expiry warnings)
 * @param acmeDirectory {@code DAEPLOY_ACME_DIRECTORY} (Let's Encrypt production)
 * @param acmeTrust     {@code DAEPLOY_ACME_TRUST}: a PEM file of the CA that serves the ACME directory itself, for private
 *                      CAs; empty: the JDK's trusted CAs
 * @param certFile      {@code DAEPLOY_TLS_CERT}: the user's own certificate chain (PEM); empty: ACME
 * @param keyFile       {@code DAEPLOY_TLS_KEY}: its private key (PEM)
 */
public record HttpsSettings(boolean enabled, int httpsPort, String hostName, Optional<String> acmeEmail, URI acmeDirectory,
                            Optional<Path> acmeTrust, Optional<Path> certFile, Optional<Path> keyFile) {

    public static final URI LETS_ENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");
    public static final URI LETS_ENCRYPT_STAGING = URI.create("https://acme-staging-v02.api.letsencrypt.org/directory");

    public HttpsSettings {
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("Settings DAEPLOY_TLS_CERT and DAEPLOY_TLS_KEY go together: "
                    + (certFile.isPresent() ? "DAEPLOY_TLS_KEY" : "DAEPLOY_TLS_CERT") + " is missing");
        }
        if (httpsPort < 0 || httpsPort > 65535) {
            throw new IllegalArgumentException("Setting DAEPLOY_HTTPS_PORT must be a port number, got " + httpsPort);
        }
        if (enabled && certFile.isEmpty() && (hostName.equals("localhost") || hostName.matches("[0-9.]+|.*:.*"))) {
            throw new IllegalArgumentException("DAEPLOY_HTTPS=true gets a certificate for DAEPLOY_HOST_NAME over ACME, and a CA"
                    + " issues none for '" + hostName + "': set DAEPLOY_HOST_NAME to the manager's public DNS name, or give"
                    + " DAEPLOY_TLS_CERT and DAEPLOY_TLS_KEY");
        }
        if (!acmeDirectory.getScheme().equals("https")) {
            throw new IllegalArgumentException("Setting DAEPLOY_ACME_DIRECTORY must be an https:// URL, got " + acmeDirectory);
        }
        for (Optional<Path> file : java.util.List.of(acmeTrust, certFile, keyFile)) {
            if (enabled && file.isPresent() && !Files.isReadable(file.get())) {
                throw new IllegalArgumentException(settingOf(file.get(), acmeTrust, certFile) + " names " + file.get()
                        + ", which cannot be read");
            }
        }
    }

    /** Whether the certificate comes over ACME, not from the user's files. */
    public boolean acme() {
        return enabled && certFile.isEmpty();
    }

    public static HttpsSettings from(Config config, Map<String, String> env) {
        Function<String, Optional<String>> value = ManagerSettings.lookup(config, env);
        Optional<Path> cert = value.apply("tls-cert").map(Path::of);
        URI directory;
        try {
            directory = value.apply("acme-directory").map(String::trim).map(URI::create).orElse(LETS_ENCRYPT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting DAEPLOY_ACME_DIRECTORY is not a URL: " + e.getMessage());
        }
        if (directory.getScheme() == null) {
            throw new IllegalArgumentException("Setting DAEPLOY_ACME_DIRECTORY must be an https:// URL, got " + directory);
        }
        return new HttpsSettings(ManagerSettings.bool(value, "https", false) || cert.isPresent(),
                ManagerSettings.integer(value, "https-port", 443),
                value.apply("host-name").orElse("localhost").trim(),
                value.apply("acme-email").map(String::trim),
                directory,
                value.apply("acme-trust").map(Path::of),
                cert,
                value.apply("tls-key").map(Path::of));
    }

    private static String settingOf(Path file, Optional<Path> trust, Optional<Path> cert) {
        if (trust.isPresent() && trust.get().equals(file)) {
            return "Setting DAEPLOY_ACME_TRUST";
        }
        return cert.isPresent() && cert.get().equals(file) ? "Setting DAEPLOY_TLS_CERT" : "Setting DAEPLOY_TLS_KEY";
    }
}
