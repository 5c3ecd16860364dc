package io.daeploy.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locations the build hands to the tests (see failsafe's systemPropertyVariables). */
final class TestPaths {

    private TestPaths() {
    }

    static Path rootDir() {
        return Path.of(required("daeploy.rootDir")).toAbsolutePath().normalize();
    }

    static Path managerJar() {
        return Path.of(required("daeploy.managerJar")).toAbsolutePath().normalize();
    }

    static Path fixtureDir() {
        return Path.of(required("daeploy.fixtureDir")).toAbsolutePath().normalize();
    }

    static String projectVersion() {
        return required("daeploy.projectVersion");
    }

    static String localRepository() {
        return required("daeploy.localRepository");
    }

    /** A fresh folder under target/it-work for one test's files. */
    static Path newWorkDir(String prefix) {
        try {
            Path base = Path.of(required("daeploy.workDir"));
            Files.createDirectories(base);
            Path dir = Files.createTempDirectory(base, prefix + "-");
            // 0711, not createTempDirectory's 0700: a manager that runs as root (CI) runs each service as a user of its
            // own, which passes through here to its folder in the manager's data directory
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run the tests through Maven"
                    + " (bin/jdk21 mvn -B install)");
        }
        return value;
    }
}
