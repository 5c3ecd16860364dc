package io.daeploy.manager.deploy;

import io.daeploy.common.Json;
import io.daeploy.common.ManifestEntry;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.store.PrivateFolders;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Where each version's files live, {@code <data>/services/<name>/<version>/}, with the application under
 * {@code app/}. An upload is unpacked (or a manifest assembled from the content store) into a staging folder first
 * and moved in whole, so a failed or refused deploy never leaves half a version behind. A version assembled from the
 * content store keeps its manifest beside {@code app/}: while it is there, the store keeps the contents it names.
 */
public final class VersionFolders {

    private static final Logger LOG = Logger.getLogger(VersionFolders.class.getName());
    /** The manifest a version was assembled from, in its folder (not in {@code app/}, which its service may own). */
    static final String MANIFEST = "manifest.json";

    private final Path dataDir;
    private final ApplicationArchive archive;
    private final ContentStore content;
    private final ApplicationAssembler assembler;

    public VersionFolders(Path dataDir, ApplicationArchive archive) {
        this(dataDir, archive, ContentStore.in(dataDir));
    }

    public VersionFolders(Path dataDir, ApplicationArchive archive, ContentStore content) {
        this.dataDir = dataDir;
        this.archive = archive;
        this.content = content;
        this.assembler = new ApplicationAssembler(content);
        try {
            PrivateFolders.create(dataDir.resolve("tmp")); // uploads and staged versions: no service's business
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dataDir.resolve("tmp"), e);
        }
    }

    /** The content store incremental deploys upload to and versions are assembled from. */
    public ContentStore content() {
        return content;
    }

    /** The manager's data directory, where the versions' folders are. */
    public Path dataDir() {
        return dataDir;
    }

    public Path of(String name, String version) {
        return dataDir.resolve("services").resolve(name).resolve(version);
    }

    /** Unpacks an upload (refused with a DomainException when it is not a valid application) into {@code dir/app}. */
    public void storeUpload(Path upload, Path dir) {
        Path staging = dataDir.resolve("tmp").resolve(dir.getFileName() + "-" + System.nanoTime());
        try {
            archive.unpack(upload, staging.resolve("app"));
            delete(dir);
            Files.createDirectories(dir.getParent());
            Files.move(staging, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the application in " + dir, e);
        } finally {
            delete(staging);
        }
    }

    /**
     * Assembles the application a manifest names from the content store into {@code dir/app} (refused with a
     * DomainException when the store lacks some of it or it is not a valid application), and keeps the manifest.
     */
    public void storeAssembled(ApplicationManifest manifest, Path dir) {
        Path staging = dataDir.resolve("tmp").resolve(dir.getFileName() + "-" + System.nanoTime());
        try {
            assembler.assemble(manifest, staging.resolve("app"));
            Files.write(staging.resolve(MANIFEST), Json.mapper().writeValueAsBytes(manifest.entries()));
            delete(dir);
            Files.createDirectories(dir.getParent());
            Files.move(staging, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the application in " + dir, e);
        } finally {
            delete(staging);
        }
    }

    /**
     * Assembles new code of a deployed version (a reload) into {@code dir/app-<revision>}, beside the code that runs,
     * and keeps its manifest as the version's. Refused like {@link #storeAssembled}.
     */
    public void storeRevision(ApplicationManifest manifest, Path dir, int revision) {
        Path target = applicationDir(dir, revision);
        Path staging = dataDir.resolve("tmp").resolve(dir.getFileName() + "-r" + revision + "-" + System.nanoTime());
        try {
            assembler.assemble(manifest, staging);
            delete(target);
            Files.move(staging, target);
            Files.write(dir.resolve(MANIFEST), Json.mapper().writeValueAsBytes(manifest.entries()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the application in " + target, e);
        } finally {
            delete(staging);
        }
    }

    /** The folder of the application of {@code revision} in a version's folder: {@code app/} as deployed, then one per reload. */
    public static Path applicationDir(Path dir, int revision) {
        return dir.resolve(revision == 0 ? "app" : "app-" + revision);
    }

    /** The highest revision whose code is stored in a version's folder (0: none but the deployed {@code app/}). */
    public int latestRevision(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(child -> child.getFileName().toString()).filter(name -> name.matches("app-\\d+"))
                    .mapToInt(name -> Integer.parseInt(name.substring(4))).max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    /**
     * Deletes the code of reloads other than {@code keep} (the deployed {@code app/} stays: it is the working
     * directory). Called once nothing runs that code any more.
     */
    public void deleteRevisionsBut(Path dir, Set<Integer> keep) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(child -> child.getFileName().toString().matches("app-\\d+"))
                    .filter(child -> !keep.contains(Integer.parseInt(child.getFileName().toString().substring(4))))
                    .forEach(this::delete);
        } catch (IOException e) {
            LOG.warning(() -> "Could not list the code of the reloads of " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Deletes a killed version's folder, then what of the content store no version needs any more (see
     * {@link ContentStore#prune}): what keeps the store from growing without bound.
     */
    public void deleteVersion(Path dir) {
        delete(dir);
        try {
            long freed = content.prune(referencedContent());
            if (freed > 0) {
                LOG.info(() -> String.format("Freed %.1f MB of the content store", freed / 1e6));
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "Could not prune the content store: " + e.getMessage());
        }
    }

    /** The contents named by the manifests of the versions that have folders. */
    Set<String> referencedContent() {
        Set<String> referenced = new HashSet<>();
        Path services = dataDir.resolve("services");
        if (!Files.isDirectory(services)) {
            return referenced;
        }
        try (Stream<Path> manifests = Files.find(services, 3, (path, attributes) -> attributes.isRegularFile()
                && path.getFileName().toString().equals(MANIFEST) && path.getNameCount() == services.getNameCount() + 3)) {
            for (Path manifest : manifests.toList()) {
                try {
                    List<ManifestEntry> entries = Json.mapper().readValue(manifest.toFile(), new TypeReference<>() { });
                    entries.forEach(entry -> referenced.add(entry.sha256()));
                } catch (IOException unreadable) {
                    LOG.warning(() -> "Cannot read " + manifest + ": " + unreadable.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the versions in " + services, e);
        }
        return referenced;
    }

    /** An empty folder for a version that runs an existing image. */
    public void createEmpty(Path dir) {
        delete(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    /** Deletes a folder and everything in it; a failure is logged, never thrown: the version is gone either way. */
    public void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            // first closed to all but the manager: a service running as another user (a version of the same name) could
            // otherwise swap a folder for a link while the walk goes through, and have the manager delete elsewhere
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.fine(() -> "Could not close " + dir + " before deleting it: " + e.getMessage());
        }
        try {
            PathUtils.deleteDirectory(dir);
        } catch (IOException e) {
            LOG.warning(() -> "Could not delete " + dir + ": " + e.getMessage());
        }
    }
}
