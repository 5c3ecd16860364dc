package io.daeploy.manager.logs;

import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.store.PrivateFolders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The manager's own log: besides the console, rotating files under {@code <data dir>/logs} for {@code GET /logs/}. */
public final class ManagerLog {

    private static final int FILE_LIMIT_BYTES = 10 * 1024 * 1024;
    private static final int GENERATIONS = 3;

    private final Path dir;
    /** Its manager's name, one of several on a database; empty for a manager alone on its store. */
    private final Optional<String> name;

    private ManagerLog(Path dir, Optional<String> name) {
        this.dir = dir;
        this.name = name;
    }

    /** Adds the file handler to the root logger; the console format of logging.properties applies to both. */
    public static ManagerLog install(Path dataDir) {
        return installIn(dataDir.resolve("logs"), Optional.empty());
    }

    /** One of several managers sharing a data directory: its log in a folder of its name, {@code logs/<name>}. */
    public static ManagerLog install(Path dataDir, String managerName) {
        return installIn(dataDir.resolve("logs").resolve(managerName), Optional.of(managerName));
    }

    /** Whose log this is, where several managers share a data directory. */
    public Optional<String> name() {
        return name;
    }

    /**
     * The log of another manager on the shared data directory: {@code GET /logs/?manager=b} answered by any of them.
     *
     * @throws DomainException not found when no manager of that name logs there (the names that do are told)
     */
    public ManagerLog of(String other) {
        if (name.isEmpty()) {
            throw DomainException.notFound("Query parameter manager: this manager is alone on its database; its own log is"
                    + " the only one (several managers share a PostgreSQL database: DAEPLOY_DATABASE_URL)");
        }
        if (other.equals(name.get())) {
            return this;
        }
        Path logs = dir.getParent();
        Path theirs = logs.resolve(other).normalize();
        if (!theirs.getParent().equals(logs) || !Files.isDirectory(theirs)) {
            throw DomainException.notFound("Query parameter manager: no manager named '" + other + "' logs in " + logs
                    + "; those that do: " + names(logs));
        }
        return new ManagerLog(theirs, Optional.of(other));
    }

    private static List<String> names(Path logs) {
        try (java.util.stream.Stream<Path> folders = Files.list(logs)) {
            return folders.filter(Files::isDirectory).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static ManagerLog installIn(Path dir, Optional<String> name) {
        try {
            PrivateFolders.create(dir); // what the manager logs is for its admins, not for the services
            FileHandler handler = new FileHandler(dir.resolve("manager.%g.log").toString(), FILE_LIMIT_BYTES, GENERATIONS, true);
            handler.setFormatter(new SimpleFormatter());
            handler.setLevel(Level.INFO);
            handler.setEncoding("UTF-8");
            Logger.getLogger("").addHandler(handler);
            return new ManagerLog(dir, name);
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
