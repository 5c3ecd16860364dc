package io.daeploy.manager.https;

import org.shredzone.acme4j.util.KeyPairUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What ACME needs kept in the data directory ({@code https/}): the account's key, the served certificate's key and the
 * certificate chain, each written whole before it replaces the old file, readable by the manager's user only.
 */
public final class CertificateFiles {

    private final Path folder;

    public CertificateFiles(Path dataDir) {
        this.folder = dataDir.resolve("https");
    }

    /** The account's key pair, made and kept on first use: the CA knows the account by it. */
    KeyPair accountKey() {
        return keyPair("account-key.pem");
    }

    /** The key the certificate is for, kept across renewals. */
    KeyPair domainKey() {
        return keyPair("domain-key.pem");
    }

    /** The certificate obtained last, with its key; empty before the first. */
    Optional<ServedCertificate> certificate() {
        Path chainFile = folder.resolve("certificate.pem");
        if (!Files.exists(chainFile) || !Files.exists(folder.resolve("domain-key.pem"))) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(chainFile)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            return chain.isEmpty() ? Optional.empty()
                    : Optional.of(new ServedCertificate(domainKey().getPrivate(), chain, "acme"));
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("The certificate kept in " + chainFile + " is not readable: " + e.getMessage(), e);
        }
    }

    /** Changes when the kept certificate does (its modification time and size): cheap to ask every few seconds. */
    String stamp() {
        Path chainFile = folder.resolve("certificate.pem");
        try {
            return Files.getLastModifiedTime(chainFile).toMillis() + "/" + Files.size(chainFile);
        } catch (IOException e) {
            return "none";
        }
    }

    void saveCertificate(List<X509Certificate> chain) {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        try {
            for (X509Certificate certificate : chain) {
                pem.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        write("certificate.pem", pem.toString());
    }

    private KeyPair keyPair(String name) {
        Path file = folder.resolve(name);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                return KeyPairUtils.readKeyPair(in);
            } catch (IOException e) {
                throw new UncheckedIOException("The key kept in " + file + " is not readable", e);
            }
        }
        KeyPair created = KeyPairUtils.createKeyPair(2048);
        java.io.StringWriter pem = new java.io.StringWriter();
        try {
            KeyPairUtils.writeKeyPair(created, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(name, pem.toString());
        return created;
    }

    private void write(String name, String content) {
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, name, ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary)) {
                out.write(content);
            }
            try {
                Files.setPosixFilePermissions(temporary, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own permissions guard it
            }
            Files.move(temporary, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + folder.resolve(name), e);
        }
    }
}
