package io.daeploy.manager.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user the manager runs as. */
public final class ProcessOwner {

    private ProcessOwner() {
    }

    /** The manager's uid, or -1 where the system does not tell (not Linux). */
    public static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"); // the folder of this process: its owner
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
