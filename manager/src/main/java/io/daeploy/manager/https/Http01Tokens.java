package io.daeploy.manager.https;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The http-01 challenges under way: what {@code /.well-known/acme-challenge/<token>} answers while the CA validates.
 * Several managers behind one load balancer share them through files in their data directory: the CA's request may
 * reach any manager, not only the leader that asked for the certificate.
 */
public final class Http01Tokens {

    /** RFC 8555 tokens are base64url; anything else is no token of ours, and never names a file. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private final Map<String, String> authorizations = new ConcurrentHashMap<>();
    private final Path sharedFolder;

    /** A manager alone: its challenges in memory. */
    public Http01Tokens() {
        this.sharedFolder = null;
    }

    private Http01Tokens(Path sharedFolder) {
        this.sharedFolder = sharedFolder;
    }

    /** Challenges every manager on {@code dataDir} answers. */
    public static Http01Tokens sharedIn(Path dataDir) {
        return new Http01Tokens(dataDir.resolve("https").resolve("challenges"));
    }

    void offer(String token, String authorization) {
        authorizations.put(token, authorization);
        if (sharedFolder != null && TOKEN.matcher(token).matches()) {
            try {
                Files.createDirectories(sharedFolder);
                Path temporary = Files.createTempFile(sharedFolder, "token", ".tmp");
                Files.writeString(temporary, authorization, StandardCharsets.US_ASCII);
                Files.move(temporary, sharedFolder.resolve(token), StandardCopyOption.REPLACE_EXISTING,
                           StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not share the ACME challenge in " + sharedFolder, e);
            }
        }
    }

    void withdraw(String token) {
        authorizations.remove(token);
        if (sharedFolder != null && TOKEN.matcher(token).matches()) {
            try {
                Files.deleteIfExists(sharedFolder.resolve(token));
            } catch (IOException e) {
                // a token left behind answers nothing a CA still asks for
            }
        }
    }

    public Optional<String> answer(String token) {
        String own = authorizations.get(token);
        if (own != null || sharedFolder == null || !TOKEN.matcher(token).matches()) {
            return Optional.ofNullable(own);
        }
        try {
            return Optional.of(Files.readString(sharedFolder.resolve(token), StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the ACME challenge in " + sharedFolder, e);
        }
    }
}
