package io.daeploy.manager.https;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user's PEM files: read when good, refused naming the file when not. */
class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void aCertificateAndItsKeyAreRead() throws Exception {
        ServedCertificate made = Placeholder.forName("manager.example.com");
        Path cert = write("cert.pem", "CERTIFICATE", made.leaf().getEncoded());
        Path key = write("key.pem", "PRIVATE KEY", made.key().getEncoded());
        ServedCertificate read = PemFiles.read(cert, key);
        assertEquals("files", read.source());
        assertEquals(made.leaf(), read.leaf());
    }

    @Test
    void aKeyOfAnotherCertificateOrAFileThatIsNoPemIsRefusedNamingIt() throws Exception {
        ServedCertificate one = Placeholder.forName("one.example.com");
        ServedCertificate other = Placeholder.forName("other.example.com");
        Path cert = write("cert.pem", "CERTIFICATE", one.leaf().getEncoded());
        Path otherKey = write("other-key.pem", "PRIVATE KEY", other.key().getEncoded());
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () -> PemFiles.read(cert, otherKey));
        assertTrue(mismatch.getMessage().startsWith("DAEPLOY_TLS_KEY " + otherKey + " is not the key of the certificate in " + cert),
                mismatch.getMessage());

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        IllegalArgumentException notPem = assertThrows(IllegalArgumentException.class, () -> PemFiles.read(garbage, otherKey));
        assertTrue(notPem.getMessage().startsWith("DAEPLOY_TLS_CERT " + garbage), notPem.getMessage());
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> PemFiles.read(cert, garbage));
        assertTrue(noKey.getMessage().startsWith("DAEPLOY_TLS_KEY " + garbage), noKey.getMessage());
    }

    private Path write(String name, String type, byte[] der) throws Exception {
        String pem = "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        return Files.writeString(dir.resolve(name), pem);
    }
}
