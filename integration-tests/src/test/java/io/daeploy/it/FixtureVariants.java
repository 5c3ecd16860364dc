package io.daeploy.it;

import io.daeploy.common.ApplicationFiles;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManifestEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * New code for the fixture service, as {@code daeploy:dev} would send it: the fixture's jar with one resource added
 * ({@code fixture-word.txt} to greet with another word, {@code fixture-fail-at-start.txt} to exit at start), uploaded
 * to a manager's content store.
 */
final class FixtureVariants {

    private FixtureVariants() {
    }

    /** Uploads the variant's files that the manager lacks; answers its manifest, for {@link ManagerClient#reload}. */
    static List<ManifestEntry> upload(ManagerClient client, String resource, String text) {
        try {
            Path jar = TestPaths.newWorkDir("fixture-variant").resolve("fixture-service.jar");
            Files.copy(TestPaths.fixtureDir().resolve("fixture-service.jar"), jar, StandardCopyOption.REPLACE_EXISTING);
            try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                Files.writeString(zip.getPath(resource), text);
            }
            Map<String, Path> entries = new LinkedHashMap<>();
            entries.put("fixture-service.jar", jar);
            try (Stream<Path> libs = Files.list(TestPaths.fixtureDir().resolve("libs"))) {
                libs.sorted().forEach(lib -> entries.put("libs/" + lib.getFileName(), lib));
            }
            ApplicationFiles files = ApplicationFiles.of(entries);
            client.uploadMissing(files);
            return files.entries();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
