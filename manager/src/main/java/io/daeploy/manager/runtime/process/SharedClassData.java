package io.daeploy.manager.runtime.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The class data all services share, {@code <data>/class-data}: their libraries by content ({@code jars/<sha256>.jar})
 * and AppCDS archives of them ({@code archives/<key>.jsa}, with the jars it holds in order in {@code <key>.jars}).
 * A JVM maps an archive only when its class path starts with the very files the archive was made from (path, size,
 * modification time), so every service puts the same files first; and a service maps the same archive pages as every
 * other. Files are written once, then only read: readable by every service user, written by the manager alone.
 */
final class SharedClassData {

    /** A shared archive and the jars (digests) its class path starts with. */
    record Archive(String key, List<String> jars, Path file) {
    }

    private final Path dir;
    private final Path jars;
    private final Path archives;

    SharedClassData(Path dir) {
        this.dir = dir;
        this.jars = dir.resolve("jars");
        this.archives = dir.resolve("archives");
    }

    /** Made at the first start that needs it: a manager without class data leaves the data directory as it is. */
    private void create() {
        try {
            for (Path folder : List.of(dir, jars, archives)) {
                if (!Files.isDirectory(folder)) {
                    Files.createDirectories(folder);
                    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    /** The shared copy of the jar {@code source} with content {@code digest}, made now if missing. */
    Path jar(String digest, Path source) {
        Path shared = jars.resolve(digest + ".jar");
        if (!Files.isRegularFile(shared)) {
            create();
            publish(source, shared, false);
        }
        return shared;
    }

    /** Where the shared copy of the jar with content {@code digest} is. */
    Path jar(String digest) {
        return jars.resolve(digest + ".jar");
    }

    /** The archive that serves most of {@code libraries} (digests) for this JDK and these options, if any. */
    Optional<Archive> fitting(List<String> libraries, String jdkVersion, List<String> javaOptions) {
        return archives().stream()
                .filter(archive -> SharedJarOrder.fits(archive.jars(), libraries))
                .filter(archive -> archive.key().equals(CacheKey.sharedArchive(archive.jars(), jdkVersion, javaOptions)))
                .max(Comparator.comparingInt(archive -> archive.jars().size()));
    }

    boolean has(String key) {
        return Files.isRegularFile(archives.resolve(key + ".jsa"));
    }

    /** Makes {@code dumped} the archive {@code key} of {@code jarDigests}. */
    void publish(String key, List<String> jarDigests, Path dumped) {
        create();
        try {
            Path listing = Files.createTempFile(archives, key, ".jars.part");
            Files.write(listing, jarDigests);
            publish(dumped, archives.resolve(key + ".jsa"), true);
            publish(listing, archives.resolve(key + ".jars"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot publish the shared archive " + key + ": " + e.getMessage(), e);
        }
    }

    private List<Archive> archives() {
        if (!Files.isDirectory(archives)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(archives)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jars"))
                    .map(this::archive)
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + archives + ": " + e.getMessage(), e);
        }
    }

    private Optional<Archive> archive(Path listing) {
        String key = listing.getFileName().toString().replaceFirst("\\.jars$", "");
        Path file = archives.resolve(key + ".jsa");
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(new Archive(key, Files.readAllLines(listing).stream().filter(s -> !s.isBlank()).toList(), file))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // being written: the next start finds it
        }
    }

    /** Copies (or moves) {@code from} to {@code to} through a temporary file: a reader sees the whole file or none. */
    private static void publish(Path from, Path to, boolean move) {
        try {
            Path part = Files.createTempFile(to.getParent(), to.getFileName().toString(), ".part");
            Files.copy(from, part, StandardCopyOption.REPLACE_EXISTING);
            if (move) {
                Files.deleteIfExists(from);
            }
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("r--r--r--"));
            try {
                // never replaces: a jar's path, size and time must stay those an archive was made with
                Files.createLink(to, part);
            } catch (FileAlreadyExistsException written) {
                // the same content, published by another start meanwhile
            } catch (UnsupportedOperationException noLinksHere) {
                if (!Files.exists(to)) {
                    Files.move(part, to, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + to + ": " + e.getMessage(), e);
        }
    }
}
