package io.daeploy.manager.image;

import io.daeploy.manager.content.ContentStore;
import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The image builder's caches under {@code <data>/jib-cache}: base image layers and application layers, built from files
 * of the manager's {@link ContentStore}. Builds share them; a build holds the store's files so that no prune takes one
 * from under it, and pruning the application layers (after a kill) waits until no build runs.
 */
final class ImageCaches {

    private static final Logger LOG = Logger.getLogger(ImageCaches.class.getName());
    /** Application layers Jib has not written for this long are dropped; one still needed is simply rebuilt. */
    static final Duration APPLICATION_LAYER_AGE = Duration.ofDays(7);

    private final Path dir;
    private final ContentStore files;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    ImageCaches(Path dir, ContentStore files) {
        this.dir = dir;
        this.files = files;
        forgetEarlierStore(dir.resolve("files"));
    }

    /** Earlier releases kept a content store of their own here; the manager's one store has taken its place. */
    private static void forgetEarlierStore(Path earlier) {
        if (Files.isDirectory(earlier)) {
            try {
                PathUtils.deleteDirectory(earlier);
            } catch (IOException e) {
                LOG.warning(() -> "Could not delete " + earlier + ", which nothing uses any more: " + e.getMessage());
            }
        }
    }

    Path baseLayers() {
        return dir.resolve("base");
    }

    Path applicationLayers() {
        return dir.resolve("application");
    }

    ContentStore files() {
        return files;
    }

    <T> T whileBuilding(Callable<T> build) throws Exception {
        lock.readLock().lock();
        try {
            return files.whileUsing(build);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Frees what killed versions left: application layers older than {@link #APPLICATION_LAYER_AGE} (the content
     * store prunes itself after a kill). Base image layers stay: every build needs them. Answers the bytes freed.
     */
    long prune() {
        lock.writeLock().lock();
        try {
            return pruneApplicationLayers(Instant.now().minus(APPLICATION_LAYER_AGE));
        } finally {
            lock.writeLock().unlock();
        }
    }

    private long pruneApplicationLayers(Instant olderThan) {
        Path layers = applicationLayers().resolve("layers");
        if (!Files.isDirectory(layers)) {
            return 0;
        }
        long freed = 0;
        try (Stream<Path> entries = Files.list(layers)) {
            for (Path layer : entries.toList()) {
                if (Files.getLastModifiedTime(layer).compareTo(FileTime.from(olderThan)) < 0) {
                    freed += PathUtils.deleteDirectory(layer).getByteCounter().get();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prune " + layers, e);
        }
        return freed;
    }
}
