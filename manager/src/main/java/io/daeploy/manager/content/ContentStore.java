package io.daeploy.manager.content;

import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.store.PrivateFolders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * Files kept by content, {@code <data>/blobs/sha256/<hex>}, on every runtime: what incremental deploys upload once and
 * assemble versions from, and what image builds hand to Jib (its layer cache is keyed by source path and modification
 * time, so an unchanged library must be the same file for every version, or its layer is rebuilt each time).
 *
 * <p>A blob is written to a file of its own under {@code incoming/}, checked, then published by one atomic link (or
 * rename): a reader never sees half a blob, and two uploads of the same content at once both succeed with one file.
 * {@link #prune} keeps the store from growing without bound.
 */
public final class ContentStore {

    /**
     * How long a blob stays after it was last uploaded or asked about, whether a version uses it or not: a deploy's
     * upload and its request come one after the other, and a kill between them must not take the blobs.
     */
    public static final Duration GRACE = Duration.ofHours(1);

    private final Path blobs;
    private final Path incoming;
    private final Clock clock;
    /** Blobs some deploy asked about or uploaded lately, and when: kept for {@link #GRACE} whatever uses them. */
    private final Map<String, Instant> wanted = new ConcurrentHashMap<>();
    /** Readers (checks, publications, assemblies, image builds) against {@link #prune}, which takes files away. */
    private final ReadWriteLock pruning = new ReentrantReadWriteLock();

    public ContentStore(Path dir, Clock clock) {
        this.blobs = dir.resolve("sha256");
        this.incoming = dir.resolve("incoming");
        this.clock = clock;
        try {
            PrivateFolders.create(dir); // the manager's: services may pass through the data directory
            Files.createDirectories(blobs);
            Files.createDirectories(incoming);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the content store in " + dir, e);
        }
    }

    /** The store of a data directory: {@code <data>/blobs}. */
    public static ContentStore in(Path dataDir) {
        return new ContentStore(dataDir.resolve("blobs"), Clock.systemUTC());
    }

    /** Where the blob of a digest is (or would be). */
    public Path path(String sha256) {
        if (!Sha256.isDigest(sha256)) {
            throw DomainException.invalid("'" + sha256 + "' is not a SHA-256: 64 lower-case hexadecimal digits");
        }
        return blobs.resolve(sha256);
    }

    /** Which of {@code digests} the store lacks. Those it has are kept for {@link #GRACE}, for the deploy that asked. */
    public Set<String> missing(Collection<String> digests) {
        Set<String> missing = new LinkedHashSet<>();
        Instant now = clock.instant();
        withReadLock(() -> {
            for (String digest : digests) {
                if (Files.isRegularFile(path(digest))) {
                    wanted.put(digest, now);
                } else {
                    missing.add(digest);
                }
            }
            return null;
        });
        return missing;
    }

    /**
     * Stores the blob {@code sha256} from {@code in}, which must give exactly {@code size} bytes of that hash: anything
     * shorter (a truncated upload), longer or other is refused as invalid, naming {@code what}, and nothing of it is
     * kept. Answers whether the blob is new (false: the store had it, or a concurrent upload published it first).
     */
    public boolean put(String sha256, long size, InputStream in, String what) {
        path(sha256);
        Path part = null;
        try {
            part = Files.createTempFile(incoming, sha256 + "-", ".part");
            String received = receive(in, size, part, what);
            if (!received.equals(sha256)) {
                throw DomainException.invalid(what + ": the bytes sent have the SHA-256 " + received + ", not " + sha256
                        + " as announced; nothing was kept");
            }
            Path ready = part;
            return withReadLock(() -> {
                wanted.put(sha256, clock.instant());
                return publish(ready, sha256);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store " + what + " in " + blobs, e);
        } finally {
            deleteQuietly(part);
        }
    }

    /** Copies exactly {@code size} bytes to {@code part} and answers their SHA-256; reads one byte more to tell excess. */
    private static String receive(InputStream in, long size, Path part, String what) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[64 * 1024];
        long received = 0;
        try (OutputStream out = Files.newOutputStream(part)) {
            while (received <= size) {
                int n;
                try {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, size + 1 - received));
                } catch (IOException | RuntimeException lost) {
                    throw DomainException.invalid(what + " arrived truncated: the upload ended after " + received + " of "
                            + size + " bytes (" + lost.getMessage() + "); nothing was kept");
                }
                if (n < 0) {
                    break;
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                received += n;
            }
        }
        if (received < size) {
            throw DomainException.invalid(what + " arrived truncated: " + received + " of the " + size
                    + " bytes announced; nothing was kept");
        }
        if (received > size) {
            throw DomainException.invalid(what + ": more bytes arrived than the " + size + " announced; nothing was kept");
        }
        return Sha256.hex(digest);
    }

    /**
     * Makes {@code ready} (a checked file of this content) the blob, unless there is one already. A link is atomic and
     * never replaces; where links cannot be made, a rename is atomic too and replaces a file of the same bytes.
     */
    private boolean publish(Path ready, String sha256) throws IOException {
        Path blob = blobs.resolve(sha256);
        try {
            Files.createLink(blob, ready);
            return true;
        } catch (FileAlreadyExistsException stored) {
            return false;
        } catch (UnsupportedOperationException | IOException noLinksHere) {
            if (Files.exists(blob)) {
                return false;
            }
            Files.move(ready, blob, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    /**
     * The blob with the content of {@code file} (a file of a version's folder that an image is built from), stored now
     * if it is new. {@code file} then becomes another link to the blob where links can be made, so that the blob's link
     * count tells that a version uses it.
     */
    public Path keep(Path file) {
        String sha256 = Sha256.of(file);
        Path blob = blobs.resolve(sha256);
        return withReadLock(() -> {
            if (!Files.isRegularFile(blob)) {
                try {
                    Files.createLink(blob, file); // the version's file becomes the blob: nothing is copied
                    return blob;
                } catch (FileAlreadyExistsException raced) {
                    // stored by another build meanwhile
                } catch (UnsupportedOperationException | IOException noLinksHere) {
                    Path part = incoming.resolve(sha256 + "-" + System.nanoTime() + ".part");
                    try {
                        Files.copy(file, part);
                        publish(part, sha256);
                    } finally {
                        deleteQuietly(part);
                    }
                    return blob;
                }
            }
            shareWith(blob, file);
            return blob;
        });
    }

    /** Makes {@code file} another link to {@code blob}; where links cannot be made, the copy stays as it is. */
    private static void shareWith(Path blob, Path file) {
        Path link = file.resolveSibling(file.getFileName() + ".link" + System.nanoTime());
        try {
            if (Files.isSameFile(blob, file)) {
                return;
            }
            Files.createLink(link, blob);
            Files.move(link, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsupportedOperationException | IOException notOnThisFileSystem) {
            deleteQuietly(link);
        }
    }

    /**
     * Runs {@code work} while no blob can be pruned: an assembly copying blobs, an image build reading them.
     * Exceptions of {@code work} pass through.
     */
    public <T> T whileUsing(Callable<T> work) throws Exception {
        Lock lock = pruning.readLock();
        lock.lock();
        try {
            return work.call();
        } finally {
            lock.unlock();
        }
    }

    private <T> T withReadLock(IoWork<T> work) {
        Lock lock = pruning.readLock();
        lock.lock();
        try {
            return work.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the blobs nothing needs, and the parts of uploads that never finished; answers the bytes freed. A blob
     * stays while a version's manifest names it ({@code referenced}), while another file shares it (a hard link: a
     * version's file an image was built from), and for {@link #GRACE} after it was written, uploaded or asked about.
     * While the store is in use (an image build, an assembly) it prunes nothing: a kill must not wait for a build, nor
     * make uploads wait behind it; the next kill prunes.
     */
    public long prune(Set<String> referenced) {
        Lock lock = pruning.writeLock();
        if (!lock.tryLock()) {
            return 0;
        }
        try {
            Instant cutoff = clock.instant().minus(GRACE);
            wanted.values().removeIf(when -> when.isBefore(cutoff));
            long freed = 0;
            for (Path blob : list(blobs)) {
                String digest = blob.getFileName().toString();
                if (!referenced.contains(digest) && !wanted.containsKey(digest)) {
                    freed += deleteIfUnused(blob, cutoff);
                }
            }
            for (Path part : list(incoming)) {
                freed += deleteIfUnused(part, cutoff);
            }
            return freed;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prune " + blobs, e);
        } finally {
            lock.unlock();
        }
    }

    private static long deleteIfUnused(Path file, Instant cutoff) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.lastModifiedTime().toInstant().isAfter(cutoff) || linkCount(file) > 1) {
                return 0;
            }
            return Files.deleteIfExists(file) ? attributes.size() : 0;
        } catch (NoSuchFileException gone) {
            return 0;
        }
    }

    private static int linkCount(Path file) throws IOException {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink");
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return 1; // copies, not links: nothing tells who uses them, and a blob can always be uploaded again
        }
    }

    private static java.util.List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a part left behind is pruned later
            }
        }
    }

    @FunctionalInterface
    private interface IoWork<T> {
        T run() throws IOException;
    }
}
