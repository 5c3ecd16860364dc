package io.daeploy.manager.runtime.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Keeps service logs bounded: a live {@code service.log} over the limit is copied to
 * {@code service.log.1} (older ones shift to {@code .2}) and truncated in place. Copy-and-truncate,
 * because the service JVM holds the file open in append mode and keeps writing at its new end.
 */
final class LogRotation {

    static final int GENERATIONS = 2;
    private static final Logger LOG = Logger.getLogger(LogRotation.class.getName());

    private final Path servicesDir;
    private final long maxBytes;

    LogRotation(Path servicesDir, long maxBytes) {
        this.servicesDir = servicesDir;
        this.maxBytes = maxBytes;
    }

    /** Oldest first, live last: {@code service.log.2, service.log.1, service.log}. */
    static List<Path> generations(Path live) {
        return List.of(live.resolveSibling(live.getFileName() + ".2"), live.resolveSibling(live.getFileName() + ".1"), live);
    }

    void rotateWhatIsTooLarge() {
        if (!Files.isDirectory(servicesDir)) {
            return;
        }
        try (Stream<Path> files = Files.find(servicesDir, 4, (p, a) -> p.getFileName().toString().equals("service.log")
                && a.isRegularFile() && a.size() > maxBytes)) {
            files.forEach(this::rotate);
        } catch (IOException e) {
            LOG.warning(() -> "Log rotation failed: " + e.getMessage());
        }
    }

    void rotate(Path live) {
        try {
            List<Path> gens = generations(live);
            Files.move(gens.get(1), gens.get(0), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.NoSuchFileException ignored) {
            // no .1 yet
        } catch (IOException e) {
            LOG.warning(() -> "Cannot shift " + live + ".1: " + e.getMessage());
        }
        try {
            Files.copy(live, generations(live).get(1), StandardCopyOption.REPLACE_EXISTING);
            try (RandomAccessFile raf = new RandomAccessFile(live.toFile(), "rw")) {
                raf.setLength(0);
            }
        } catch (IOException e) {
            LOG.warning(() -> "Cannot rotate " + live + ": " + e.getMessage());
        }
    }
}
