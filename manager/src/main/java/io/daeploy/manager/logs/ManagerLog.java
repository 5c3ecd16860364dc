package io.daeploy.manager.logs;

import io.daeploy.manager.store.PrivateFolders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The manager's own log: besides the console, rotating files under {@code <data dir>/logs} for {@code GET /logs/}. */
public final class ManagerLog {

    private static final int FILE_LIMIT_BYTES = 10 * 1024 * 1024;
    private static final int GENERATIONS = 3;

    private final Path dir;

    private ManagerLog(Path dir) {
        this.dir = dir;
    }

    /** Adds the file handler to the root logger; the console format of logging.properties applies to both. */
    public static ManagerLog install(Path dataDir) {
        return installIn(dataDir.resolve("logs"));
    }

    /** One of several managers sharing a data directory: its log in a folder of its name, {@code logs/<name>}. */
    public static ManagerLog install(Path dataDir, String managerName) {
        return installIn(dataDir.resolve("logs").resolve(managerName));
    }

    private static ManagerLog installIn(Path dir) {
        try {
            PrivateFolders.create(dir); // what the manager logs is for its admins, not for the services
            FileHandler handler = new FileHandler(dir.resolve("manager.%g.log").toString(), FILE_LIMIT_BYTES, GENERATIONS, true);
            handler.setFormatter(new SimpleFormatter());
            handler.setLevel(Level.INFO);
            handler.setEncoding("UTF-8");
            Logger.getLogger("").addHandler(handler);
            return new ManagerLog(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the manager log in " + dir, e);
        }
    }

    /** Oldest generation first, the live file last. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (int g = GENERATIONS - 1; g >= 0; g--) {
            files.add(dir.resolve("manager." + g + ".log"));
        }
        return files;
    }
}
