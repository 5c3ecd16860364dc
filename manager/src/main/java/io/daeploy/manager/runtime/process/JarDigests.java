package io.daeploy.manager.runtime.process;

import io.daeploy.manager.content.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** SHA-256 of jars, remembered by path, size and modification time: a restart does not read its libraries again. */
final class JarDigests {

    private record Seen(Path path, long size, long modified) {
    }

    private final Map<Seen, String> digests = new ConcurrentHashMap<>();

    String of(Path jar) {
        try {
            Seen seen = new Seen(jar, Files.size(jar), Files.getLastModifiedTime(jar).toMillis());
            return digests.computeIfAbsent(seen, s -> Sha256.of(s.path()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar + ": " + e.getMessage(), e);
        }
    }
}
