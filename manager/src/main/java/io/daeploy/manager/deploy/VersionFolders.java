package io.daeploy.manager.deploy;

import io.daeploy.manager.store.PrivateFolders;
import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Logger;

/**
 * Where each version's files live, {@code <data>/services/<name>/<version>/}, with the application under
 * {@code app/}. An upload is unpacked into a staging folder first and moved in whole, so a failed or
 * refused upload never leaves half a version behind.
 */
public final class VersionFolders {

    private static final Logger LOG = Logger.getLogger(VersionFolders.class.getName());

    private final Path dataDir;
    private final ApplicationArchive archive;

    public VersionFolders(Path dataDir, ApplicationArchive archive) {
        this.dataDir = dataDir;
        this.archive = archive;
        try {
            PrivateFolders.create(dataDir.resolve("tmp")); // uploads and staged versions: no service's business
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dataDir.resolve("tmp"), e);
        }
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
