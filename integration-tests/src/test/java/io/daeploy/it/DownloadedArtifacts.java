package io.daeploy.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * This machine's local Maven repository as a repository to download from, without one folder of it: a tree of
 * links, so that a test can take third-party artifacts from it and be sure that ours come from elsewhere.
 */
final class DownloadedArtifacts {

    private DownloadedArtifacts() {
    }

    /** @param left out a folder such as {@code io/daeploy} */
    static Path without(String leftOut, Path target) {
        link(Path.of(TestPaths.localRepository()), target, Path.of(leftOut));
        return target;
    }

    private static void link(Path source, Path target, Path leftOut) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> entries = Files.list(source)) {
                for (Path entry : entries.toList()) {
                    Path name = entry.getFileName();
                    if (leftOut.getName(0).equals(name)) {
                        if (leftOut.getNameCount() > 1) {
                            link(entry, target.resolve(name), leftOut.subpath(1, leftOut.getNameCount()));
                        }
                    } else {
                        Files.createSymbolicLink(target.resolve(name), entry);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
