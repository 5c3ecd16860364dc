package io.daeploy.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A project folder of this repository copied into a test's folder, as a user's own checkout would be. */
final class ProjectCopy {

    private ProjectCopy() {
    }

    /**
     * Copies {@code source} to {@code target} without its {@code target/} folder, so the copy is built from
     * scratch by the test's own {@code mvn} run, never from what an earlier build left behind.
     */
    static Path of(Path source, Path target) {
        try (Stream<Path> files = Files.walk(source)) {
            List<Path> toCopy = files.filter(p -> !source.relativize(p).startsWith("target")).toList();
            for (Path file : toCopy) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
