package io.daeploy.manager.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashes with the JDK's PBKDF2 (HMAC-SHA256, random salt) at OWASP's advice for it (600,000 iterations),
 * stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}: a hash of a lower cost (an earlier release's
 * 210,000) still matches, and is {@linkplain #outdated outdated}, so that a login rewrites it.
 */
final class Passwords {

    /** The one expensive step, a seam so that tests can count what a login costs without a clock. */
    interface KeyDerivation {
        byte[] derive(String password, byte[] salt, int iterations);
    }

    static final String SCHEME = "pbkdf2-sha256";
    static final int ITERATIONS = 600_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    static final Passwords PBKDF2 = new Passwords(Passwords::pbkdf2);

    private final KeyDerivation derivation;

    Passwords(KeyDerivation derivation) {
        this.derivation = derivation;
    }

    String hash(String password) {
        return hash(password, ITERATIONS);
    }

    /** At another cost: for the tests of hashes an earlier release made. */
    String hash(String password, int iterations) {
        byte[] salt = random(SALT_BYTES);
        return format(iterations, salt, derivation.derive(password, salt, iterations));
    }

    /** Whether a stored hash is of another scheme or a lower cost than today's: the next login rewrites it. */
    static boolean outdated(String stored) {
        String[] parts = stored.split("\\$");
        try {
            return parts.length != 4 || !parts[0].equals(SCHEME) || Integer.parseInt(parts[1]) < ITERATIONS;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /**
     * A stored hash that no password matches, of the same scheme and cost as a real one: checking a login for an
     * unknown name against it costs what checking a known name costs, so the answer's time tells nothing.
     */
    static String decoy() {
        return format(ITERATIONS, random(SALT_BYTES), random(HASH_BITS / 8));
    }

    boolean matches(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derivation.derive(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual); // constant time
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        return SCHEME + "$" + iterations + "$" + b64(salt) + "$" + b64(hash);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is not available in this JDK", e);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
