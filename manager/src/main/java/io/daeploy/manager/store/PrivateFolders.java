package io.daeploy.manager.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Folders and files of the data directory that only the manager's user may read: 0700 and 0600. Services, which may
 * run as other users and pass through the data directory to their own folders, find nothing of the manager's there.
 */
public final class PrivateFolders {

    private PrivateFolders() {
    }

    /** Creates the folder (and missing parents) mode 0700, or narrows an existing one (an earlier release's) to it. */
    public static void create(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir); // no POSIX modes here (Windows): nothing to narrow
            } catch (FileAlreadyExistsException e) {
                // made by another thread meanwhile
            }
        }
        restrict(dir, "rwx------");
    }

    /** Narrows a file to 0600, when it exists. */
    public static void restrictFile(Path file) throws IOException {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            restrict(file, "rw-------");
        }
    }

    private static void restrict(Path path, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException e) {
            // no POSIX modes here
        }
    }
}
