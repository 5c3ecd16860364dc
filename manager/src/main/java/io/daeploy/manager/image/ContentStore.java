package io.daeploy.manager.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Files kept by content, so that the same jar uploaded with two versions is the same file to Jib.
 * Jib's layer cache is keyed by source path and modification time; each version is unpacked into a
 * folder of its own, so without this store an unchanged dependency layer would be rebuilt every time.
 */
final class ContentStore {

    private final Path dir;

    ContentStore(Path dir) {
        this.dir = dir;
    }

    /** The stored file with the same content and name as {@code file}, stored now if it is new. */
    Path keep(Path file) {
        Path stored = dir.resolve(sha256(file)).resolve(file.getFileName().toString());
        if (Files.isRegularFile(stored)) {
            return stored;
        }
        try {
            Files.createDirectories(stored.getParent());
            try {
                Files.createLink(stored, file);
            } catch (UnsupportedOperationException | IOException notOnThisFileSystem) {
                Path partial = stored.resolveSibling(stored.getFileName() + ".part" + System.nanoTime());
                Files.copy(file, partial, StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(partial, stored, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException raced) {
            // another build stored the same content at the same time
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep " + file + " in " + dir, e);
        }
        return stored;
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
