package io.daeploy.maven.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * What one save changed, sorted into what each needs: Java sources to compile, resources to copy, or the POM (a full
 * build). A path that no longer exists was deleted. Editors' scratch files (hidden, backups) are not changes.
 *
 * @param sources   changed or deleted {@code .java} files under {@code src/main/java}
 * @param resources changed or deleted files under {@code src/main/resources}
 * @param pom       whether {@code pom.xml} changed
 * @param savedAt   when the newest of them was written (its mtime): the start of the time a reload is measured from
 */
public record ChangeSet(List<Path> sources, List<Path> resources, boolean pom, Instant savedAt) {

    private static final int NAMED = 5;

    /** Sorts {@code paths} by where they lie in {@code layout}; {@code now} stands for the mtime of a deleted file. */
    public static ChangeSet of(Collection<Path> paths, ProjectLayout layout, Instant now) {
        TreeSet<Path> sources = new TreeSet<>();
        TreeSet<Path> resources = new TreeSet<>();
        boolean pom = false;
        Instant savedAt = Instant.EPOCH;
        for (Path path : paths) {
            if (scratch(path)) {
                continue;
            }
            boolean counted = true;
            if (path.equals(layout.pom())) {
                pom = true;
            } else if (path.startsWith(layout.sources()) && path.getFileName().toString().endsWith(".java")) {
                sources.add(path);
            } else if (path.startsWith(layout.resources()) && !Files.isDirectory(path)) {
                resources.add(path);
            } else {
                counted = false;
            }
            if (counted) {
                Instant modified = modified(path, now);
                savedAt = modified.isAfter(savedAt) ? modified : savedAt;
            }
        }
        return new ChangeSet(List.copyOf(sources), List.copyOf(resources), pom, savedAt);
    }

    public boolean isEmpty() {
        return sources.isEmpty() && resources.isEmpty() && !pom;
    }

    /** Only what was saved: {@code HelloService.java, greeting.txt}, the first five and how many more. */
    public String describe() {
        List<String> names = new ArrayList<>();
        if (pom) {
            names.add("pom.xml");
        }
        sources.forEach(p -> names.add(p.getFileName() + (Files.exists(p) ? "" : " (deleted)")));
        resources.forEach(p -> names.add(p.getFileName() + (Files.exists(p) ? "" : " (deleted)")));
        if (names.size() <= NAMED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, NAMED)) + " and " + (names.size() - NAMED) + " more";
    }

    /** The sources of this change that still exist: those to compile (the others were deleted). */
    public List<Path> sourcesToCompile() {
        return sources.stream().filter(Files::isRegularFile).toList();
    }

    /** Vim's {@code .x.swp} and {@code 4913}, Emacs' {@code #x#} and {@code .#x}, {@code x~}, IDE {@code ___jb_tmp___}. */
    static boolean scratch(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(".") || name.startsWith("#") || name.endsWith("~") || name.endsWith(".swp")
                || name.endsWith(".swx") || name.endsWith(".tmp") || name.endsWith("___") || name.equals("4913");
    }

    private static Instant modified(Path path, Instant now) {
        try {
            return Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            return now; // deleted: the moment it was seen gone
        }
    }
}
