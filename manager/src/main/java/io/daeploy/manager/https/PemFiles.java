package io.daeploy.manager.https;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/** The user's own certificate chain and key, as PEM files ({@code DAEPLOY_TLS_CERT}, {@code DAEPLOY_TLS_KEY}). */
public final class PemFiles {

    private PemFiles() {
    }

    /** Reads both files; a file that is unreadable or a key that is not the certificate's is refused naming the file. */
    public static ServedCertificate read(Path certFile, Path keyFile) {
        List<X509Certificate> chain;
        try {
            chain = Keys.builder().pem(pem -> pem.certChain(Resource.create(certFile))).build().certChain();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DAEPLOY_TLS_CERT " + certFile + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("DAEPLOY_TLS_CERT " + certFile + " holds no PEM certificate");
        }
        PrivateKey key;
        try {
            key = Keys.builder().pem(pem -> pem.key(Resource.create(keyFile))).build().privateKey()
                    .orElseThrow(() -> new IllegalArgumentException("no private key in it"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DAEPLOY_TLS_KEY " + keyFile + " is not a PEM private key: " + e.getMessage(), e);
        }
        if (!matches(key, chain.get(0))) {
            throw new IllegalArgumentException("DAEPLOY_TLS_KEY " + keyFile + " is not the key of the certificate in " + certFile
                    + " (" + chain.get(0).getSubjectX500Principal().getName() + ")");
        }
        return new ServedCertificate(key, chain, "files");
    }

    /** Whether the key signs what the certificate's public key verifies: works for every key type. */
    static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm());
        }
        try {
            byte[] probe = "daeploy".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
