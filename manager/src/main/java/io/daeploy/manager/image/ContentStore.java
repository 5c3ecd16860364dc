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
import java.util.stream.Stream;

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
            shareWith(stored, file);
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

    /**
     * Makes {@code file} (a version's copy) another link to the stored file of the same content, so that the
     * stored file's link count tells how many versions use it (see {@link #prune}). Where links cannot be made,
     * the copy stays as it is.
     */
    private static void shareWith(Path stored, Path file) {
        Path link = file.resolveSibling(file.getFileName() + ".link" + System.nanoTime());
        try {
            Files.createLink(link, stored);
            Files.move(link, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsupportedOperationException | IOException notOnThisFileSystem) {
            try {
                Files.deleteIfExists(link);
            } catch (IOException ignored) {
                // nothing was made
            }
        }
    }

    /**
     * Deletes the stored files no version uses any more: each is a hard link to a file in a version's folder,
     * so one with a single link was left by versions that are gone. Answers the bytes freed.
     */
    long prune() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long freed = 0;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                freed += pruneEntry(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prune " + dir, e);
        }
        return freed;
    }

    private static long pruneEntry(Path entry) throws IOException {
        long freed = 0;
        try (Stream<Path> files = Files.list(entry)) {
            for (Path file : files.toList()) {
                if (linkCount(file) <= 1) {
                    long size = Files.size(file);
                    if (Files.deleteIfExists(file)) {
                        freed += size;
                    }
                }
            }
        }
        try (Stream<Path> left = Files.list(entry)) {
            if (left.findAny().isEmpty()) {
                Files.deleteIfExists(entry);
            }
        }
        return freed;
    }

    private static int linkCount(Path file) throws IOException {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink");
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return 1; // copies, not links: nothing tells who uses them, and a cache may always be rebuilt
        }
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
