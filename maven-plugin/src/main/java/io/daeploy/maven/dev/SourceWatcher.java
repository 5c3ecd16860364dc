package io.daeploy.maven.dev;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Watches {@code src/main/java} and {@code src/main/resources} (with every folder in them, also those made later) and
 * {@code pom.xml}, and hands over one {@link ChangeSet} per save. An editor writes a file in several steps (a temporary
 * file, a rename, a touch), and a refactoring saves many files: events closer than the quiet time make one change.
 */
public final class SourceWatcher implements Closeable {

    private static final Duration CHECK_STOP = Duration.ofMillis(200);

    private final ProjectLayout layout;
    private final Duration quiet;
    private final WatchService watcher;
    private final Map<WatchKey, Path> folders = new HashMap<>();

    public SourceWatcher(ProjectLayout layout, Duration quiet) throws IOException {
        this.layout = layout;
        this.quiet = quiet;
        this.watcher = FileSystems.getDefault().newWatchService();
        watchFolder(layout.pom().getParent());
        // src/main itself, so that a src/main/resources made during the session is seen
        Path main = layout.sources().getParent();
        if (Files.isDirectory(main)) {
            watchFolder(main);
        }
        watchTree(layout.sources(), new LinkedHashSet<>());
        watchTree(layout.resources(), new LinkedHashSet<>());
    }

    /**
     * Waits for the next save and answers what it changed; null once {@code stop} says so (checked a few times a second)
     * or the watcher was closed.
     */
    public ChangeSet next(BooleanSupplier stop) throws IOException {
        Set<Path> changed = new LinkedHashSet<>();
        try {
            while (!stop.getAsBoolean()) {
                WatchKey key = watcher.poll(CHECK_STOP.toMillis(), TimeUnit.MILLISECONDS);
                if (key == null) {
                    continue;
                }
                take(key, changed);
                // then until nothing more comes for the quiet time
                for (WatchKey more = watcher.poll(quiet.toMillis(), TimeUnit.MILLISECONDS); more != null;
                     more = watcher.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) {
                    take(more, changed);
                }
                ChangeSet change = ChangeSet.of(changed, layout, Instant.now());
                if (!change.isEmpty()) {
                    return change;
                }
                changed.clear();
            }
        } catch (ClosedWatchServiceException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void take(WatchKey key, Set<Path> changed) throws IOException {
        Path folder = folders.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || folder == null) {
                // events were lost: take every watched file as changed rather than miss one
                watchTree(layout.sources(), changed);
                watchTree(layout.resources(), changed);
                continue;
            }
            Path path = folder.resolve((Path) event.context());
            if (Files.isDirectory(path) && event.kind() == StandardWatchEventKinds.ENTRY_CREATE && inTrees(path)) {
                watchTree(path, changed); // a new package, or a folder moved in: its files are changes too
            } else {
                changed.add(path);
            }
        }
        if (!key.reset()) {
            folders.remove(key);
        }
    }

    private boolean inTrees(Path path) {
        return path.startsWith(layout.sources()) || path.startsWith(layout.resources());
    }

    /** Watches {@code root} and every folder in it, and adds the files found to {@code found}. */
    private void watchTree(Path root, Set<Path> found) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isDirectory(path)) {
                    if (!folders.containsValue(path)) {
                        watchFolder(path);
                    }
                } else {
                    found.add(path);
                }
            }
        }
    }

    private void watchFolder(Path folder) throws IOException {
        WatchKey key = folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                                       StandardWatchEventKinds.ENTRY_DELETE);
        folders.put(key, folder);
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}
