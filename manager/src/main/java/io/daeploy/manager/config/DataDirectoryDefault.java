package io.daeploy.manager.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the manager keeps its data when {@code DAEPLOY_DATA_DIR} does not say. A user's manager keeps it in
 * {@code ~/.daeploy/manager}. A root manager on the process runtime keeps it in {@code /var/lib/daeploy} (a folder
 * of its own right under {@code /var/lib}: a parent the manager created would be closed to others, as its data is):
 * its services run as users of their own, who must pass through every folder above their own, and {@code /root}
 * lets no one through. An installation that already has data in the home folder keeps it there.
 */
public final class DataDirectoryDefault {

    static final Path SYSTEM = Path.of("/var/lib/daeploy");

    private DataDirectoryDefault() {
    }

    static Path choose(String runtime, Path home, boolean root) {
        Path inHome = home.resolve(".daeploy").resolve("manager");
        if (root && runtime.equals("process") && !Files.exists(inHome)) {
            return SYSTEM;
        }
        return inHome;
    }

    static Path choose(String runtime) {
        return choose(runtime, Path.of(System.getProperty("user.home")), ProcessOwner.uid() == 0);
    }
}
